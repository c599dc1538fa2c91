/* porch — SPDX-License-Identifier: MIT
 * Parsers for untrusted request data: query strings, urlencoded bodies, cookies and
 * the request path.
 */
#include "config.h"

#include <string.h>

#include "form.h"

/*
 * Percent-decodes s[0..n) into a fresh arena string; plus_space turns '+' into ' '.
 * Returns the decoded length, or -1 for a broken escape.
 */
static long
pct_decode(struct arena *a, const char *s, size_t n, int plus_space, char **out)
{
	char *d = arena_alloc(a, n + 1);
	size_t i, j;

	for (i = j = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '%') {
			int hi, lo;

			if (n - i < 3 || (hi = hex_value((unsigned char)s[i + 1])) < 0 ||
			    (lo = hex_value((unsigned char)s[i + 2])) < 0)
				return -1;
			d[j++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (c == '+' && plus_space)
			d[j++] = ' ';
		else
			d[j++] = (char)c;
	}
	d[j] = '\0';
	*out = d;
	return (long)j;
}

/* Grows the list by one entry; list memory is from the arena, doubled as needed. */
static struct kv *
kv_push(struct arena *a, struct kvlist *l, size_t *cap)
{
	if (l->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		struct kv *nv = arena_alloc(a, ncap * sizeof(*nv));

		if (l->n)
			memcpy(nv, l->v, l->n * sizeof(*nv));
		l->v = nv;
		*cap = ncap;
	}
	return &l->v[l->n++];
}

int
form_parse_urlencoded(struct arena *a, const char *s, size_t n,
    const struct form_limits *lim, struct kvlist *out)
{
	size_t cap = 0, pos = 0;

	out->v = NULL;
	out->n = 0;
	while (pos < n) {
		const char *pair = s + pos, *amp, *eq;
		size_t plen, klen;
		char *key, *val;
		long kl, vl;
		struct kv *e;

		amp = memchr(pair, '&', n - pos);
		plen = amp ? (size_t)(amp - pair) : n - pos;
		pos += plen + 1;
		if (plen == 0)
			continue;
		if (out->n >= lim->fields_max)
			return PARSE_TOO_LARGE;
		/* Encoded length bounds decoded length from above, three to one at best. */
		if (plen > 3 * lim->field_max + 256 + 1)
			return PARSE_TOO_LARGE;
		eq = memchr(pair, '=', plen);
		klen = eq ? (size_t)(eq - pair) : plen;
		if ((kl = pct_decode(a, pair, klen, 1, &key)) < 0)
			return PARSE_BAD;
		if (eq)
			vl = pct_decode(a, eq + 1, plen - klen - 1, 1, &val);
		else
			vl = pct_decode(a, "", 0, 1, &val);
		if (vl < 0)
			return PARSE_BAD;
		if (!utf8_valid(key, (size_t)kl) || !utf8_valid(val, (size_t)vl))
			return PARSE_BAD;
		if ((size_t)kl > 256 || (size_t)vl > lim->field_max)
			return PARSE_TOO_LARGE;
		e = kv_push(a, out, &cap);
		e->key = key;
		e->val = val;
		e->vlen = (size_t)vl;
	}
	return PARSE_OK;
}

int
form_parse_cookies(struct arena *a, const char *s, size_t n,
    const struct form_limits *lim, struct kvlist *out)
{
	size_t cap = 0, pos = 0;

	out->v = NULL;
	out->n = 0;
	if (!utf8_valid(s, n))
		return PARSE_BAD;
	while (pos < n) {
		const char *p = s + pos, *semi, *eq;
		size_t len, klen, vlen;
		struct kv *e;

		semi = memchr(p, ';', n - pos);
		len = semi ? (size_t)(semi - p) : n - pos;
		pos += len + 1;
		while (len > 0 && (*p == ' ' || *p == '\t')) {
			p++;
			len--;
		}
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len == 0)
			continue;
		if ((eq = memchr(p, '=', len)) == NULL)
			continue;	/* not a cookie; browsers ignore it too */
		klen = (size_t)(eq - p);
		vlen = len - klen - 1;
		if (klen == 0)
			continue;
		if (vlen >= 2 && eq[1] == '"' && eq[vlen] == '"')
			vlen -= 2, eq++;
		if (out->n >= lim->fields_max)
			return PARSE_TOO_LARGE;
		if (vlen > lim->field_max || klen > 256)
			return PARSE_TOO_LARGE;
		e = kv_push(a, out, &cap);
		e->key = arena_strndup(a, p, klen);
		e->val = arena_strndup(a, eq + 1, vlen);
		e->vlen = vlen;
	}
	return PARSE_OK;
}

int
form_decode_path(struct arena *a, const char *uri, size_t maxlen, char **out)
{
	const char *q = strchr(uri, '?');
	size_t n = q ? (size_t)(q - uri) : strlen(uri);
	char *p;
	long len;

	if (n == 0 || uri[0] != '/')
		return PARSE_BAD;
	if (n > maxlen)
		return PARSE_TOO_LARGE;
	if ((len = pct_decode(a, uri, n, 0, &p)) < 0)
		return PARSE_BAD;
	if (!utf8_valid(p, (size_t)len))
		return PARSE_BAD;
	/* Reject dot segments outright: no route needs them, and none may escape. */
	for (const char *seg = p; seg != NULL; seg = strchr(seg + 1, '/')) {
		if (strncmp(seg, "/.", 2) == 0 && (seg[2] == '/' || seg[2] == '\0' ||
		    (seg[2] == '.' && (seg[3] == '/' || seg[3] == '\0'))))
			return PARSE_BAD;
	}
	*out = p;
	return PARSE_OK;
}

const char *
kv_get(const struct kvlist *l, const char *key)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0)
			return l->v[i].val;
	return NULL;
}
