/* porch — SPDX-License-Identifier: MIT
 * Unit tests of validated input: each type's check, repeated keys, empty values,
 * ids in the path, and the one date check with its year range.
 */
#include "config.h"

#include "date.h"
#include "input.h"
#include "tap.h"

enum key { K_ID, K_NUM, K_DAY, K_MONTH, K_NAME, K_NOTE, K_ON, K_PW, K_IDS, K__MAX };

static const struct input_key keys[K__MAX] = {
	[K_ID] = { "id", IN_ID, 0, 0, 0 },
	[K_NUM] = { "num", IN_INT, 0, -5, 10 },
	[K_DAY] = { "day", IN_DATE, 0, 0, 0 },
	[K_MONTH] = { "month", IN_MONTH, 0, 0, 0 },
	[K_NAME] = { "name", IN_LINE, 0, 0, 5 },
	[K_NOTE] = { "note", IN_TEXT, 0, 0, 0 },
	[K_ON] = { "on", IN_FLAG, 0, 0, 0 },
	[K_PW] = { "pw", IN_RAW, 0, 0, 8 },
	[K_IDS] = { "ids", IN_ID, IN_MULTI, 0, 0 },
};

static struct req r;
static struct input_val in[K__MAX];

/* Reads the urlencoded body s with the table above. */
static void
read_form(const char *s)
{
	static const struct form_limits lim = { 64, 8192 };

	if (form_parse_urlencoded(&r.arena, s, strlen(s), &lim, &r.form) != PARSE_OK)
		printf("# the test's body does not parse: %s\n", s);
	input_read(&r, INPUT_FORM, keys, K__MAX, in);
}

static void
test_types(void)
{
	read_form("id=42&num=-5&day=2024-02-29&month=2027-03&name=%C3%A9t%C3%A9s&"
	    "note=two%0D%0Alines%09tab&on=1&pw=%20x%20");
	ok(in[K_ID].st == INPUT_OK && in_int(&in[K_ID]) == 42, "an id");
	ok(in[K_NUM].st == INPUT_OK && in_int(&in[K_NUM]) == -5, "a number at its minimum");
	ok(in[K_DAY].st == INPUT_OK && in_int(&in[K_DAY]) == date_days(2024, 2, 29),
	    "a leap day, as days since the epoch");
	ok(in[K_MONTH].st == INPUT_OK && in_int(&in[K_MONTH]) == date_days(2027, 3, 1),
	    "a month, as its first day");
	ok(in[K_NAME].st == INPUT_OK && strcmp(in_str(&in[K_NAME]), "\xc3\xa9t\xc3\xa9s")
	    == 0, "a line of five characters (seven bytes) fits five");
	ok(in[K_NOTE].st == INPUT_OK, "text keeps line breaks and tabs");
	ok(in[K_ON].st == INPUT_OK && in_int(&in[K_ON]) == 1, "a checked box");
	ok(in[K_PW].st == INPUT_OK && strcmp(in_str(&in[K_PW]), " x ") == 0,
	    "raw input is kept as sent, blanks too");
	ok(in[K_IDS].st == INPUT_ABSENT && in[K_IDS].n == 0 && in[K_IDS].s == NULL,
	    "a key not sent is absent");

	read_form("id=0&num=11&day=2023-02-29&month=2027-13&name=%C3%A9t%C3%A9s!!&"
	    "note=a%07b&pw=123456789");
	ok(in[K_ID].st == INPUT_BAD && in_int(&in[K_ID]) == 0, "id 0 is not an id");
	ok(in[K_NUM].st == INPUT_BAD, "a number above its maximum");
	ok(in[K_DAY].st == INPUT_BAD, "a day that does not exist");
	ok(in[K_MONTH].st == INPUT_BAD, "month 13");
	ok(in[K_NAME].st == INPUT_BAD && in_str(&in[K_NAME]) == NULL,
	    "six characters in a line of five, and no text for it");
	ok(in[K_NOTE].st == INPUT_BAD, "a control character in text");
	ok(in[K_PW].st == INPUT_BAD, "raw input longer than its bytes");

	read_form("id=12abc&num=%2B3&name=a%0Ab&day=2024-2-29");
	ok(in[K_ID].st == INPUT_BAD, "trailing garbage after an id");
	ok(in[K_NUM].st == INPUT_BAD, "a sign where none may be");
	ok(in[K_NAME].st == INPUT_BAD, "a line break in a line");
	ok(in[K_DAY].st == INPUT_BAD, "a day without its leading zero");

	read_form("id=&name=&on=");
	ok(in[K_ID].st == INPUT_ABSENT && in[K_ID].s != NULL && in[K_ID].s[0] == '\0',
	    "an empty value is absent, and its text is empty");
	ok(in[K_ON].st == INPUT_ABSENT && in_int(&in[K_ON]) == 0, "an unchecked box");
	read_form("id=7&id=8");
	ok(in_int(&in[K_ID]) == 7, "a single key sent twice: the first counts");
}

static void
test_multi(void)
{
	read_form("ids=3&ids=&ids=5");
	ok(in[K_IDS].st == INPUT_OK && in[K_IDS].n == 2 && in[K_IDS].ids[0] == 3 &&
	    in[K_IDS].ids[1] == 5 && strcmp(in[K_IDS].all[1], "5") == 0,
	    "repeated ids, empty ones skipped");
	read_form("ids=3&ids=x&ids=5");
	ok(in[K_IDS].st == INPUT_BAD, "one bad value makes the whole key bad");
}

static void
test_dates(void)
{
	char out[DATE_LEN];
	long d;
	int y;
	unsigned m;

	ok(date_parse("2000-01-01", &d) == 0 && d == 10957, "the first day of the range");
	ok(date_parse("1999-12-31", &d) < 0, "a day before the range");
	ok(date_parse("9999-12-31", &d) == 0, "the last day of the range");
	ok(date_parse("2100-02-29", &d) < 0, "no leap day in 2100");
	ok(date_parse("2000-02-29", &d) == 0, "a leap day in 2000");
	ok(date_parse(NULL, &d) < 0, "no date");
	ok(date_parse("2024-01-011", &d) < 0, "one digit too many");
	date_format(date_days(2031, 7, 4), out);
	is_str(out, "2031-07-04", "days back to a date");
	ok(date_month_parse("2031-07", &y, &m) == 0 && y == 2031 && m == 7, "a month");
	ok(date_month_parse("1999-12", &y, &m) < 0, "a month before the range");
	is_str(date_month_name(11), "November", "a month by name");
	is_str(date_month_name(13), "", "...none for what is not a month");
	ok(date_weekday(date_days(2026, 11, 30)) == 0, "30 November 2026 is a Monday");
	is_str(date_weekday_name(date_days(2027, 3, 5)), "Fri", "5 March 2027 is a Friday");
	is_str(date_weekday_name(date_days(1969, 12, 28)), "Sun",
	    "...and 28 December 1969 a Sunday, before the epoch");
}

/* A day as people write it. */
static void
test_day_human(void)
{
	char t[DATE_HUMAN_LEN];

	date_human("2026-12-03", t);
	is_str(t, "Thu 3 Dec 2026", "a day: weekday, day, month, year");
	date_human("2027-03-01", t);
	is_str(t, "Mon 1 Mar 2027", "...with no leading zero");
	date_human("2000-02-29", t);
	is_str(t, "Tue 29 Feb 2000", "...a leap day");
	date_human("2026-13-01", t);
	is_str(t, "2026-13-01", "a day that does not parse is shown as it is");
	date_human(NULL, t);
	is_str(t, "", "...and none as nothing");
}

/* A statement's title by its period. */
static void
test_period_title(void)
{
	char t[DATE_PERIOD_LEN];

	date_period_title("2026-10-01", "2026-10-31", t);
	is_str(t, "October 2026", "a whole month by its name");
	date_period_title("2028-02-01", "2028-02-29", t);
	is_str(t, "February 2028", "a whole leap February");
	date_period_title("2027-02-01", "2027-02-28", t);
	is_str(t, "February 2027", "a whole February of 28 days");
	date_period_title("2026-10-01", "2026-12-31", t);
	is_str(t, "October \xe2\x80\x93 December 2026", "whole months of one year");
	date_period_title("2026-11-01", "2027-01-31", t);
	is_str(t, "November 2026 \xe2\x80\x93 January 2027", "whole months across a year");
	date_period_title("2026-01-01", "2026-12-31", t);
	is_str(t, "2026", "a whole year");
	date_period_title("2026-10-03", "2026-10-15", t);
	is_str(t, "3 \xe2\x80\x93 15 Oct 2026", "days of one month");
	date_period_title("2026-10-03", "2026-11-15", t);
	is_str(t, "3 Oct \xe2\x80\x93 15 Nov 2026", "days across months");
	date_period_title("2026-12-20", "2027-01-05", t);
	is_str(t, "20 Dec 2026 \xe2\x80\x93 5 Jan 2027", "days across years");
	date_period_title("2026-10-01", "2026-10-30", t);
	is_str(t, "1 \xe2\x80\x93 30 Oct 2026", "a month but its last day: days");
	date_period_title("1999-01-01", "1999-01-31", t);
	is_str(t, "1999-01-01 \xe2\x80\x93 1999-01-31", "dates out of range as they are");
	date_period_title("2026-10-31", "2026-10-01", t);
	is_str(t, "2026-10-31 \xe2\x80\x93 2026-10-01", "a period that ends before it starts");
	is_str(date_month_name(13), "", "no thirteenth month");
}

static void
test_path(void)
{
	const char *rest = NULL;

	r.path = "/portal/bookings/17/notes";
	ok(input_path_id(&r, "/portal/bookings/", &rest) == 17 && strcmp(rest, "/notes") == 0,
	    "an id with more path after it");
	r.path = "/portal/bookings/17";
	ok(input_path_id(&r, "/portal/bookings/", &rest) == 17 && rest[0] == '\0',
	    "an id at the end of the path");
	r.path = "/portal/bookings/";
	ok(input_path_id(&r, "/portal/bookings/", NULL) == 0, "no id");
	r.path = "/portal/bookings/0x11";
	ok(input_path_id(&r, "/portal/bookings/", NULL) == 0, "not a decimal id");
	r.path = "/portal/statements/17";
	ok(input_path_id(&r, "/portal/bookings/", NULL) == 0, "another prefix");
	r.path = "/portal/bookings/99999999999999999999999";
	ok(input_path_id(&r, "/portal/bookings/", NULL) == 0, "an id too large");
}

int
main(void)
{
	test_types();
	test_multi();
	test_dates();
	test_day_human();
	test_period_title();
	test_path();
	arena_free(&r.arena);
	return tap_done();
}
