/* porch — SPDX-License-Identifier: MIT
 * The tenant API's keys for tenant admins (/staff/api): the list (name, prefix,
 * scope, created, last used, revoked), a new key — shown once, on the answer to the
 * form, and never again — and revocation. Changes go through module/change
 * (api_keys.c), which audits them.
 */
#include "config.h"

#include <string.h>

#include <openssl/crypto.h>

#include "api_key.h"
#include "change.h"
#include "handlers.h"
#include "html.h"
#include "input.h"
#include "session.h"
#include "store_api.h"
#include "tenant.h"

enum api_key_field {
	AK_NAME,		/* the new key's name */
	AK_READ_ONLY,		/* the new key only reads */
	AK_KEY,			/* revoke: the key's id */
	AK_DONE,		/* query: the notice after a revocation */
	AK__MAX
};

static const struct input_key api_key_keys[AK__MAX] = {
	[AK_NAME] = { "name", IN_LINE, 0, 0, API_KEY_NAME_MAX },
	[AK_READ_ONLY] = { "read_only", IN_FLAG, 0, 0, 0 },
	[AK_KEY] = { "key", IN_ID, 0, 0, 0 },
	[AK_DONE] = { "done", IN_RAW, 0, 0, 0 },
};

static const char *const notices[][2] = {
	{ "revoked", "The key was revoked: its next request is refused." },
};

/* The form that makes a key. */
static void
new_key_form(struct buf *b, const struct session *s)
{
	html_raw(b, "<h2>New key</h2>\n<form method=\"post\" action=\"/staff/api/new\">\n");
	csrf_field(b, s->csrf_token);
	html_rawf(b, "<label for=\"name\">Name</label>\n<input id=\"name\" name=\"name\" "
	    "required maxlength=\"%d\">\n", API_KEY_NAME_MAX);
	html_raw(b, "<label><input type=\"checkbox\" name=\"read_only\" value=\"1\"> "
	    "Read-only (may read, never change)</label>\n"
	    "<button type=\"submit\">Make a key</button>\n</form>\n");
}

static void
key_row(struct buf *b, const struct session *s, const struct api_key *k)
{
	html_raw(b, "<tr><td>");
	html_text(b, k->name);
	html_raw(b, "</td><td><code>");
	html_text(b, k->prefix);
	html_raw(b, "\xe2\x80\xa6</code></td><td>");
	html_text(b, k->read_only ? "read-only" : "read-write");
	html_raw(b, "</td><td>");
	html_time(b, k->created);
	html_raw(b, "</td><td>");
	if (k->last_used != NULL)
		html_time(b, k->last_used);
	else
		html_raw(b, "never");
	html_raw(b, "</td><td>");
	if (k->revoked != NULL) {
		html_text(b, "revoked ");
		html_time(b, k->revoked);
	} else
		page_button(b, s, "/staff/api/revoke", "key", k->id, NULL, "Revoke");
	html_raw(b, "</td></tr>\n");
}

int
handle_staff_api(struct req *r, struct resp *p)
{
	struct session *s = page_need_staff(r, p);
	struct buf *b = &p->body;
	struct input_val in[AK__MAX];
	struct api_key *keys;
	size_t n;
	int rc;

	if (s == NULL)
		return 0;
	if ((rc = store_api_key_list(&r->arena, r->tenant->id, &keys, &n)) != DB_OK)
		return status_for_db(rc);
	input_read(r, INPUT_QUERY, api_key_keys, AK__MAX, in);
	page_begin(r, p, "API keys");
	html_raw(b, "<h1>API keys</h1>\n");
	page_notice(p, notices, NELEM(notices), in[AK_DONE].s);
	html_raw(b, "<p>Your own system reaches this site's data at <code>/api/v1/</code> "
	    "with one of these keys in an <code>Authorization: Bearer</code> header. "
	    "A key works only on this site's addresses.</p>\n");
	if (n == 0)
		html_raw(b, "<p>No keys yet.</p>\n");
	else {
		html_raw(b, "<table class=\"api-keys\">\n<thead><tr><th>Name</th>"
		    "<th>Key</th><th>Scope</th><th>Created</th><th>Last used</th>"
		    "<th><span class=\"vh\">Actions</span></th></tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < n; i++)
			key_row(b, s, &keys[i]);
		html_raw(b, "</tbody>\n</table>\n");
	}
	new_key_form(b, s);
	page_end(p);
	return 0;
}

int
handle_staff_api_new(struct req *r, struct resp *p)
{
	struct session *s = page_need_staff(r, p);
	struct buf *b = &p->body;
	struct input_val in[AK__MAX];
	struct change_result out;
	struct actor who;
	char key[API_KEY_LEN + 1];
	int rc;

	if (s == NULL)
		return 0;
	input_read(r, INPUT_FORM, api_key_keys, AK__MAX, in);
	page_actor(r, &who);
	rc = change_api_key_add(&who, in_str(&in[AK_NAME]), in_int(&in[AK_READ_ONLY]) != 0,
	    key, &out);
	if (rc == CHANGE_INVALID) {
		page_begin(r, p, "API keys");
		p->status = 400;
		html_raw(b, "<h1>API keys</h1>\n");
		page_error_text(p, change_sentence(&out));
		new_key_form(b, s);
		page_end(p);
		return 0;
	}
	if (rc != CHANGE_OK)
		return status_for_change(rc);
	page_begin(r, p, "New API key");
	html_raw(b, "<h1>New API key</h1>\n<p>Copy the key now: it is shown this once "
	    "and porch keeps only its hash. Lost, it cannot be shown again; make "
	    "another and revoke this one.</p>\n<p><code id=\"api-key\">");
	html_text(b, key);
	html_raw(b, "</code></p>\n<p><a href=\"/staff/api\">Back to the keys</a></p>\n");
	page_end(p);
	OPENSSL_cleanse(key, sizeof(key));
	return 0;
}

int
handle_staff_api_revoke(struct req *r, struct resp *p)
{
	struct input_val in[AK__MAX];
	struct change_result out;
	struct actor who;
	int rc;

	if (page_need_staff(r, p) == NULL)
		return 0;
	input_read(r, INPUT_FORM, api_key_keys, AK__MAX, in);
	if (in_int(&in[AK_KEY]) == 0)
		return 400;
	if (!page_confirmed(r))
		return page_confirm(r, p, "Revoke this API key?", "Programs that use it "
		    "are refused from now on; a revoked key cannot be used again.", "Revoke",
		    "/staff/api");
	page_actor(r, &who);
	if ((rc = change_api_key_revoke(&who, in_int(&in[AK_KEY]), &out)) != CHANGE_OK)
		return status_for_change(rc);
	resp_redirect(p, 303, "/staff/api?done=revoked");
	return 0;
}
