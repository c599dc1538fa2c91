/* porch — SPDX-License-Identifier: MIT
 * The tenant API's JSON (see api_json.h): errors, pointers, typed input tables.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "api_json.h"
#include "date.h"

int
api_err_set(struct api_err *e, int status, const char *code, const char *field,
    const char *fmt, ...)
{
	va_list ap;

	e->status = status;
	e->code = code;
	snprintf(e->field, sizeof(e->field), "%s", field != NULL ? field : "");
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
	return status;
}

json_t *
api_err_json(const struct api_err *e)
{
	json_t *inner = json_pack("{s:s, s:s}", "code", e->code != NULL ? e->code :
	    "error", "message", e->message);

	if (inner == NULL)
		return NULL;
	if (e->field[0] != '\0')
		json_object_set_new(inner, "field", json_string(e->field));
	return json_pack("{s:o}", "error", inner);
}

void
api_pointer(char *out, size_t n, const char *base, const char *name)
{
	size_t len = 0;

	/* base and "/", cut to fit as snprintf() would (this runs for every field
	 * of every line of a batch: no formatting). */
	for (; *base != '\0' && len + 1 < n; base++)
		out[len++] = *base;
	if (len + 1 < n)
		out[len++] = '/';
	for (; *name != '\0' && len + 3 < n; name++) {
		if (*name == '~' || *name == '/') {
			out[len++] = '~';
			out[len++] = *name == '~' ? '0' : '1';
		} else
			out[len++] = *name;
	}
	out[len] = '\0';
}

int
api_xid_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > API_XID_MAX)
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr("._-:@~", *s) != NULL))
			return 0;
	return 1;
}

int
api_json_parse(const char *body, size_t len, json_t **root, struct api_err *e)
{
	json_error_t je;

	*root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
	if (*root == NULL)
		return api_err_set(e, 400, "bad_json", NULL, "The body is not valid JSON "
		    "(line %d, column %d): %s", je.line, je.column, je.text);
	if (!json_is_object(*root)) {
		json_decref(*root);
		*root = NULL;
		return api_err_set(e, 400, "bad_json", "", "The body must be a JSON "
		    "object.");
	}
	return 0;
}

static const char *const type_words[AF__MAX] = {
	[AF_STRING] = "a string", [AF_TEXT] = "a string", [AF_INT] = "an integer",
	[AF_BOOL] = "true or false", [AF_DATE] = "a date (YYYY-MM-DD)",
	[AF_XID] = "an external id", [AF_LIST] = "an array of objects",
	[AF_WORDS] = "an array of strings",
};

/* The number of items of array v of field f (at pointer ptr): 0 or 400. */
static int
count_check(const struct api_field *f, json_t *v, const char *ptr, struct api_err *e)
{
	if ((int64_t)json_array_size(v) < f->min || (int64_t)json_array_size(v) > f->max)
		return api_err_set(e, 400, "out_of_range", ptr, "%s must hold %lld to "
		    "%lld items.", f->name, (long long)f->min, (long long)f->max);
	return 0;
}

/* The words of AF_WORDS field f (array v at pointer ptr) into out. */
static int
check_words(struct arena *a, const struct api_field *f, json_t *v, const char *ptr,
    struct api_value *out, struct api_err *e)
{
	struct api_value *items;
	char at[256], num[24];
	const char *why;
	size_t k;
	json_t *item;
	int rc;

	if ((rc = count_check(f, v, ptr, e)) != 0)
		return rc;
	items = arena_alloc(a, (json_array_size(v) + 1) * sizeof(*items));
	json_array_foreach(v, k, item) {
		snprintf(num, sizeof(num), "%zu", k);
		api_pointer(at, sizeof(at), ptr, num);
		if (!json_is_string(item))
			return api_err_set(e, 400, "wrong_type", at, "Each item of %s must "
			    "be a string.", f->name);
		if (f->rule != NULL && (why = f->rule(json_string_value(item))) != NULL)
			return api_err_set(e, 400, "invalid_value", at, "%s", why);
		memset(&items[k], 0, sizeof(items[k]));
		items[k].s = arena_strdup(a, json_string_value(item));
		items[k].set = 1;
	}
	out->items = items;
	out->i = (int64_t)json_array_size(v);
	out->set = 1;
	return 0;
}

/* The items of AF_LIST field f (array v at pointer ptr), each read into out. */
static int
check_list(struct arena *a, const struct api_field *f, json_t *v, const char *ptr,
    struct api_value *out, struct api_err *e)
{
	const struct api_list *l = f->list;
	struct api_value *items;
	char at[256], num[24];
	size_t k;
	json_t *item;
	int rc;

	if ((rc = count_check(f, v, ptr, e)) != 0)
		return rc;
	items = arena_alloc(a, (json_array_size(v) * l->n + 1) * sizeof(*items));
	json_array_foreach(v, k, item) {
		snprintf(num, sizeof(num), "%zu", k);
		api_pointer(at, sizeof(at), ptr, num);
		if (!json_is_object(item))
			return api_err_set(e, 400, "wrong_type", at, "Each item of %s must "
			    "be an object.", f->name);
		if ((rc = api_json_read(a, item, at, l->fields, l->n, &items[k * l->n],
		    e)) != 0)
			return rc;
	}
	out->items = items;
	out->i = (int64_t)json_array_size(v);
	out->set = 1;
	return 0;
}

/* Checks one value v of field f (at pointer ptr) into out: 0 or 400. */
static int
check(struct arena *a, const struct api_field *f, json_t *v, const char *ptr,
    struct api_value *out, struct api_err *e)
{
	const char *s, *why;
	long days;
	size_t max;

	switch (f->type) {
	case AF_INT:
		if (!json_is_integer(v))
			break;
		out->i = json_integer_value(v);
		if (out->i < f->min || out->i > f->max)
			return api_err_set(e, 400, "out_of_range", ptr, "%s must be from "
			    "%lld to %lld.", f->name, (long long)f->min,
			    (long long)f->max);
		out->set = 1;
		return 0;
	case AF_BOOL:
		if (!json_is_boolean(v))
			break;
		out->i = json_is_true(v);
		out->set = 1;
		return 0;
	case AF_STRING:
	case AF_TEXT:
	case AF_DATE:
	case AF_XID:
		if (!json_is_string(v))
			break;
		/* jansson refuses invalid UTF-8 and \u0000 (no JSON_ALLOW_NUL). */
		s = json_string_value(v);
		if (f->type == AF_DATE) {
			if (date_parse(s, &days) < 0)
				return api_err_set(e, 400, "invalid_value", ptr, "%s must be "
				    "a real day as YYYY-MM-DD.", f->name);
			out->i = days;
		} else if (f->type == AF_XID) {
			if (!api_xid_valid(s))
				return api_err_set(e, 400, "invalid_value", ptr, "%s must be "
				    "an external id: 1 to %d of A-Z a-z 0-9 . _ - : @ ~.",
				    f->name, API_XID_MAX);
		} else {
			max = f->max > 0 ? (size_t)f->max : API_TEXT_MAX;
			if (has_control(s, f->type == AF_TEXT))
				return api_err_set(e, 400, "invalid_value", ptr, "%s must "
				    "not hold control characters.", f->name);
			if (utf8_chars(s) > max || utf8_chars(s) < (size_t)f->min)
				return api_err_set(e, 400, "out_of_range", ptr, "%s must be "
				    "%lld to %zu characters long.", f->name,
				    (long long)f->min, max);
		}
		if (f->rule != NULL && (why = f->rule(s)) != NULL)
			return api_err_set(e, 400, "invalid_value", ptr, "%s", why);
		out->s = arena_strdup(a, s);
		out->set = 1;
		return 0;
	case AF_LIST:
		if (!json_is_array(v))
			break;
		return check_list(a, f, v, ptr, out, e);
	case AF_WORDS:
		if (!json_is_array(v))
			break;
		return check_words(a, f, v, ptr, out, e);
	case AF__MAX:
		break;
	}
	return api_err_set(e, 400, "wrong_type", ptr, "%s must be %s%s.", f->name,
	    type_words[f->type < AF__MAX ? f->type : AF_STRING],
	    (f->flags & AF_NULLABLE) ? " or null" : "");
}

int
api_json_read(struct arena *a, json_t *obj, const char *base,
    const struct api_field *fields, size_t n, struct api_value *out,
    struct api_err *e)
{
	char ptr[256];
	const char *key;
	json_t *v;
	size_t i, known = 0;
	int rc;

	memset(out, 0, n * sizeof(*out));
	/* Unknown fields first: a typo must never pass as "not sent". When the
	 * object holds as many keys as the table's fields it holds, every key is
	 * known (one hash look-up a field); else the unknown one is searched for. */
	for (i = 0; i < n; i++)
		known += json_object_get(obj, fields[i].name) != NULL;
	if (known != json_object_size(obj))
		json_object_foreach(obj, key, v) {
			for (i = 0; i < n && strcmp(fields[i].name, key) != 0; i++)
				;
			if (i == n) {
				api_pointer(ptr, sizeof(ptr), base, key);
				return api_err_set(e, 400, "unknown_field", ptr, "This field "
				    "is not known here.");
			}
		}
	for (i = 0; i < n; i++) {
		api_pointer(ptr, sizeof(ptr), base, fields[i].name);
		v = json_object_get(obj, fields[i].name);
		if (v == NULL || (json_is_null(v) && (fields[i].flags & AF_NULLABLE))) {
			if (fields[i].flags & AF_REQUIRED)
				return api_err_set(e, 400, "missing_field", ptr, "%s is "
				    "required.", fields[i].name);
			continue;
		}
		if ((rc = check(a, &fields[i], v, ptr, &out[i], e)) != 0)
			return rc;
	}
	return 0;
}

json_t *
api_json_str(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}
