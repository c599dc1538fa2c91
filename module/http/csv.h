/* porch — SPDX-License-Identifier: MIT
 * The one CSV writer: every cell of every export (bookings, statements) is written
 * here, quoted by RFC 4180 and kept from being read as a formula by a spreadsheet.
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

#endif
