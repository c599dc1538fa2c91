/* porch — SPDX-License-Identifier: MIT
 * Unit tests of local formats: money in each number format with the currency's
 * symbol (decimals by currency, negative and zero amounts, unknown codes), other
 * figures (nights, occupancy) in the same formats, days on a page, the check of a
 * time zone's name, and times shown in a zone across its changes to and from
 * summer time.
 */
#include "config.h"

#include <stdlib.h>

#include "date.h"
#include "html.h"
#include "local.h"
#include "tap.h"

#define NB	"\xc2\xa0"	/* the no-break space */

static void
money_is(int64_t minor, const char *cur, int f, const char *want)
{
	char out[MONEY_LEN], what[128];

	money_format(out, minor, cur, f);
	snprintf(what, sizeof(what), "%lld %s in %s is %s", (long long)minor,
	    cur != NULL ? cur : "(none)", numfmt_name(f), want);
	is_str(out, want, what);
}

static void
number_is(int64_t v, int decimals, int f, const char *want)
{
	char out[NUMBER_LEN], what[128];

	number_format(out, v, decimals, f);
	snprintf(what, sizeof(what), "%lld with %d decimal(s) in %s is %s",
	    (long long)v, decimals, numfmt_name(f), want);
	is_str(out, want, what);
}

static void
time_is(const char *utc, const char *zone, const char *want)
{
	char out[LOCAL_TIME_LEN], what[160];
	time_t t;
	int secs;

	ok(local_time_parse(utc, &t, &secs) == 0, "%s parses", utc);
	local_time_in(t, zone, secs, out);
	snprintf(what, sizeof(what), "%s in %s is %s", utc, zone, want);
	is_str(out, want, what);
}

/*
 * The zone cache against the C library's own reader, as an oracle: every 7 h
 * 13 min from 1990 to 2045 (past the files' last transitions, where the rule
 * of the footer takes over) in zone, written alike. Returns the mismatches.
 */
static int
against_libc(const char *zone)
{
	char tz[80], mine[LOCAL_TIME_LEN], want[LOCAL_TIME_LEN], ymd[16],
	    day[DATE_HUMAN_LEN], hm[32];
	unsigned long answers = local_zone_answers(), moments = 0;
	int bad = 0;

	snprintf(tz, sizeof(tz), ":%s", zone);
	for (time_t t = 631152000; t < 2366841600; t += 7 * 3600 + 13 * 60) {
		struct tm tm;

		local_time_in(t, zone, 0, mine);
		setenv("TZ", tz, 1);
		tzset();
		localtime_r(&t, &tm);
		strftime(ymd, sizeof(ymd), "%Y-%m-%d", &tm);
		date_human(ymd, day);
		strftime(hm, sizeof(hm), "%H:%M %Z", &tm);
		snprintf(want, sizeof(want), "%s %s", day, hm);
		if (strcmp(mine, want) != 0 && bad++ < 3)
			printf("# %s at %lld: got \"%s\", want \"%s\"\n", zone,
			    (long long)t, mine, want);
		moments++;
	}
	/* The parser itself answered up to 2037 (the C library after): 85% of the
	 * moments from 1990 to 2045. Fewer, and the comparison proved nothing. */
	answers = local_zone_answers() - answers;
	if (answers * 5 < moments * 4) {
		printf("# %s: the parsed zone answered %lu of %lu moments\n", zone,
		    answers, moments);
		bad++;
	}
	return bad;
}

int
main(void)
{
	static const char *const oracle_zones[] = {
		"Europe/Berlin", "America/New_York", "Australia/Lord_Howe",
		"Asia/Kolkata", "America/Sao_Paulo", "Pacific/Chatham",
		"Africa/Casablanca", "UTC", "Etc/GMT-14", "America/St_Johns",
	};
	char out[LOCAL_TIME_LEN];
	time_t t;
	int f, secs;

	/* The number formats. */
	money_is(123456, "USD", NUMFMT_COMMA_DOT, "$1,234.56");
	money_is(123456, "EUR", NUMFMT_DOT_COMMA, "1.234,56" NB "€");
	money_is(123456, "EUR", NUMFMT_SPACE_COMMA, "1" NB "234,56" NB "€");
	money_is(123456, "CHF", NUMFMT_APOS_DOT, "CHF" NB "1'234.56");
	money_is(123456, "EUR", NUMFMT_APOS_DOT, "€" NB "1'234.56");
	money_is(123456789012, "GBP", NUMFMT_COMMA_DOT, "£1,234,567,890.12");
	money_is(100000, "USD", NUMFMT_DOT_COMMA, "1.000,00" NB "$");
	/* Zero and negative amounts stay clear. */
	money_is(0, "USD", NUMFMT_COMMA_DOT, "$0.00");
	money_is(5, "EUR", NUMFMT_DOT_COMMA, "0,05" NB "€");
	money_is(-123456, "USD", NUMFMT_COMMA_DOT, "-$1,234.56");
	money_is(-123456, "EUR", NUMFMT_DOT_COMMA, "-1.234,56" NB "€");
	money_is(-123456, "CHF", NUMFMT_APOS_DOT, "CHF" NB "-1'234.56");
	money_is(-1, "CHF", NUMFMT_COMMA_DOT, "CHF" NB "-0.01");
	money_is(INT64_MIN, "USD", NUMFMT_COMMA_DOT,
	    "-$92,233,720,368,547,758.08");
	/* Decimals by currency. */
	/* Amounts are hundredths whatever the currency, as the API's *_cents and
	 * CSV's plain figures say: ¥12,345.67 is ¥12,346, KWD 12,345.67 is 12,345.670. */
	money_is(1234567, "JPY", NUMFMT_COMMA_DOT, "¥12,346");
	money_is(1234549, "JPY", NUMFMT_DOT_COMMA, "12.345" NB "¥");
	money_is(-1234550, "JPY", NUMFMT_COMMA_DOT, "-¥12,346");
	money_is(1234567, "KWD", NUMFMT_COMMA_DOT, "KWD" NB "12,345.670");
	money_is(123456700, "ISK", NUMFMT_SPACE_COMMA, "1" NB "234" NB "567" NB "ISK");
	/* Unknown codes are written as they are; no currency, the figure alone. */
	money_is(123456, "SEK", NUMFMT_COMMA_DOT, "SEK" NB "1,234.56");
	money_is(123456, "SEK", NUMFMT_DOT_COMMA, "1.234,56" NB "SEK");
	money_is(123456, NULL, NUMFMT_COMMA_DOT, "1,234.56");
	money_is(123456, "", NUMFMT_SPACE_COMMA, "1" NB "234,56");
	/* A format out of range is the default. */
	money_is(123456, "USD", 99, "$1,234.56");

	/* Figures that are not money: the same marks, no symbol. */
	number_is(161, 1, NUMFMT_COMMA_DOT, "16.1");
	number_is(161, 1, NUMFMT_DOT_COMMA, "16,1");
	number_is(1000, 1, NUMFMT_SPACE_COMMA, "100,0");
	number_is(5, 1, NUMFMT_APOS_DOT, "0.5");
	number_is(1234, 0, NUMFMT_COMMA_DOT, "1,234");
	number_is(1234, 0, NUMFMT_DOT_COMMA, "1.234");
	number_is(1234567, 0, NUMFMT_SPACE_COMMA, "1" NB "234" NB "567");
	number_is(12, 0, NUMFMT_APOS_DOT, "12");
	number_is(0, 0, NUMFMT_COMMA_DOT, "0");
	number_is(-1234, 1, NUMFMT_DOT_COMMA, "-123,4");
	number_is(INT64_MIN, 0, NUMFMT_COMMA_DOT, "-9,223,372,036,854,775,808");
	number_is(7, 9, 99, "7");

	/* The formats' names. */
	ok(numfmt_parse("dot-comma", &f) == 0 && f == NUMFMT_DOT_COMMA,
	    "dot-comma is a number format");
	ok(numfmt_parse("1.234,56", &f) < 0 && numfmt_parse("", &f) < 0 &&
	    numfmt_parse(NULL, &f) < 0, "anything else is not");
	for (f = 0; f < NUMFMT__MAX; f++) {
		int back = -1;

		ok(numfmt_parse(numfmt_name(f), &back) == 0 && back == f,
		    "%s reads back", numfmt_name(f));
	}
	is_str(numfmt_sample(NUMFMT_APOS_DOT), "1'234.56", "a format's sample");

	/* Zone names. */
	ok(local_zone_problem("Europe/Berlin") == NULL, "Europe/Berlin is a zone");
	ok(local_zone_problem("America/Argentina/Buenos_Aires") == NULL,
	    "so is a three-part name");
	ok(local_zone_problem("UTC") == NULL, "and UTC");
	ok(local_zone_problem("Etc/GMT+5") == NULL, "and Etc/GMT+5");
	ok(local_zone_problem("Europe/Berlinn") != NULL, "a misspelt name is not");
	ok(local_zone_problem("Mars/Olympus") != NULL, "an unknown one is not");
	ok(local_zone_problem("") != NULL && local_zone_problem(NULL) != NULL,
	    "nor nothing");
	ok(local_zone_problem("../../../etc/passwd") != NULL, "no way out of zoneinfo");
	ok(local_zone_problem("/etc/localtime") != NULL, "no absolute path");
	ok(local_zone_problem("Europe/.Berlin") != NULL, "no hidden part");
	ok(local_zone_problem("Europe") != NULL, "a directory is not a zone");
	ok(local_zone_problem("right/Europe/Berlin") != NULL &&
	    local_zone_problem("posix/Europe/Berlin") != NULL, "nor its copies");
	ok(local_zone_problem("CET-1CEST,M3.5.0,M10.5.0/3") != NULL,
	    "a POSIX rule is not a name");
	ok(local_zone_problem("Europe/Berlin\n") != NULL, "nor a name with a line break");
	ok(local_zone_problem("Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaa") != NULL, "nor a name too long");
	ok(local_zone_problem("zone.tab") != NULL, "nor a file of zoneinfo that is no zone");

	/* Parsing what the store writes. */
	ok(local_time_parse("2026-12-01 16:18", &t, &secs) == 0 && t == 1796141880 &&
	    !secs, "minutes parse");
	ok(local_time_parse("2026-12-01 16:18:05", &t, &secs) == 0 && t == 1796141885 &&
	    secs, "seconds parse");
	ok(local_time_parse("2026-12-01T16:18:05.123456Z", &t, &secs) == 0 &&
	    t == 1796141885, "an API time parses, without its fraction");
	ok(local_time_parse("2026-12-01", &t, &secs) < 0, "a date is no time");
	ok(local_time_parse("2026-13-01 16:18", &t, &secs) < 0 &&
	    local_time_parse("2026-12-01 24:00", &t, &secs) < 0 &&
	    local_time_parse("2026-12-01 16:60", &t, &secs) < 0 &&
	    local_time_parse("2026-12-01 1x:00", &t, &secs) < 0 &&
	    local_time_parse(NULL, &t, &secs) < 0, "nonsense does not");

	/* Times in zones, across the changes of summer time. */
	time_is("2026-12-01 16:18", "UTC", "Tue 1 Dec 2026 16:18 UTC");
	time_is("2026-12-01 16:18", "Europe/Berlin", "Tue 1 Dec 2026 17:18 CET");
	time_is("2026-07-01 16:18", "Europe/Berlin", "Wed 1 Jul 2026 18:18 CEST");
	/* Berlin springs forward at 01:00 UTC on 29 March 2026. */
	time_is("2026-03-29 00:59:59", "Europe/Berlin", "Sun 29 Mar 2026 01:59:59 CET");
	time_is("2026-03-29 01:00:00", "Europe/Berlin", "Sun 29 Mar 2026 03:00:00 CEST");
	/* ...and falls back at 01:00 UTC on 25 October 2026: 02:30 twice, told apart
	 * by the abbreviation. */
	time_is("2026-10-25 00:30", "Europe/Berlin", "Sun 25 Oct 2026 02:30 CEST");
	time_is("2026-10-25 01:30", "Europe/Berlin", "Sun 25 Oct 2026 02:30 CET");
	/* New York: 8 March and 1 November 2026; the day changes with the zone. */
	time_is("2026-03-08 06:59", "America/New_York", "Sun 8 Mar 2026 01:59 EST");
	time_is("2026-03-08 07:00", "America/New_York", "Sun 8 Mar 2026 03:00 EDT");
	time_is("2026-11-01 05:30", "America/New_York", "Sun 1 Nov 2026 01:30 EDT");
	time_is("2026-11-01 06:30", "America/New_York", "Sun 1 Nov 2026 01:30 EST");
	time_is("2027-01-01 03:00", "America/New_York", "Thu 31 Dec 2026 22:00 EST");
	/* The southern hemisphere, and a zone without letters. */
	time_is("2026-01-15 12:00", "Australia/Sydney", "Thu 15 Jan 2026 23:00 AEDT");
	time_is("2026-07-15 12:00", "Australia/Sydney", "Wed 15 Jul 2026 22:00 AEST");
	time_is("2026-07-15 12:00", "Asia/Kolkata", "Wed 15 Jul 2026 17:30 IST");
	time_is("2026-07-15 12:00", "America/Sao_Paulo", "Wed 15 Jul 2026 09:00 -03");
	/* Back and forth between zones, as one worker serves one tenant after another. */
	time_is("2026-12-01 16:18", "Europe/Berlin", "Tue 1 Dec 2026 17:18 CET");
	time_is("2026-12-01 16:18", "UTC", "Tue 1 Dec 2026 16:18 UTC");
	/* A zone that cannot be loaded is UTC, never a POSIX rule's guess. */
	time_is("2026-12-01 16:18", "EST5EDT4", "Tue 1 Dec 2026 16:18 UTC");

	/* Every moment alike with the C library's reader, across 55 years. */
	for (size_t i = 0; i < sizeof(oracle_zones) / sizeof(oracle_zones[0]); i++)
		ok(against_libc(oracle_zones[i]) == 0, "%s: every moment as the C "
		    "library shows it", oracle_zones[i]);

	/* The viewer's formats. */
	local_use("Europe/Berlin", NUMFMT_DOT_COMMA);
	local_time("2026-12-01 16:18", out);
	is_str(out, "Tue 1 Dec 2026 17:18 CET", "a stored time in the viewer's zone");
	ok(local_numfmt() == NUMFMT_DOT_COMMA, "and the viewer's number format");
	local_use_zone("America/New_York");
	local_time("2026-12-01 16:18", out);
	is_str(out, "Tue 1 Dec 2026 11:18 EST", "a user's own zone over the tenant's");
	local_use_zone(NULL);
	is_str(local_zone(), "America/New_York", "no zone of one's own keeps it");
	local_time("never", out);
	is_str(out, "never", "a text that is no time is written as it is");
	/* On a page: the moment for machines in UTC, the words in the zone. */
	{
		struct buf b;

		buf_init(&b, 64);
		local_use("Europe/Berlin", NUMFMT_DOT_COMMA);
		html_time(&b, "2026-10-25 00:30:05");
		html_time(&b, NULL);
		html_time(&b, "");
		html_time(&b, "<b>soon</b>");
		is_str(b.data, "<time datetime=\"2026-10-25T00:30:05Z\">Sun 25 Oct 2026 "
		    "02:30:05 CEST</time>&lt;b&gt;soon&lt;/b&gt;", "html_time writes a "
		    "<time>, nothing for none, and other text escaped");
		/* A day is a day in every zone: never converted. */
		buf_reset(&b);
		local_use("Pacific/Kiritimati", NUMFMT_DOT_COMMA);
		html_day(&b, "2027-03-05");
		html_day(&b, NULL);
		html_day(&b, "");
		html_day(&b, "2027-02-30");
		html_day_cell(&b, "2027-03-10");
		html_day_of(&b, date_days(2000, 2, 29));
		is_str(b.data, "<time datetime=\"2027-03-05\">Fri 5 Mar 2027</time>"
		    "2027-02-30<td><time datetime=\"2027-03-10\">Wed 10 Mar 2027</time>"
		    "</td><time datetime=\"2000-02-29\">Tue 29 Feb 2000</time>",
		    "html_day writes a <time> of the day itself, nothing for none, "
		    "and a text that is no day as text");
		buf_reset(&b);
		html_number(&b, 161, 1);
		html_raw(&b, " ");
		html_number(&b, 12345, 0);
		is_str(b.data, "16,1 12.345", "html_number writes in the viewer's format");
		buf_free(&b);
	}
	local_use(NULL, -1);
	is_str(local_zone(), "UTC", "the next request starts from UTC");
	ok(local_numfmt() == NUMFMT_DEFAULT, "and the default format");
	return tap_done();
}
