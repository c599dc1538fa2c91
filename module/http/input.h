/* porch — SPDX-License-Identifier: MIT
 * Validated input: each page family declares its form and query keys once, in a
 * table indexed by an enum ending in __MAX, with a type per key; input_read()
 * checks every key of the table against its type and handlers read only the typed
 * values it leaves. The request's parsers (form.c) already refused invalid UTF-8
 * and NUL bytes; this adds the meaning: an id, a number in range, a calendar day,
 * one line of text of bounded length.
 */
#ifndef PORCH_INPUT_H
#define PORCH_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "req.h"

enum input_type {
	IN_ID,		/* a row id: 1 .. INT64_MAX, decimal */
	IN_INT,		/* a decimal integer in [min, max] */
	IN_DATE,	/* "YYYY-MM-DD", a real day (date.h's years): i = days since the epoch */
	IN_MONTH,	/* "YYYY-MM": i = days since the epoch of its first day */
	IN_LINE,	/* text without control characters, at most max characters */
	IN_TEXT,	/* text: line breaks and tabs allowed, no other control character,
			 * at most max characters */
	IN_FLAG,	/* a checkbox: present and not empty is i = 1 */
	IN_RAW,		/* as sent, at most max bytes: passwords, codes, tokens */
	IN__MAX
};

/* IN_MULTI: the key may repeat (check boxes of one name): every value is kept. */
#define IN_MULTI	0x1u

struct input_key {
	const char	*name;
	enum input_type	 type;
	unsigned	 flags;
	int64_t		 min;	/* IN_INT */
	int64_t		 max;	/* IN_INT: the largest; IN_LINE, IN_TEXT: characters;
				 * IN_RAW: bytes; 0: INPUT_TEXT_MAX */
};

#define INPUT_TEXT_MAX	4000

enum input_state {
	INPUT_ABSENT,		/* not sent, or sent empty */
	INPUT_OK,
	INPUT_BAD		/* sent and not of its type (any value, for IN_MULTI) */
};

struct input_val {
	enum input_state st;
	const char	*s;	/* the (first) value as sent; NULL when not sent */
	int64_t		 i;	/* IN_ID, IN_INT, IN_FLAG, IN_DATE, IN_MONTH (see above) */
	size_t		 n;	/* IN_MULTI: how many values were sent */
	const char	**all;	/* IN_MULTI: the values */
	int64_t		*ids;	/* IN_MULTI of IN_ID: the ids */
};

enum input_src {
	INPUT_QUERY,		/* the query string */
	INPUT_FORM		/* the urlencoded POST body */
};

/*
 * Reads and checks every key of keys[0..n) from src into out[0..n) (memory from
 * the request's arena).
 */
void	input_read(struct req *r, enum input_src src, const struct input_key *keys,
	    size_t n, struct input_val *out);

/*
 * The one reader of an id in the path "PREFIX<id>" or "PREFIX<id>/MORE": the id,
 * with *rest (when rest is not NULL) at what follows it, "" or "/MORE". 0 when the
 * path does not start with prefix or no valid id follows it.
 */
int64_t	input_path_id(const struct req *r, const char *prefix, const char **rest);

/* The value's id, number, flag or day when it is valid, else 0. */
static inline int64_t
in_int(const struct input_val *v)
{
	return v->st == INPUT_OK ? v->i : 0;
}

/* The value's text when it is valid, else NULL. */
static inline const char *
in_str(const struct input_val *v)
{
	return v->st == INPUT_OK ? v->s : NULL;
}

#endif
