/* porch — SPDX-License-Identifier: MIT
 * Unit tests of the CSV writer: RFC 4180 quoting, and cells a spreadsheet would
 * read as a formula, however they are dressed.
 */
#include "config.h"

#include <string.h>

#include "csv.h"
#include "tap.h"

/* What csv_field() writes for s. */
static const char *
cell(const char *s)
{
	static struct buf b;

	if (b.data == NULL)
		buf_init(&b, 64);
	buf_reset(&b);
	csv_field(&b, s);
	return b.data;
}

static void
test_quoting(void)
{
	is_str(cell("Ada Beach House"), "Ada Beach House", "plain text as it is");
	is_str(cell(""), "", "empty text: an empty cell");
	is_str(cell(NULL), "", "no text: an empty cell");
	is_str(cell("a,b"), "\"a,b\"", "a comma: quoted");
	is_str(cell("say \"hi\""), "\"say \"\"hi\"\"\"", "quotes: doubled and quoted");
	is_str(cell("two\r\nlines"), "\"two\r\nlines\"", "CR LF: quoted, kept");
	is_str(cell("2027-03-05"), "2027-03-05", "a date as it is");
	is_str(cell("Zo\xc3\xab"), "Zo\xc3\xab", "UTF-8 as it is");
}

static void
test_formulas(void)
{
	/* Each of these starts a formula in Excel, LibreOffice or Google Sheets. */
	static const struct { const char *in, *out, *what; } cases[] = {
		{ "=1+1", "\"'=1+1\"", "= at the start" },
		{ "+1+1", "\"'+1+1\"", "+ at the start" },
		{ "-1+1", "\"'-1+1\"", "- at the start (not a plain number)" },
		{ "@SUM(A1)", "\"'@SUM(A1)\"", "@ at the start" },
		{ "\t=1+1", "\"'\t=1+1\"", "a tab before =" },
		{ "\r=1+1", "\"'\r=1+1\"", "a CR before =" },
		{ "\n+cmd", "\"'\n+cmd\"", "an LF before +" },
		{ " =HYPERLINK(\"http://x\")", "\"' =HYPERLINK(\"\"http://x\"\")\"",
		    "a space before =, quotes inside" },
		{ " \t\r\n\x0b\x0c=1", "\"' \t\r\n\x0b\x0c=1\"", "a run of blanks" },
		{ "\x01@x", "\"'\x01@x\"", "a C0 control before @" },
		{ "\x7f-x", "\"'\x7f-x\"", "DEL before -" },
		{ "\xc2\x85=1", "\"'\xc2\x85=1\"", "a C1 control (NEL) before =" },
		{ "\xc2\xa0=1", "\"'\xc2\xa0=1\"", "a no-break space before =" },
		{ "\xe2\x80\x83=1", "\"'\xe2\x80\x83=1\"", "an em space before =" },
		{ "\xe2\x80\x8b=1", "\"'\xe2\x80\x8b=1\"", "a zero-width space before =" },
		{ "\xe3\x80\x80=1", "\"'\xe3\x80\x80=1\"", "an ideographic space before =" },
		{ "\xef\xbb\xbf=1", "\"'\xef\xbb\xbf=1\"", "a byte order mark before =" },
		{ "\xef\xbc\x9d" "1+1", "\"'\xef\xbc\x9d" "1+1\"", "a full-width =" },
		{ "\xef\xbc\x8b" "1", "\"'\xef\xbc\x8b" "1\"", "a full-width +" },
		{ "\xef\xbc\x8d" "1", "\"'\xef\xbc\x8d" "1\"", "a full-width -" },
		{ "\xef\xbd\x80x", "\"'\xef\xbd\x80x\"", "a full-width @" },
		{ "+44 20 7946 0101", "\"'+44 20 7946 0101\"", "a phone number with +" },
	};

	for (size_t i = 0; i < NELEM(cases); i++) {
		is_str(cell(cases[i].in), cases[i].out, cases[i].what);
		ok(csv_is_formula(cases[i].in), "...csv_is_formula agrees: %s",
		    cases[i].what);
	}
	/* Not formulas. */
	is_str(cell("-1234.56"), "-1234.56", "a negative amount stays a number");
	is_str(cell("-12"), "-12", "a negative integer too");
	is_str(cell("-"), "\"'-\"", "a lone minus is no number: guarded");
	is_str(cell("-1."), "\"'-1.\"", "a minus and a bare dot: guarded");
	is_str(cell("\t1"), "\t1", "a tab before a digit: no formula");
	is_str(cell(" a=b"), " a=b", "= further in: no formula");
	is_str(cell("a@b.test"), "a@b.test", "an email address: no formula");
	is_str(cell("\xc3\xa9=1"), "\xc3\xa9=1", "a letter first, not a blank: as it is");
	ok(!csv_is_formula("Ada"), "csv_is_formula: plain text is none");
	ok(!csv_is_formula(NULL), "csv_is_formula: NULL is none");
}

static void
test_numbers(void)
{
	struct buf b;

	buf_init(&b, 64);
	csv_money(&b, 123000);
	buf_putc(&b, ',');
	csv_money(&b, -5);
	buf_putc(&b, ',');
	csv_money(&b, 0);
	buf_putc(&b, ',');
	csv_money(&b, INT64_MIN);
	buf_putc(&b, ',');
	csv_int(&b, -3);
	is_str(b.data, "1230.00,-0.05,0.00,-92233720368547758.08,-3",
	    "amounts and integers: plain numbers, negatives unguarded");
	buf_free(&b);
}

/* The records of text (len bytes) as "a|b;c|d;" with "!" for a malformed one and
 * "@N" for the line each starts on. */
static void
read_all(const char *text, size_t len, struct buf *out)
{
	struct arena a = { NULL };
	struct csv_reader rd;
	char **f;
	size_t n, line;
	int rc;

	memset(&rd, 0, sizeof(rd));
	rd.s = text;
	rd.len = len;
	buf_reset(out);
	for (;;) {
		line = rd.line + 1;
		if ((rc = csv_read(&rd, &a, &f, &n)) == 0)
			break;
		buf_printf(out, "@%zu:", line);
		if (rc < 0)
			buf_puts(out, "!");
		for (size_t i = 0; rc > 0 && i < n; i++)
			buf_printf(out, "%s%s", i > 0 ? "|" : "", f[i]);
		buf_puts(out, ";");
	}
	arena_free(&a);
}

static void
test_read(void)
{
	static const struct { const char *in, *want, *what; } cases[] = {
		{ "a,b\nc,d\n", "@1:a|b;@2:c|d;", "two records" },
		{ "a,b\r\nc,d", "@1:a|b;@2:c|d;", "CR LF, and no final line break" },
		{ "\"x, y\",\"say \"\"hi\"\"\"\n", "@1:x, y|say \"hi\";",
		    "a quoted comma and doubled quotes" },
		{ "\"two\nlines\",z\nnext\n", "@1:two\nlines|z;@3:next;",
		    "a quoted line break: the next record starts on line 3" },
		{ "a,,\n", "@1:a||;", "empty cells, a trailing comma" },
		{ "\n", "@1:;", "an empty line: one empty cell" },
		{ "\"open\nrest,x\n", "@1:!;", "a quote left open: malformed to the end" },
		{ "\"a\"b,c\nok\n", "@1:!;@2:ok;", "text after a closing quote: malformed, "
		    "the next line read" },
		{ "", "", "no text: no record" },
	};
	struct buf b;

	buf_init(&b, 64);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		read_all(cases[i].in, strlen(cases[i].in), &b);
		is_str(b.data, cases[i].want, cases[i].what);
	}
	read_all("a\0b,c\nd\n", 8, &b);
	is_str(b.data, "@1:!;@2:d;", "a NUL byte: malformed");
	/* What the writer writes, the reader reads back. */
	buf_reset(&b);
	csv_field(&b, "x, \"y\"\r\nz");
	buf_putc(&b, ',');
	csv_field(&b, "plain");
	{
		struct buf back;

		buf_init(&back, 64);
		read_all(b.data, b.len, &back);
		is_str(back.data, "@1:x, \"y\"\r\nz|plain;", "the writer's cells read back");
		buf_free(&back);
	}
	buf_free(&b);
}

int
main(void)
{
	test_quoting();
	test_formulas();
	test_numbers();
	test_read();
	return tap_done();
}
