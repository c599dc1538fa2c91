/* porch — SPDX-License-Identifier: MIT
 * Unit tests of the request parsers: urlencoded data, cookies and paths.
 */
#include "config.h"

#include "form.h"
#include "tap.h"

static struct arena a;
static const struct form_limits lim = { 4, 16 };

static int
parse(const char *s, struct kvlist *l)
{
	return form_parse_urlencoded(&a, s, strlen(s), &lim, l);
}

static void
test_urlencoded(void)
{
	struct kvlist l;

	ok(parse("a=1&b=two+words&c=%C3%A9t%C3%A9", &l) == PARSE_OK && l.n == 3,
	    "three fields parse");
	is_str(kv_get(&l, "a"), "1", "plain value");
	is_str(kv_get(&l, "b"), "two words", "plus is a space");
	is_str(kv_get(&l, "c"), "\xc3\xa9t\xc3\xa9", "UTF-8 escapes decode");
	ok(kv_get(&l, "d") == NULL, "missing key is NULL");
	ok(parse("&&a&=x&", &l) == PARSE_OK && l.n == 2, "empty pairs are skipped");
	is_str(kv_get(&l, "a"), "", "key without = has an empty value");
	is_str(kv_get(&l, ""), "x", "empty key is kept");
	ok(parse("a=%41%4a", &l) == PARSE_OK, "upper and mixed hex escapes");
	is_str(kv_get(&l, "a"), "AJ", "hex escapes decode");
	ok(parse("a=%FF", &l) == PARSE_BAD, "invalid UTF-8 is 400");
	ok(parse("a=%C3%28", &l) == PARSE_BAD, "broken UTF-8 sequence is 400");
	ok(parse("a=%ED%A0%80", &l) == PARSE_BAD, "UTF-16 surrogate is 400");
	ok(parse("a=%C0%AF", &l) == PARSE_BAD, "overlong encoding is 400");
	ok(parse("a=%00", &l) == PARSE_BAD, "escaped NUL is 400");
	ok(parse("a%00=1", &l) == PARSE_BAD, "NUL in a key is 400");
	ok(parse("a=%4", &l) == PARSE_BAD, "truncated escape is 400");
	ok(parse("a=%G0", &l) == PARSE_BAD, "non-hex escape is 400");
	ok(parse("a=1&b=2&c=3&d=4", &l) == PARSE_OK, "fields up to the limit");
	ok(parse("a=1&b=2&c=3&d=4&e=5", &l) == PARSE_TOO_LARGE, "one field too many is 413");
	ok(parse("a=0123456789abcdef", &l) == PARSE_OK, "value at the length limit");
	ok(parse("a=0123456789abcdefg", &l) == PARSE_TOO_LARGE, "value one byte over is 413");
	ok(parse("a=%41%41%41%41%41%41%41%41%41%41%41%41%41%41%41%41", &l) == PARSE_OK,
	    "limit counts decoded bytes");
	ok(form_parse_urlencoded(&a, "a=1\0b=2", 7, &lim, &l) == PARSE_BAD,
	    "raw NUL byte in the data is 400");
}

static void
test_cookies(void)
{
	struct kvlist l;
	const char *h = "sid=abc; theme=\"dark\";  empty=; junk ; =novalue";

	ok(form_parse_cookies(&a, h, strlen(h), &lim, &l) == PARSE_OK, "cookie header parses");
	is_str(kv_get(&l, "sid"), "abc", "first cookie");
	is_str(kv_get(&l, "theme"), "dark", "quotes are removed");
	is_str(kv_get(&l, "empty"), "", "empty value");
	ok(l.n == 3, "pairs without a name or = are ignored");
	h = "a=\xff";
	ok(form_parse_cookies(&a, h, strlen(h), &lim, &l) == PARSE_BAD,
	    "invalid UTF-8 in a cookie is 400");
	h = "a=1; b=2; c=3; d=4; e=5";
	ok(form_parse_cookies(&a, h, strlen(h), &lim, &l) == PARSE_TOO_LARGE,
	    "too many cookies is 413");
}

static void
test_path(void)
{
	char *p;

	ok(form_decode_path(&a, "/", 100, &p) == PARSE_OK, "root path");
	is_str(p, "/", "root decodes to itself");
	ok(form_decode_path(&a, "/a%20b?x=1", 100, &p) == PARSE_OK, "path with query");
	is_str(p, "/a b", "query cut, escapes decoded");
	ok(form_decode_path(&a, "/a+b", 100, &p) == PARSE_OK, "plus in a path");
	is_str(p, "/a+b", "plus stays a plus in paths");
	ok(form_decode_path(&a, "", 100, &p) == PARSE_BAD, "empty path is 400");
	ok(form_decode_path(&a, "http://x/", 100, &p) == PARSE_BAD, "absolute URI is 400");
	ok(form_decode_path(&a, "/%00", 100, &p) == PARSE_BAD, "NUL in path is 400");
	ok(form_decode_path(&a, "/%ff", 100, &p) == PARSE_BAD, "bad UTF-8 in path is 400");
	ok(form_decode_path(&a, "/a/../b", 100, &p) == PARSE_BAD, "dot-dot segment is 400");
	ok(form_decode_path(&a, "/a/%2e%2e/b", 100, &p) == PARSE_BAD,
	    "escaped dot-dot segment is 400");
	ok(form_decode_path(&a, "/a/./b", 100, &p) == PARSE_BAD, "dot segment is 400");
	ok(form_decode_path(&a, "/a/..b/.c", 100, &p) == PARSE_OK,
	    "names that start with dots are fine");
	ok(form_decode_path(&a, "/0123456789", 5, &p) == PARSE_TOO_LARGE,
	    "path over the limit is 413");
}

int
main(void)
{
	test_urlencoded();
	test_cookies();
	test_path();
	arena_free(&a);
	return tap_done();
}
