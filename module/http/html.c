/* porch — SPDX-License-Identifier: MIT
 * The HTML writer: one escape table for every context, the checked markup writers,
 * and the page frame.
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "html.h"
#include "local.h"
#include "log.h"

/* What each context does with a byte: escaped in text, escaped in an attribute, kept
 * as is in a URL component (every byte without URL_KEEP becomes %XX). */
enum {
	ESC_TEXT = 1 << 0,
	ESC_ATTR = 1 << 1,
	URL_KEEP = 1 << 2,
};

#define URL_KEEP_RANGE(lo, hi)	[lo ... hi] = { URL_KEEP, NULL }

/* The escape sets, one entry per byte: a character added here is handled in every
 * context at once. */
static const struct {
	unsigned char	 ctx;
	const char	*ent;
} esc[256] = {
	['&'] = { ESC_TEXT | ESC_ATTR, "&amp;" },
	['<'] = { ESC_TEXT | ESC_ATTR, "&lt;" },
	['>'] = { ESC_TEXT | ESC_ATTR, "&gt;" },
	['"'] = { ESC_TEXT | ESC_ATTR, "&quot;" },
	['\''] = { ESC_TEXT | ESC_ATTR, "&#39;" },
	['`'] = { ESC_ATTR, "&#96;" },
	['='] = { ESC_ATTR, "&#61;" },
	URL_KEEP_RANGE('A', 'Z'),
	URL_KEEP_RANGE('a', 'z'),
	URL_KEEP_RANGE('0', '9'),
	['-'] = { URL_KEEP, NULL },
	['.'] = { URL_KEEP, NULL },
	['_'] = { URL_KEEP, NULL },
	['~'] = { URL_KEEP, NULL },
};

/* Writes s, replacing each byte whose entry has ctx by its entity; runs of safe bytes
 * in one put. */
static void
escape(struct buf *b, const char *s, unsigned char ctx)
{
	const char *run = s;

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((esc[c].ctx & ctx) == 0)
			continue;
		buf_put(b, run, (size_t)(s - run));
		buf_puts(b, esc[c].ent);
		run = s + 1;
	}
	buf_put(b, run, (size_t)(s - run));
}

void
html_text(struct buf *b, const char *s)
{
	escape(b, s, ESC_TEXT);
}

void
html_cells(struct buf *b, ...)
{
	const char *s;
	va_list ap;

	va_start(ap, b);
	while ((s = va_arg(ap, const char *)) != NULL) {
		html_raw(b, "<td>");
		escape(b, s, ESC_TEXT);
		html_raw(b, "</td>");
	}
	va_end(ap);
}

void
html_time(struct buf *b, const char *utc)
{
	char shown[LOCAL_TIME_LEN];
	struct tm tm;
	time_t t;
	int secs;

	if (utc == NULL || utc[0] == '\0')
		return;
	if (local_time_parse(utc, &t, &secs) < 0) {
		escape(b, utc, ESC_TEXT);
		return;
	}
	local_time(utc, shown);
	/* The moment itself, for machines, in UTC. */
	if (gmtime_r(&t, &tm) == NULL)
		return;
	html_rawf(b, "<time datetime=\"%04d-%02d-%02dT%02d:%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
	if (secs)
		html_rawf(b, ":%02d", tm.tm_sec);
	html_raw(b, "Z\">");
	escape(b, shown, ESC_TEXT);
	html_raw(b, "</time>");
}

void
html_time_cell(struct buf *b, const char *utc)
{
	html_raw(b, "<td>");
	html_time(b, utc);
	html_raw(b, "</td>");
}

void
html_day_of(struct buf *b, long days)
{
	char ymd[DATE_LEN], shown[DATE_HUMAN_LEN];

	date_format(days, ymd);
	date_human_of(days, shown);
	html_raw(b, "<time datetime=\"");
	escape(b, ymd, ESC_ATTR);
	html_raw(b, "\">");
	escape(b, shown, ESC_TEXT);
	html_raw(b, "</time>");
}

void
html_day(struct buf *b, const char *ymd)
{
	long days;

	if (ymd == NULL || ymd[0] == '\0')
		return;
	if (date_parse(ymd, &days) < 0)
		escape(b, ymd, ESC_TEXT);
	else
		html_day_of(b, days);
}

void
html_day_cell(struct buf *b, const char *ymd)
{
	html_raw(b, "<td>");
	html_day(b, ymd);
	html_raw(b, "</td>");
}

void
html_number(struct buf *b, int64_t v, int decimals)
{
	char s[NUMBER_LEN];

	number_format(s, v, decimals, local_numfmt());
	escape(b, s, ESC_TEXT);
}

void
html_attr(struct buf *b, const char *s)
{
	escape(b, s, ESC_ATTR);
}

void
html_url(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		if (esc[*p].ctx & URL_KEEP)
			buf_putc(b, (char)*p);
		else {
			buf_putc(b, '%');
			buf_putc(b, hex[*p >> 4]);
			buf_putc(b, hex[*p & 0xf]);
		}
	}
}

int
html_rawf_format_ok(const char *fmt)
{
	for (const char *p = fmt; (p = strchr(p, '%')) != NULL; p++) {
		p++;
		if (*p == '%')
			continue;
		p += strspn(p, "-+ #0");		/* flags */
		p += strspn(p, "0123456789");		/* width */
		if (*p == '.') {
			p++;
			p += strspn(p, "0123456789");	/* precision, never '*' */
		}
		p += strspn(p, "hljzt");		/* length */
		if (*p == '\0' || strchr("diuxXo", *p) == NULL)
			return 0;
	}
	return 1;
}

void
html_rawf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	if (!html_rawf_format_ok(fmt)) {
		log_error("html_rawf: refused format \"%s\": integers only", fmt);
		return;
	}
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
html_append(struct buf *b, const struct buf *frag)
{
	buf_put(b, frag->data, frag->len);
}

/* Formats fmt into a temporary and writes it escaped for ctx. */
static void
escapef(struct buf *b, unsigned char ctx, const char *fmt, va_list ap)
{
	struct buf t;

	buf_init(&t, 64);
	buf_vprintf(&t, fmt, ap);
	escape(b, t.data, ctx);
	buf_free(&t);
}

void
html_vtextf(struct buf *b, const char *fmt, va_list ap)
{
	escapef(b, ESC_TEXT, fmt, ap);
}

void
html_vattrf(struct buf *b, const char *fmt, va_list ap)
{
	escapef(b, ESC_ATTR, fmt, ap);
}

void
html_textf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	escapef(b, ESC_TEXT, fmt, ap);
	va_end(ap);
}

void
html_hidden(struct buf *b, const char *name, const char *fmt, ...)
{
	va_list ap;

	html_raw(b, "<input type=\"hidden\" name=\"");
	html_attr(b, name);
	html_raw(b, "\" value=\"");
	va_start(ap, fmt);
	escapef(b, ESC_ATTR, fmt, ap);
	va_end(ap);
	html_raw(b, "\">\n");
}

void
html_option(struct buf *b, int64_t value, int selected, const char *fmt, ...)
{
	va_list ap;

	html_rawf(b, "<option value=\"%" PRId64 "\"", value);
	if (selected)
		html_raw(b, " selected");
	html_raw(b, ">");
	va_start(ap, fmt);
	escapef(b, ESC_TEXT, fmt, ap);
	va_end(ap);
	html_raw(b, "</option>\n");
}

void
html_attrf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	escapef(b, ESC_ATTR, fmt, ap);
	va_end(ap);
}

void
html_page_begin(struct buf *b, const char *title, const char *site)
{
	html_page_head(b, title, site);
	html_raw(b, "</header>\n<main>\n");
}

void
html_page_begin_site(struct buf *b, const char *title, const struct html_site *site)
{
	html_page_head_site(b, title, site);
	html_raw(b, "</header>\n<main>\n");
}

void
html_page_head(struct buf *b, const char *title, const char *site)
{
	struct html_site s = { .name = site };

	html_page_head_site(b, title, site != NULL ? &s : NULL);
}

void
html_page_head_site(struct buf *b, const char *title, const struct html_site *site)
{
	const char *name = site != NULL ? site->name : NULL;

	html_raw(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<title>");
	html_text(b, title);
	if (name != NULL) {
		html_raw(b, " \xe2\x80\x94 ");
		html_text(b, name);
	}
	html_raw(b, "</title>\n<link rel=\"stylesheet\" href=\"/static/porch.css\">\n");
	/* The tenant's colours: custom properties porch.css reads, from a file (the
	 * CSP allows no inline style). */
	if (site != NULL && site->css != NULL) {
		html_raw(b, "<link rel=\"stylesheet\" href=\"");
		html_attr(b, site->css);
		html_raw(b, "\">\n");
	}
	html_raw(b, "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">\n"
	    "</head>\n<body>\n");
	if (name == NULL) {
		html_raw(b, "<header class=\"site\"><span class=\"site-name\">porch</span>\n");
		return;
	}
	html_raw(b, "<header class=\"site");
	if (site->css != NULL)
		html_raw(b, " branded");
	html_raw(b, "\"><a class=\"site-home\" href=\"/\">");
	if (site->logo != NULL) {
		html_raw(b, "<img class=\"site-logo\" src=\"");
		html_attr(b, site->logo);
		html_rawf(b, "\" alt=\"\" width=\"%d\" height=\"%d\">", site->logo_width,
		    site->logo_height);
	}
	html_raw(b, "<span class=\"site-name\">");
	html_text(b, name);
	html_raw(b, "</span></a>\n");
}

void
html_page_end(struct buf *b)
{
	html_raw(b, "</main>\n</body>\n</html>\n");
}
