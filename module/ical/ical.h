/* porch — SPDX-License-Identifier: MIT
 * Writing iCalendar (RFC 5545) text: the one writer of calendar feeds. Every value
 * goes through one escape (TEXT: backslash, semicolon, comma, line breaks; other
 * control characters dropped) and every content line is folded at 75 octets
 * without splitting a UTF-8 character or an escape, lines ending in CR LF.
 * Reading iCalendar is libical's (the import), never hand-written.
 */
#ifndef PORCH_ICAL_H
#define PORCH_ICAL_H

#include "util.h"

/* The longest content line before folding, in octets (RFC 5545 3.1). */
#define ICAL_LINE_MAX	75

/* One all-day event. */
struct ical_event {
	const char	*uid;		/* stable across feeds: "booking-ID@HOST" */
	const char	*stamp;		/* DTSTAMP, UTC: "YYYYMMDDTHHMMSSZ" */
	const char	*start;		/* first day: "YYYYMMDD" */
	const char	*end;		/* first day after it (exclusive): "YYYYMMDD" */
	const char	*summary;
	const char	*description;	/* NULL: none */
	const char	*status;	/* "CONFIRMED", "TENTATIVE"; NULL: none */
};

/* VCALENDAR's start (version, product, a name calendar programs show) and end. */
void	ical_begin(struct buf *b, const char *name);
void	ical_end(struct buf *b);
/* A VEVENT of DTSTART;VALUE=DATE and DTEND;VALUE=DATE. */
void	ical_event(struct buf *b, const struct ical_event *e);

/* A content line "NAME:VALUE", value written as is (a date, a UID porch made). */
void	ical_line(struct buf *b, const char *name, const char *value);
/* A content line whose value is TEXT, escaped. */
void	ical_text(struct buf *b, const char *name, const char *text);

#endif
