/* porch — SPDX-License-Identifier: MIT
 * The tenant API's request side (see api.h): the key gate, JSON answers and errors.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "api.h"
#include "api_key.h"
#include "audit.h"
#include "change.h"
#include "db.h"
#include "log.h"
#include "router.h"
#include "store_api.h"
#include "tenant.h"

#define JSON_TYPE	"application/json; charset=utf-8"

int
api_send(struct resp *p, int status, json_t *body)
{
	char *s;

	resp_reset(p);
	p->status = status;
	p->content_type = JSON_TYPE;
	if (body == NULL) {
		log_error("out of memory building a JSON answer");
		abort();
	}
	/* JSON_COMPACT: one line; jansson escapes every string it writes. */
	if ((s = json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER)) == NULL) {
		log_error("out of memory writing a JSON answer");
		abort();
	}
	buf_puts(&p->body, s);
	free(s);
	json_decref(body);
	return 0;
}

void
api_send_line(struct resp *p, json_t *body)
{
	char *s;

	if (body == NULL || (s = json_dumps(body, JSON_COMPACT |
	    JSON_PRESERVE_ORDER)) == NULL) {
		log_error("out of memory writing a JSON line");
		abort();
	}
	buf_puts(&p->body, s);
	buf_putc(&p->body, '\n');
	free(s);
	json_decref(body);
}

int
api_error(struct resp *p, const struct api_err *e)
{
	api_send(p, e->status, api_err_json(e));
	if (e->status == 503)
		resp_header(p, "Retry-After", "1");
	if (e->status == 401)
		resp_header(p, "WWW-Authenticate", "Bearer realm=\"porch\"");
	return 0;
}

void
api_error_status(const struct req *r, struct resp *p, int status)
{
	static const struct { int status; const char *code, *message; } words[] = {
		{ 400, "bad_request", "The request could not be understood." },
		{ 401, "unauthorized", "A valid API key of this site is needed." },
		{ 403, "forbidden", "This key may not do this." },
		{ 404, "not_found", "There is nothing at this address." },
		{ 405, "method_not_allowed", "This address does not take this method." },
		{ 409, "conflict", "The data as it is does not allow this." },
		{ 413, "payload_too_large", "The body is larger than this API takes." },
		{ 415, "unsupported_media_type", "The body must be application/json." },
		{ 422, "unprocessable", "A rule refused this." },
		{ 429, "rate_limited", "Too many requests with this key; wait and retry." },
		{ 503, "unavailable", "The service is briefly unavailable; retry soon." },
	};
	struct api_err e;

	(void)r;
	for (size_t i = 0; i < NELEM(words); i++)
		if (words[i].status == status) {
			api_err_set(&e, status, words[i].code, NULL, "%s", words[i].message);
			api_error(p, &e);
			return;
		}
	api_err_set(&e, status >= 400 && status < 600 ? status : 500, "internal_error",
	    NULL, "Something went wrong on our side (request %s).", r->id);
	api_error(p, &e);
}

/*
 * A refused key: 401, and the audit entry (apikey.refused) with why and the key's
 * id when it is known, never the key's text.
 */
static int
refuse(struct req *r, struct resp *p, const char *why, int64_t key)
{
	char detail[120];
	int rc;

	snprintf(detail, sizeof(detail), "reason=%s method=%s", why, r->method_name);
	if ((rc = audit_as(r, "apikey.refused", key != 0 ? "api_key" : NULL, key,
	    key != 0 ? "api_key" : NULL, key, detail)) != DB_OK)
		return status_for_db(rc);
	api_error_status(r, p, 401);
	return 0;
}

int
api_gate(struct req *r, struct resp *p)
{
	const char *h = r->authorization;
	struct api_caller *c;
	struct api_key k;
	unsigned char hash[32];
	uint64_t hits;
	char wait[16];
	int found, rc;

	/* No key at all: nothing to audit, the answer says what is needed. */
	if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0) {
		api_error_status(r, p, 401);
		return 0;
	}
	for (h += 7; *h == ' '; h++)
		;
	if (api_key_hash(h, hash) < 0)
		return refuse(r, p, "malformed", 0);
	/* Looked up within the host's tenant: another tenant's key is unknown here. */
	if ((rc = store_api_key_find(&r->arena, r->tenant->id, hash, &k, &found)) !=
	    DB_OK)
		return status_for_db(rc);
	if (!found || !ct_equal(k.hash, hash, sizeof(hash)))
		return refuse(r, p, "unknown", 0);
	if (k.revoked != NULL)
		return refuse(r, p, "revoked", k.id);
	if ((rc = store_api_rate_hit(&r->arena, r->tenant->id, k.id, &hits)) != DB_OK)
		return status_for_db(rc);
	if (hits > (uint64_t)r->cfg->api.rate_per_minute) {
		api_error_status(r, p, 429);
		/* The count starts again with the next minute. */
		snprintf(wait, sizeof(wait), "%ld", 60 - (long)(time(NULL) % 60));
		resp_header(p, "Retry-After", wait);
		return 0;
	}
	if (k.touch_due && (rc = store_api_key_touch(&r->arena, r->tenant->id, k.id)) !=
	    DB_OK)
		return status_for_db(rc);
	if (k.read_only && r->method != METHOD_GET && r->method != METHOD_HEAD) {
		if ((rc = audit_as(r, "apikey.refused", "api_key", k.id, "api_key", k.id,
		    "reason=read-only")) != DB_OK)
			return status_for_db(rc);
		api_error_status(r, p, 403);
		return 0;
	}
	c = arena_alloc(&r->arena, sizeof(*c));
	c->key_id = k.id;
	c->name = k.name;
	c->read_only = k.read_only;
	r->api_caller = c;
	return PAGE_GO;
}

int
api_body(struct req *r, json_t **root, struct api_err *e)
{
	const char *ct = r->content_type;
	int rc;

	*root = NULL;
	if (strncasecmp(ct, "application/json", 16) != 0 ||
	    (ct[16] != '\0' && ct[16] != ';' && ct[16] != ' '))
		return api_err_set(e, 415, "unsupported_media_type", NULL, "Send the body "
		    "as Content-Type: application/json.");
	if ((rc = req_body(r, r->cfg->api.body_limit)) == 413)
		return api_err_set(e, 413, "payload_too_large", NULL, "The body is larger "
		    "than %d bytes (api.body_limit).", r->cfg->api.body_limit);
	if (rc != 0)
		return api_err_set(e, 400, "bad_request", NULL, "The body was cut short.");
	return api_json_parse(r->body, r->body_len, root, e);
}

void
api_actor(struct req *r, struct actor *who)
{
	memset(who, 0, sizeof(*who));
	who->a = &r->arena;
	who->cfg = r->cfg;
	who->tenant = r->tenant->id;
	who->kind = "api_key";
	who->id = r->api_caller != NULL ? r->api_caller->key_id : 0;
	who->ip = r->remote_addr[0] ? r->remote_addr : NULL;
	who->name = r->api_caller != NULL ? r->api_caller->name : "";
	who->req_id = r->id;
	who->tenant_name = r->tenant->name;
	who->origin = req_origin(r);
}

int
api_change_err(struct api_err *e, int rc, const struct change_result *out,
    const char *base)
{
	char field[256];

	snprintf(field, sizeof(field), "%s%s", base, out->field != NULL ? out->field :
	    "");
	switch (rc) {
	case CHANGE_INVALID:
		return api_err_set(e, 422, "unprocessable", out->field != NULL ? field :
		    NULL, "%s", change_sentence(out));
	case CHANGE_NOT_FOUND:
		return api_err_set(e, 404, "not_found", NULL, "%s", change_sentence(out));
	case CHANGE_CONFLICT:
		return api_err_set(e, 409, "conflict", out->field != NULL ? field : NULL,
		    "%s", change_sentence(out));
	case CHANGE_BUSY:
	case DB_GONE:
	case DB_BUSY:
		return api_err_set(e, 503, "unavailable", NULL, "The service is briefly "
		    "unavailable; retry soon.");
	default:
		return api_err_set(e, 500, "internal_error", NULL, "Something went wrong "
		    "on our side.");
	}
}

int
api_change_error(struct resp *p, int rc, const struct change_result *out)
{
	struct api_err e;

	api_change_err(&e, rc, out, "");
	return api_error(p, &e);
}
