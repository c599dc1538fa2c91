/* porch — SPDX-License-Identifier: MIT
 * Local formats: the time zone a time of day is shown in (an IANA name of the
 * system's zoneinfo, "Europe/Berlin") and the number format money is written in,
 * with the currency's symbol. Storage stays UTC; this is only how a moment or an
 * amount is shown. A worker serves one request at a time: dispatch sets the
 * viewer's formats (local_use) and every writer of a time or an amount reads them.
 */
#ifndef PORCH_LOCAL_H
#define PORCH_LOCAL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* The longest zone name porch takes, its NUL included. */
#define LOCAL_ZONE_MAX	64
#define LOCAL_ZONE_DEFAULT	"UTC"

/*
 * The number formats a tenant chooses from, by their stored names:
 *  comma-dot   1,234.56   symbol before ($1,234.56; CHF 1,234.56)
 *  dot-comma   1.234,56   symbol after  (1.234,56 €)
 *  space-comma 1 234,56   symbol after  (1 234,56 €), the space unbreakable
 *  apos-dot    1'234.56   symbol before, spaced (CHF 1'234.56)
 */
enum numfmt {
	NUMFMT_COMMA_DOT,
	NUMFMT_DOT_COMMA,
	NUMFMT_SPACE_COMMA,
	NUMFMT_APOS_DOT,
	NUMFMT__MAX
};
#define NUMFMT_DEFAULT	NUMFMT_COMMA_DOT

/* "comma-dot" ... ; "" for a value out of range. */
const char	*numfmt_name(int f);
/* Its sample as people read it: "1,234.56". */
const char	*numfmt_sample(int f);
/* A stored or sent name to its format: 0 and *f, or -1. */
int	numfmt_parse(const char *s, int *f);

/*
 * Why name is not a zone porch shows times in, as a sentence, or NULL when it
 * is: 1 to 63 characters of letters, digits and "/_+-", no part starting with a
 * dot, not the "posix/" or "right/" copies, and a TZif file of that name in the
 * system's zoneinfo (TZDIR, else /usr/share/zoneinfo).
 */
const char	*local_zone_problem(const char *name);

/*
 * The viewer's formats for what is written from now on: zone (NULL or "": UTC)
 * and number format (out of range: the default). Copied; cheap: the zone is
 * loaded only when a time is first written in it.
 */
void	local_use(const char *zone, int numfmt);
/* The zone alone (a user's own choice over the tenant's); NULL or "" keeps it. */
void	local_use_zone(const char *zone);
const char	*local_zone(void);
int	local_numfmt(void);

/*
 * The moment t (seconds since the epoch) in zone as people read it: "Tue 1 Dec
 * 2026 17:18 CET" (seconds too when seconds is set: "17:18:05"). A zone that
 * cannot be loaded is UTC. Always terminated.
 */
#define LOCAL_TIME_LEN	64
void	local_time_in(time_t t, const char *zone, int seconds,
	    char out[LOCAL_TIME_LEN]);

/* Today in the viewer's zone, as days since 1970-01-01 (date.h). */
long	local_today(void);

/*
 * A UTC time as the store writes it ("YYYY-MM-DD HH:MM", with ":SS", with "T"
 * between and "Z" or fractions after) to seconds since the epoch: 0, or -1. *secs
 * says whether it carried seconds.
 */
int	local_time_parse(const char *utc, time_t *t, int *secs);

/*
 * A UTC time as the store writes it, in the viewer's zone (local_time_in); a
 * text that does not parse is copied as it is (cut to fit).
 */
void	local_time(const char *utc, char out[LOCAL_TIME_LEN]);

/* How many moments so far a parsed zone file answered, rather than the C
 * library's reader (after a zone's last transition with rules, or a zone file
 * that does not parse): for the tests that check the parser. */
unsigned long	local_zone_answers(void);

/*
 * money_format: an amount in hundredths (porch's cents, whatever the currency)
 * of currency (an ISO 4217 code: EUR, JPY...; NULL or "": none) written in number
 * format f, with the currency's symbol where it has a common one (€ $ £ ¥ ...)
 * and its code otherwise, placed as the format places it; as many decimals as the
 * currency has (JPY none, rounded half up; BHD three; most two), so a page says
 * what a CSV export's plain figure says; a minus sign in front of a negative
 * amount. Always terminated.
 */
#define MONEY_LEN	64
void	money_format(char out[MONEY_LEN], int64_t minor, const char *currency, int f);

/*
 * number_format: any other figure people read (nights, occupancy): v with its
 * last decimals digits (0 to 3) after the decimal mark, grouped and marked as
 * number format f writes money ("1,234", "16.1"; "1.234", "16,1"); a minus sign
 * in front of a negative. Always terminated.
 */
#define NUMBER_LEN	40
void	number_format(char out[NUMBER_LEN], int64_t v, int decimals, int f);

#endif
