/* porch — SPDX-License-Identifier: MIT
 * Calendar days (see date.h): H. Hinnant's civil-from-days algorithms.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "date.h"

long
date_days(int y, unsigned m, unsigned d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (long)y - era * 400;
	doy = (153 * (long)(m > 2 ? m - 3 : m + 9) + 2) / 5 + (long)d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
date_civil(long z, int *y, unsigned *m, unsigned *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

unsigned
date_month_days(int y, unsigned m)
{
	static const unsigned dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dim[m - 1];
}

/* n digits of s as a number, or -1. */
static long
digits(const char *s, size_t n)
{
	long v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
date_month_parse(const char *s, int *y, unsigned *m)
{
	long yy, mm;

	if (s == NULL || strlen(s) < 7 || s[4] != '-' ||
	    (yy = digits(s, 4)) < DATE_YEAR_MIN || yy > DATE_YEAR_MAX ||
	    (mm = digits(s + 5, 2)) < 1 || mm > 12)
		return -1;
	*y = (int)yy;
	*m = (unsigned)mm;
	return 0;
}

int
date_parse(const char *s, long *days)
{
	unsigned m;
	long d;
	int y;

	if (s == NULL || strlen(s) != 10 || s[7] != '-' || date_month_parse(s, &y, &m) < 0 ||
	    (d = digits(s + 8, 2)) < 1 || d > (long)date_month_days(y, m))
		return -1;
	*days = date_days(y, m, (unsigned)d);
	return 0;
}

void
date_format(long days, char out[DATE_LEN])
{
	unsigned m, d;
	int y;

	date_civil(days, &y, &m, &d);
	snprintf(out, DATE_LEN, "%04u-%02u-%02u", (unsigned)y % 10000u, m % 100u,
	    d % 100u);
}

const char *const date_month_names[12] = {
	"January", "February", "March", "April", "May", "June", "July", "August",
	"September", "October", "November", "December",
};

const char *
date_month_name(unsigned m)
{
	return m >= 1 && m <= 12 ? date_month_names[m - 1] : "";
}

unsigned
date_weekday(long days)
{
	/* 1970-01-01 was a Thursday (3). */
	return (unsigned)(((days % 7) + 7 + 3) % 7);
}

const char *
date_weekday_name(long days)
{
	static const char *const names[7] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat",
	    "Sun" };

	return names[date_weekday(days)];
}

void
date_human_of(long days, char out[DATE_HUMAN_LEN])
{
	unsigned m, d;
	int y;

	date_civil(days, &y, &m, &d);
	snprintf(out, DATE_HUMAN_LEN, "%s %u %.3s %d", date_weekday_name(days), d,
	    date_month_name(m), y);
}

void
date_human(const char *ymd, char out[DATE_HUMAN_LEN])
{
	long days;

	if (date_parse(ymd, &days) != 0)
		snprintf(out, DATE_HUMAN_LEN, "%s", ymd != NULL ? ymd : "");
	else
		date_human_of(days, out);
}

#define DASH	" \xe2\x80\x93 "	/* an en dash between spaces */

void
date_period_title(const char *first, const char *last, char out[DATE_PERIOD_LEN])
{
	unsigned m1, d1, m2, d2;
	long a, b;
	int y1, y2;

	if (date_parse(first, &a) < 0 || date_parse(last, &b) < 0 || b < a) {
		snprintf(out, DATE_PERIOD_LEN, "%.20s" DASH "%.20s",
		    first != NULL ? first : "", last != NULL ? last : "");
		return;
	}
	date_civil(a, &y1, &m1, &d1);
	date_civil(b, &y2, &m2, &d2);
	if (d1 == 1 && d2 == date_month_days(y2, m2)) {
		/* Whole months. */
		if (y1 == y2 && m1 == 1 && m2 == 12)
			snprintf(out, DATE_PERIOD_LEN, "%d", y1);
		else if (y1 == y2 && m1 == m2)
			snprintf(out, DATE_PERIOD_LEN, "%s %d", date_month_names[m1 - 1], y1);
		else if (y1 == y2)
			snprintf(out, DATE_PERIOD_LEN, "%s" DASH "%s %d",
			    date_month_names[m1 - 1], date_month_names[m2 - 1], y1);
		else
			snprintf(out, DATE_PERIOD_LEN, "%s %d" DASH "%s %d",
			    date_month_names[m1 - 1], y1, date_month_names[m2 - 1], y2);
	} else if (y1 == y2 && m1 == m2)
		snprintf(out, DATE_PERIOD_LEN, "%u" DASH "%u %.3s %d", d1, d2,
		    date_month_names[m1 - 1], y1);
	else if (y1 == y2)
		snprintf(out, DATE_PERIOD_LEN, "%u %.3s" DASH "%u %.3s %d", d1,
		    date_month_names[m1 - 1], d2, date_month_names[m2 - 1], y1);
	else
		snprintf(out, DATE_PERIOD_LEN, "%u %.3s %d" DASH "%u %.3s %d", d1,
		    date_month_names[m1 - 1], y1, d2, date_month_names[m2 - 1], y2);
}
