/* porch — SPDX-License-Identifier: MIT
 * Streaming multipart/form-data parser (see multipart.h).
 *
 * The body is scanned for the delimiter "\r\n--BOUNDARY". A boundary holds no
 * CR (RFC 2046's bchars), so CR is only the delimiter's first byte: when a partial
 * match fails, the bytes held are the delimiter's own prefix and no later byte of
 * them can start a match. Those bytes are handed on from the delimiter itself, so
 * nothing is buffered across reads but the count of bytes matched.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "multipart.h"

enum mp_state {
	MS_PREAMBLE,	/* before the first delimiter: discarded */
	MS_AFTER,	/* after a delimiter: padding, then CRLF or "--" */
	MS_AFTER_CR,
	MS_AFTER_DASH,
	MS_HEAD,	/* a part's header block */
	MS_BODY,	/* a part's content */
	MS_END		/* after the closing delimiter: the epilogue, ignored */
};

static const char bchars[] = "0123456789abcdefghijklmnopqrstuvwxyz"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ";

int
mp_boundary(const char *ct, char out[MP_BOUNDARY_MAX + 1])
{
	static const char type[] = "multipart/form-data";
	const char *p, *end;
	size_t n;

	if (ct == NULL || strncasecmp(ct, type, sizeof(type) - 1) != 0)
		return -1;
	p = ct + sizeof(type) - 1;
	while (*p != '\0') {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != ';')
			return -1;
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, "boundary=", 9) != 0) {
			/* Another parameter (charset=...): skipped, unquoted only. */
			p += strcspn(p, ";\"");
			if (*p == '"')
				return -1;
			continue;
		}
		p += 9;
		if (*p == '"') {
			end = strchr(++p, '"');
			if (end == NULL)
				return -1;
			n = (size_t)(end - p);
			end++;
		} else {
			n = strcspn(p, "; \t");
			end = p + n;
		}
		if (n == 0 || n > MP_BOUNDARY_MAX || p[n - 1] == ' ')
			return -1;
		for (size_t i = 0; i < n; i++)
			if (p[i] == '\0' || strchr(bchars, p[i]) == NULL)
				return -1;
		memcpy(out, p, n);
		out[n] = '\0';
		for (; *end == ' ' || *end == '\t'; end++)
			;
		return *end == '\0' || *end == ';' ? 0 : -1;
	}
	return -1;
}

void
mp_init(struct multipart *m, const char *boundary, const struct mp_limits *lim,
    const struct mp_sink *sink)
{
	size_t n = strlen(boundary);

	memset(m, 0, sizeof(*m));
	if (n > MP_BOUNDARY_MAX)
		n = MP_BOUNDARY_MAX;
	m->lim = *lim;
	m->sink = *sink;
	memcpy(m->delim, "\r\n--", 4);
	memcpy(m->delim + 4, boundary, n);
	m->dlen = 4 + n;
	/* The body may begin with "--BOUNDARY": as if a line had just ended. */
	m->match = 2;
	m->state = MS_PREAMBLE;
	buf_init(&m->head, 256);
	buf_init(&m->val, 256);
}

void
mp_free(struct multipart *m)
{
	buf_free(&m->head);
	buf_free(&m->val);
}

/* --- a part's headers --- */

static void
skip_ows(char **p)
{
	while (**p == ' ' || **p == '\t')
		(*p)++;
}

/*
 * The next parameter of a Content-Disposition at *p ("key=value", then ";" or the
 * end): key and value NUL-terminated in place, a quoted value unescaped. 1, 0 at
 * the end, -1 malformed.
 */
static int
next_param(char **p, char **key, char **val)
{
	char *s = *p, *w, *e;
	size_t n;

	skip_ows(&s);
	if (*s == '\0')
		return 0;
	*key = s;
	if ((n = strcspn(s, "= \t;\"")) == 0)
		return -1;
	s += n;
	skip_ows(&s);
	if (*s != '=')
		return -1;
	s++;
	(*key)[n] = '\0';	/* over '=' or a space before it, both passed */
	skip_ows(&s);
	if (*s == '"') {
		*val = w = ++s;
		for (; *s != '"'; s++) {
			if (*s == '\0')
				return -1;
			if (*s == '\\' && s[1] != '\0')
				s++;
			*w++ = *s;
		}
		e = w;
		s++;
	} else {
		*val = s;
		if ((n = strcspn(s, "; \t\"")) == 0)
			return -1;
		e = s += n;
	}
	skip_ows(&s);
	if (*s == ';')
		s++;
	else if (*s != '\0')
		return -1;
	*e = '\0';	/* at or before s */
	*p = s;
	return 1;
}

/* Content-Disposition: form-data; name="..."[; filename="..."]. 0 or -1. */
static int
disposition(char *v, struct mp_part *part)
{
	char *key, *val, *slash;
	int rc;

	if (strncasecmp(v, "form-data", 9) != 0)
		return -1;
	v += 9;
	skip_ows(&v);
	if (*v++ != ';')
		return -1;
	while ((rc = next_param(&v, &key, &val)) == 1) {
		if (strcasecmp(key, "name") == 0) {
			if (part->name != NULL)
				return -1;
			part->name = val;
		} else if (strcasecmp(key, "filename") == 0) {
			if (part->filename != NULL)
				return -1;
			/* Some browsers sent the whole path: its last name only. */
			while ((slash = strpbrk(val, "/\\")) != NULL)
				val = slash + 1;
			part->filename = val;
		}
		/* filename* and others: ignored (RFC 7578 4.2). */
	}
	return rc == 0 && part->name != NULL && part->name[0] != '\0' ? 0 : -1;
}

/* The header block in m->head (ending in an empty line) into m->part. */
static int
head_parse(struct multipart *m)
{
	char *s = m->head.data, *line, *colon, *v;
	int seen_cd = 0;

	memset(&m->part, 0, sizeof(m->part));
	m->part.content_type = "";
	if (!utf8_valid(s, m->head.len))
		return MP_BAD;
	m->head.data[m->head.len - 4] = '\0';	/* the last CRLF CRLF */
	while (s != NULL) {
		line = s;
		if ((s = strstr(s, "\r\n")) != NULL) {
			*s = '\0';
			s += 2;
		}
		/* No folded lines, no bare CR or LF, no control characters. */
		if (line[0] == ' ' || line[0] == '\t')
			return MP_BAD;
		for (v = line; *v != '\0'; v++)
			if ((unsigned char)*v < 0x20 && *v != '\t')
				return MP_BAD;
		if ((colon = strchr(line, ':')) == NULL || colon == line)
			return MP_BAD;
		*colon = '\0';
		v = colon + 1;
		skip_ows(&v);
		for (size_t n = strlen(v); n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'); n--)
			v[n - 1] = '\0';
		if (strcasecmp(line, "Content-Disposition") == 0) {
			if (seen_cd++ || disposition(v, &m->part) < 0)
				return MP_BAD;
		} else if (strcasecmp(line, "Content-Type") == 0)
			m->part.content_type = v;
	}
	return seen_cd ? MP_OK : MP_BAD;
}

/* --- the parts' content --- */

static int
fail(struct multipart *m, int status)
{
	m->error = status;
	return status;
}

/* n bytes of the current part's content. */
static int
emit(struct multipart *m, const char *d, size_t n)
{
	if (n == 0 || m->state == MS_PREAMBLE)
		return 0;
	if (m->part.filename != NULL) {
		m->file_len += (long long)n;
		if (m->file_len > m->lim.file_max)
			return MP_TOO_LARGE;
		return m->sink.file_data != NULL ? m->sink.file_data(m->sink.ctx, d, n) : 0;
	}
	if (m->val.len + n > m->lim.field_max)
		return MP_TOO_LARGE;
	buf_put(&m->val, d, n);
	return 0;
}

/* The current part is complete. */
static int
part_end(struct multipart *m)
{
	if (m->state == MS_PREAMBLE)
		return 0;
	if (m->part.filename != NULL)
		return m->sink.file_end != NULL ? m->sink.file_end(m->sink.ctx) : 0;
	if (!utf8_valid(m->val.data, m->val.len))
		return MP_BAD;
	return m->sink.field != NULL ? m->sink.field(m->sink.ctx, m->part.name,
	    m->val.data, m->val.len) : 0;
}

/* The header block is complete: the part begins. */
static int
part_begin(struct multipart *m)
{
	int rc;

	if (++m->parts > m->lim.parts_max)
		return MP_TOO_LARGE;
	if ((rc = head_parse(m)) != 0)
		return rc;
	m->file_len = 0;
	buf_reset(&m->val);
	if (m->part.filename != NULL && m->sink.file_begin != NULL)
		return m->sink.file_begin(m->sink.ctx, &m->part);
	return 0;
}

/*
 * Scans d[0..n) of a part's content (or the preamble) for the delimiter, handing
 * on what is content; *used gets the bytes consumed (up to the delimiter's end).
 */
static int
scan(struct multipart *m, const char *d, size_t n, size_t *used)
{
	size_t run = 0;	/* content from here not handed on yet (when match is 0) */
	int rc;

	for (size_t i = 0; i < n; i++) {
		if (m->match > 0 && d[i] != m->delim[m->match]) {
			/* Not the delimiter after all: what was held is content. */
			if ((rc = emit(m, m->delim, m->match)) != 0)
				return rc;
			m->match = 0;
			run = i;
		}
		if (d[i] != m->delim[m->match])
			continue;
		if (m->match == 0 && (rc = emit(m, d + run, i - run)) != 0)
			return rc;
		if (++m->match < m->dlen)
			continue;
		m->match = 0;
		if ((rc = part_end(m)) != 0)
			return rc;
		m->state = MS_AFTER;
		*used = i + 1;
		return 0;
	}
	*used = n;
	return m->match == 0 ? emit(m, d + run, n - run) : 0;
}

int
mp_feed(struct multipart *m, const char *d, size_t n)
{
	size_t used;
	int rc;

	if (m->error != 0)
		return m->error;
	while (n > 0) {
		switch (m->state) {
		case MS_PREAMBLE:
		case MS_BODY:
			if ((rc = scan(m, d, n, &used)) != 0)
				return fail(m, rc);
			break;
		case MS_AFTER:
			used = 1;
			if (*d == '-')
				m->state = MS_AFTER_DASH;
			else if (*d == '\r')
				m->state = MS_AFTER_CR;
			else if (*d != ' ' && *d != '\t')
				return fail(m, MP_BAD);
			break;
		case MS_AFTER_DASH:
			used = 1;
			if (*d != '-')
				return fail(m, MP_BAD);
			m->state = MS_END;
			break;
		case MS_AFTER_CR:
			used = 1;
			if (*d != '\n')
				return fail(m, MP_BAD);
			m->state = MS_HEAD;
			buf_reset(&m->head);
			break;
		case MS_HEAD:
			used = 1;
			buf_putc(&m->head, *d);
			if (m->head.len > m->lim.header_max)
				return fail(m, MP_TOO_LARGE);
			if (m->head.len == 2 && memcmp(m->head.data, "\r\n", 2) == 0)
				return fail(m, MP_BAD);	/* no headers, so no name */
			if (m->head.len >= 4 && memcmp(m->head.data + m->head.len - 4,
			    "\r\n\r\n", 4) == 0) {
				m->state = MS_BODY;
				if ((rc = part_begin(m)) != 0)
					return fail(m, rc);
			}
			break;
		default:	/* MS_END: the epilogue */
			used = n;
			break;
		}
		d += used;
		n -= used;
	}
	return 0;
}

int
mp_finish(struct multipart *m)
{
	if (m->error != 0)
		return m->error;
	return m->state == MS_END ? MP_OK : fail(m, MP_BAD);
}
