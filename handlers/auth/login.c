/* porch — SPDX-License-Identifier: MIT
 * Sign-in for portal users (/login) and staff (/staff/login), and sign-out (/logout).
 * The answer to a failed sign-in is the same whether the login exists, is disabled,
 * or the password is wrong — and costs the same argon2 work; a try refused by the
 * throttle gets that answer too, without any argon2 work.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "audit.h"
#include "auth.h"
#include "change.h"
#include "handlers.h"
#include "html.h"
#include "log.h"
#include "password.h"
#include "session.h"
#include "store.h"
#include "tenant.h"
#include "throttle.h"

static const char failed_text[] = "The login or password is not correct, or sign-in "
    "from here is paused for a while after too many tries. Please check them and try "
    "again in a few minutes.";

struct signin_kind {
	enum principal	 kind;
	const char	*path;		/* the form's own URL */
	const char	*heading;
	const char	*login_label;
	const char	*login_type;
	const char	*home;		/* where a signed-in user lands */
};

static const struct signin_kind portal = {
	PRINCIPAL_PORTAL, "/login", "Sign in", "Login", "text", "/portal",
};
static const struct signin_kind staff = {
	PRINCIPAL_STAFF, "/staff/login", "Staff sign-in", "Email", "email", "/staff/",
};

/*
 * A hash of a random password, verified for unknown logins so they cost the same;
 * NULL while every argon2 slot is taken (made at the next sign-in instead).
 */
static const char *
dummy_hash(const struct cfg *cfg)
{
	static char hash[PASSWORD_HASH_MAX];
	unsigned char raw[24];
	char pw[40];
	int rc = 0;

	if (hash[0] == '\0') {
		crypto_random(raw, sizeof(raw));
		b64url_encode(raw, sizeof(raw), pw);
		if ((rc = password_hash(&cfg->argon2, pw, hash, sizeof(hash))) < 0)
			hash[0] = '\0';
		OPENSSL_cleanse(pw, sizeof(pw));
	}
	return rc == PASSWORD_BUSY ? NULL : hash;
}

static int
form(struct req *r, struct resp *p, const struct signin_kind *k, const char *error,
    const char *login)
{
	struct buf *b = &p->body;
	const char *token = csrf_presession_token(r, p);
	struct input_val in[AK__MAX];

	auth_input(r, INPUT_QUERY, in);
	page_begin(r, p, k->heading);
	html_raw(b, "<h1>");
	html_text(b, k->heading);
	html_raw(b, "</h1>\n");
	if (error != NULL)
		page_error_text(p, error);
	else if (k->kind == PRINCIPAL_PORTAL && in[AK_WELCOME].s != NULL)
		page_notice_text(p, "Your password is set. Please sign in.");
	else if (k->kind == PRINCIPAL_PORTAL && in[AK_RESET].s != NULL)
		page_notice_text(p, "Your password was changed and your other sessions "
		    "were signed out. Please sign in.");
	else if (k->kind == PRINCIPAL_PORTAL && in[AK_LINK].s != NULL)
		page_notice_text(p, "Your link alone no longer opens the portal, because "
		    "you now have an account. Please sign in.");
	page_form(b, token, "signin", "%s", k->path);
	html_raw(b, "<label for=\"login\">");
	html_text(b, k->login_label);
	html_raw(b, "</label>\n<input id=\"login\" name=\"login\" type=\"");
	html_attr(b, k->login_type);
	html_raw(b, "\" autocomplete=\"username\" required maxlength=\"254\" value=\"");
	html_attr(b, login != NULL ? login : "");
	html_raw(b, "\">\n<label for=\"password\">Password</label>\n"
	    "<input id=\"password\" name=\"password\" type=\"password\" "
	    "autocomplete=\"current-password\" required maxlength=\"512\">\n"
	    "<p><button type=\"submit\">Sign in</button></p>\n</form>\n");
	if (k->kind == PRINCIPAL_PORTAL)
		html_raw(b, "<p><a href=\"/reset\">Forgot your password?</a></p>\n");
	page_end(p);
	return 0;
}

/*
 * A sign-in's rows, as one transaction: the session, its cookie set (the one the
 * request came with ended), a staff user's last action once fully signed in (a
 * portal user's audit line moves theirs), and the audit line (action, detail).
 * Run again whole after a conflict; when it fails, nothing is kept, and the
 * error page that follows sends no cookie (resp_reset()).
 */
static int
signin_rows(struct req *r, struct resp *p, enum principal k, int64_t id,
    enum mfa_state mfa, const char *action, const char *detail)
{
	int rc;

	if ((rc = mfa == MFA_NONE ? sess_start(r, p, k, id, 0, 0) :
	    sess_start_mfa(r, p, k, id, mfa)) != DB_OK ||
	    ((mfa == MFA_NONE || mfa == MFA_DONE) && k != PRINCIPAL_PORTAL &&
	    (rc = store_user_touch(&r->arena, k, r->tenant->id, id)) != DB_OK))
		return rc;
	return audit_as(r, action, principal_name(k), id, principal_name(k), id, detail);
}

static int
signin_store(struct req *r, struct resp *p, enum principal k, int64_t id,
    enum mfa_state mfa, const char *action, const char *detail)
{
	int rc;

	STORE_TXN(rc, signin_rows(r, p, k, id, mfa, action, detail));
	return rc;
}

static int
signin(struct req *r, struct resp *p, const struct signin_kind *k)
{
	struct input_val in[AK__MAX];
	const char *login, *pw, *hash;
	struct account acc = { 0 };
	struct throttle_key tk;
	enum mfa_state state;
	char detail[300];
	int found = 0, refused, counted, ok, rc;

	auth_input(r, INPUT_FORM, in);
	login = in[AK_LOGIN].s;
	pw = in[AK_PASSWORD].s;
	if (login == NULL || pw == NULL || login[0] == '\0' || pw[0] == '\0')
		return form(r, p, k, "Please enter your login and password.", login);
	while (*login == ' ')
		login++;
	/* Longer than any login or password can be: wrong, and nothing to count. */
	if (strlen(login) > 254 || strlen(pw) > 512)
		return form(r, p, k, failed_text, NULL);
	if ((rc = store_account_by_login(&r->arena, k->kind, r->tenant->id, login, &acc,
	    &found)) != DB_OK)
		return status_for_db(rc);
	/*
	 * An existing account is counted by its id; any other login by a keyed hash,
	 * which is also all the audit log keeps of it: it may be a password typed into
	 * the wrong field.
	 */
	if (found) {
		throttle_key_user(r, THROTTLE_PASSWORD, k->kind, acc.id, &tk);
		snprintf(detail, sizeof(detail), "login=%s", login);
	} else {
		throttle_key_login(r, k->kind, login, &tk);
		throttle_login_label(r->cfg, k->kind, login, detail, sizeof(detail));
	}
	if ((rc = throttle_check(r, &tk, &refused, &counted)) != DB_OK)
		return status_for_db(rc);
	/* A client that must wait is refused before any argon2 work, as if wrong. */
	if (refused)
		return form(r, p, k, failed_text, login);
	/* Otherwise always one argon2 verification, whatever the outcome will be; none
	 * at all (nothing counted, nothing learnt) while the cap on argon2 work is reached. */
	hash = found && acc.password_hash != NULL ? acc.password_hash : dummy_hash(r->cfg);
	if (hash == NULL || (rc = password_check(hash, pw)) == PASSWORD_BUSY)
		return 503;
	ok = rc == PASSWORD_MATCH && found && acc.active && acc.password_hash != NULL;
	if (!ok) {
		if ((rc = audit_as(r, "signin.failure", NULL, 0, principal_name(k->kind),
		    found ? acc.id : 0, detail)) != DB_OK ||
		    (rc = throttle_failure(r, &tk, principal_name(k->kind),
		    found ? acc.id : 0, NULL)) != DB_OK)
			return status_for_db(rc);
		return form(r, p, k, failed_text, login);
	}
	if ((rc = throttle_success(r, &tk, counted)) != DB_OK)
		return status_for_db(rc);
	if (password_needs_rehash(&r->cfg->argon2, acc.password_hash)) {
		char fresh[PASSWORD_HASH_MAX];

		if (password_hash(&r->cfg->argon2, pw, fresh, sizeof(fresh)) == 0)
			store_password_rehash(&r->arena, k->kind, r->tenant->id, acc.id, fresh,
			    acc.must_change_password);
	}
	/* MFA: enrolled users give a code next; required ones enrol first. */
	state = acc.mfa_enrolled ? MFA_PENDING : acc.mfa_required ? MFA_ENROL : MFA_NONE;
	if (state == MFA_NONE) {
		if ((rc = signin_finish(r, p, k->kind, acc.id, MFA_NONE, NULL,
		    acc.first_signin)) != 0)
			return rc;
		resp_redirect(p, 303, acc.must_change_password ? "/account/password" :
		    k->home);
		return 0;
	}
	if ((rc = signin_store(r, p, k->kind, acc.id, state, "signin.password",
	    state == MFA_PENDING ? "next=code" : "next=enrol")) != DB_OK)
		return status_for_db(rc);
	resp_redirect(p, 303, state == MFA_PENDING ? "/login/mfa" : "/mfa/enrol");
	return 0;
}

const char *
signin_home(enum principal k)
{
	return k == PRINCIPAL_STAFF ? staff.home : portal.home;
}

int
signin_finish(struct req *r, struct resp *p, enum principal k, int64_t id,
    enum mfa_state mfa, const char *detail, int first)
{
	struct actor who;
	int rc;

	if ((rc = signin_store(r, p, k, id, mfa, "signin.success", detail)) != DB_OK)
		return status_for_db(rc);
	if (k == PRINCIPAL_PORTAL && first != 0) {
		page_actor(r, &who);
		who.kind = principal_name(k);
		who.id = id;
		who.impersonator = 0;
		if ((rc = change_signin_first(&who, id)) != CHANGE_OK)
			return status_for_change(rc);
	}
	return 0;
}

static int
login_page(struct req *r, struct resp *p, const struct signin_kind *k)
{
	if (r->method == METHOD_POST)
		return signin(r, p, k);
	if (sess_signed_in(r) && r->session->row.kind == k->kind) {
		resp_redirect(p, 303, k->home);
		return 0;
	}
	return form(r, p, k, NULL, NULL);
}

int
handle_login(struct req *r, struct resp *p)
{
	return login_page(r, p, &portal);
}

int
handle_staff_login(struct req *r, struct resp *p)
{
	return login_page(r, p, &staff);
}

int
handle_logout(struct req *r, struct resp *p)
{
	int rc;

	/* Signing out of a "log in as" ends it too; audited like its End button. */
	if (r->session != NULL && r->session->row.impersonator_id != 0 &&
	    (rc = audit_impersonation(r, "impersonation.end",
	    r->session->row.impersonator_id, r->session->row.user_id)) != DB_OK)
		return status_for_db(rc);
	if (r->session != NULL &&
	    (rc = audit(r, "signout", principal_name(r->session->row.kind),
	    r->session->row.user_id, NULL)) != DB_OK)
		return status_for_db(rc);
	if ((rc = sess_end(r, p)) != DB_OK)
		return status_for_db(rc);
	resp_redirect(p, 303, "/");
	return 0;
}
