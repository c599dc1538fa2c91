/* porch — SPDX-License-Identifier: MIT
 * The HTML writer: every byte of data that reaches a page goes through one of the
 * escapes below, chosen by its context. Page frames are written here too.
 */
#ifndef PORCH_HTML_H
#define PORCH_HTML_H

#include "util.h"

/* Text between tags: escapes & < > " '. */
void	html_text(struct buf *b, const char *s);
/* A quoted attribute value: escapes & < > " ' ` =. */
void	html_attr(struct buf *b, const char *s);
/* A URL component (path segment or query value): %XX for all but unreserved. */
void	html_url(struct buf *b, const char *s);

/*
 * Starts a page: doctype, head with title and stylesheet, body, header naming site.
 * title and site are data and are escaped; site may be NULL.
 */
void	html_page_begin(struct buf *b, const char *title, const char *site);
/* The first half of html_page_begin(): stops inside the site header, so a caller can
 * add navigation before closing it with "</header>\n<main>\n". */
void	html_page_head(struct buf *b, const char *title, const char *site);
void	html_page_end(struct buf *b);

#endif
