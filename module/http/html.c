/* porch — SPDX-License-Identifier: MIT
 * The HTML writer: one escape per context, and the page frame.
 */
#include "config.h"

#include <string.h>

#include "html.h"

/* Writes s, replacing each byte in set by its entity; runs of safe bytes in one put. */
static void
escape(struct buf *b, const char *s, const char *set)
{
	const char *run = s;

	for (; *s != '\0'; s++) {
		const char *ent;

		if (strchr(set, *s) == NULL)
			continue;
		switch (*s) {
		case '&': ent = "&amp;"; break;
		case '<': ent = "&lt;"; break;
		case '>': ent = "&gt;"; break;
		case '"': ent = "&quot;"; break;
		case '\'': ent = "&#39;"; break;
		case '`': ent = "&#96;"; break;
		default: ent = "&#61;"; break;	/* '=' */
		}
		buf_put(b, run, (size_t)(s - run));
		buf_puts(b, ent);
		run = s + 1;
	}
	buf_put(b, run, (size_t)(s - run));
}

void
html_text(struct buf *b, const char *s)
{
	escape(b, s, "&<>\"'");
}

void
html_attr(struct buf *b, const char *s)
{
	escape(b, s, "&<>\"'`=");
}

void
html_url(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p) != NULL)
			buf_putc(b, (char)*p);
		else {
			buf_putc(b, '%');
			buf_putc(b, hex[*p >> 4]);
			buf_putc(b, hex[*p & 0xf]);
		}
	}
}

void
html_page_begin(struct buf *b, const char *title, const char *site)
{
	html_page_head(b, title, site);
	buf_puts(b, "</header>\n<main>\n");
}

void
html_page_head(struct buf *b, const char *title, const char *site)
{
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<title>");
	html_text(b, title);
	if (site != NULL) {
		buf_puts(b, " \xe2\x80\x94 ");
		html_text(b, site);
	}
	buf_puts(b, "</title>\n<link rel=\"stylesheet\" href=\"/static/porch.css\">\n"
	    "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">\n"
	    "</head>\n<body>\n<header class=\"site\"><span class=\"site-name\">");
	html_text(b, site != NULL ? site : "porch");
	buf_puts(b, "</span>\n");
}

void
html_page_end(struct buf *b)
{
	buf_puts(b, "</main>\n</body>\n</html>\n");
}
