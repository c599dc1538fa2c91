/* porch — SPDX-License-Identifier: MIT
 * Calendar days: the one check of a date typed or sent ("YYYY-MM-DD", "YYYY-MM"),
 * days since the epoch, and back. Years DATE_YEAR_MIN to DATE_YEAR_MAX, everywhere.
 */
#ifndef PORCH_DATE_H
#define PORCH_DATE_H

#define DATE_LEN	11	/* "YYYY-MM-DD" and its NUL */
#define DATE_YEAR_MIN	2000
#define DATE_YEAR_MAX	9999

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
long	date_days(int y, unsigned m, unsigned d);
void	date_civil(long days, int *y, unsigned *m, unsigned *d);
/* Days in month m (1-12) of year y. */
unsigned	date_month_days(int y, unsigned m);

/*
 * "YYYY-MM" (the first 7 bytes of s; a longer s is the caller's to refuse) to
 * year and month within the years above: 0, or -1.
 */
int	date_month_parse(const char *s, int *y, unsigned *m);
/* An exact "YYYY-MM-DD" that names a real day within the years above, to days
 * since the epoch: 0, or -1 (also for NULL). */
int	date_parse(const char *s, long *days);
/* days as "YYYY-MM-DD". */
void	date_format(long days, char out[DATE_LEN]);

/* "January" for 1 ... "December" for 12; "" for anything else. The table itself,
 * for writers that take an array (a chart's categories). */
const char	*date_month_name(unsigned m);
extern const char *const date_month_names[12];
/* The weekday of days since the epoch, 0 Monday to 6 Sunday, and its short
 * English name: "Mon". */
unsigned	 date_weekday(long days);
const char	*date_weekday_name(long days);

/*
 * A day as people write it, "YYYY-MM-DD" as "Thu 3 Dec 2026"; as it is (cut to
 * fit) when it does not parse. The one writer of a day for people: pages
 * (html_day()), refusals and mail. date_human_of(): the same of days since the
 * epoch. Always terminated.
 */
#define DATE_HUMAN_LEN	20
void	date_human(const char *ymd, char out[DATE_HUMAN_LEN]);
void	date_human_of(long days, char out[DATE_HUMAN_LEN]);

/*
 * A period's title from its first and last day ("YYYY-MM-DD", both included), as
 * people name it: "October 2026" for a whole month, "October – December 2026"
 * for whole months, "2026" for a whole year, else "3 Oct – 15 Nov 2026". Dates
 * that do not parse are written as they are, "FIRST – LAST". Always terminated.
 */
#define DATE_PERIOD_LEN	64
void	date_period_title(const char *first, const char *last,
	    char out[DATE_PERIOD_LEN]);

#endif
