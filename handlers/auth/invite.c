/* porch — SPDX-License-Identifier: MIT
 * Invitation and password-reset links: making and mailing them (for staff pages and
 * the self-serve /reset form), and the public pages behind them, /invite/<token> and
 * /reset/<token>, where a portal user sets a password (change_link_accept() in
 * module/change/account.c); a staff member's invitation opens on the same page.
 * Tokens are single use, expire, and are stored only as their SHA-256.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "change.h"
#include "handlers.h"
#include "html.h"
#include "mail.h"
#include "session.h"
#include "store_staff_audit.h"
#include "store_users.h"
#include "tenant.h"

struct action_kind {
	const char	*kind;		/* action_tokens.kind */
	const char	*prefix;	/* URL prefix of the link */
	const char	*heading;
	const char	*audit_done;
};

static const struct action_kind invite_kind = {
	"invite", "/invite/", "Welcome \xe2\x80\x94 choose your password", "invite.accept",
};
static const struct action_kind reset_kind = {
	"reset", "/reset/", "Choose a new password", "reset.complete",
};

/* The same page for unknown, used and expired links. */
static int
link_gone(struct req *r, struct resp *p)
{
	struct buf *b = &p->body;

	p->status = 404;
	p->no_referrer = 1;
	page_begin(r, p, "Link not valid");
	html_raw(b, "<h1>This link is not valid</h1>\n<p>It was already used, it "
	    "expired, or it was never issued. Ask for a new one: "
	    "<a href=\"/reset\">reset your password</a>, or contact the office.</p>\n");
	page_end(p);
	return 0;
}

static int
set_form(struct req *r, struct resp *p, const struct action_kind *k, const char *token,
    const struct link_accept *u, const char *error)
{
	struct buf *b = &p->body;
	const char *csrf = csrf_presession_token(r, p);

	p->no_referrer = 1;
	page_begin(r, p, k->heading);
	html_raw(b, "<h1>");
	html_text(b, k->heading);
	html_raw(b, "</h1>\n<p>Your login: <strong>");
	html_text(b, u->login);
	html_raw(b, "</strong></p>\n");
	if (error != NULL)
		page_error_text(p, error);
	page_form(b, csrf, NULL, "%s", k->prefix);
	html_hidden(b, "token", "%s", token);
	page_new_password_fields(b);
	html_raw(b, "<p><button type=\"submit\">Set password</button></p>\n</form>\n");
	page_end(p);
	return 0;
}

/*
 * The user of a live link of kind k with hash into ch (principal, id, login, name):
 * a portal user's, else (invitations only) a staff member's. *found 0 when none.
 */
static int
link_user(struct req *r, const struct action_kind *k, const unsigned char hash[32],
    struct link_accept *ch, int *found)
{
	struct staff_member m;
	struct portal_user u;
	int64_t id;
	int rc;

	*found = 0;
	if ((rc = store_link_user(&r->arena, PRINCIPAL_PORTAL, r->tenant->id, k->kind,
	    hash, &id)) != DB_OK)
		return rc;
	if (id != 0) {
		if ((rc = store_portal_user_get(&r->arena, r->tenant->id, id, &u,
		    found)) != DB_OK || !*found)
			return rc;
		ch->principal = PRINCIPAL_PORTAL;
		ch->id = u.id;
		ch->login = u.login;
		ch->name = u.name;
		return DB_OK;
	}
	if (k != &invite_kind || (rc = store_link_user(&r->arena, PRINCIPAL_STAFF,
	    r->tenant->id, k->kind, hash, &id)) != DB_OK || id == 0 ||
	    (rc = store_staff_get(&r->arena, r->tenant->id, id, &m, found)) != DB_OK ||
	    !*found)
		return rc;
	ch->principal = PRINCIPAL_STAFF;
	ch->id = m.id;
	ch->login = m.email;
	ch->name = m.name;
	return DB_OK;
}

/* GET /invite/<token> and /reset/<token>; POST /invite/ and /reset/ (token in form). */
static int
action_page(struct req *r, struct resp *p, const struct action_kind *k)
{
	struct input_val in[AK__MAX];
	struct change_result out;
	struct link_accept ch = { 0 };
	unsigned char hash[32];
	struct actor who;
	const char *token;
	int found, rc;

	auth_input(r, INPUT_FORM, in);
	if (r->method == METHOD_POST)
		token = in[AK_TOKEN].s;
	else
		token = r->path + strlen(k->prefix);
	p->no_referrer = 1;
	if (token == NULL || token_hash(token, hash) < 0)
		return link_gone(r, p);
	if ((rc = link_user(r, k, hash, &ch, &found)) != DB_OK)
		return status_for_db(rc);
	if (!found)
		return link_gone(r, p);
	if (r->method != METHOD_POST)
		return set_form(r, p, k, token, &ch, NULL);
	ch.kind = k->kind;
	ch.audit = k->audit_done;
	ch.hash = hash;
	ch.pw = in[AK_NEW].s;
	ch.again = in[AK_CONFIRM].s;
	ch.tenant_name = r->tenant->name;
	if (ch.pw == NULL || ch.again == NULL)
		return 400;
	page_actor(r, &who);
	switch ((rc = change_link_accept(&who, &ch, &out))) {
	case CHANGE_OK:
		resp_redirect(p, 303, ch.principal == PRINCIPAL_STAFF ?
		    "/staff/login?welcome=1" : k == &invite_kind ? "/login?welcome=1" :
		    "/login?reset=1");
		return 0;
	case CHANGE_INVALID:
		return set_form(r, p, k, token, &ch, out.msg);
	case CHANGE_NOT_FOUND:
		return link_gone(r, p);
	default:
		return status_for_change(rc);
	}
}

int
handle_invite(struct req *r, struct resp *p)
{
	return action_page(r, p, &invite_kind);
}

int
handle_reset_link(struct req *r, struct resp *p)
{
	return action_page(r, p, &reset_kind);
}

/* The self-serve form and its one answer, whatever the address. */
static int
reset_form(struct req *r, struct resp *p, int sent)
{
	struct buf *b = &p->body;
	const char *csrf = csrf_presession_token(r, p);

	page_begin(r, p, "Reset your password");
	html_raw(b, "<h1>Reset your password</h1>\n");
	if (sent)
		page_notice_text(p, "If that address belongs to an account here, we sent "
		    "it a link to choose a new password. The link works once and expires "
		    "soon.");
	page_form(b, csrf, NULL, "/reset");
	html_raw(b, "<label for=\"email\">Email</label>\n<input id=\"email\" name=\"email\" "
	    "type=\"email\" autocomplete=\"username\" required maxlength=\"254\">\n"
	    "<p><button type=\"submit\">Send reset link</button></p>\n</form>\n"
	    "<p><a href=\"/login\">Back to sign-in</a></p>\n");
	page_end(p);
	return 0;
}

int
handle_reset(struct req *r, struct resp *p)
{
	struct input_val in[AK__MAX];
	struct portal_user u;
	struct actor who;
	const char *email;
	long recent;
	int found, rc;

	if (r->method != METHOD_POST)
		return reset_form(r, p, 0);
	auth_input(r, INPUT_FORM, in);
	email = in[AK_EMAIL].s;
	if (email == NULL)
		return 400;
	while (*email == ' ')
		email++;
	if (strlen(email) > 254 || mail_addr_problem(email) != NULL)
		return reset_form(r, p, 1);
	if ((rc = store_portal_user_by_login_full(&r->arena, r->tenant->id, email, &u,
	    &found)) != DB_OK)
		return status_for_db(rc);
	if (!found || !u.login_is_email || strcmp(u.status, "disabled") == 0) {
		if ((rc = audit_as(r, "reset.request", NULL, 0, "portal_user", 0,
		    "unknown")) != DB_OK)
			return status_for_db(rc);
		return reset_form(r, p, 1);
	}
	/* Throttle per address: a few links an hour, then the same answer, no mail. */
	if ((rc = store_action_tokens_recent(&r->arena, r->tenant->id, u.id, "reset",
	    3600, &recent)) != DB_OK)
		return status_for_db(rc);
	if (recent >= r->cfg->reset_max_per_hour) {
		if ((rc = audit_as(r, "reset.throttled", NULL, 0, "portal_user", u.id,
		    NULL)) != DB_OK)
			return status_for_db(rc);
		return reset_form(r, p, 1);
	}
	/* Nobody known asks (as the audit entries above say). */
	page_actor(r, &who);
	who.kind = NULL;
	who.id = who.impersonator = 0;
	/* An address that cannot be mailed gets the same answer, and nothing is kept. */
	if ((rc = change_reset_request(&who, &u)) != DB_OK && rc != MAIL_INVALID)
		return status_for_db(rc);
	return reset_form(r, p, 1);
}
