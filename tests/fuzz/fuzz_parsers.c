/* porch — SPDX-License-Identifier: MIT
 * libFuzzer target for the parsers of untrusted request data: urlencoded forms and
 * query strings, Cookie headers, request paths and multipart/form-data bodies. The
 * first byte picks the parser.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct mp_limits mp_lim = { 16, 512, 256, 2048 };
static int in_file;
static long long file_bytes;

static int
mp_field(void *ctx, const char *name, const char *val, size_t len)
{
	(void)ctx;
	if (in_file || name[0] == '\0' || strlen(val) != len || len > mp_lim.field_max ||
	    !utf8_valid(val, len))
		abort();
	return 0;
}

static int
mp_file_begin(void *ctx, const struct mp_part *p)
{
	(void)ctx;
	if (in_file || p->filename == NULL || strpbrk(p->filename, "/\\") != NULL)
		abort();
	in_file = 1;
	file_bytes = 0;
	return 0;
}

static int
mp_file_data(void *ctx, const char *d, size_t n)
{
	(void)ctx;
	(void)d;
	if (!in_file || n == 0 || (file_bytes += (long long)n) > mp_lim.file_max)
		abort();
	return 0;
}

static int
mp_file_end(void *ctx)
{
	(void)ctx;
	if (!in_file)
		abort();
	in_file = 0;
	return 0;
}

/* The body parsed whole, and again split at split: the same status both times. */
static void
fuzz_multipart(const char *s, size_t n, size_t split)
{
	static const struct mp_sink sink = { NULL, mp_field, mp_file_begin,
	    mp_file_data, mp_file_end };
	struct multipart m;
	int whole, parts;

	in_file = 0;
	mp_init(&m, "XyZ", &mp_lim, &sink);
	if ((whole = mp_feed(&m, s, n)) == 0)
		whole = mp_finish(&m);
	mp_free(&m);
	in_file = 0;
	mp_init(&m, "XyZ", &mp_lim, &sink);
	if ((parts = mp_feed(&m, s, split)) == 0 &&
	    (parts = mp_feed(&m, s + split, n - split)) == 0)
		parts = mp_finish(&m);
	mp_free(&m);
	if (whole != parts || (whole == 0 && in_file))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct form_limits lim = { 64, 1024 };
	static struct arena a;
	struct kvlist l;
	char *s, *path;

	if (size < 1)
		return 0;
	s = malloc(size);
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	switch (data[0] % 4) {
	case 0:
		if (form_parse_urlencoded(&a, s, size - 1, &lim, &l) == PARSE_OK)
			for (size_t i = 0; i < l.n; i++)
				if (!utf8_valid(l.v[i].val, l.v[i].vlen) ||
				    strlen(l.v[i].val) != l.v[i].vlen || l.v[i].vlen > lim.field_max)
					abort();
		break;
	case 1:
		if (form_parse_cookies(&a, s, size - 1, &lim, &l) == PARSE_OK && l.n > lim.fields_max)
			abort();
		break;
	case 3:
		fuzz_multipart(s, size - 1, size > 1 ? data[1] % size : 0);
		break;
	default:
		if (form_decode_path(&a, s, 2048, &path) == PARSE_OK &&
		    (path[0] != '/' || strstr(path, "/../") != NULL))
			abort();
		break;
	}
	arena_reset(&a);
	free(s);
	return 0;
}
