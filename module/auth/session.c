/* porch — SPDX-License-Identifier: MIT
 * Sessions and CSRF. The cookie carries 256 random bits; the database keeps only their
 * SHA-256, so a copy of the sessions table opens no session.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "html.h"
#include "log.h"
#include "session.h"
#include "tenant.h"

/* Last-seen is written at most this often, so most pages cost one read. */
#define TOUCH_EVERY	60

static const char *
cookie_name(const struct req *r)
{
	return r->cfg->https ? "__Host-porch_session" : "porch_session";
}

static const char *
pre_cookie_name(const struct req *r)
{
	return r->cfg->https ? "__Host-porch_signin" : "porch_signin";
}

static void
set_cookie(const struct req *r, struct resp *p, const char *name, const char *value,
    const char *samesite, int clear)
{
	char line[256];

	snprintf(line, sizeof(line), "%s=%s; Path=/; HttpOnly; SameSite=%s%s%s", name,
	    value, samesite, r->cfg->https ? "; Secure" : "",
	    clear ? "; Max-Age=0" : "");
	/* One line per cookie: the last set wins (a session made again, or ended). */
	resp_cookie_drop(p, name);
	resp_header(p, "Set-Cookie", line);
}

int
sess_load(struct req *r, int kept)
{
	const char *tok = req_cookie(r, cookie_name(r));
	struct session *s;
	int found, rc;

	r->session = NULL;
	if (tok == NULL || r->tenant == NULL)
		return DB_OK;
	s = arena_alloc(&r->arena, sizeof(*s));
	if (token_hash(tok, s->hash) < 0)
		return DB_OK;		/* not one of ours: as if absent */
	/* As the worker kept it, checked with the page's first statement. */
	if (kept && store_session_kept(&r->arena, s->hash, r->tenant->id,
	    r->cfg->session.idle_seconds, &s->row, &s->access, &s->access_found)) {
		b64url_encode(s->row.csrf, sizeof(s->row.csrf), s->csrf_token);
		r->session = s;
		return DB_OK;
	}
	rc = store_session_get(&r->arena, s->hash, r->tenant->id,
	    r->cfg->session.idle_seconds, &s->row, &s->access, &s->access_found, &found);
	if (rc != DB_OK || !found)
		return rc;
	if (!s->row.active ||
	    (s->row.impersonator_id != 0 && s->row.impersonator_name == NULL)) {
		/* The user, or the staff member viewing as them, was disabled: over. */
		store_session_del(&r->arena, s->hash, r->tenant->id);
		return DB_OK;
	}
	if (s->row.idle_seconds >= TOUCH_EVERY &&
	    (rc = store_session_touch(&r->arena, s->hash, r->tenant->id)) != DB_OK)
		return rc;
	b64url_encode(s->row.csrf, sizeof(s->row.csrf), s->csrf_token);
	r->session = s;
	return DB_OK;
}

int
sess_settle(struct req *r)
{
	long idle;
	int rc;

	if ((rc = store_session_settle(&idle)) != DB_OK)
		return rc;
	/* The idle time's own write, once a minute, after the page's statements. A
	 * failure leaves it for the next request. */
	if (idle >= TOUCH_EVERY && r->session != NULL)
		(void)store_session_touch(&r->arena, r->session->hash, r->tenant->id);
	return DB_OK;
}

/*
 * A new session for the request, its cookie set once it is stored. With landed
 * (a token visitor's, by link_hash alone) the session is stored only if that link
 * opens the portal now, with its audit line e in the same statement; *landed is
 * then 1, or 0 when it does not.
 */
static int
start(struct req *r, struct resp *p, enum principal k, int64_t user_id,
    int64_t customer_id, const unsigned char *link_hash, int64_t impersonator,
    enum mfa_state mfa, const struct audit_entry *e, int *landed)
{
	const char *old = req_cookie(r, cookie_name(r));
	unsigned char raw[TOKEN_BYTES], hash[32], csrf[32], oldhash[32];
	char text[TOKEN_B64_LEN + 1];
	struct session_new n;
	int rc;

	if (old != NULL && token_hash(old, oldhash) == 0 &&
	    (rc = store_session_del(&r->arena, oldhash, r->tenant->id)) != DB_OK)
		return rc;
	token_new(raw, text);
	crypto_sha256(raw, sizeof(raw), hash);
	crypto_random(csrf, sizeof(csrf));
	memset(&n, 0, sizeof(n));
	n.hash = hash;
	n.tenant = r->tenant->id;
	n.kind = k;
	n.user_id = user_id;
	n.customer_id = customer_id;
	n.link_hash = link_hash;
	n.impersonator_id = impersonator;
	n.csrf = csrf;
	n.mfa = mfa;
	n.ttl_seconds = mfa == MFA_PENDING || mfa == MFA_ENROL ? MFA_STEP_SECONDS :
	    r->cfg->session.absolute_seconds;
	n.ip = r->remote_addr;
	n.user_agent = r->user_agent[0] ? r->user_agent : NULL;
	if (n.user_agent != NULL && strlen(n.user_agent) > 255)
		n.user_agent = arena_strndup(&r->arena, n.user_agent, 255);
	if (landed != NULL)
		rc = store_session_add_link(&r->arena, &n, e, landed);
	else
		rc = store_session_add(&r->arena, &n);
	if (rc == DB_OK && (landed == NULL || *landed != 0))
		set_cookie(r, p, cookie_name(r), text, "Lax", 0);
	else
		/* Nor the cookie of an earlier run of this transaction, rolled back. */
		resp_cookie_drop(p, cookie_name(r));
	OPENSSL_cleanse(raw, sizeof(raw));
	OPENSSL_cleanse(text, sizeof(text));
	return rc;
}

int
sess_start(struct req *r, struct resp *p, enum principal k, int64_t user_id,
    int64_t customer_id, int64_t impersonator)
{
	return start(r, p, k, user_id, customer_id, NULL, impersonator, MFA_NONE, NULL,
	    NULL);
}

int
sess_start_token(struct req *r, struct resp *p, int64_t customer,
    const unsigned char link_hash[32])
{
	return start(r, p, PRINCIPAL_TOKEN, 0, customer, link_hash, 0, MFA_NONE, NULL,
	    NULL);
}

int
sess_start_link(struct req *r, struct resp *p, const unsigned char link_hash[32],
    const struct audit_entry *e, int *landed)
{
	return start(r, p, PRINCIPAL_TOKEN, 0, 0, link_hash, 0, MFA_NONE, e, landed);
}

int
sess_start_mfa(struct req *r, struct resp *p, enum principal k, int64_t user_id,
    enum mfa_state state)
{
	return start(r, p, k, user_id, 0, NULL, 0, state, NULL, NULL);
}

int
sess_is_admin(const struct session *s)
{
	return s->row.kind == PRINCIPAL_STAFF && s->row.role != NULL &&
	    strcmp(s->row.role, "admin") == 0;
}

int
sess_signed_in(const struct req *r)
{
	return r->session != NULL && r->session->row.mfa != MFA_PENDING &&
	    r->session->row.mfa != MFA_ENROL;
}

int
sess_end(struct req *r, struct resp *p)
{
	const char *tok = req_cookie(r, cookie_name(r));
	unsigned char hash[32];
	int rc = DB_OK;

	/* The request's cookie, as r->session was read from it: the same session when a
	 * transaction runs this again after a conflict (r->session is gone by then). */
	if (tok != NULL && r->tenant != NULL && token_hash(tok, hash) == 0)
		rc = store_session_del(&r->arena, hash, r->tenant->id);
	set_cookie(r, p, cookie_name(r), "", "Lax", 1);
	r->session = NULL;
	return rc;
}

/* Does Origin (scheme://host[:port]) name the host this request was sent to? */
static int
same_origin(const struct req *r, const char *origin)
{
	const char *host = strstr(origin, "://");

	if (host == NULL)
		return 0;
	host += 3;
	return strcmp(host, r->http_host_raw) == 0 ||
	    (r->http_host[0] == '\0' && strcmp(host, r->host) == 0);
}

int
csrf_check(const struct req *r, int presession)
{
	const char *want, *got = req_form(r, "csrf");

	if (r->sec_fetch_site[0] != '\0' && strcmp(r->sec_fetch_site, "same-origin") != 0 &&
	    strcmp(r->sec_fetch_site, "none") != 0)
		return 403;
	/* A page sent with Referrer-Policy: no-referrer (links from mail) makes the
	 * browser post "Origin: null"; it still says same-origin in Sec-Fetch-Site. */
	if (strcmp(r->origin, "null") == 0) {
		if (strcmp(r->sec_fetch_site, "same-origin") != 0)
			return 403;
	} else if (r->origin[0] != '\0' && !same_origin(r, r->origin))
		return 403;
	if (presession)
		want = req_cookie(r, pre_cookie_name(r));
	else
		want = r->session != NULL ? r->session->csrf_token : NULL;
	if (want == NULL || got == NULL || strlen(want) != TOKEN_B64_LEN ||
	    strlen(got) != TOKEN_B64_LEN || !ct_equal(want, got, TOKEN_B64_LEN))
		return 403;
	return 0;
}

const char *
csrf_presession_token(struct req *r, struct resp *p)
{
	const char *have = req_cookie(r, pre_cookie_name(r));
	unsigned char raw[TOKEN_BYTES];
	char *text;

	if (have != NULL && strlen(have) == TOKEN_B64_LEN)
		return have;
	text = arena_alloc(&r->arena, TOKEN_B64_LEN + 1);
	token_new(raw, text);
	/* Strict: the sign-in form is never posted from another site. */
	set_cookie(r, p, pre_cookie_name(r), text, "Strict", 0);
	return text;
}

void
csrf_field(struct buf *b, const char *token)
{
	buf_puts(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_attr(b, token);
	buf_puts(b, "\">\n");
}
