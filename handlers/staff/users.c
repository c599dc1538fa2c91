/* porch — SPDX-License-Identifier: MIT
 * Staff pages for portal users: the customer roster (/staff/customers), creating a
 * user for a customer or contact, invitations and resets by mail, one-time passwords,
 * disabling and re-enabling, and bulk creation with invitations. Every id is looked up
 * within the staff member's tenant; an id of another tenant is a 404.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "audit.h"
#include "handlers.h"
#include "html.h"
#include "mail.h"
#include "password.h"
#include "session.h"
#include "store_groups.h"
#include "store_mfa.h"
#include "store_users.h"
#include "tenant.h"
#include "throttle.h"

static const char *const notices[][2] = {
	{ "created", "The portal user was created." },
	{ "invited", "The portal user was created and an invitation was sent." },
	{ "invite", "An invitation was sent." },
	{ "reset", "A password-reset link was sent." },
	{ "disabled", "The portal user was disabled and signed out everywhere." },
	{ "enabled", "The portal user was enabled again." },
	{ "unlocked", "Sign-in was unlocked: every failed try and wait on record for "
	    "that user is forgotten." },
	{ "nogroup", "The portal user was created without access: this tenant has no "
	    "default permission group yet. Grant access once a group exists." },
	{ "nogroup_invited", "The portal user was created and invited, without access: "
	    "this tenant has no default permission group yet." },
	{ "mfa_require", "MFA is now required. Those users were signed out and set it "
	    "up at their next sign-in." },
	{ "mfa_unrequire", "MFA is no longer required of those users." },
	{ "mfa_reset", "MFA was reset: the secret and recovery codes are gone and the "
	    "users were signed out." },
};

/* A button posting one MFA change for one user to /staff/users/mfa. */
static void
mfa_button(struct buf *b, const struct session *s, const char *uid, const char *act,
    const char *label)
{
	html_raw(b, "<form method=\"post\" action=\"/staff/users/mfa\" class=\"inline\">\n");
	csrf_field(b, s->csrf_token);
	html_raw(b, "<input type=\"hidden\" name=\"user\" value=\"");
	html_attr(b, uid);
	html_raw(b, "\"><input type=\"hidden\" name=\"do\" value=\"");
	html_attr(b, act);
	html_raw(b, "\"><button type=\"submit\">");
	html_text(b, label);
	html_raw(b, "</button></form>\n");
}

/* The MFA cell of a portal user: its state and the buttons that change it. */
static void
mfa_cell(struct buf *b, const struct session *s, const char *uid, int required,
    int enrolled, int secret)
{
	html_raw(b, "<span class=\"mfa\">");
	html_textf(b, "%s, %s", required ? "required" : "not required",
	    enrolled ? "enrolled" : "not enrolled");
	html_raw(b, "</span>\n");
	if (required)
		mfa_button(b, s, uid, "unrequire", "Stop requiring MFA");
	else
		mfa_button(b, s, uid, "require", "Require MFA");
	if (enrolled || secret)
		mfa_button(b, s, uid, "reset", "Reset MFA");
}

/* MFA for many users at once: the selected ones, a customer's, a group's. */
static int
mfa_bulk_form(struct req *r, struct buf *b, const struct session *s,
    const struct db_res *roster)
{
	struct perm_group *groups;
	size_t ngroups;
	int rc;

	if ((rc = store_groups_list(&r->arena, r->tenant->id, &groups, &ngroups)) !=
	    DB_OK)
		return rc;
	html_raw(b, "<form method=\"post\" action=\"/staff/users/mfa\" id=\"mfa-bulk\" "
	    "class=\"bulk\">\n");
	csrf_field(b, s->csrf_token);
	html_raw(b, "<fieldset><legend>MFA for several portal users</legend>\n"
	    "<label for=\"mfa-do\">Change</label>\n<select id=\"mfa-do\" name=\"do\">"
	    "<option value=\"require\">Require MFA</option>"
	    "<option value=\"unrequire\">Stop requiring MFA</option></select>\n"
	    "<button type=\"submit\" name=\"scope\" value=\"selected\">For the selected "
	    "users</button>\n<label for=\"mfa-customer\">Customer</label>\n"
	    "<select id=\"mfa-customer\" name=\"customer\">");
	for (size_t i = 0; i < roster->nrows; i++) {
		/* One option per customer: skip contacts' rows and repeats. */
		if (DB_CELL(roster, i, 1) != NULL || (i > 0 &&
		    strcmp(DB_CELL(roster, i, 0), DB_CELL(roster, i - 1, 0)) == 0))
			continue;
		html_raw(b, "<option value=\"");
		html_attr(b, DB_CELL(roster, i, 0));
		html_raw(b, "\">");
		html_text(b, DB_CELL(roster, i, 2));
		html_raw(b, "</option>");
	}
	html_raw(b, "</select>\n<button type=\"submit\" name=\"scope\" value=\"customer\">"
	    "For all users of this customer</button>\n<label for=\"mfa-group\">"
	    "Permission group</label>\n<select id=\"mfa-group\" name=\"group\">");
	for (size_t i = 0; i < ngroups; i++) {
		html_rawf(b, "<option value=\"%lld\">", (long long)groups[i].id);
		html_text(b, groups[i].name);
		html_raw(b, "</option>");
	}
	html_raw(b, "</select>\n<button type=\"submit\" name=\"scope\" value=\"group\">"
	    "For all users with this group</button>\n</fieldset>\n</form>\n");
	return DB_OK;
}

static void
user_actions(struct buf *b, const struct session *s, const char *uid,
    const char *login, const char *status)
{
	int is_email = strchr(login, '@') != NULL;
	const char *acts[5];
	const char *labels[5];
	size_t n = 0;

	if (strcmp(status, "disabled") == 0) {
		acts[n] = "enable"; labels[n++] = "Enable";
	} else {
		if (is_email && strcmp(status, "invited") == 0) {
			acts[n] = "invite"; labels[n++] = "Send invitation";
		} else if (is_email) {
			acts[n] = "reset"; labels[n++] = "Send password reset";
		} else {
			acts[n] = "onetime"; labels[n++] = "Set one-time password";
		}
		acts[n] = "unlock"; labels[n++] = "Unlock sign-in";
		acts[n] = "disable"; labels[n++] = "Disable";
	}
	for (size_t i = 0; i < n; i++) {
		html_raw(b, "<form method=\"post\" action=\"/staff/users/action\" "
		    "class=\"inline\">\n");
		csrf_field(b, s->csrf_token);
		html_raw(b, "<input type=\"hidden\" name=\"user\" value=\"");
		html_attr(b, uid);
		html_raw(b, "\"><input type=\"hidden\" name=\"do\" value=\"");
		html_attr(b, acts[i]);
		html_raw(b, "\"><button type=\"submit\">");
		html_text(b, labels[i]);
		html_raw(b, "</button></form>\n");
	}
}

static void
create_form(struct buf *b, const struct session *s, const char *customer,
    const char *contact, const char *email)
{
	html_raw(b, "<form method=\"post\" action=\"/staff/users/new\" class=\"inline\">\n");
	csrf_field(b, s->csrf_token);
	html_raw(b, "<input type=\"hidden\" name=\"customer\" value=\"");
	html_attr(b, customer);
	html_raw(b, "\">");
	if (contact != NULL) {
		html_raw(b, "<input type=\"hidden\" name=\"contact\" value=\"");
		html_attr(b, contact);
		html_raw(b, "\">");
	}
	html_raw(b, "<input name=\"login\" aria-label=\"Login\" maxlength=\"254\" "
	    "placeholder=\"");
	html_attr(b, email != NULL ? email : "username");
	html_raw(b, "\"><button type=\"submit\">Create portal user</button></form>\n");
}

/* The roster page, with a notice or an error (status 200 or the given one). */
static int
roster(struct req *r, struct resp *p, int status, const char *error)
{
	struct session *s = r->session;
	struct buf *b = &p->body;
	struct db_res res;
	int rc;

	if ((rc = store_customer_roster(&r->arena, r->tenant->id, &res)) != DB_OK)
		return status_for_db(rc);
	page_begin(r, p, "Customers");
	if (status != 0)
		p->status = status;
	html_raw(b, "<h1>Customers and portal users</h1>\n");
	page_notice(p, notices, NELEM(notices), req_param(r, "done"));
	if (req_param(r, "n") != NULL &&
	    strncmp(req_param(r, "done") != NULL ? req_param(r, "done") : "", "mfa_", 4) == 0) {
		page_notice_textf(p, "changed", "Users changed: %s", req_param(r, "n"));
	}
	if (error != NULL)
		page_error_text(p, error);
	if ((rc = mfa_bulk_form(r, b, s, &res)) != DB_OK)
		return status_for_db(rc);
	html_raw(b, "<form method=\"post\" action=\"/staff/users/bulk\" id=\"bulk\">\n");
	csrf_field(b, s->csrf_token);
	html_raw(b, "<p><button type=\"submit\">Create and invite portal users for the "
	    "selected customers</button></p>\n</form>\n"
	    "<table class=\"roster\">\n<thead><tr><th></th><th>Name</th><th>Email</th>"
	    "<th>Portal user</th><th>Status</th><th>Last action (UTC)</th><th>MFA</th>"
	    "<th></th></tr>"
	    "</thead>\n<tbody>\n");
	for (size_t i = 0; i < res.nrows; i++) {
		const char *cust = DB_CELL(&res, i, 0), *contact = DB_CELL(&res, i, 1);
		const char *name = DB_CELL(&res, i, 2), *email = DB_CELL(&res, i, 3);
		const char *uid = DB_CELL(&res, i, 4), *login = DB_CELL(&res, i, 5);
		const char *st = DB_CELL(&res, i, 6), *last = DB_CELL(&res, i, 7);

		if (contact == NULL)
			html_raw(b, "<tr class=\"customer\"><td>");
		else
			html_raw(b, "<tr class=\"contact\"><td>");
		if (contact == NULL) {
			html_raw(b, "<input type=\"checkbox\" form=\"bulk\" name=\"customer\" "
			    "aria-label=\"Select\" value=\"");
			html_attr(b, cust);
			html_raw(b, "\">");
		}
		html_raw(b, "</td><td>");
		if (contact != NULL) {
			html_raw(b, "\xe2\x86\xb3 ");
			html_text(b, name);
		} else {
			/* The customer's own page: token link and its controls. */
			html_raw(b, "<a href=\"/staff/customers/");
			html_attr(b, cust);
			html_raw(b, "\">");
			html_text(b, name);
			html_raw(b, "</a>");
		}
		html_raw(b, "</td><td>");
		html_text(b, email != NULL ? email : "");
		html_raw(b, "</td><td>");
		if (uid != NULL) {
			html_raw(b, "<input type=\"checkbox\" form=\"mfa-bulk\" name=\"user\" "
			    "aria-label=\"Select user\" value=\"");
			html_attr(b, uid);
			/* The user's own page: grants, admin switch, Explain. */
			html_raw(b, "\"> <a href=\"/staff/portal-users/");
			html_attr(b, uid);
			html_raw(b, "\">");
			html_text(b, login);
			html_raw(b, "</a></td><td>");
			html_text(b, st);
			html_raw(b, "</td><td>");
			html_text(b, last != NULL ? last : "never");
			html_raw(b, "</td><td>");
			mfa_cell(b, s, uid, db_cell_i64(&res, i, 8) != 0,
			    db_cell_i64(&res, i, 9) != 0, db_cell_i64(&res, i, 10) != 0);
			html_raw(b, "</td><td>");
			user_actions(b, s, uid, login, st);
		} else {
			html_raw(b, "</td><td></td><td></td><td></td><td>");
			create_form(b, s, cust, contact, email);
		}
		html_raw(b, "</td></tr>\n");
	}
	html_raw(b, "</tbody>\n</table>\n");
	page_end(p);
	return 0;
}

int
handle_staff_customers(struct req *r, struct resp *p)
{
	if (page_need_staff(r, p) == NULL)
		return 0;
	return roster(r, p, 0, NULL);
}

/*
 * Creates a portal user for who, with the default group's grant over the customer
 * and, for an email login when invite is set, an invitation: one transaction.
 * *nogroup is set when the tenant has no default group. Returns DB_OK, DB_CONFLICT
 * (login taken, nothing written), MAIL_INVALID or a DB_* error.
 */
static int
create_user(struct req *r, const struct person *who, const char *login, int invite,
    int64_t *uid, int *nogroup)
{
	int is_email = mail_addr_problem(login) == NULL;
	struct portal_user u = { 0 };
	int64_t group;
	char detail[300];
	int rc;

	if ((rc = db_begin()) != DB_OK)
		return rc;
	if ((rc = store_portal_user_add(&r->arena, r->tenant->id, who, login, is_email,
	    uid)) != DB_OK)
		goto fail;
	if ((rc = store_default_group(&r->arena, r->tenant->id, &group)) != DB_OK)
		goto fail;
	*nogroup = group == 0;
	if (group != 0 && (rc = store_grant_add_customer(&r->arena, r->tenant->id, *uid,
	    group, who->customer_id)) != DB_OK)
		goto fail;
	snprintf(detail, sizeof(detail), "login=%s customer=%lld%s", login,
	    (long long)who->customer_id, group == 0 ? " no-default-group" : "");
	if ((rc = audit(r, "user.create", "portal_user", *uid, detail)) != DB_OK)
		goto fail;
	if (invite && is_email) {
		u.id = *uid;
		u.customer_id = who->customer_id;
		u.contact_id = who->contact_id;
		u.login = (char *)login;
		u.login_is_email = 1;
		u.name = who->name;
		if ((rc = action_link_send(r, &u, "invite")) != DB_OK ||
		    (rc = audit(r, "invite.send", "portal_user", *uid, NULL)) != DB_OK)
			goto fail;
	}
	if ((rc = db_commit()) != DB_OK)
		goto fail;
	return DB_OK;
fail:
	db_rollback();
	return rc;
}

int
handle_staff_user_new(struct req *r, struct resp *p)
{
	int64_t customer, contact, uid;
	const char *login;
	struct person who;
	int found, nogroup = 0, rc, invite;

	if (page_need_staff(r, p) == NULL)
		return 0;
	customer = req_form_id(r, "customer");
	contact = req_form_id(r, "contact");
	if (customer == 0)
		return 400;
	if (contact != 0)
		rc = store_contact_get(&r->arena, r->tenant->id, contact, &who, &found);
	else
		rc = store_customer_get(&r->arena, r->tenant->id, customer, &who, &found);
	if (rc != DB_OK)
		return status_for_db(rc);
	if (!found || who.customer_id != customer)
		return 404;
	login = req_form(r, "login");
	while (login != NULL && *login == ' ')
		login++;
	if (login == NULL || login[0] == '\0')
		login = who.email;
	if (login == NULL || login[0] == '\0')
		return roster(r, p, 400, "This person has no email address: type a "
		    "username for them.");
	if (strlen(login) > 254 || !utf8_valid(login, strlen(login)) ||
	    strpbrk(login, " \t\r\n") != NULL)
		return roster(r, p, 400, "A login is one word of at most 254 characters.");
	if (strchr(login, '@') != NULL && mail_addr_problem(login) != NULL)
		return roster(r, p, 400, "That login looks like an email address but "
		    "is not a valid one.");
	invite = req_form(r, "noinvite") == NULL;
	rc = create_user(r, &who, login, invite, &uid, &nogroup);
	if (rc == DB_CONFLICT)
		return roster(r, p, 409, "That login is already taken by another portal "
		    "user; nothing was created.");
	if (rc != DB_OK)
		return rc == MAIL_INVALID ? 500 : status_for_db(rc);
	if (strchr(login, '@') != NULL && invite)
		resp_redirect(p, 303, nogroup ? "/staff/customers?done=nogroup_invited" :
		    "/staff/customers?done=invited");
	else
		resp_redirect(p, 303, nogroup ? "/staff/customers?done=nogroup" :
		    "/staff/customers?done=created");
	return 0;
}

/* Shows a one-time password once, on the page that set it. */
static int
onetime(struct req *r, struct resp *p, const struct portal_user *u)
{
	struct buf *b = &p->body;
	unsigned char raw[15];
	char pw[24], hash[PASSWORD_HASH_MAX];
	int rc;

	crypto_random(raw, sizeof(raw));
	b64url_encode(raw, sizeof(raw), pw);
	if ((rc = password_hash(&r->cfg->argon2, pw, hash, sizeof(hash))) < 0)
		return rc == PASSWORD_BUSY ? 503 : 500;
	if ((rc = db_begin()) != DB_OK)
		return status_for_db(rc);
	if ((rc = store_password_set(&r->arena, PRINCIPAL_PORTAL, r->tenant->id, u->id,
	    hash, 1)) != DB_OK ||
	    (strcmp(u->status, "invited") == 0 &&
	    (rc = store_portal_user_set_status(&r->arena, r->tenant->id, u->id,
	    "active")) != DB_OK) ||
	    (rc = store_sessions_del_others(&r->arena, PRINCIPAL_PORTAL, r->tenant->id,
	    u->id, NULL)) != DB_OK ||
	    (rc = audit(r, "password.set_onetime", "portal_user", u->id, NULL)) != DB_OK ||
	    (rc = throttle_unlock_audited(r, PRINCIPAL_PORTAL, u->id, "onetime",
	    0)) != DB_OK ||
	    (rc = db_commit()) != DB_OK) {
		db_rollback();
		return status_for_db(rc);
	}
	OPENSSL_cleanse(hash, sizeof(hash));
	page_begin(r, p, "One-time password");
	html_raw(b, "<h1>One-time password</h1>\n<p>Give this password to <strong>");
	html_text(b, u->login);
	html_raw(b, "</strong>. It is shown only now; they must choose their own at the "
	    "next sign-in.</p>\n<p><code class=\"onetime\">");
	html_text(b, pw);
	html_raw(b, "</code></p>\n<p><a href=\"/staff/customers\">Back to customers</a>"
	    "</p>\n");
	page_end(p);
	OPENSSL_cleanse(pw, sizeof(pw));
	return 0;
}

int
handle_staff_user_action(struct req *r, struct resp *p)
{
	const char *act = req_form(r, "do"), *done;
	struct portal_user u;
	int64_t id;
	int found, rc;

	if (page_need_staff(r, p) == NULL)
		return 0;
	if ((id = req_form_id(r, "user")) == 0 || act == NULL)
		return 400;
	if ((rc = store_portal_user_get(&r->arena, r->tenant->id, id, &u, &found)) !=
	    DB_OK)
		return status_for_db(rc);
	if (!found)
		return 404;
	if (strcmp(act, "onetime") == 0) {
		if (strcmp(u.status, "disabled") == 0)
			return roster(r, p, 409, "Enable the user first.");
		return onetime(r, p, &u);
	}
	if ((rc = db_begin()) != DB_OK)
		return status_for_db(rc);
	if (strcmp(act, "invite") == 0 || strcmp(act, "reset") == 0) {
		if (!u.login_is_email || strcmp(u.status, "disabled") == 0) {
			db_rollback();
			return roster(r, p, 409, "Links are mailed only to enabled users "
			    "whose login is an email address.");
		}
		rc = action_link_send(r, &u, act);
		if (rc == DB_OK)
			rc = audit(r, act[0] == 'i' ? "invite.send" : "reset.request",
			    "portal_user", u.id, "by staff");
		done = act;
	} else if (strcmp(act, "disable") == 0) {
		if ((rc = store_portal_user_set_status(&r->arena, r->tenant->id, u.id,
		    "disabled")) == DB_OK &&
		    (rc = store_sessions_del_others(&r->arena, PRINCIPAL_PORTAL,
		    r->tenant->id, u.id, NULL)) == DB_OK &&
		    (rc = store_action_tokens_retire(&r->arena, r->tenant->id, u.id)) ==
		    DB_OK)
			rc = audit(r, "user.disable", "portal_user", u.id, NULL);
		done = "disabled";
	} else if (strcmp(act, "unlock") == 0) {
		rc = throttle_unlock_audited(r, PRINCIPAL_PORTAL, u.id, "staff", 1);
		done = "unlocked";
	} else if (strcmp(act, "enable") == 0) {
		if ((rc = store_portal_user_enable(&r->arena, r->tenant->id, u.id)) ==
		    DB_OK)
			rc = audit(r, "user.enable", "portal_user", u.id, NULL);
		done = "enabled";
	} else {
		db_rollback();
		return 400;
	}
	if (rc != DB_OK || (rc = db_commit()) != DB_OK) {
		db_rollback();
		return rc == MAIL_INVALID ? 500 : status_for_db(rc);
	}
	{
		char loc[64];

		snprintf(loc, sizeof(loc), "/staff/customers?done=%s", done);
		resp_redirect(p, 303, loc);
	}
	return 0;
}

/* One line of the bulk summary. */
static void
bulk_line(struct buf *b, const struct person *who, const char *what)
{
	html_raw(b, "<li>");
	html_text(b, who->name);
	if (who->email != NULL) {
		html_raw(b, " &lt;");
		html_text(b, who->email);
		html_raw(b, "&gt;");
	}
	html_raw(b, ": ");
	html_text(b, what);
	html_raw(b, "</li>\n");
}

/* Creates and invites a user for one person unless they have none to be made. */
static void
bulk_one(struct req *r, const struct person *who, struct buf *created,
    struct buf *skipped, int *nogroup)
{
	int64_t uid;
	int rc;

	if (who->email == NULL || who->email[0] == '\0' ||
	    mail_addr_problem(who->email) != NULL) {
		bulk_line(skipped, who, "skipped: no usable email address");
		return;
	}
	if ((rc = store_portal_user_of(&r->arena, r->tenant->id, who, &uid)) != DB_OK) {
		bulk_line(skipped, who, "skipped: the database did not answer");
		return;
	}
	if (uid != 0) {
		bulk_line(skipped, who, "skipped: already a portal user");
		return;
	}
	rc = create_user(r, who, who->email, 1, &uid, nogroup);
	if (rc == DB_CONFLICT)
		bulk_line(skipped, who, "skipped: already a user (login taken)");
	else if (rc != DB_OK)
		bulk_line(skipped, who, "failed: could not be created");
	else
		bulk_line(created, who, "created and invited");
}

int
handle_staff_users_bulk(struct req *r, struct resp *p)
{
	struct buf created, skipped, *b = &p->body;
	struct person *custs;
	size_t ncust = 0;
	int nogroup = 0, rc;

	if (page_need_staff(r, p) == NULL)
		return 0;
	buf_init(&created, 256);
	buf_init(&skipped, 256);
	custs = arena_alloc(&r->arena, (r->form.n + 1) * sizeof(*custs));
	/* Every id first: one of another tenant (404) or malformed writes nothing. */
	for (size_t i = 0; i < r->form.n; i++) {
		long long id;
		int found;

		if (strcmp(r->form.v[i].key, "customer") != 0)
			continue;
		if (parse_int(r->form.v[i].val, 1, INT64_MAX, &id) < 0) {
			rc = 400;
			goto out;
		}
		if ((rc = store_customer_get(&r->arena, r->tenant->id, id, &custs[ncust],
		    &found)) != DB_OK) {
			rc = status_for_db(rc);
			goto out;
		}
		if (!found) {
			rc = 404;
			goto out;
		}
		ncust++;
	}
	for (size_t i = 0; i < ncust; i++) {
		struct db_res res;

		bulk_one(r, &custs[i], &created, &skipped, &nogroup);
		if ((rc = store_contacts_of_customer(&r->arena, r->tenant->id,
		    custs[i].customer_id, &res)) != DB_OK) {
			rc = status_for_db(rc);
			goto out;
		}
		for (size_t j = 0; j < res.nrows; j++) {
			struct person k = {
				.contact_id = strtoll(DB_CELL(&res, j, 0), NULL, 10),
				.customer_id = strtoll(DB_CELL(&res, j, 1), NULL, 10),
				.name = DB_CELL(&res, j, 2),
				.email = DB_CELL(&res, j, 3),
			};

			bulk_one(r, &k, &created, &skipped, &nogroup);
		}
	}
	page_begin(r, p, "Portal users created");
	html_raw(b, "<h1>Portal users created</h1>\n");
	if (ncust == 0)
		html_raw(b, "<p>No customer was selected.</p>\n");
	if (nogroup)
		html_raw(b, "<p class=\"notice\">This tenant has no default permission group "
		    "yet: the new users have no access until one is granted.</p>\n");
	html_raw(b, "<h2>Created</h2>\n<ul class=\"created\">\n");
	html_append(b, &created);
	html_raw(b, "</ul>\n<h2>Skipped</h2>\n<ul class=\"skipped\">\n");
	html_append(b, &skipped);
	html_raw(b, "</ul>\n<p><a href=\"/staff/customers\">Back to customers</a></p>\n");
	page_end(p);
	rc = 0;
out:
	buf_free(&created);
	buf_free(&skipped);
	return rc;
}
