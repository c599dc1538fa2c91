/* porch — SPDX-License-Identifier: MIT
 * The HTML writer, the only way a handler writes a page body. Markup goes through
 * html_raw() (string literals only, so every unescaped write can be found by grep) or
 * html_rawf() (integer conversions only, checked at run time); every other byte goes
 * through an escape chosen by its context (text, attribute, URL component), whose sets
 * are one table indexed by byte. Page frames are written here too.
 */
#ifndef PORCH_HTML_H
#define PORCH_HTML_H

#include "util.h"

/*
 * Writes markup that is part of the program: lit must be a string literal (the ""
 * concatenation refuses anything else at compile time), so grep finds every one.
 */
#define html_raw(b, lit)	buf_put((b), "" lit, sizeof(lit) - 1)

/*
 * Writes markup with numbers in it: fmt may hold only integer conversions (d i u x X o
 * with h hh l ll j z t lengths, flags and a fixed width or precision, as PRId64 and the
 * like expand to) and "%%". Any other conversion (%s, %c, %p, %n, floating, a '*'
 * width) is refused: nothing is written and an error is logged.
 */
void	html_rawf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* 1 when html_rawf() accepts fmt, else 0. */
int	html_rawf_format_ok(const char *fmt);

/* Appends frag, a piece of page written with this writer into a buffer of its own
 * (e.g. a list gathered while the page's outcome was still open). */
void	html_append(struct buf *b, const struct buf *frag);

/* Text between tags: escapes & < > " '. */
void	html_text(struct buf *b, const char *s);
/* Table cells: "<td>" text "</td>" for each string up to the NULL that ends the list. */
void	html_cells(struct buf *b, ...) __attribute__((sentinel));
/*
 * A UTC time as the store writes it ("YYYY-MM-DD HH:MM[:SS]") in the viewer's
 * time zone (local.h): <time datetime="YYYY-MM-DDTHH:MM[:SS]Z">Tue 1 Dec 2026
 * 17:18 CET</time>. NULL or "" writes nothing; a text that is no time is written
 * as text. html_time_cell(): the same in a <td>.
 */
void	html_time(struct buf *b, const char *utc);
void	html_time_cell(struct buf *b, const char *utc);
/*
 * A calendar day ("YYYY-MM-DD", as the store writes it) as people read it, kept
 * for machines: <time datetime="2027-03-05">Fri 5 Mar 2027</time> (date_human()).
 * Days are never converted to a zone. NULL or "" writes nothing; a text that is
 * no day is written as text. html_day_of(): the same of days since the epoch;
 * html_day_cell(): in a <td>.
 */
void	html_day(struct buf *b, const char *ymd);
void	html_day_of(struct buf *b, long days);
void	html_day_cell(struct buf *b, const char *ymd);
/* A figure that is not money (nights; occupancy in tenths: decimals 1) in the
 * viewer's number format (number_format(), local.h): "1,234", "16,1". */
void	html_number(struct buf *b, int64_t v, int decimals);
/* A quoted attribute value: escapes & < > " ' ` =. */
void	html_attr(struct buf *b, const char *s);
/* A URL component (path segment or query value): %XX for all but unreserved. */
void	html_url(struct buf *b, const char *s);
/* Formats into a temporary, then writes the whole result as html_text() / html_attr(). */
void	html_textf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	html_attrf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* A hidden form field: name (a literal) and the value fmt formats, escaped. */
void	html_hidden(struct buf *b, const char *name, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* One choice of a <select>: "<option value=N[ selected]>" text "</option>\n", the
 * text formatted as html_textf(). */
void	html_option(struct buf *b, int64_t value, int selected, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
/* html_textf() and html_attrf() with a va_list, for writers that take a format of
 * their own. */
void	html_vtextf(struct buf *b, const char *fmt, va_list ap)
	    __attribute__((format(printf, 2, 0)));
void	html_vattrf(struct buf *b, const char *fmt, va_list ap)
	    __attribute__((format(printf, 2, 0)));

/*
 * Starts a page: doctype, head with title and stylesheet, body, header naming site.
 * title and site are data and are escaped; site may be NULL.
 */
void	html_page_begin(struct buf *b, const char *title, const char *site);
/* The first half of html_page_begin(): stops inside the site header, so a caller can
 * add navigation before closing it with "</header>\n<main>\n". */
void	html_page_head(struct buf *b, const char *title, const char *site);
void	html_page_end(struct buf *b);

/*
 * A tenant's look on its pages (docs/DESIGN.md "Brand"): its name, linked to its
 * home page; its logo (a URL path the web server answers, with the image's size);
 * its colour's stylesheet (a URL path, loaded after porch.css). Any may be NULL.
 */
struct html_site {
	const char	*name;
	const char	*logo;
	int		 logo_width, logo_height;
	const char	*css;
};
/* html_page_head() and html_page_begin() for a tenant's site (NULL: porch's). */
void	html_page_head_site(struct buf *b, const char *title,
	    const struct html_site *site);
void	html_page_begin_site(struct buf *b, const char *title,
	    const struct html_site *site);

#endif
