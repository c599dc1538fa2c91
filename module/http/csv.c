/* porch — SPDX-License-Identifier: MIT
 * The one CSV writer; see csv.h for the rules.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "csv.h"

/*
 * The length of the blank or control character at s, 0 when there is none: ASCII
 * space and C0 controls, DEL, C1 controls (U+0080..U+009F), no-break and other
 * Unicode spaces (U+00A0, U+1680, U+2000..U+200B, U+2028, U+2029, U+202F, U+205F,
 * U+3000) and the byte order mark U+FEFF. Spreadsheets skip some of these before
 * they look for a formula; which ones differs between them, so all are skipped.
 */
static size_t
blank_len(const unsigned char *s)
{
	if (s[0] <= 0x20 && s[0] != '\0')
		return 1;
	if (s[0] == 0x7f)
		return 1;
	if (s[0] == 0xc2 && (s[1] >= 0x80 && s[1] <= 0xa0))
		return 2;
	if (s[0] == 0xe1 && s[1] == 0x9a && s[2] == 0x80)
		return 3;
	if (s[0] == 0xe2 && s[1] == 0x80 && ((s[2] >= 0x80 && s[2] <= 0x8b) ||
	    s[2] == 0xa8 || s[2] == 0xa9 || s[2] == 0xaf))
		return 3;
	if (s[0] == 0xe2 && s[1] == 0x81 && s[2] == 0x9f)
		return 3;
	if (s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	if (s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
		return 3;
	return 0;
}

/* Does s start with = + - @, or ＝ ＋ － ＠ (U+FF1D, U+FF0B, U+FF0D, U+FF20)? */
static int
formula_start(const unsigned char *s)
{
	if (s[0] != '\0' && strchr("=+-@", s[0]) != NULL)
		return 1;
	return s[0] == 0xef && ((s[1] == 0xbc && (s[2] == 0x9d || s[2] == 0x8b ||
	    s[2] == 0x8d)) || (s[1] == 0xbd && s[2] == 0x80));
}

/* Is s a plain decimal number: an optional minus, digits, optional .digits? */
static int
plain_number(const char *s)
{
	size_t i = s[0] == '-', digits = 0;

	while (s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (digits == 0)
		return 0;
	if (s[i] == '.') {
		i++;
		digits = 0;
		while (s[i] >= '0' && s[i] <= '9')
			i++, digits++;
		if (digits == 0)
			return 0;
	}
	return s[i] == '\0';
}

int
csv_is_formula(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n;

	if (s == NULL || plain_number(s))
		return 0;
	while ((n = blank_len(u)) > 0)
		u += n;
	return formula_start(u);
}

void
csv_field(struct buf *b, const char *s)
{
	int formula;

	if (s == NULL)
		return;
	formula = csv_is_formula(s);
	if (strpbrk(s, ",\"\r\n") == NULL && !formula) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	if (formula)
		buf_putc(b, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

void
csv_money(struct buf *b, int64_t cents)
{
	uint64_t v = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	char cell[32];

	snprintf(cell, sizeof(cell), "%s%" PRIu64 ".%02u", cents < 0 ? "-" : "",
	    v / 100, (unsigned)(v % 100));
	csv_field(b, cell);
}

void
csv_int(struct buf *b, long long v)
{
	char cell[24];

	snprintf(cell, sizeof(cell), "%lld", v);
	csv_field(b, cell);
}

/* Skips to the start of the next line (a malformed record's rest). */
static void
csv_skip_line(struct csv_reader *rd)
{
	while (rd->pos < rd->len && rd->s[rd->pos] != '\n')
		rd->pos++;
	if (rd->pos < rd->len) {
		rd->pos++;
		rd->line++;
	}
}

int
csv_read(struct csv_reader *rd, struct arena *a, char ***fields, size_t *n)
{
	char *cell[CSV_FIELDS_MAX];
	struct buf f;
	size_t nf = 0;
	int quoted, end = 0, bad = 0;
	char ch;

	*fields = NULL;
	*n = 0;
	if (rd->pos >= rd->len)
		return 0;
	buf_init(&f, 64);
	while (!end && !bad) {
		buf_reset(&f);
		quoted = rd->pos < rd->len && rd->s[rd->pos] == '"';
		if (quoted)
			rd->pos++;
		for (;;) {
			if (rd->pos >= rd->len) {
				if (quoted)
					bad = 1;	/* a quote left open */
				end = 1;
				break;
			}
			ch = rd->s[rd->pos++];
			if (ch == '\0') {
				bad = 1;
				break;
			}
			if (quoted) {
				if (ch == '"') {
					if (rd->pos < rd->len && rd->s[rd->pos] == '"') {
						rd->pos++;
						buf_putc(&f, '"');
						continue;
					}
					quoted = 0;
					/* Only a separator or the line's end may follow. */
					if (rd->pos < rd->len && rd->s[rd->pos] != ',' &&
					    rd->s[rd->pos] != '\n' && !(rd->s[rd->pos] == '\r' &&
					    rd->pos + 1 < rd->len && rd->s[rd->pos + 1] == '\n')) {
						bad = 1;
						break;
					}
					continue;
				}
				if (ch == '\n')
					rd->line++;
				buf_putc(&f, ch);
				continue;
			}
			if (ch == ',')
				break;
			if (ch == '\r' && rd->pos < rd->len && rd->s[rd->pos] == '\n')
				continue;
			if (ch == '\n') {
				rd->line++;
				end = 1;
				break;
			}
			buf_putc(&f, ch);
		}
		if (bad)
			break;
		if (nf == CSV_FIELDS_MAX) {
			bad = 1;
			break;
		}
		cell[nf++] = arena_strndup(a, f.data != NULL ? f.data : "", f.len);
	}
	buf_free(&f);
	if (bad) {
		csv_skip_line(rd);
		return -1;
	}
	*fields = arena_alloc(a, nf * sizeof(**fields));
	memcpy(*fields, cell, nf * sizeof(**fields));
	*n = nf;
	return 1;
}
