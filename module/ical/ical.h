/* porch — SPDX-License-Identifier: MIT
 * Writing iCalendar (RFC 5545) text: the one writer of calendar feeds. Every value
 * goes through one escape (TEXT: backslash, semicolon, comma, line breaks; other
 * control characters dropped) and every content line is folded at 75 octets
 * without splitting a UTF-8 character or an escape, lines ending in CR LF.
 * Reading iCalendar is libical's (the import), never hand-written.
 */
#ifndef PORCH_ICAL_H
#define PORCH_ICAL_H

#include <signal.h>

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

/* --- Reading (libical; the import) --- */

/* One event of a channel's feed, as the import takes it. */
struct ical_item {
	char		*uid;		/* as in the feed (in the arena) */
	char		*summary;	/* "" when none */
	long		 start, end;	/* days since the epoch (date.h), end excluded */
	int		 cancelled;	/* STATUS:CANCELLED */
	int		 block;		/* the channel closes the dates rather than
					   selling them ("Not available", "Blocked",
					   "Closed"): a block-off, not a booking */
};

/* The longest UID the import keeps, in bytes. */
#define ICAL_UID_MAX	255

/*
 * Reads a feed (text, n bytes) with libical: every VEVENT of its VCALENDAR as an
 * item, all-day (VALUE=DATE) or timed (a DATE-TIME, with a TZID or in UTC, gives
 * its day as written), the end from DTEND or DURATION, one night when neither
 * gives a later day. Events with a RECURRENCE-ID (a changed instance) and events
 * outside the years of date.h are left out. Returns 0 with *items (n of them, in
 * a), or -1 with the reason in err (errlen bytes) when the text is not an
 * iCalendar (an HTML error page), holds a NUL, or an event lacks its UID or
 * start, or a UID is longer than ICAL_UID_MAX or repeated: then nothing of it may
 * be used.
 */
struct arena;
int	ical_read(struct arena *a, const char *text, size_t n, struct ical_item **items,
	    size_t *nitems, char *err, size_t errlen);

/* --- Fetching (libcurl; the import) --- */

struct cfg_ical;
/*
 * GETs a channel's feed at url into body (emptied first): conditional on etag and
 * last_modified (the values its last answer gave; NULL: none), within
 * c->timeout seconds and c->max_bytes, following at most c->max_redirects
 * redirects (https only, http too with allow_private), with no proxy from the
 * environment and every connection's address checked (net_open_socket(): no
 * loopback, link-local or private address unless allow_private or in c->allow).
 * Returns 200 with the feed in body, 304 when it has not changed, or -1 with the
 * reason in err; etag_out and lm_out (ICAL_VALIDATOR_MAX bytes) get the answer's
 * validators ("" when none).
 */
#define ICAL_VALIDATOR_MAX	256
int	ical_fetch(const struct cfg_ical *c, const char *url, const char *etag,
	    const char *last_modified, struct buf *body, char *etag_out,
	    char *lm_out, char *err, size_t errlen);

/* --- The sync (ical_sync.c; porchctl ical sync) --- */

#define ICAL_SYNC_SECONDS	900	/* an import URL is synced again after this */
#define ICAL_SYNC_BATCH		4	/* import URLs claimed at a time */

struct ical_pass_stats {
	unsigned	 synced;	/* feeds applied (changed or not) */
	unsigned	 same;		/* feeds the channel said had not changed (304) */
	unsigned	 failed;	/* feeds fetched or read in vain: nothing changed */
};

struct cfg;
/*
 * One pass over the import URLs of every active tenant due when it runs: each
 * claimed (as the webhook sender claims endpoints, so several passes at once
 * never take the same one; a claim older than ICAL_SYNC_BATCH times ical.timeout
 * and a minute is taken back), fetched conditionally on its last validators,
 * read, and applied by
 * change_ical_sync() in one transaction; a fetch or read that fails records its
 * reason and changes nothing. Stops between two URLs once *stop is set. DB_OK or
 * a DB_* error.
 */
int	ical_sync_pass(const struct cfg *c, struct arena *a, volatile sig_atomic_t *stop,
	    struct ical_pass_stats *st);

#endif
