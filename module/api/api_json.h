/* porch — SPDX-License-Identifier: MIT
 * The tenant API's JSON, through jansson only: the one error shape, and typed input
 * tables in the spirit of module/http/input.h. A resource declares its fields once
 * (name, type, required, bounds, rule); api_json_read() checks a request object
 * against them and refuses unknown fields, wrong types and values out of range,
 * naming the field by its JSON pointer. No request reaches a change function with a
 * value that is not of its type. Pure code, no request: unit-tested and fuzzed.
 */
#ifndef PORCH_API_JSON_H
#define PORCH_API_JSON_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "util.h"

/* An external id (the tenant system's own id of a row): 1 to 128 of A-Z a-z 0-9 . _ - : @ ~ */
#define API_XID_MAX	128

/*
 * An error answer: {"error": {"code": CODE, "message": MESSAGE, "field": FIELD}},
 * field left out when empty. code is one of the words in docs/INTERFACES.md.
 */
struct api_err {
	int		 status;
	const char	*code;
	char		 message[256];
	char		 field[256];	/* a JSON pointer ("/customer"); "" for none */
};

/* Sets e (field may be NULL) and returns status. */
int	api_err_set(struct api_err *e, int status, const char *code, const char *field,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* e as its JSON object (a new reference). */
json_t	*api_err_json(const struct api_err *e);

/* "base/name" as a JSON pointer, name escaped (~ as ~0, / as ~1), into out. */
void	api_pointer(char *out, size_t n, const char *base, const char *name);

/* Is s an external id? 1 or 0. */
int	api_xid_valid(const char *s);

enum api_ftype {
	AF_STRING,	/* one line: no control character; max characters */
	AF_TEXT,	/* text: line breaks and tabs allowed; max characters */
	AF_INT,		/* an integer (not a fraction) in [min, max] */
	AF_BOOL,	/* true or false: i = 1 or 0 */
	AF_DATE,	/* "YYYY-MM-DD", a real day: i = days since the epoch */
	AF_XID,		/* another resource's external id (exists or not is the
			 * change function's rule: 422) */
	AF_LIST,	/* an array of objects, each read against list's table
			 * (pointers /name/N/field); min to max items */
	AF_WORDS,	/* an array of min to max strings, each one word its rule
			 * accepts (a name of a catalog): i items, items[k].s */
	AF__MAX
};

#define AF_REQUIRED	0x1u	/* must be sent */
#define AF_NULLABLE	0x2u	/* null is accepted (as absent) */

struct api_field;

/* The items of an AF_LIST field: each an object of these fields. */
struct api_list {
	const struct api_field	*fields;
	size_t			 n;
};

/* One field of a resource's JSON object. */
struct api_field {
	const char	*name;
	enum api_ftype	 type;
	unsigned	 flags;
	int64_t		 min;	/* AF_INT: the least; AF_STRING, AF_TEXT: characters */
	int64_t		 max;	/* AF_INT: the largest; AF_STRING, AF_TEXT: characters
				 * (0: API_TEXT_MAX) */
	/* A further rule on a string (a choice of words, an address): NULL when s
	 * passes, else the sentence saying what is wanted. */
	const char	*(*rule)(const char *s);
	/* AF_LIST: the table of its items. */
	const struct api_list *list;
};

#define API_TEXT_MAX	4000

/* What a field holds once checked. */
struct api_value {
	int		 set;	/* sent and not null */
	const char	*s;	/* AF_STRING, AF_TEXT, AF_DATE, AF_XID: the text (in the arena) */
	int64_t		 i;	/* AF_INT, AF_BOOL, AF_DATE; AF_LIST: the items */
	/* AF_LIST: i items of list->n values each, item k at items[k * list->n]
	 * (in the arena); AF_WORDS: i strings, items[k].s */
	const struct api_value *items;
};

/*
 * Parses body (len bytes) as one JSON object (duplicate keys refused): 0 with *root
 * (the caller json_decref()s it), or 400 with e set.
 */
int	api_json_parse(const char *body, size_t len, json_t **root, struct api_err *e);

/*
 * Checks object obj against fields[0..n): 0 with out[0..n) set (strings copied into
 * a), or 400 with e naming the first field that is unknown, missing, of the wrong
 * type or out of range, as base + "/" + name (base "" for the top level, or the
 * pointer of a nested object, e.g. "/lines/2").
 */
int	api_json_read(struct arena *a, json_t *obj, const char *base,
	    const struct api_field *fields, size_t n, struct api_value *out,
	    struct api_err *e);

/* The value of an optional string field as JSON: a string, or null when not set. */
json_t	*api_json_str(const char *s);

#endif
