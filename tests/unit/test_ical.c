/* porch — SPDX-License-Identifier: MIT
 * Unit tests of the iCalendar writer and the feeds' conditional GET: TEXT escapes,
 * folding at 75 octets that never splits a character, events read back by
 * libical's parser exactly as written, entity tags and HTTP dates; and the
 * import's reader over feeds shaped like Airbnb's, Vrbo's and Booking.com's.
 */
#include "config.h"

#include <string.h>

#include <libical/ical.h>

#include "date.h"
#include "ical.h"
#include "ical_feed.h"
#include "tap.h"

/* Every line of s (CR LF ended) is at most 75 octets and every octet of s is
 * in a whole line. */
static int
lines_short(const char *s)
{
	const char *e;

	for (; *s != '\0'; s = e + 2) {
		if ((e = strstr(s, "\r\n")) == NULL || (size_t)(e - s) > ICAL_LINE_MAX)
			return 0;
	}
	return 1;
}

/* Does any line of s start with a UTF-8 continuation byte (a split character)? */
static int
split_char(const char *s)
{
	for (const char *l = strstr(s, "\r\n "); l != NULL; l = strstr(l + 1, "\r\n "))
		if (((unsigned char)l[3] & 0xc0) == 0x80)
			return 1;
	return 0;
}

static void
test_text(void)
{
	struct buf b;

	buf_init(&b, 64);
	ical_text(&b, "SUMMARY", "a,b;c\\d\ne\rf\tg\x01h");
	is_str(b.data, "SUMMARY:a\\,b\\;c\\\\d\\nef gh\r\n",
	    "TEXT: , ; \\ and a line break escaped, CR and controls left out");
	buf_reset(&b);
	ical_line(&b, "UID", "booking-1@acme.test\r\nX-EVIL:1");
	is_str(b.data, "UID:booking-1@acme.testX-EVIL:1\r\n",
	    "a value as it is cannot start a line of its own");
	buf_reset(&b);
	ical_text(&b, "SUMMARY", "cut \xc3");
	is_str(b.data, "SUMMARY:cut \r\n", "a character cut off at the end is left out");
	buf_free(&b);
}

static void
test_folding(void)
{
	struct buf b, u;
	char long_ascii[300];
	size_t i;

	for (i = 0; i < sizeof(long_ascii) - 1; i++)
		long_ascii[i] = (char)('a' + i % 26);
	long_ascii[i] = '\0';
	/* "é" is two octets, "€" three: a fold must fall between characters */
	buf_init(&u, 64);
	for (i = 0; i < 60; i++)
		buf_puts(&u, i % 2 ? "\xc3\xa9" : "\xe2\x82\xac,");
	buf_init(&b, 64);
	ical_text(&b, "DESCRIPTION", long_ascii);
	ok(lines_short(b.data), "a long value is folded into lines of at most 75 octets");
	ok(strstr(b.data, "\r\n ") != NULL, "...continued lines start with a space");
	buf_reset(&b);
	ical_text(&b, "SUMMARY", u.data);
	ok(lines_short(b.data), "UTF-8 text is folded at 75 octets too");
	ok(!split_char(b.data), "...never inside a character");
	ok(strstr(b.data, "\\\r\n ,") == NULL, "...nor inside an escape");
	buf_free(&b);
	buf_free(&u);
}

/* A calendar with one event of the given summary, parsed back by libical. */
static void
test_libical(void)
{
	const char *summary = "Ga\xc3\xabl O'Brien, \"VIP\"; room 2\\3 \xe2\x82\xac "
	    "with a very long name that goes on and on past the end of one line";
	struct ical_event e = {
		.uid = "booking-42@acme.test", .stamp = "20270301T101500Z",
		.start = "20270305", .end = "20270310", .summary = summary,
		.description = "Booking A1-1 at Ada Beach House, 2 adults.\nSecond line",
		.status = "TENTATIVE",
	};
	icalcomponent *cal, *ev;
	struct icaltimetype t;
	struct buf b;

	buf_init(&b, 256);
	ical_begin(&b, "Acme Rentals");
	ical_event(&b, &e);
	ical_end(&b);
	ok(lines_short(b.data), "the whole calendar is in lines of at most 75 octets");
	cal = icalparser_parse_string(b.data);
	ok(cal != NULL && icalcomponent_isa(cal) == ICAL_VCALENDAR_COMPONENT,
	    "libical reads a VCALENDAR");
	ev = cal != NULL ? icalcomponent_get_first_component(cal,
	    ICAL_VEVENT_COMPONENT) : NULL;
	ok(ev != NULL, "...with its VEVENT");
	if (ev == NULL) {
		buf_free(&b);
		return;
	}
	is_str(icalcomponent_get_summary(ev), summary, "...whose SUMMARY reads back as written");
	is_str(icalcomponent_get_description(ev), e.description,
	    "...and DESCRIPTION, line break included");
	is_str(icalcomponent_get_uid(ev), e.uid, "...and UID");
	t = icalcomponent_get_dtstart(ev);
	ok(t.is_date && t.year == 2027 && t.month == 3 && t.day == 5,
	    "DTSTART is the all-day date of arrival");
	t = icalcomponent_get_dtend(ev);
	ok(t.is_date && t.year == 2027 && t.month == 3 && t.day == 10,
	    "DTEND is the day of departure (exclusive)");
	ok(icalcomponent_get_status(ev) == ICAL_STATUS_TENTATIVE, "STATUS reads back");
	icalcomponent_free(cal);
	buf_free(&b);
}

static void
test_conditional(void)
{
	char tag[ICAL_ETAG_LEN + 1], other[ICAL_ETAG_LEN + 1], date[32];

	ical_feed_etag(NULL, 7, "acme.test", "Acme", 501, "1790000000.123456", tag);
	ok(strlen(tag) == ICAL_ETAG_LEN && tag[0] == '"' &&
	    tag[ICAL_ETAG_LEN - 1] == '"', "an entity tag is quoted");
	ical_feed_etag(NULL, 7, "acme.test", "Acme", 500, "1790000000.123456", other);
	ok(strcmp(tag, other) != 0, "one row less: another tag");
	ical_feed_etag(NULL, 7, "acme.test", "Acme", 501, "1790000000.123457", other);
	ok(strcmp(tag, other) != 0, "a later change: another tag");
	ical_feed_etag(NULL, 7, "beta.test", "Acme", 501, "1790000000.123456", other);
	ok(strcmp(tag, other) != 0, "another host (its UIDs): another tag");
	ok(ical_feed_fresh(tag, "", tag, 0), "If-None-Match with the tag: fresh");
	ok(ical_feed_fresh("\"x\", W/\"y\"", "", "\"y\"", 0),
	    "a list of tags is searched");
	ok(!ical_feed_fresh(other, "", tag, 0), "another tag: not fresh");
	ok(ical_feed_fresh("*", "", tag, 0), "If-None-Match: * is fresh");
	ical_http_date(1790000000, date);
	is_str(date, "Mon, 21 Sep 2026 14:13:20 GMT", "an HTTP date");
	ok(ical_feed_fresh("", date, tag, 1790000000), "If-Modified-Since at the change");
	ok(!ical_feed_fresh("", date, tag, 1790000001), "...not after a later change");
	ok(!ical_feed_fresh(other, date, tag, 1790000000),
	    "If-None-Match wins over If-Modified-Since");
	ok(!ical_feed_fresh("", "yesterday", tag, 1790000000), "a date that is not one");
}

/* Feeds shaped like the channels' exports. */
static const char airbnb[] =
    "BEGIN:VCALENDAR\r\nPRODID;X-RICAL-TZSOURCE=TZINFO:-//Airbnb Inc//Hosting "
    "Calendar 0.8.8//EN\r\nCALSCALE:GREGORIAN\r\nVERSION:2.0\r\n"
    "BEGIN:VEVENT\r\nDTEND;VALUE=DATE:20270310\r\nDTSTART;VALUE=DATE:20270305\r\n"
    "UID:1418fb94e984-2a6b2b2b8e4fb2b0a2b6a6a2b9e6cd2b@airbnb.com\r\n"
    "DESCRIPTION:Reservation URL: https://www.airbnb.com/hosting/reservations/d\r\n"
    " etails/HMABCDEF12\\nPhone Number (Last 4 Digits): 1234\r\n"
    "SUMMARY:Reserved\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nDTEND;VALUE=DATE:20270401\r\nDTSTART;VALUE=DATE:20270325\r\n"
    "UID:7f5dd28b8e2f-0c1f1a1e0b3a2a3d1c6f1d2e0c4b7a9e@airbnb.com\r\n"
    "SUMMARY:Airbnb (Not available)\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nDTEND;VALUE=DATE:19990105\r\nDTSTART;VALUE=DATE:19990101\r\n"
    "UID:old@airbnb.com\r\nSUMMARY:Reserved\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n";

static const char vrbo[] =
    "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//HomeAway.com, Inc.//EN\n"
    "BEGIN:VTIMEZONE\nTZID:Europe/London\nBEGIN:STANDARD\nDTSTART:19701025T020000\n"
    "TZOFFSETFROM:+0100\nTZOFFSETTO:+0000\nEND:STANDARD\nEND:VTIMEZONE\n"
    "BEGIN:VEVENT\nUID:vrbo-4711\nDTSTAMP:20270101T000000Z\n"
    "DTSTART;TZID=Europe/London:20270412T160000\n"
    "DTEND;TZID=Europe/London:20270415T100000\nSUMMARY:Reserved - Gr\xc3\xa4" "ce\n"
    "  Folded-Name\nEND:VEVENT\n"
    "BEGIN:VEVENT\nUID:vrbo-4712\nDTSTART;VALUE=DATE:20270501\n"
    "DURATION:P3D\nSUMMARY:Blocked\nEND:VEVENT\n"
    "BEGIN:VEVENT\nUID:vrbo-4713\nDTSTART;VALUE=DATE:20270601\nSTATUS:CANCELLED\n"
    "SUMMARY:Reserved\nEND:VEVENT\nEND:VCALENDAR\n";

static const char booking_com[] =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//admin.booking.com//EN\r\n"
    "BEGIN:VEVENT\r\nUID:8f4c0b6e1f0c@booking.com\r\nDTSTART:20270702T000000Z\r\n"
    "DTEND:20270709T000000Z\r\nSUMMARY:CLOSED - Not available\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n";

/* Reads s; the items in *items, -1 with err on a refusal. */
static int
read_feed(struct arena *a, const char *s, struct ical_item **items, size_t *n,
    char err[200])
{
	return ical_read(a, s, strlen(s), items, n, err, 200);
}

static void
test_read(void)
{
	struct ical_item *it;
	struct arena a;
	char err[200];
	size_t n;

	memset(&a, 0, sizeof(a));
	ok(read_feed(&a, airbnb, &it, &n, err) == 0 && n == 2,
	    "Airbnb: two events read (one of 1999 left out)");
	if (n == 2) {
		ok(it[0].start == date_days(2027, 3, 5) && it[0].end == date_days(2027, 3, 10),
		    "...all-day dates, departure excluded");
		ok(!it[0].block && strcmp(it[0].summary, "Reserved") == 0,
		    "...\"Reserved\" is a booking");
		ok(it[1].block, "...\"Airbnb (Not available)\" a block-off");
		is_str(it[0].uid, "1418fb94e984-2a6b2b2b8e4fb2b0a2b6a6a2b9e6cd2b@airbnb.com",
		    "...with its UID");
	}
	ok(read_feed(&a, vrbo, &it, &n, err) == 0 && n == 3, "Vrbo: three events read");
	if (n == 3) {
		ok(it[0].start == date_days(2027, 4, 12) && it[0].end == date_days(2027, 4, 15),
		    "...TZID times give their days as written");
		is_str(it[0].summary, "Reserved - Gr\xc3\xa4" "ce Folded-Name",
		    "...a folded UTF-8 line is unfolded");
		ok(it[1].end == it[1].start + 3 && it[1].block,
		    "...DURATION gives the end; \"Blocked\" is a block-off");
		ok(it[2].cancelled && it[2].end == it[2].start + 1,
		    "...STATUS:CANCELLED is read; no end is one night");
	}
	ok(read_feed(&a, booking_com, &it, &n, err) == 0 && n == 1 && it[0].block &&
	    it[0].start == date_days(2027, 7, 2) && it[0].end == date_days(2027, 7, 9),
	    "Booking.com: UTC times, \"CLOSED - Not available\" a block-off");
	ok(read_feed(&a, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", &it, &n,
	    err) == 0 && n == 0, "an empty calendar is read (nothing booked)");
	ok(read_feed(&a, "<!DOCTYPE html><html><body>503 Service Unavailable</body>"
	    "</html>", &it, &n, err) < 0 && strstr(err, "not an iCalendar") != NULL,
	    "an HTML error page is refused");
	ok(ical_read(&a, "BEGIN:VCALENDAR\0", 16, &it, &n, err, sizeof(err)) < 0,
	    "a NUL is refused");
	ok(read_feed(&a, "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270101\n"
	    "END:VEVENT\nEND:VCALENDAR\n", &it, &n, err) < 0 &&
	    strstr(err, "no UID") != NULL, "an event without a UID fails the feed");
	ok(read_feed(&a, "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nSUMMARY:a\n"
	    "END:VEVENT\nEND:VCALENDAR\n", &it, &n, err) < 0 &&
	    strstr(err, "no start") != NULL, "...so does one without a start");
	ok(read_feed(&a, "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\n"
	    "DTSTART;VALUE=DATE:20270101\nEND:VEVENT\nBEGIN:VEVENT\nUID:x\n"
	    "DTSTART;VALUE=DATE:20270201\nEND:VEVENT\nEND:VCALENDAR\n", &it, &n, err) < 0
	    && strstr(err, "repeated") != NULL, "...and a repeated UID");
	arena_free(&a);
}

int
main(void)
{
	test_text();
	test_folding();
	test_libical();
	test_conditional();
	test_read();
	return tap_done();
}
