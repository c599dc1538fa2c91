/* porch — SPDX-License-Identifier: MIT
 * libFuzzer target for the parsers of untrusted request data: urlencoded forms and
 * query strings, Cookie headers and request paths. The first byte picks the parser.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
	switch (data[0] % 3) {
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
