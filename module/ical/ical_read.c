/* porch — SPDX-License-Identifier: MIT
 * Reading a channel's iCal feed into the import's items, with libical's parser:
 * porch parses no iCalendar by hand.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libical/ical.h>

#include "date.h"
#include "ical.h"

/* The words channels use for dates they close rather than sell. */
static int
closed_dates(const char *summary)
{
	static const char *const words[] = {
		"not available", "unavailable", "blocked", "closed",
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcasestr(summary, words[i]) != NULL)
			return 1;
	return 0;
}

/* The day of t (its date as written), or -1 outside date.h's years. */
static long
day_of(struct icaltimetype t)
{
	if (icaltime_is_null_time(t) || t.year < DATE_YEAR_MIN || t.year > DATE_YEAR_MAX ||
	    t.month < 1 || t.month > 12 || t.day < 1 ||
	    (unsigned)t.day > date_month_days(t.year, (unsigned)t.month))
		return -1;
	return date_days(t.year, (unsigned)t.month, (unsigned)t.day);
}

/*
 * Event ev into out: 1 when it is kept, 0 when it is left out, -1 (err set) when
 * the feed cannot be used.
 */
static int
read_event(struct arena *a, icalcomponent *ev, struct ical_item *out, char *err,
    size_t errlen)
{
	const char *uid = icalcomponent_get_uid(ev), *summary;
	icalproperty *start = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);

	if (uid == NULL || uid[0] == '\0') {
		snprintf(err, errlen, "an event has no UID");
		return -1;
	}
	if (strlen(uid) > ICAL_UID_MAX) {
		snprintf(err, errlen, "an event's UID is longer than %d bytes", ICAL_UID_MAX);
		return -1;
	}
	if (start == NULL || icaltime_is_null_time(icalcomponent_get_dtstart(ev))) {
		snprintf(err, errlen, "the event %.80s has no start", uid);
		return -1;
	}
	if (icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY) != NULL)
		return 0;
	memset(out, 0, sizeof(*out));
	if ((out->start = day_of(icalcomponent_get_dtstart(ev))) < 0)
		return 0;
	out->end = day_of(icalcomponent_get_dtend(ev));
	if (out->end <= out->start)
		out->end = out->start + 1;
	summary = icalcomponent_get_summary(ev);
	out->uid = arena_strdup(a, uid);
	out->summary = arena_strdup(a, summary != NULL ? summary : "");
	out->cancelled = icalcomponent_get_status(ev) == ICAL_STATUS_CANCELLED;
	out->block = closed_dates(out->summary);
	return 1;
}

int
ical_read(struct arena *a, const char *text, size_t n, struct ical_item **items,
    size_t *nitems, char *err, size_t errlen)
{
	icalcomponent *root, *cal, *ev;
	struct ical_item *out;
	size_t cap = 0, k = 0;
	char *copy;
	int rc = -1;

	*items = NULL;
	*nitems = 0;
	err[0] = '\0';
	if (memchr(text, '\0', n) != NULL || n < 15 ||
	    strncasecmp(text + strspn(text, " \t\r\n\xef\xbb\xbf"), "BEGIN:VCALENDAR",
	    15) != 0) {
		snprintf(err, errlen, "not an iCalendar (it does not begin with "
		    "BEGIN:VCALENDAR)");
		return -1;
	}
	copy = arena_strndup(a, text, n);
	if ((root = icalparser_parse_string(copy)) == NULL) {
		snprintf(err, errlen, "not an iCalendar (libical: %s)",
		    icalerror_strerror(icalerrno));
		return -1;
	}
	cal = icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT ? root :
	    icalcomponent_get_first_component(root, ICAL_VCALENDAR_COMPONENT);
	if (cal == NULL) {
		snprintf(err, errlen, "not an iCalendar (no VCALENDAR)");
		goto out;
	}
	for (ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev != NULL;
	    ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
		cap++;
	out = arena_alloc(a, (cap + 1) * sizeof(*out));
	for (ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev != NULL;
	    ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
		int kept = read_event(a, ev, &out[k], err, errlen);

		if (kept < 0)
			goto out;
		for (size_t j = 0; kept && j < k; j++)
			if (strcmp(out[j].uid, out[k].uid) == 0) {
				snprintf(err, errlen, "the UID %.80s is repeated", out[k].uid);
				goto out;
			}
		k += (size_t)kept;
	}
	*items = out;
	*nitems = k;
	rc = 0;
out:
	icalcomponent_free(root);
	return rc;
}
