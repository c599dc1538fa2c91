/* porch — SPDX-License-Identifier: MIT
 * Responses: headers (the security headers on every one), error pages, and the single
 * write of the whole response.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcgiapp.h>

#include "html.h"
#include "log.h"
#include "req.h"

/*
 * Sent with every response (docs/DESIGN.md, security invariant 5). Scripts only from our
 * own origin, never inline; no framing. Nothing cached by browsers or proxies
 * either ("Cache-Control: no-store", head()) unless the handler says otherwise.
 */
static const char security_headers[] =
    "X-Content-Type-Options: nosniff\r\n"
    "Content-Security-Policy: default-src 'none'; script-src 'self'; "
    "style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'\r\n"
    "X-Frame-Options: DENY\r\n"
    "Cross-Origin-Opener-Policy: same-origin\r\n";

const char *
http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	default: return status >= 500 ? "Internal Server Error" : "Error";
	}
}

/* What the visitor reads on an error page: plain words, nothing internal. */
static const char *
error_text(int status)
{
	switch (status) {
	case 400: return "The request could not be understood. "
	    "Please check the address or the form and try again.";
	case 403: return "This action is not allowed.";
	case 404: return "There is no page at this address.";
	case 405: return "This page cannot be used that way.";
	case 409: return "This conflicts with the data as it is now. "
	    "Please reload the page and try again.";
	case 413: return "What was sent is too large.";
	case 415: return "This kind of upload is not accepted here.";
	case 503: return "The service is briefly unavailable. Please try again in a moment.";
	default: return "Something went wrong on our side. Please try again later.";
	}
}

void
resp_init(struct resp *p)
{
	memset(p, 0, sizeof(*p));
	buf_init(&p->headers, 256);
	buf_init(&p->body, 8192);
	resp_reset(p);
}

void
resp_free(struct resp *p)
{
	buf_free(&p->headers);
	buf_free(&p->body);
}

void
resp_reset(struct resp *p)
{
	p->status = 200;
	p->content_type = "text/html; charset=utf-8";
	p->no_referrer = 0;
	if (p->spill != NULL)
		fclose(p->spill);
	p->spill = NULL;
	p->spilled = 0;
	buf_reset(&p->headers);
	buf_reset(&p->body);
}

static int
header_safe(const char *s)
{
	return strpbrk(s, "\r\n") == NULL;
}

void
resp_header(struct resp *p, const char *name, const char *value)
{
	if (!header_safe(name) || !header_safe(value) || strchr(name, ':') != NULL) {
		log_error("dropped a response header with a line break in it");
		return;
	}
	buf_printf(&p->headers, "%s: %s\r\n", name, value);
}

void
resp_cookie_drop(struct resp *p, const char *name)
{
	static const char set[] = "Set-Cookie: ";
	size_t n = strlen(name), w = 0, i = 0, len = p->headers.len;
	char *d = p->headers.data;

	while (i < len) {
		const char *e = memchr(d + i, '\n', len - i);
		size_t l = e != NULL ? (size_t)(e - (d + i)) + 1 : len - i;
		int drop = l > sizeof(set) - 1 + n &&
		    memcmp(d + i, set, sizeof(set) - 1) == 0 &&
		    memcmp(d + i + sizeof(set) - 1, name, n) == 0 &&
		    d[i + sizeof(set) - 1 + n] == '=';

		if (!drop) {
			memmove(d + w, d + i, l);
			w += l;
		}
		i += l;
	}
	p->headers.len = w;
	if (d != NULL)
		d[w] = '\0';
}

/* Replaces the response by the error page for status, naming the request by id. */
static void
error_page(struct resp *p, const char *id, int status)
{
	int no_referrer = p->no_referrer;

	/* An error on a token page still must not send its address on. */
	resp_reset(p);
	p->no_referrer = no_referrer;
	p->status = status;
	/* 503 is always brief here (MariaDB away, every argon2 slot taken): say when
	 * to come back rather than leave clients to retry at once. */
	if (status == 503)
		resp_header(p, "Retry-After", "1");
	html_page_begin_site(&p->body, http_reason(status), p->site);
	html_rawf(&p->body, "<h1>%d ", status);
	html_text(&p->body, http_reason(status));
	html_raw(&p->body, "</h1>\n<p>");
	html_text(&p->body, error_text(status));
	html_raw(&p->body, "</p>\n<p class=\"request-id\">Request id: <code>");
	html_text(&p->body, id != NULL ? id : "");
	html_raw(&p->body, "</code></p>\n");
	/* A tenant's page: the way back to its start. */
	if (p->site != NULL && p->site->name != NULL) {
		html_raw(&p->body, "<p><a href=\"/\">Back to ");
		html_text(&p->body, p->site->name);
		html_raw(&p->body, "</a></p>\n");
	}
	html_page_end(&p->body);
}

void
resp_redirect(struct resp *p, int status, const char *path)
{
	/* Local paths only (security invariant 8): "/x", never "//host" or "/\host". */
	if (path[0] != '/' || path[1] == '/' || path[1] == '\\') {
		log_error("refused a redirect to a non-local path");
		error_page(p, p->req_id, 500);
		return;
	}
	p->status = status;
	resp_header(p, "Location", path);
}

void
resp_error(const struct req *r, struct resp *p, int status)
{
	error_page(p, r->id, status);
}

/* Status line and headers into out, for a body of len bytes. */
static void
head(struct buf *out, const struct resp *p, size_t len)
{
	buf_printf(out, "Status: %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n",
	    p->status, http_reason(p->status), p->content_type, len);
	buf_puts(out, security_headers);
	buf_puts(out, "Cache-Control: no-store\r\n");
	buf_puts(out, p->no_referrer ? "Referrer-Policy: no-referrer\r\n" :
	    "Referrer-Policy: same-origin\r\n");
	buf_put(out, p->headers.data, p->headers.len);
	buf_puts(out, "\r\n");
}

void
resp_spill(struct resp *p, size_t limit)
{
	static int warned;

	if (p->body.len < limit)
		return;
	if (p->spill == NULL && (p->spill = tmpfile()) == NULL) {
		if (!warned++)
			log_error("no temporary file for a large answer; kept in memory");
		return;
	}
	if (fwrite(p->body.data, 1, p->body.len, p->spill) != p->body.len) {
		log_error("writing a large answer to its temporary file failed");
		abort();
	}
	p->spilled += p->body.len;
	buf_reset(&p->body);
}

/* Sends the spilled start of the body, from its file. */
static void
send_spill(struct resp *p, struct FCGX_Request *fr)
{
	char chunk[65536];
	size_t n;

	fflush(p->spill);
	rewind(p->spill);
	while ((n = fread(chunk, 1, sizeof(chunk), p->spill)) > 0)
		FCGX_PutStr(chunk, (int)n, fr->out);
}

size_t
resp_send(const struct req *r, struct resp *p, struct FCGX_Request *fr)
{
	struct buf out;
	size_t body = r->method == METHOD_HEAD ? 0 : p->body.len;

	if (p->spill != NULL && r->method != METHOD_HEAD) {
		buf_init(&out, 512 + p->headers.len);
		head(&out, p, p->spilled + p->body.len);
		FCGX_PutStr(out.data, (int)out.len, fr->out);
		buf_free(&out);
		send_spill(p, fr);
		FCGX_PutStr(p->body.data, (int)p->body.len, fr->out);
		body = p->spilled + p->body.len;
		fclose(p->spill);
		p->spill = NULL;
		return body;
	}
	buf_init(&out, 512 + p->headers.len + body);
	head(&out, p, p->body.len);
	buf_put(&out, p->body.data, body);
	FCGX_PutStr(out.data, (int)out.len, fr->out);
	buf_free(&out);
	return body;
}
