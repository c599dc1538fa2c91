/* porch — SPDX-License-Identifier: MIT
 * The one CSV writer: every cell of every export (bookings, statements) is written
 * here, quoted by RFC 4180 and kept from being read as a formula by a spreadsheet.
 * And the one CSV reader, for imports (csv_read()).
 */
#ifndef PORCH_CSV_H
#define PORCH_CSV_H

#include <stdint.h>

#include "util.h"

/*
 * A cell of text s (NULL writes an empty cell). It is quoted when it holds a
 * comma, a quote, CR or LF (quotes doubled). A cell a spreadsheet would take for a
 * formula — one whose first character, after any run of blanks and control
 * characters (space, tab, CR, LF, any C0 or C1 control, DEL, Unicode spaces, the
 * byte order mark), is = + - @ or their full-width forms — is written quoted with
 * a ' in front, so it shows as the text it is. A plain decimal number ("-12",
 * "-1234.56") is a number to the spreadsheet, not a formula, and stays as it is.
 */
void	csv_field(struct buf *b, const char *s);

/* cents as a plain decimal cell: "-1234.56". */
void	csv_money(struct buf *b, int64_t cents);

/* An integer cell. */
void	csv_int(struct buf *b, long long v);

/* 1 when csv_field() would guard s against formula reading, else 0. */
int	csv_is_formula(const char *s);

/*
 * A CSV reader over text in memory (RFC 4180: fields separated by commas, quoted
 * fields with "" for a quote, records ending in LF or CR LF; the last line may lack
 * its line break). Start with memset 0, then set s and len.
 */
struct csv_reader {
	const char	*s;
	size_t		 len;
	size_t		 pos;
	size_t		 line;	/* lines read so far: a record starts on line + 1 */
};

#define CSV_FIELDS_MAX	256

/*
 * Reads the next record into *fields (n of them, NUL-terminated copies in a):
 * 1, 0 at the end of the text, or -1 for a malformed record (a quote left open, text
 * after a closing quote, a NUL byte, more than CSV_FIELDS_MAX fields); the reader
 * then stands at the next line (after an open quote: at the end).
 */
int	csv_read(struct csv_reader *rd, struct arena *a, char ***fields, size_t *n);

#endif
