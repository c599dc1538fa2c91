/* porch — SPDX-License-Identifier: MIT
 * The request and response objects a handler sees. Everything in struct req is a copy
 * made before FCGX_Finish_r() and lives in the request's arena.
 */
#ifndef PORCH_REQ_H
#define PORCH_REQ_H

#include <stdint.h>
#include <stdio.h>

#include "cfg.h"
#include "form.h"
#include "util.h"

enum method {
	METHOD_GET,
	METHOD_HEAD,
	METHOD_POST,
	METHOD_PUT,		/* the tenant API only (the route table says) */
	METHOD_DELETE,
	METHOD_OTHER,
	METHOD__MAX
};

#define METHOD_BIT(m)	(1u << (m))

struct tenant;
struct session;
struct api_caller;
struct FCGX_Request;
struct FCGX_Stream;
struct upload;

struct req {
	struct arena	 arena;
	char		 id[17];	/* request id, shown on error pages and in logs */
	uint64_t	 start_ms;
	enum method	 method;
	const char	*method_name;
	const char	*host;		/* SERVER_NAME, lower case: the host routed on */
	const char	*http_host;	/* Host header without port, lower case */
	const char	*uri;		/* REQUEST_URI as sent */
	char		*path;		/* decoded path of uri */
	const char	*remote_addr;
	const char	*user_agent;
	const char	*content_type;
	const char	*origin;
	const char	*sec_fetch_site;
	int		 https;
	struct kvlist	 query;
	struct kvlist	 form;		/* urlencoded POST body, or a multipart
					 * form's text fields (upload_read()) */
	int		 multipart;	/* a multipart/form-data POST: its body is
					 * read by upload_read(), not req_load() */
	struct upload	*upload;	/* the file of a multipart form, or NULL */
	struct kvlist	 cookies;
	const struct tenant *tenant;	/* set by the router for tenant routes */
	struct session	*session;	/* the signed-in visitor, or NULL */
	const char	*http_host_raw;	/* Host header as sent (port kept), for Origin */
	const struct cfg *cfg;
	int		 api;		/* the path is under /api/: errors are JSON */
	struct api_caller *api_caller;	/* the API key of an API request (module/api) */
	const char	*authorization;	/* the Authorization header */
	const char	*content_length;	/* CONTENT_LENGTH as sent, "" if none */
	struct FCGX_Stream *in;		/* the body, until FCGX_Finish_r(); read once */
	const char	*body;		/* the body req_body() read (NUL-terminated) */
	size_t		 body_len;
	const char	*if_none_match;	/* conditional GET headers, "" if none */
	const char	*if_modified_since;
};

struct html_site;
struct resp {
	int		 status;
	const char	*content_type;
	int		 no_referrer;	/* Referrer-Policy: no-referrer (token pages) */
	const char	*req_id;	/* the request's id, for an error page written
					 * where the request is not at hand (resp_redirect) */
	const struct html_site *site;	/* the tenant's look on an error page, once
					 * the tenant is known; NULL: porch's */
	struct buf	 headers;	/* extra header lines, each ending in \r\n */
	struct buf	 body;
	FILE		*spill;		/* the start of the body, moved out of memory
					 * by resp_spill(); NULL: none */
	size_t		 spilled;	/* bytes in spill */
};

/*
 * Copies the FastCGI params of fr into r and parses path, query, cookies and an
 * urlencoded body, within the limits of cfg. Returns 0, or the HTTP status the request
 * deserves (400, 413).
 */
int	req_load(struct req *r, struct FCGX_Request *fr, const struct cfg *cfg);
/*
 * Reads the request's body, at most limit bytes, into r->body and r->body_len (once;
 * a second call returns what the first read). Returns 0, 413 when it is larger
 * (Content-Length, or a chunked body past the limit), or 400 when the length is
 * malformed or the body ends early. Forms read it in req_load(); the tenant API after
 * the key is checked, with its own limit.
 */
int	req_body(struct req *r, long long limit);
/*
 * Reads the request's body in chunks of at most REQ_CHUNK bytes, handing each to
 * sink(ctx, data, n), so a large upload never sits in memory whole. *total gets
 * the bytes read. Returns 0 when the whole body was read; 413 past limit (a
 * Content-Length over it is refused before a byte is read); 400 when the length
 * is malformed or the body ends early (a cut-off upload); or sink's nonzero
 * answer, which stops the reading. The body cannot be read again.
 */
#define REQ_CHUNK	65536
int	req_body_stream(struct req *r, long long limit,
	    int (*sink)(void *ctx, const char *data, size_t n), void *ctx,
	    long long *total);
/* Frees what req_load() made; keeps the arena's first chunk for the next request. */
void	req_reset(struct req *r);

const char	*req_form(const struct req *r, const char *key);	/* POST body */
const char	*req_cookie(const struct req *r, const char *name);
/*
 * "http://HOST" or "https://HOST" (config https) with the port of the Host header
 * the visitor used, unless it is the scheme's default: the start of a link to this
 * tenant in mail or on a page, so links made behind a non-default port open.
 * HOST is the routed host (SERVER_NAME, which porch checked against the Host
 * header). In the request's arena.
 */
const char	*req_origin(struct req *r);

void	resp_init(struct resp *p);
void	resp_free(struct resp *p);
/* Clears status, headers and body, e.g. to replace a half-written page by an error. */
void	resp_reset(struct resp *p);
/* Adds a header; a name or value with CR, LF or NUL is dropped and logged. */
void	resp_header(struct resp *p, const char *name, const char *value);
/*
 * Drops the Set-Cookie lines of cookie name added so far: a cookie set again (a
 * transaction run again after a conflict makes a new session) is sent once.
 */
void	resp_cookie_drop(struct resp *p, const char *name);
/* Writes a redirect to a local path (must start with one '/'), else porch's 500 error
 * page with the request id. */
void	resp_redirect(struct resp *p, int status, const char *path);

/* Replaces the response by porch's error page for status, showing the request id. */
void	resp_error(const struct req *r, struct resp *p, int status);

/*
 * Serialises status line, headers (security headers included) and body into one
 * buffer and writes it to fr with a single call. HEAD requests get no body.
 * Returns the number of body bytes.
 */
size_t	resp_send(const struct req *r, struct resp *p, struct FCGX_Request *fr);

/*
 * Keeps p->body under limit bytes for an answer that grows with its request (the
 * tenant API's batch): past it, what the body holds moves to an unlinked temporary
 * file, and resp_send() sends the file and then what is left in the body, with
 * the whole length. When no file can be made the body stays in memory (logged).
 */
void	resp_spill(struct resp *p, size_t limit);

const char	*http_reason(int status);

#endif
