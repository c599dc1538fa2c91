/* porch — SPDX-License-Identifier: MIT
 * Builds struct req from a FastCGI request: params copied and bounded, path, query,
 * cookies and body parsed.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <fcgiapp.h>

#include "log.h"
#include "req.h"

static const char *const method_names[METHOD__MAX] = {
	"GET", "HEAD", "POST", "PUT", "DELETE", "OTHER",
};

/* Copies a param into the arena, or "" when absent. Sets *toolong past the limit. */
static const char *
param(struct req *r, struct FCGX_Request *fr, const char *name, int *toolong)
{
	const char *v = FCGX_GetParam(name, fr->envp);
	size_t n;

	if (v == NULL)
		return "";
	n = strlen(v);
	if (n > (size_t)r->cfg->limits.param_max) {
		*toolong = 1;
		return "";
	}
	return arena_strndup(&r->arena, v, n);
}

/* Lower-cases a host and strips a port; returns NULL when it is not a host name. */
static const char *
host_norm(struct arena *a, const char *h)
{
	size_t n = strlen(h);
	char *out;

	if (n == 0)
		return "";
	if (h[0] == '[') {		/* [v6]:port */
		const char *end = strchr(h, ']');

		if (end == NULL)
			return NULL;
		n = (size_t)(end - h) + 1;
	} else {
		const char *colon = strchr(h, ':');

		if (colon != NULL)
			n = (size_t)(colon - h);
	}
	if (n > 0 && h[n - 1] == '.')
		n--;
	out = arena_strndup(a, h, n);
	for (char *p = out; *p != '\0'; p++) {
		*p = (char)tolower((unsigned char)*p);
		if (!isalnum((unsigned char)*p) && strchr("-._[]:", *p) == NULL)
			return NULL;
	}
	return out;
}

const char *
req_origin(struct req *r)
{
	const char *scheme = r->cfg->https ? "https" : "http", *h = r->http_host_raw;
	long long port = 0;
	size_t n;
	char *out;

	/* The port of the Host header, after the host (or after "]" of [v6]). */
	if (h != NULL && h[0] == '[')
		h = strchr(h, ']');
	if (h != NULL && (h = strchr(h, ':')) != NULL &&
	    parse_int(h + 1, 1, 65535, &port) < 0)
		port = 0;
	if (port == (r->cfg->https ? 443 : 80))
		port = 0;
	n = strlen(scheme) + strlen(r->host) + 16;
	out = arena_alloc(&r->arena, n);
	if (port != 0)
		snprintf(out, n, "%s://%s:%lld", scheme, r->host, port);
	else
		snprintf(out, n, "%s://%s", scheme, r->host);
	return out;
}

/*
 * The body's declared length: 0 with *len (-1 when none was sent: a chunked
 * upload through Apache), 400 when it is malformed, 413 when it is past limit.
 */
static int
body_length(const struct req *r, long long limit, long long *len)
{
	*len = -1;
	if (*r->content_length == '\0')
		return 0;
	if (parse_int(r->content_length, 0, (long long)1 << 40, len) < 0)
		return 400;
	return *len > limit ? 413 : 0;
}

int
req_body(struct req *r, long long limit)
{
	long long len;
	char *body;
	int got, rc;

	if (r->body != NULL)
		return 0;
	if ((rc = body_length(r, limit, &len)) != 0)
		return rc;
	if (len >= 0) {
		body = arena_alloc(&r->arena, (size_t)len + 1);
		got = len > 0 ? FCGX_GetStr(body, (int)len, r->in) : 0;
		if (got != len)
			return 400;
	} else {
		/* No length: read up to the limit and one byte more, which tells a
		 * body that is too large. */
		body = arena_alloc(&r->arena, (size_t)limit + 2);
		got = FCGX_GetStr(body, (int)limit + 1, r->in);
		if (got < 0)
			return 400;
		if (got > limit)
			return 413;
		len = got;
	}
	body[len] = '\0';
	r->body = body;
	r->body_len = (size_t)len;
	return 0;
}

int
req_body_stream(struct req *r, long long limit,
    int (*sink)(void *ctx, const char *data, size_t n), void *ctx, long long *total)
{
	char chunk[REQ_CHUNK];
	long long len, want;
	int got, rc;

	*total = 0;
	if (r->body != NULL || r->in == NULL)
		return 400;
	if ((rc = body_length(r, limit, &len)) != 0)
		return rc;
	for (;;) {
		/* Without a length, one byte past the limit tells a body too large. */
		want = len >= 0 ? len - *total : limit + 1 - *total;
		if (want <= 0)
			break;
		got = FCGX_GetStr(chunk, want < REQ_CHUNK ? (int)want : REQ_CHUNK, r->in);
		if (got <= 0)
			break;
		*total += got;
		if (*total > limit)
			return 413;
		if ((rc = sink(ctx, chunk, (size_t)got)) != 0)
			return rc;
	}
	/* A body shorter than its length: the client or the web server gave up. */
	if (len >= 0 && *total != len)
		return 400;
	if (len < 0 && FCGX_GetError(r->in) != 0)
		return 400;
	return 0;
}

/* A form's body: urlencoded, within the limits group. */
static int
read_form(struct req *r)
{
	const struct cfg_limits *lim = &r->cfg->limits;
	struct form_limits fl = { (size_t)lim->fields_max, (size_t)lim->field_max };
	int rc;

	if ((rc = req_body(r, lim->body_max)) != 0)
		return rc;
	if (strncmp(r->content_type, "application/x-www-form-urlencoded", 33) != 0)
		return r->body_len == 0 ? 0 : 415;
	return form_parse_urlencoded(&r->arena, r->body, r->body_len, &fl, &r->form);
}

int
req_load(struct req *r, struct FCGX_Request *fr, const struct cfg *cfg)
{
	struct form_limits fl = {
		(size_t)cfg->limits.fields_max, (size_t)cfg->limits.field_max,
	};
	const char *m, *qs, *cookie, *h;
	int toolong = 0, rc;

	r->cfg = cfg;
	m = param(r, fr, "REQUEST_METHOD", &toolong);
	r->method = METHOD_OTHER;
	for (int i = 0; i < METHOD_OTHER; i++)
		if (strcmp(m, method_names[i]) == 0)
			r->method = (enum method)i;
	r->method_name = method_names[r->method];
	r->uri = param(r, fr, "REQUEST_URI", &toolong);
	qs = param(r, fr, "QUERY_STRING", &toolong);
	cookie = param(r, fr, "HTTP_COOKIE", &toolong);
	r->content_length = param(r, fr, "CONTENT_LENGTH", &toolong);
	r->authorization = param(r, fr, "HTTP_AUTHORIZATION", &toolong);
	r->in = fr->in;
	r->content_type = param(r, fr, "CONTENT_TYPE", &toolong);
	r->remote_addr = param(r, fr, "REMOTE_ADDR", &toolong);
	r->user_agent = param(r, fr, "HTTP_USER_AGENT", &toolong);
	r->origin = param(r, fr, "HTTP_ORIGIN", &toolong);
	r->sec_fetch_site = param(r, fr, "HTTP_SEC_FETCH_SITE", &toolong);
	r->if_none_match = param(r, fr, "HTTP_IF_NONE_MATCH", &toolong);
	r->if_modified_since = param(r, fr, "HTTP_IF_MODIFIED_SINCE", &toolong);
	r->https = strcmp(param(r, fr, "HTTPS", &toolong), "on") == 0;
	h = param(r, fr, "SERVER_NAME", &toolong);
	r->host = host_norm(&r->arena, h);
	h = param(r, fr, "HTTP_HOST", &toolong);
	r->http_host_raw = h;
	r->http_host = host_norm(&r->arena, h);
	r->path = "/";
	if (toolong)
		return 400;
	if (r->host == NULL || r->http_host == NULL)
		return 400;
	if ((rc = form_decode_path(&r->arena, r->uri, (size_t)cfg->limits.param_max,
	    &r->path)) != 0) {
		r->path = "/";
		return rc;
	}
	r->api = strncmp(r->path, "/api/", 5) == 0;
	if ((rc = form_parse_urlencoded(&r->arena, qs, strlen(qs), &fl, &r->query)) != 0)
		return rc;
	if ((rc = form_parse_cookies(&r->arena, cookie, strlen(cookie), &fl,
	    &r->cookies)) != 0)
		return rc;
	if (!utf8_valid(r->user_agent, strlen(r->user_agent)))
		r->user_agent = "";
	/* The API reads its JSON body itself, after the key (module/api/api.c). */
	if (r->method == METHOD_POST && !r->api) {
		/* A form with a file: read by its route (upload_read()). */
		if (strncasecmp(r->content_type, "multipart/form-data", 19) == 0) {
			r->multipart = 1;
			return 0;
		}
		return read_form(r);
	}
	return 0;
}

void
req_reset(struct req *r)
{
	arena_reset(&r->arena);
	r->query.n = r->form.n = r->cookies.n = 0;
	r->tenant = NULL;
	r->session = NULL;
	r->api = 0;
	r->multipart = 0;
	r->upload = NULL;
	r->api_caller = NULL;
	r->in = NULL;
	r->body = NULL;
	r->body_len = 0;
}

const char *
req_form(const struct req *r, const char *key)
{
	return kv_get(&r->form, key);
}

const char *
req_cookie(const struct req *r, const char *name)
{
	return kv_get(&r->cookies, name);
}
