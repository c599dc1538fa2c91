/* porch — SPDX-License-Identifier: MIT
 * Unit tests of the streaming multipart/form-data parser: every body is fed in
 * pieces of every size from one byte to the whole, and must parse alike.
 */
#include "config.h"

#include "multipart.h"
#include "tap.h"

#define B	"----porchXYZ"

static const struct mp_limits lim = { 8, 512, 64, 100 };

/* What the sink saw, as text: "f:NAME=VALUE;" per field, "F:NAME:FILE:TYPE["
 * at a file's start, its bytes, "]" at its end. */
static struct buf seen;

static int
on_field(void *ctx, const char *name, const char *val, size_t len)
{
	(void)ctx;
	if (strlen(val) != len)
		return 599;
	buf_printf(&seen, "f:%s=%s;", name, val);
	return 0;
}

static int
on_begin(void *ctx, const struct mp_part *p)
{
	(void)ctx;
	buf_printf(&seen, "F:%s:%s:%s[", p->name, p->filename, p->content_type);
	return strcmp(p->name, "refuse") == 0 ? 403 : 0;
}

static int
on_data(void *ctx, const char *d, size_t n)
{
	(void)ctx;
	if (n == 0)
		return 598;
	buf_put(&seen, d, n);
	return 0;
}

static int
on_end(void *ctx)
{
	(void)ctx;
	buf_putc(&seen, ']');
	return 0;
}

static const struct mp_sink sink = { NULL, on_field, on_begin, on_data, on_end };

/*
 * Parses body (n bytes) in pieces of step bytes (0: whole): the status, with
 * what the sink saw in seen (on an error, what came before it, which depends on
 * the pieces).
 */
static int
parse_step(const char *body, size_t n, size_t step)
{
	struct multipart m;
	int rc = 0;

	buf_reset(&seen);
	mp_init(&m, B, &lim, &sink);
	if (step == 0)
		rc = mp_feed(&m, body, n);
	else
		for (size_t at = 0; at < n && rc == 0; at += step)
			rc = mp_feed(&m, body + at, n - at < step ? n - at : step);
	if (rc == 0)
		rc = mp_finish(&m);
	mp_free(&m);
	return rc;
}

/* The body parses to status want and (when want is 0) to what, in every split. */
static void
check(const char *body, size_t n, int want, const char *what, const char *name)
{
	int rc = parse_step(body, n, 0), same = 1;
	struct buf whole;

	buf_init(&whole, 64);
	buf_puts(&whole, seen.data != NULL ? seen.data : "");
	for (size_t step = 1; step <= n && same; step++)
		same = parse_step(body, n, step) == rc &&
		    (rc != 0 || strcmp(seen.data, whole.data) == 0);
	ok(rc == want, "%s: status %d (want %d)", name, rc, want);
	if (what != NULL)
		is_str(whole.data, what, name);
	ok(same, "%s: the same in pieces of every size", name);
	buf_free(&whole);
}

#define CHECK(body, want, what, name) check(body, sizeof(body) - 1, want, what, name)

#define HEAD(name) "--" B "\r\nContent-Disposition: form-data; name=\"" name "\"\r\n\r\n"
#define FILE_HEAD(name, file) "--" B "\r\nContent-Disposition: form-data; name=\"" \
	name "\"; filename=\"" file "\"\r\nContent-Type: text/plain\r\n\r\n"
#define END "\r\n--" B "--\r\n"

static void
test_bodies(void)
{
	CHECK(HEAD("csrf") "tok" "\r\n" HEAD("title") "A title" "\r\n"
	    FILE_HEAD("file", "a.txt") "line 1\r\nline 2\r\n" END, 0,
	    "f:csrf=tok;f:title=A title;F:file:a.txt:text/plain[line 1\r\nline 2\r\n]",
	    "fields and a file with CRLF in its data");
	CHECK(FILE_HEAD("file", "b.bin") "\r\r\n\r\n-\r\n--\r\nz--" B "x\r--" END, 0,
	    "F:file:b.bin:text/plain[\r\r\n\r\n-\r\n--\r\nz--" B "x\r--]",
	    "CR, dashes and the boundary inside a line are data");
	CHECK(FILE_HEAD("file", "c.txt") "\r\n--" "----porchXY" "\r\n" "\r\n-" B END, 0,
	    "F:file:c.txt:text/plain[\r\n------porchXY\r\n\r\n-" B "]",
	    "a line like the boundary but shorter is data");
	CHECK(FILE_HEAD("file", "d.txt") "\r\n--" B "X\r\n" END, 400, NULL,
	    "the boundary followed by more on its line is malformed");
	CHECK(FILE_HEAD("file", "e.txt") "no end", 400, NULL,
	    "a body without its closing boundary is malformed");
	CHECK(FILE_HEAD("file", "e.txt") "cut\r\n--" B, 400, NULL,
	    "a body cut after a boundary is malformed");
	CHECK(FILE_HEAD("file", "e.txt") "cut\r\n--" B "\r\n", 400, NULL,
	    "a body cut after a part's boundary is malformed");
	CHECK("preamble\r\n" HEAD("a") "1" END "epilogue", 0, "f:a=1;",
	    "preamble and epilogue are ignored");
	CHECK(HEAD("a") "1" "\r\n--" B " \t\r\n" "Content-Disposition: form-data; name=b"
	    "\r\n\r\n2" END, 0, "f:a=1;f:b=2;", "padding after a boundary, a bare name");
	CHECK("--" B "\r\ncontent-disposition:form-data;name=\"f\";filename=\"C:\\\\dir\\\\x \\\"q\\\".pdf\""
	    "\r\n\r\n%PDF" END, 0, "F:f:x \"q\".pdf:[%PDF]",
	    "header names in any case; a path and escapes in a filename");
	CHECK(FILE_HEAD("file", "") END, 0, "F:file::text/plain[]",
	    "an empty file input");
	CHECK("--" B "--", 0, "", "a body of no parts");
	CHECK(HEAD("refuse") "x" END, 0, "f:refuse=x;", "a field is not a file");
	CHECK(FILE_HEAD("refuse", "r") "x" END, 403, NULL, "a sink's refusal stops it");
	/* Malformed. */
	CHECK("--" B "\r\n\r\nx" END, 400, NULL, "a part without headers");
	CHECK("--" B "\r\nContent-Type: text/plain\r\n\r\nx" END, 400, NULL,
	    "a part without Content-Disposition");
	CHECK("--" B "\r\nContent-Disposition: form-data\r\n\r\nx" END, 400, NULL,
	    "a part without a name");
	CHECK("--" B "\r\nContent-Disposition: attachment; name=a\r\n\r\nx" END, 400,
	    NULL, "a disposition other than form-data");
	CHECK("--" B "\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx" END, 400,
	    NULL, "an unclosed quote");
	CHECK("--" B "\r\nContent-Disposition: form-data; name=a; name=b\r\n\r\nx" END,
	    400, NULL, "a name twice");
	CHECK("--" B "\r\nContent-Disposition: form-data;\r\n name=a\r\n\r\nx" END, 400,
	    NULL, "a folded header line");
	CHECK("--" B "\r\nContent-Disposition: form-data; name=a\r\nBad\r\n\r\nx" END,
	    400, NULL, "a header line without a colon");
	CHECK("--" B "\r\nContent-Disposition: form-data; name=a\nX: y\r\n\r\nx" END,
	    400, NULL, "a bare LF in the headers");
	CHECK(HEAD("a") "\xff" END, 400, NULL, "a field that is not UTF-8");
	CHECK(HEAD("a") "x\0y" END, 400, NULL, "a field with NUL");
	CHECK("--" B "x\r\n" HEAD("a") "1" END, 400, NULL,
	    "a first boundary followed by more");
	/* Limits. */
	CHECK(HEAD("a") "0123456789012345678901234567890123456789012345678901234567890"
	    "12345" END, 413, NULL, "a field over field_max");
	CHECK(FILE_HEAD("f", "f") "01234567890123456789012345678901234567890123456789"
	    "01234567890123456789012345678901234567890123456789x" END, 413, NULL,
	    "a file over file_max");
	CHECK(HEAD("a") "\r\n" HEAD("b") "\r\n" HEAD("c") "\r\n" HEAD("d") "\r\n"
	    HEAD("e") "\r\n" HEAD("f") "\r\n" HEAD("g") "\r\n" HEAD("h") "\r\n"
	    HEAD("i") "x" END, 413, NULL,
	    "more parts than parts_max");
	{
		struct buf b;

		buf_init(&b, 1024);
		buf_puts(&b, "--" B "\r\nContent-Disposition: form-data; name=a\r\nX: ");
		for (int i = 0; i < 600; i++)
			buf_putc(&b, 'x');
		buf_puts(&b, "\r\n\r\n1" END);
		check(b.data, b.len, 413, NULL, "headers over header_max");
		buf_free(&b);
	}
}

static void
test_boundary(void)
{
	char b[MP_BOUNDARY_MAX + 1];

	ok(mp_boundary("multipart/form-data; boundary=abc", b) == 0, "plain boundary");
	is_str(b, "abc", "plain boundary read");
	ok(mp_boundary("Multipart/Form-Data;boundary=\"a b:c\"; charset=utf-8", b) == 0,
	    "quoted boundary with a space, type in any case");
	is_str(b, "a b:c", "quoted boundary read");
	ok(mp_boundary("multipart/form-data; charset=utf-8; boundary=----x", b) == 0,
	    "boundary after another parameter");
	is_str(b, "----x", "boundary after another parameter read");
	ok(mp_boundary("multipart/form-data", b) < 0, "no boundary");
	ok(mp_boundary("multipart/form-data; boundary=", b) < 0, "empty boundary");
	ok(mp_boundary("multipart/form-data; boundary=\"ab \"", b) < 0,
	    "boundary ending in a space");
	ok(mp_boundary("multipart/form-data; boundary=a\rb", b) < 0, "CR in a boundary");
	ok(mp_boundary("multipart/form-data; boundary=\"ab", b) < 0, "unclosed quote");
	ok(mp_boundary("multipart/mixed; boundary=ab", b) < 0, "another type");
	ok(mp_boundary("multipart/form-datax; boundary=ab", b) < 0, "a longer type");
	ok(mp_boundary("application/x-www-form-urlencoded", b) < 0, "a form");
	ok(mp_boundary("multipart/form-data; boundary=012345678901234567890123456789"
	    "0123456789012345678901234567890123456789", b) == 0, "70 characters");
	ok(mp_boundary("multipart/form-data; boundary=012345678901234567890123456789"
	    "01234567890123456789012345678901234567890", b) < 0, "71 characters");
}

int
main(void)
{
	buf_init(&seen, 256);
	test_boundary();
	test_bodies();
	buf_free(&seen);
	return tap_done();
}
