/* porch — SPDX-License-Identifier: MIT
 * Validated input (see input.h): one check per type, the same for every page.
 */
#include "config.h"

#include <string.h>

#include "date.h"
#include "input.h"

/* Checks one non-empty value s of key k: INPUT_OK with *i set, or INPUT_BAD. */
static enum input_state
check(const struct input_key *k, const char *s, int64_t *i)
{
	size_t max = k->max > 0 ? (size_t)k->max : INPUT_TEXT_MAX;
	long long ll;
	long days;
	unsigned m;
	int y;

	*i = 0;
	switch (k->type) {
	case IN_ID:
		return (*i = parse_id(s)) > 0 ? INPUT_OK : INPUT_BAD;
	case IN_INT:
		if (parse_int(s, k->min, k->max, &ll) < 0)
			return INPUT_BAD;
		*i = ll;
		return INPUT_OK;
	case IN_DATE:
		if (date_parse(s, &days) < 0)
			return INPUT_BAD;
		*i = days;
		return INPUT_OK;
	case IN_MONTH:
		if (strlen(s) != 7 || date_month_parse(s, &y, &m) < 0)
			return INPUT_BAD;
		*i = date_days(y, m, 1);
		return INPUT_OK;
	case IN_LINE:
	case IN_TEXT:
		return utf8_chars(s) <= max && !has_control(s, k->type == IN_TEXT) ?
		    INPUT_OK : INPUT_BAD;
	case IN_FLAG:
		*i = 1;
		return INPUT_OK;
	case IN_RAW:
		return strlen(s) <= max ? INPUT_OK : INPUT_BAD;
	case IN__MAX:
		break;
	}
	return INPUT_BAD;
}

void
input_read(struct req *r, enum input_src src, const struct input_key *keys, size_t n,
    struct input_val *out)
{
	const struct kvlist *l = src == INPUT_FORM ? &r->form : &r->query;

	for (size_t k = 0; k < n; k++) {
		struct input_val *v = &out[k];
		size_t count = 0;

		memset(v, 0, sizeof(*v));
		for (size_t j = 0; j < l->n; j++)
			if (strcmp(l->v[j].key, keys[k].name) == 0)
				count++;
		if (count == 0)
			continue;
		if (keys[k].flags & IN_MULTI) {
			v->all = arena_alloc(&r->arena, count * sizeof(*v->all));
			v->ids = arena_alloc(&r->arena, count * sizeof(*v->ids));
		}
		for (size_t j = 0; j < l->n; j++) {
			const char *s = l->v[j].val;
			enum input_state st;
			int64_t i;

			if (strcmp(l->v[j].key, keys[k].name) != 0)
				continue;
			if (v->s == NULL)
				v->s = s;
			if (s[0] == '\0')
				st = INPUT_ABSENT;
			else
				st = check(&keys[k], s, &i);
			if (!(keys[k].flags & IN_MULTI)) {
				/* One value: the first one sent counts. */
				v->st = st;
				v->i = st == INPUT_OK ? i : 0;
				break;
			}
			if (st == INPUT_ABSENT)
				continue;
			if (st == INPUT_BAD || v->st == INPUT_BAD) {
				v->st = INPUT_BAD;
				continue;
			}
			v->st = INPUT_OK;
			v->all[v->n] = s;
			v->ids[v->n] = i;
			v->n++;
		}
	}
}

int64_t
input_path_id(const struct req *r, const char *prefix, const char **rest)
{
	size_t n = strlen(prefix), len;
	const char *p;
	char digits[24];

	if (r->path == NULL || strncmp(r->path, prefix, n) != 0)
		return 0;
	p = r->path + n;
	len = strcspn(p, "/");
	if (len == 0 || len >= sizeof(digits))
		return 0;
	memcpy(digits, p, len);
	digits[len] = '\0';
	if (rest != NULL)
		*rest = p + len;
	return parse_id(digits);
}
