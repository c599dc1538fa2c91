/* porch — SPDX-License-Identifier: MIT
 * Local formats (local.h): time zones through the C library's own reader of the
 * zoneinfo files (TZ and tzset, set again only when the zone changes, so a page
 * that shows no time costs nothing and one in the same zone as the last costs a
 * localtime_r per time), and money in a tenant's number format.
 */
#include "config.h"

#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "date.h"
#include "local.h"

/* --- number formats --- */

static const struct {
	const char	*name, *sample;
	const char	*group, *point;	/* thousands separator, decimal point */
	int		 after;		/* the symbol after the figure */
	int		 spaced;	/* a symbol before is spaced from it */
} numfmts[NUMFMT__MAX] = {
	[NUMFMT_COMMA_DOT] = { "comma-dot", "1,234.56", ",", ".", 0, 0 },
	[NUMFMT_DOT_COMMA] = { "dot-comma", "1.234,56", ".", ",", 1, 1 },
	/* U+00A0: the figure never breaks over two lines */
	[NUMFMT_SPACE_COMMA] = { "space-comma", "1 234,56", "\xc2\xa0", ",", 1, 1 },
	[NUMFMT_APOS_DOT] = { "apos-dot", "1'234.56", "'", ".", 0, 1 },
};

const char *
numfmt_name(int f)
{
	return f >= 0 && f < NUMFMT__MAX ? numfmts[f].name : "";
}

const char *
numfmt_sample(int f)
{
	return f >= 0 && f < NUMFMT__MAX ? numfmts[f].sample : "";
}

int
numfmt_parse(const char *s, int *f)
{
	for (int i = 0; s != NULL && i < NUMFMT__MAX; i++)
		if (strcmp(s, numfmts[i].name) == 0) {
			*f = i;
			return 0;
		}
	return -1;
}

/* --- currencies --- */

/* Symbols people read without doubt, and the currencies without two decimals
 * (ISO 4217 minor units); any other code is written as it is, with two. */
static const struct {
	char		 code[4];
	const char	*symbol;	/* NULL: the code */
	int		 decimals;
} currencies[] = {
	{ "AUD", "A$", 2 }, { "BHD", NULL, 3 }, { "BRL", "R$", 2 },
	{ "CAD", "CA$", 2 }, { "CLP", NULL, 0 }, { "CNY", "CN¥", 2 },
	{ "EUR", "€", 2 }, { "GBP", "£", 2 }, { "HKD", "HK$", 2 },
	{ "ILS", "₪", 2 }, { "INR", "₹", 2 }, { "IQD", NULL, 3 },
	{ "ISK", NULL, 0 }, { "JOD", NULL, 3 }, { "JPY", "¥", 0 },
	{ "KRW", "₩", 0 }, { "KWD", NULL, 3 }, { "LYD", NULL, 3 },
	{ "MXN", "MX$", 2 }, { "NZD", "NZ$", 2 }, { "OMR", NULL, 3 },
	{ "PHP", "₱", 2 }, { "PYG", NULL, 0 }, { "THB", "฿", 2 },
	{ "TND", NULL, 3 }, { "TRY", "₺", 2 }, { "UAH", "₴", 2 },
	{ "UGX", NULL, 0 }, { "USD", "$", 2 }, { "VND", "₫", 0 },
	{ "XAF", NULL, 0 }, { "XOF", NULL, 0 },
};

/* The figure's digits, grouped: v with decimals after the point. */
static size_t
money_digits(char *out, size_t cap, uint64_t v, int decimals, int f)
{
	static const uint64_t scale[] = { 1, 10, 100, 1000 };
	char digits[24];
	uint64_t whole = v / scale[decimals], frac = v % scale[decimals];
	size_t n, lead, k = 0, glen = strlen(numfmts[f].group);

	n = (size_t)snprintf(digits, sizeof(digits), "%" PRIu64, whole);
	lead = n % 3 != 0 ? n % 3 : 3;
	memcpy(out, digits, lead);
	k = lead;
	for (size_t i = lead; i < n; i += 3) {
		memcpy(out + k, numfmts[f].group, glen);
		k += glen;
		memcpy(out + k, digits + i, 3);
		k += 3;
	}
	if (decimals > 0)
		k += (size_t)snprintf(out + k, cap - k, "%s%0*" PRIu64, numfmts[f].point,
		    decimals, frac);
	out[k] = '\0';
	return k;
}

void
money_format(char out[MONEY_LEN], int64_t minor, const char *currency, int f)
{
	const char *sign = minor < 0 ? "-" : "", *sym = NULL, *nb = "\xc2\xa0";
	uint64_t v = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
	char figure[48], code[4];
	int decimals = 2;

	if (f < 0 || f >= NUMFMT__MAX)
		f = NUMFMT_DEFAULT;
	if (currency != NULL && *currency != '\0') {
		snprintf(code, sizeof(code), "%s", currency);
		sym = code;
		for (size_t i = 0; i < sizeof(currencies) / sizeof(currencies[0]); i++)
			if (strcmp(currencies[i].code, currency) == 0) {
				if (currencies[i].symbol != NULL)
					sym = currencies[i].symbol;
				decimals = currencies[i].decimals;
				break;
			}
	}
	/* porch keeps every amount in hundredths: to the currency's own units. */
	if (decimals == 0)
		v = v / 100 + (v % 100 >= 50);
	else if (decimals == 3 && v <= UINT64_MAX / 10)
		v *= 10;
	else
		decimals = 2;
	money_digits(figure, sizeof(figure), v, decimals, f);
	if (sym == NULL)
		snprintf(out, MONEY_LEN, "%s%s", sign, figure);
	else if (numfmts[f].after)
		snprintf(out, MONEY_LEN, "%s%s%s%s", sign, figure, nb, sym);
	/* A code, or a spaced symbol, before: the sign stays with the figure. */
	else if (numfmts[f].spaced || sym == code)
		snprintf(out, MONEY_LEN, "%s%s%s%s", sym, nb, sign, figure);
	else
		snprintf(out, MONEY_LEN, "%s%s%s", sign, sym, figure);
}

void
number_format(char out[NUMBER_LEN], int64_t v, int decimals, int f)
{
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	if (f < 0 || f >= NUMFMT__MAX)
		f = NUMFMT_DEFAULT;
	if (decimals < 0 || decimals > 3)
		decimals = 0;
	out[0] = '-';
	money_digits(out + (v < 0), NUMBER_LEN - (v < 0), u, decimals, f);
}

/* --- time zones --- */

static const char *
zone_dir(void)
{
	const char *d = getenv("TZDIR");

	return d != NULL && d[0] == '/' ? d : "/usr/share/zoneinfo";
}

const char *
local_zone_problem(const char *name)
{
	char path[512], magic[4];
	struct stat st;
	size_t n;
	int fd, ok;

	if (name == NULL || (n = strlen(name)) == 0)
		return "Choose a time zone.";
	if (n >= LOCAL_ZONE_MAX)
		return "A time zone's name is at most 63 characters.";
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '/' || c == '_' || c == '+' ||
		    c == '-'))
			return "A time zone is named like Europe/Berlin: letters, digits "
			    "and / _ + - only.";
		if ((i == 0 || name[i - 1] == '/') && (c == '/' || c == '.'))
			return "A time zone is named like Europe/Berlin.";
	}
	if (name[n - 1] == '/' || strncmp(name, "posix/", 6) == 0 ||
	    strncmp(name, "right/", 6) == 0)
		return "A time zone is named like Europe/Berlin.";
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", zone_dir(), name) >=
	    sizeof(path) || (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return "There is no such time zone (names are like Europe/Berlin, "
		    "America/New_York or UTC).";
	ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    read(fd, magic, 4) == 4 && memcmp(magic, "TZif", 4) == 0;
	close(fd);
	return ok ? NULL : "There is no such time zone (names are like Europe/Berlin, "
	    "America/New_York or UTC).";
}

static struct {
	char	zone[LOCAL_ZONE_MAX];	/* the viewer's, as set */
	int	numfmt;
	char	loaded[LOCAL_ZONE_MAX];	/* the zone TZ names now ("" none yet) */
} cur = { LOCAL_ZONE_DEFAULT, NUMFMT_DEFAULT, "" };

void
local_use_zone(const char *zone)
{
	if (zone != NULL && zone[0] != '\0' && strlen(zone) < LOCAL_ZONE_MAX)
		snprintf(cur.zone, sizeof(cur.zone), "%s", zone);
}

void
local_use(const char *zone, int numfmt)
{
	snprintf(cur.zone, sizeof(cur.zone), "%s", LOCAL_ZONE_DEFAULT);
	local_use_zone(zone);
	cur.numfmt = numfmt >= 0 && numfmt < NUMFMT__MAX ? numfmt : NUMFMT_DEFAULT;
}

const char *
local_zone(void)
{
	return cur.zone;
}

int
local_numfmt(void)
{
	return cur.numfmt;
}

/* TZ names zone, loaded by tzset when it changes; a zone that is not a checked
 * one is UTC (the C library would take it for a POSIX rule). The slow path:
 * times past a zone's last transition under a rule of summer time, and a file
 * the cache cannot read. */
static void
zone_load(const char *zone)
{
	char tz[LOCAL_ZONE_MAX + 1];

	if (strcmp(cur.loaded, zone) == 0)
		return;
	snprintf(cur.loaded, sizeof(cur.loaded), "%s", zone);
	if (local_zone_problem(zone) != NULL)
		zone = LOCAL_ZONE_DEFAULT;
	snprintf(tz, sizeof(tz), ":%s", zone);
	setenv("TZ", tz, 1);
	tzset();
}

/*
 * The per-process cache of parsed zones (TZif, RFC 8536): each zone's transitions
 * and local time types, read once, so a worker that serves tenants in several
 * zones one after another finds each in a binary search. Up to ZONES_MAX zones,
 * then emptied.
 */
#define ZONES_MAX	32
#define TZIF_MAX	(256 * 1024)

struct zone {
	char		 name[LOCAL_ZONE_MAX];
	size_t		 n, ntypes, nchars;
	int64_t		*at;		/* transitions, ascending */
	unsigned char	*idx;		/* the type from each on */
	int32_t		*off;		/* per type: seconds east of UTC */
	unsigned char	*abbr;		/* per type: index into chars */
	char		*chars;		/* abbreviations, each NUL-terminated */
	int64_t		 until;		/* from it on a rule applies: the slow path */
};

static struct zone *zones[ZONES_MAX];
static size_t nzones;

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void
zone_free(struct zone *z)
{
	free(z->at);
	free(z->idx);
	free(z->off);
	free(z->abbr);
	free(z->chars);
	free(z);
}

/* The data block of d[0..len) (v2+: the 64-bit one) into z: 0, or -1. */
static int
tzif_parse(const unsigned char *d, size_t len, struct zone *z)
{
	size_t isut, isstd, leap, nt, ntype, nchar, off = 0, tsize = 4, need, foot;

	for (;;) {
		if (len - off < 44 || memcmp(d + off, "TZif", 4) != 0)
			return -1;
		isut = be32(d + off + 20);
		isstd = be32(d + off + 24);
		leap = be32(d + off + 28);
		nt = be32(d + off + 32);
		ntype = be32(d + off + 36);
		nchar = be32(d + off + 40);
		if (nt > 100000 || ntype == 0 || ntype > 256 || nchar == 0 ||
		    nchar > 1024 || leap > 1000 || isut > ntype || isstd > ntype)
			return -1;
		need = nt * tsize + nt + ntype * 6 + nchar + leap * (tsize + 4) + isstd +
		    isut;
		if (len - off - 44 < need)
			return -1;
		if (tsize == 8 || d[off + 4] < '2')
			break;
		off += 44 + need;	/* past the 32-bit block, to the 64-bit one */
		tsize = 8;
	}
	if (leap > 0)
		return -1;		/* "right/" zones count leap seconds */
	off += 44;
	z->n = nt;
	z->ntypes = ntype;
	z->nchars = nchar;
	z->at = calloc(nt + 1, sizeof(*z->at));
	z->idx = calloc(nt + 1, 1);
	z->off = calloc(ntype, sizeof(*z->off));
	z->abbr = calloc(ntype, 1);
	z->chars = calloc(nchar + 1, 1);
	if (z->at == NULL || z->idx == NULL || z->off == NULL || z->abbr == NULL ||
	    z->chars == NULL)
		return -1;
	for (size_t i = 0; i < nt; i++) {
		const unsigned char *p = d + off + i * tsize;

		z->at[i] = tsize == 8 ? (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4)) :
		    (int64_t)(int32_t)be32(p);
		if (i > 0 && z->at[i] <= z->at[i - 1])
			return -1;
	}
	off += nt * tsize;
	for (size_t i = 0; i < nt; i++)
		if ((z->idx[i] = d[off + i]) >= ntype)
			return -1;
	off += nt;
	for (size_t i = 0; i < ntype; i++) {
		const unsigned char *p = d + off + i * 6;

		z->off[i] = (int32_t)be32(p);
		if (p[4] > 1 || (z->abbr[i] = p[5]) >= nchar ||
		    z->off[i] < -26 * 3600 || z->off[i] > 26 * 3600)
			return -1;
	}
	off += ntype * 6;
	memcpy(z->chars, d + off, nchar);
	off += nchar + isstd + isut;
	/* The footer (v2+): a rule with summer time ("CET-1CEST,M3.5.0,...") rules
	 * after the last transition; without one the last type holds for ever. */
	z->until = INT64_MAX;
	if (tsize == 8 && off < len && d[off] == '\n') {
		for (foot = off + 1; foot < len && d[foot] != '\n'; foot++)
			if (d[foot] == ',')
				z->until = nt > 0 ? z->at[nt - 1] + 1 : INT64_MIN;
	} else if (nt > 0)
		z->until = z->at[nt - 1] + 1;	/* v1: no rule to go by */
	return 0;
}

/* Zone name parsed, from the cache or its file; NULL when it cannot be (then
 * the C library's reader takes it, zone_load()). */
static const struct zone *
zone_get(const char *name)
{
	const char *file = name;
	unsigned char *data;
	char path[512];
	struct zone *z;
	ssize_t got;
	size_t len = 0;
	int fd;

	for (size_t i = 0; i < nzones; i++)
		if (strcmp(zones[i]->name, name) == 0)
			return zones[i];
	if (strlen(name) >= LOCAL_ZONE_MAX)
		return NULL;
	/* A name that is not a zone is UTC, kept under its own name: read once. */
	if (local_zone_problem(name) != NULL)
		file = LOCAL_ZONE_DEFAULT;
	snprintf(path, sizeof(path), "%s/%s", zone_dir(), file);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	data = malloc(TZIF_MAX);
	while (data != NULL && len < TZIF_MAX &&
	    (got = read(fd, data + len, TZIF_MAX - len)) > 0)
		len += (size_t)got;
	close(fd);
	if (data == NULL || (z = calloc(1, sizeof(*z))) == NULL) {
		free(data);
		return NULL;
	}
	if (len == TZIF_MAX || tzif_parse(data, len, z) < 0) {
		free(data);
		zone_free(z);
		return NULL;
	}
	free(data);
	if (nzones == ZONES_MAX)
		while (nzones > 0)
			zone_free(zones[--nzones]);
	snprintf(z->name, sizeof(z->name), "%s", name);
	zones[nzones++] = z;
	return z;
}

/* t in zone z as tm with its abbreviation: 0, or -1 (the slow path's). */
static int
zone_local(const struct zone *z, time_t t, struct tm *tm, const char **abbr)
{
	size_t lo = 0, hi = z->n, type = 0;
	time_t local;

	if ((int64_t)t >= z->until)
		return -1;
	if (z->n > 0 && (int64_t)t >= z->at[0]) {
		while (hi - lo > 1) {	/* the last transition at or before t */
			size_t mid = lo + (hi - lo) / 2;

			if (z->at[mid] <= (int64_t)t)
				lo = mid;
			else
				hi = mid;
		}
		type = z->idx[lo];
	}
	local = t + z->off[type];
	if (gmtime_r(&local, tm) == NULL)
		return -1;
	*abbr = z->chars + z->abbr[type];
	return 0;
}

/* Moments a parsed zone answered, not the C library's reader (local_zone_answers). */
static unsigned long parsed_answers;

unsigned long
local_zone_answers(void)
{
	return parsed_answers;
}

/* t in zone (NULL or "": UTC) as tm, with the zone's abbreviation: 0, or -1. */
static int
local_tm(time_t t, const char *zone, struct tm *tm, const char **abbr)
{
	const struct zone *z;

	if (zone == NULL || zone[0] == '\0')
		zone = LOCAL_ZONE_DEFAULT;
	if ((z = zone_get(zone)) != NULL && zone_local(z, t, tm, abbr) == 0) {
		parsed_answers++;
		return 0;
	}
	zone_load(zone);
	if (localtime_r(&t, tm) == NULL)
		return -1;
	*abbr = tm->tm_zone != NULL ? tm->tm_zone : "";
	return 0;
}

long
local_today(void)
{
	const char *abbr;
	struct tm tm;

	if (local_tm(time(NULL), cur.zone, &tm, &abbr) < 0)
		return (long)(time(NULL) / 86400);
	return date_days(tm.tm_year + 1900, (unsigned)tm.tm_mon + 1, (unsigned)tm.tm_mday);
}

void
local_time_in(time_t t, const char *zone, int seconds, char out[LOCAL_TIME_LEN])
{
	char ymd[40], day[DATE_HUMAN_LEN], hm[48];
	const char *abbr;
	struct tm tm;

	if (local_tm(t, zone, &tm, &abbr) < 0) {
		snprintf(out, LOCAL_TIME_LEN, "%lld", (long long)t);
		return;
	}
	snprintf(ymd, sizeof(ymd), "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday);
	date_human(ymd, day);
	if (strftime(hm, sizeof(hm), seconds ? "%H:%M:%S" : "%H:%M", &tm) == 0)
		hm[0] = '\0';
	snprintf(out, LOCAL_TIME_LEN, "%s %s %.8s", day, hm, abbr);
}

/* n digits of s as a number within [min, max]: 0 and *v, or -1. */
static int
digits(const char *s, int n, int min, int max, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return *v >= min && *v <= max ? 0 : -1;
}

int
local_time_parse(const char *utc, time_t *t, int *secs)
{
	char ymd[DATE_LEN];
	long days;
	int h, mi, s = 0;
	size_t n;

	*secs = 0;
	if (utc == NULL || (n = strlen(utc)) < 16 || (utc[10] != ' ' && utc[10] != 'T') ||
	    utc[13] != ':')
		return -1;
	memcpy(ymd, utc, 10);
	ymd[10] = '\0';
	if (date_parse(ymd, &days) < 0 || digits(utc + 11, 2, 0, 23, &h) < 0 ||
	    digits(utc + 14, 2, 0, 59, &mi) < 0)
		return -1;
	if (n >= 19 && utc[16] == ':') {
		if (digits(utc + 17, 2, 0, 59, &s) < 0)
			return -1;
		*secs = 1;
	}
	*t = (time_t)days * 86400 + h * 3600 + mi * 60 + s;
	return 0;
}

void
local_time(const char *utc, char out[LOCAL_TIME_LEN])
{
	time_t t;
	int secs;

	if (local_time_parse(utc, &t, &secs) < 0) {
		snprintf(out, LOCAL_TIME_LEN, "%s", utc != NULL ? utc : "");
		return;
	}
	local_time_in(t, cur.zone, secs, out);
}
