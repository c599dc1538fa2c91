/* porch — SPDX-License-Identifier: MIT
 * Unit tests of the PDF writer: a document comes out whole; a long table goes on
 * over pages; a table too wide to read upright turns the pages to landscape; text
 * that is no markup stays text; a table of too many columns is left out. PORCH_PDF_OUT=FILE keeps the long document to
 * look at.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pdf.h"
#include "tap.h"

#define ROWS	200

/* The page size of the first page of the PDF in b ("/MediaBox [0 0 W H]"). */
static int
first_box(const struct buf *b, double *w, double *h)
{
	const char *m = NULL;

	for (size_t i = 0; i + 9 < b->len; i++)
		if (memcmp(b->data + i, "/MediaBox", 9) == 0) {
			m = b->data + i;
			break;
		}
	return m != NULL && sscanf(m, "/MediaBox [ 0 0 %lf %lf", w, h) == 2 ? 0 : -1;
}

static void
test_long_table(void)
{
	static const char *head[] = { "Description", "Total price", "Owner revenue" };
	static char text[ROWS][3][48];
	const char *cells[ROWS * 3];
	struct pdf *d = pdf_new("Statement for October 2026");
	const char *keep = getenv("PORCH_PDF_OUT");
	struct buf out;
	double w = 0, h = 0;
	char magic[6];
	int pages = 0;

	for (size_t r = 0; r < ROWS; r++) {
		snprintf(text[r][0], sizeof(text[r][0]), "Stay %03zu <b>&amp; "
		    "\xc3\xa9t\xc3\xa9</b>", r);
		snprintf(text[r][1], sizeof(text[r][1]), "%zu.00 USD", 1000 + r);
		snprintf(text[r][2], sizeof(text[r][2]), "%zu.50 USD", 500 + r);
		for (size_t c = 0; c < 3; c++)
			cells[r * 3 + c] = text[r][c];
	}
	pdf_text(d, "Acme Rentals");
	pdf_title(d, "Statement for October 2026");
	pdf_heading(d, "Lines");
	pdf_table(d, &(struct pdf_table){ .ncols = 3, .head = head, .cells = cells,
	    .nrows = ROWS, .right = 6 });
	buf_init(&out, 1024);
	ok(pdf_finish(d, &out, &pages) == 0, "a long document is made");
	snprintf(magic, sizeof(magic), "%.5s", out.len > 1000 ? out.data : "");
	is_str(magic, "%PDF-", "...as a PDF");
	ok(out.len > 6 && memmem(out.data + out.len - 7, 7, "%%EOF", 5) != NULL,
	    "...written to its end");
	ok(pages >= 4, "200 rows go over several pages (%d)", pages);
	ok(first_box(&out, &w, &h) == 0, "...its pages' size is found");
	ok(w < h, "...upright (%.0f x %.0f)", w, h);
	if (keep != NULL) {
		FILE *f = fopen(keep, "wb");

		if (f != NULL) {
			fwrite(out.data, 1, out.len, f);
			fclose(f);
		}
	}
	buf_free(&out);
}

static void
test_wide_table(void)
{
	static const char *head[] = { "Description", "Base rate", "Cleaning fee",
	    "Taxes", "Channel commission", "Management fee", "Owner revenue",
	    "Total price", "Payout" };
	const char *cells[9] = { "Booking A1-1", "1,000,000.00 USD", "150.00 USD",
	    "80.00 USD", "120.00 USD", "200.00 USD", "830.00 USD", "1,230.00 USD",
	    "830.00 USD" };
	struct pdf *d = pdf_new("Wide");
	struct buf out;
	double w = 0, h = 0;
	int pages = 0;

	pdf_table(d, &(struct pdf_table){ .ncols = 9, .head = head, .cells = cells,
	    .nrows = 1, .right = 0x1fe });
	buf_init(&out, 1024);
	ok(pdf_finish(d, &out, &pages) == 0 && pages == 1, "a wide table on one page");
	ok(first_box(&out, &w, &h) == 0, "...its pages' size is found");
	ok(w > h, "...in landscape (%.0f x %.0f)", w, h);
	buf_free(&out);
}

static void
test_empty(void)
{
	static const char *cells[33];
	struct pdf *d = pdf_new("");
	struct buf out;
	int pages = 0;

	/* Tables of no column or more than PDF_COLS_MAX are left out. */
	pdf_table(d, &(struct pdf_table){ .ncols = 0, .cells = cells, .nrows = 1 });
	pdf_table(d, &(struct pdf_table){ .ncols = 33, .cells = cells, .nrows = 1 });
	buf_init(&out, 64);
	ok(pdf_finish(d, &out, &pages) == 0 && pages == 1 &&
	    memcmp(out.data, "%PDF-", 5) == 0,
	    "an empty document (tables of 0 and 33 columns left out) is one blank page");
	buf_free(&out);
}

/*
 * Text people typed (a guest's name, a property's) is printed as typed: pango
 * markup in it is not read, in a title, a paragraph or a table's cell. Read back
 * by pdftotext (poppler-utils) when it is installed.
 */
static void
test_markup_literal(void)
{
	static const char *head[] = { "Guest", "Property" };
	static const char *cells[] = { "<b>x</b> & <i>y</i>", "Tom &amp; Jerry's" };
	struct pdf *d = pdf_new("<span>Title</span>");
	char path[] = "/tmp/porch-test-pdf-XXXXXX", cmd[128], text[4096];
	struct buf out;
	size_t n = 0;
	FILE *f;
	int pages = 0, fd;

	pdf_title(d, "Owner <b>statement</b> & co");
	pdf_text(d, "A note: <u>under</u> &lt;not an entity&gt;");
	pdf_table(d, &(struct pdf_table){ .ncols = 2, .head = head, .cells = cells,
	    .nrows = 1 });
	buf_init(&out, 1024);
	ok(pdf_finish(d, &out, &pages) == 0 && pages == 1,
	    "a document of text with markup in it is made");
	if (system("command -v pdftotext >/dev/null 2>&1") != 0 ||
	    (fd = mkstemp(path)) < 0) {
		ok(1, "# SKIP pdftotext is not installed");
		buf_free(&out);
		return;
	}
	f = fdopen(fd, "wb");
	fwrite(out.data, 1, out.len, f);
	fclose(f);
	buf_free(&out);
	snprintf(cmd, sizeof(cmd), "pdftotext -raw %s -", path);
	if ((f = popen(cmd, "r")) != NULL) {
		n = fread(text, 1, sizeof(text) - 1, f);
		pclose(f);
	}
	text[n] = '\0';
	unlink(path);
	ok(strstr(text, "Owner <b>statement</b> & co") != NULL,
	    "a title's markup is printed as typed");
	ok(strstr(text, "A note: <u>under</u> &lt;not an entity&gt;") != NULL,
	    "...a paragraph's, entities too");
	ok(strstr(text, "<b>x</b> & <i>y</i>") != NULL &&
	    strstr(text, "Tom &amp; Jerry's") != NULL, "...and a table cell's");
}

int
main(void)
{
	test_markup_literal();
	test_long_table();
	test_wide_table();
	test_empty();
	return tap_done();
}
