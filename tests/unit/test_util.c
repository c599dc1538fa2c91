/* porch — SPDX-License-Identifier: MIT
 * Unit tests of the shared helpers: UTF-8 checks, number parsing, buffers, arenas.
 */
#include "config.h"

#include "tap.h"
#include "util.h"

int
main(void)
{
	struct arena a = { 0 };
	struct buf b;
	long long v;
	char hex[9];

	ok(utf8_valid("abc", 3), "ASCII is UTF-8");
	ok(utf8_valid("\xf0\x9f\x8f\xa0", 4), "four-byte sequence");
	ok(!utf8_valid("\xf4\x90\x80\x80", 4), "beyond U+10FFFF is invalid");
	ok(!utf8_valid("\xe0\x80\x80", 3), "overlong three-byte is invalid");
	ok(!utf8_valid("\xc3", 1), "truncated sequence is invalid");
	ok(!utf8_valid("a\0b", 3), "NUL is refused");
	ok(!utf8_valid("\x80", 1), "lone continuation byte is invalid");

	ok(parse_int("42", 0, 100, &v) == 0 && v == 42, "number in range");
	ok(parse_int("101", 0, 100, &v) < 0, "number over max");
	ok(parse_int("-1", 0, 100, &v) < 0, "negative refused when min is 0");
	ok(parse_int("-5", -10, 10, &v) == 0 && v == -5, "negative allowed when min < 0");
	ok(parse_int(" 1", 0, 100, &v) < 0, "leading space refused");
	ok(parse_int("1x", 0, 100, &v) < 0, "trailing garbage refused");
	ok(parse_int("", 0, 100, &v) < 0, "empty refused");
	ok(parse_int("99999999999999999999", 0, 100, &v) < 0, "overflow refused");

	buf_init(&b, 1);
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%d,", i);
	ok(b.len == strlen(b.data) && strncmp(b.data, "0,1,2,", 6) == 0 &&
	    strstr(b.data, "999,") != NULL, "buffer grows across many writes");
	buf_free(&b);

	for (int i = 0; i < 100; i++) {
		char *p = arena_alloc(&a, 1000);

		memset(p, 'x', 1000);
	}
	ok(strcmp(arena_strdup(&a, "kept"), "kept") == 0, "arena strings survive growth");
	arena_reset(&a);
	ok(strcmp(arena_strndup(&a, "abcdef", 3), "abc") == 0, "arena reuse after reset");
	arena_free(&a);

	/* A reserved arena (the batch's) keeps its large chunk across resets, even
	 * when a small chunk came after it. */
	{
		char *first, *second, *last = NULL, *big;

		arena_reserve(&a, 1 << 20);
		first = arena_alloc(&a, 1000);
		second = arena_alloc(&a, 1000);
		for (int i = 2; i < 100; i++)
			last = arena_alloc(&a, 1000);
		ok(last - first == 99 * (second - first), "a reserved arena allocates "
		    "from one chunk");
		arena_reset(&a);
		ok(arena_alloc(&a, 1000) == first, "a reserved arena is reused after a "
		    "reset");
		big = arena_alloc(&a, 2 << 20);
		memset(big, 'x', 2 << 20);
		arena_alloc(&a, 100);	/* a new small chunk, the newest */
		arena_reset(&a);
		ok(arena_alloc(&a, (1 << 20) + 1) == big, "a reset keeps the largest "
		    "chunk, not the newest");
		arena_free(&a);
	}

	hex_encode((const unsigned char *)"\x01\xab\xff\x00", 4, hex);
	is_str(hex, "01abff00", "hex encoding");
	ok(ct_equal("abcd", "abcd", 4) && !ct_equal("abcd", "abce", 4),
	    "constant-time compare");
	return tap_done();
}
