/* porch — SPDX-License-Identifier: MIT
 * The iCalendar writer: escaped TEXT values, content lines folded at 75 octets.
 */
#include "config.h"

#include <string.h>

#include "ical.h"

/* A content line being written: the buffer and the octets on its current line. */
struct line {
	struct buf	*b;
	size_t		 col;
};

/* Writes n octets that must stay on one line, folding before them when full. */
static void
put_unit(struct line *l, const char *s, size_t n)
{
	if (l->col + n > ICAL_LINE_MAX) {
		buf_puts(l->b, "\r\n ");
		l->col = 1;
	}
	buf_put(l->b, s, n);
	l->col += n;
}

/* The octets of the UTF-8 character that starts with c (1 for a stray byte). */
static size_t
utf8_len(unsigned char c)
{
	if (c >= 0xf0 && c <= 0xf7)
		return 4;
	if (c >= 0xe0)
		return c <= 0xef ? 3 : 1;
	if (c >= 0xc2)
		return 2;
	return 1;
}

/*
 * Writes s: escaped as TEXT when text (\\, \;, \, and \n; CR and other control
 * characters left out), else as it is but for control characters; a character or
 * an escape is never split by a fold.
 */
static void
put_value(struct line *l, const char *s, int text)
{
	while (*s != '\0') {
		unsigned char c = (unsigned char)*s;
		size_t n = utf8_len(c);

		if (c < 0x20 || c == 0x7f) {
			if (text && c == '\n')
				put_unit(l, "\\n", 2);
			else if (c == '\t')
				put_unit(l, " ", 1);
			s++;
			continue;
		}
		if (text && (c == '\\' || c == ';' || c == ',')) {
			char esc[2] = { '\\', (char)c };

			put_unit(l, esc, 2);
			s++;
			continue;
		}
		if (strnlen(s, n) < n)		/* a character cut off at the end */
			return;
		put_unit(l, s, n);
		s += n;
	}
}

static void
content_line(struct buf *b, const char *name, const char *value, int text)
{
	struct line l = { b, 0 };

	put_value(&l, name, 0);
	put_unit(&l, ":", 1);
	put_value(&l, value != NULL ? value : "", text);
	buf_puts(b, "\r\n");
}

void
ical_line(struct buf *b, const char *name, const char *value)
{
	content_line(b, name, value, 0);
}

void
ical_text(struct buf *b, const char *name, const char *text)
{
	content_line(b, name, text, 1);
}

void
ical_begin(struct buf *b, const char *name)
{
	ical_line(b, "BEGIN", "VCALENDAR");
	ical_line(b, "VERSION", "2.0");
	ical_line(b, "PRODID", "-//porch//calendar feed//EN");
	ical_line(b, "CALSCALE", "GREGORIAN");
	ical_line(b, "METHOD", "PUBLISH");
	ical_text(b, "X-WR-CALNAME", name);
}

void
ical_end(struct buf *b)
{
	ical_line(b, "END", "VCALENDAR");
}

void
ical_event(struct buf *b, const struct ical_event *e)
{
	ical_line(b, "BEGIN", "VEVENT");
	ical_line(b, "UID", e->uid);
	ical_line(b, "DTSTAMP", e->stamp);
	ical_line(b, "DTSTART;VALUE=DATE", e->start);
	ical_line(b, "DTEND;VALUE=DATE", e->end);
	ical_text(b, "SUMMARY", e->summary);
	if (e->description != NULL)
		ical_text(b, "DESCRIPTION", e->description);
	if (e->status != NULL)
		ical_line(b, "STATUS", e->status);
	ical_line(b, "TRANSP", "OPAQUE");
	ical_line(b, "END", "VEVENT");
}
