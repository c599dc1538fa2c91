/* porch — SPDX-License-Identifier: MIT
 * Parsers for untrusted request data: query strings, urlencoded bodies, cookies and
 * the request path. Pure functions over bytes, bounded by limits, fuzzed.
 */
#ifndef PORCH_FORM_H
#define PORCH_FORM_H

#include <stddef.h>

#include "util.h"

struct kv {
	const char	*key;
	const char	*val;
	size_t		 vlen;
};

struct kvlist {
	struct kv	*v;
	size_t		 n;
};

struct form_limits {
	size_t	 fields_max;
	size_t	 field_max;
};

/* Results: 0, or the HTTP status the request deserves. */
#define PARSE_OK	 0
#define PARSE_BAD	 400	/* malformed, invalid UTF-8, embedded NUL */
#define PARSE_TOO_LARGE	 413	/* too many fields or a field too long */

/*
 * Parses application/x-www-form-urlencoded data (also query strings) into out, with
 * keys and values decoded ('+' and %XX) and checked to be UTF-8 without NUL. Memory
 * comes from a and lives as long as it.
 */
int	form_parse_urlencoded(struct arena *a, const char *s, size_t n,
	    const struct form_limits *lim, struct kvlist *out);

/* Parses a Cookie header ("a=b; c=d"); values are taken as they are (RFC 6265). */
int	form_parse_cookies(struct arena *a, const char *s, size_t n,
	    const struct form_limits *lim, struct kvlist *out);

/*
 * Decodes the path part of a request URI (up to '?'), %XX only. The result starts
 * with '/', is UTF-8 without NUL, and has no "." or ".." segments.
 */
int	form_decode_path(struct arena *a, const char *uri, size_t maxlen, char **out);

/* The first value for key, or NULL. */
const char	*kv_get(const struct kvlist *l, const char *key);

#endif
