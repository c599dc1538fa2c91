/* porch — SPDX-License-Identifier: MIT
 * A streaming parser of multipart/form-data bodies (RFC 7578, RFC 2046): fed the
 * body in pieces of any size, it hands each text field whole and each file's bytes
 * as they come, so a file never sits in memory. Pure code over bytes, bounded by
 * limits, fuzzed (tests/fuzz/fuzz_parsers.c).
 */
#ifndef PORCH_MULTIPART_H
#define PORCH_MULTIPART_H

#include <stddef.h>

#include "util.h"

#define MP_BOUNDARY_MAX	70	/* RFC 2046 */

/* Results: 0, or the HTTP status the request deserves (as form.h). */
#define MP_OK		0
#define MP_BAD		400	/* malformed */
#define MP_TOO_LARGE	413	/* a limit passed */

struct mp_limits {
	size_t		 parts_max;	/* parts, fields and files together */
	size_t		 header_max;	/* bytes of one part's header block */
	size_t		 field_max;	/* bytes of one text field's value */
	long long	 file_max;	/* bytes of one file */
};

/* A part's headers, valid until the next part begins. */
struct mp_part {
	const char	*name;		/* Content-Disposition name, UTF-8, never NULL */
	const char	*filename;	/* its filename without any directory; NULL: a
					 * text field; "" a file input left empty */
	const char	*content_type;	/* Content-Type as sent, "" when none */
};

/*
 * What the parser hands on. Each returns 0 to go on, or a status that stops the
 * parsing and is returned by mp_feed(). file_begin is called when a part with a
 * filename begins, file_data with its bytes (any number of calls, each n > 0),
 * file_end when the part is complete; field with a text field's whole value
 * (NUL-terminated, UTF-8 without NUL; len bytes).
 */
struct mp_sink {
	void	*ctx;
	int	(*field)(void *ctx, const char *name, const char *val, size_t len);
	int	(*file_begin)(void *ctx, const struct mp_part *p);
	int	(*file_data)(void *ctx, const char *data, size_t n);
	int	(*file_end)(void *ctx);
};

struct multipart {
	struct mp_limits lim;
	struct mp_sink	 sink;
	char		 delim[MP_BOUNDARY_MAX + 5];	/* "\r\n--" boundary */
	size_t		 dlen;
	size_t		 match;		/* bytes of delim matched so far */
	int		 state;
	int		 error;		/* the status mp_feed() stopped with, or 0 */
	size_t		 parts;
	struct buf	 head;		/* the part's header block */
	struct buf	 val;		/* a text field's value */
	struct mp_part	 part;
	long long	 file_len;
};

/*
 * The boundary of a Content-Type "multipart/form-data; boundary=..." (quoted or
 * not, 1 to 70 characters of RFC 2046's bchars, not ending in a space) into out.
 * 0, or -1 when the type is another or the boundary is missing or malformed.
 */
int	mp_boundary(const char *content_type, char out[MP_BOUNDARY_MAX + 1]);

/* Starts a parse of a body with boundary (as mp_boundary() gives). */
void	mp_init(struct multipart *m, const char *boundary, const struct mp_limits *lim,
	    const struct mp_sink *sink);
/* Parses the next n bytes of the body: MP_OK, MP_BAD, MP_TOO_LARGE or a status a
 * sink returned; after an error every later call returns it again. */
int	mp_feed(struct multipart *m, const char *data, size_t n);
/* The body ended: MP_OK when the closing boundary was seen, else MP_BAD (a body
 * cut off or without its final boundary), or the earlier error. */
int	mp_finish(struct multipart *m);
void	mp_free(struct multipart *m);

#endif
