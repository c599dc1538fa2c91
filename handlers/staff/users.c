/* porch — SPDX-License-Identifier: MIT
 * Staff pages for portal users: the roster of customers with their contacts and
 * portal users (/staff/portal-users), creating a
 * user for a customer or contact, invitations and resets by mail, one-time passwords,
 * disabling and re-enabling, and bulk creation with invitations. The pages read their
 * input through users_keys, make every change through module/change (users.c) and
 * render its outcome. Every id is looked up within the staff member's tenant; an id
 * of another tenant is a 404.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "change.h"
#include "handlers.h"
#include "html.h"
#include "input.h"
#include "session.h"
#include "store_groups.h"
#include "store_users.h"
#include "tenant.h"

/* Every form and query key of these pages. */
enum users_key {
	UK_CUSTOMER,		/* the person of a new user: their customer */
	UK_CUSTOMERS,		/* bulk: the chosen customers */
	UK_CONTACT,		/* ... or that customer's contact */
	UK_LOGIN,		/* the new user's login (checked by change_user_new()) */
	UK_NOINVITE,		/* sent at all: no invitation */
	UK_USER,		/* the user an action is for */
	UK_DO,			/* the action: user_op_names */
	UK_DONE,		/* query: the notice of a finished action */
	UK_N,			/* query: how many users an MFA change changed */
	UK_AFTER,		/* query: the roster's page after this customer id */
	UK__MAX
};

static const struct input_key users_keys[UK__MAX] = {
	[UK_CUSTOMER] = { "customer", IN_ID, 0, 0, 0 },
	[UK_CUSTOMERS] = { "customer", IN_ID, IN_MULTI, 0, 0 },
	[UK_CONTACT] = { "contact", IN_ID, 0, 0, 0 },
	[UK_LOGIN] = { "login", IN_RAW, 0, 0, 0 },
	[UK_NOINVITE] = { "noinvite", IN_RAW, 0, 0, 0 },
	[UK_USER] = { "user", IN_ID, 0, 0, 0 },
	[UK_DO] = { "do", IN_LINE, 0, 0, 0 },
	[UK_DONE] = { "done", IN_LINE, 0, 0, 0 },
	[UK_N] = { "n", IN_INT, 0, 0, INT64_MAX },
	[UK_AFTER] = { "after", IN_ID, 0, 0, 0 },
};

/* Customers on a page of the roster (each with its contacts). */
#define ROSTER_PAGE	50

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

/* A button posting the change act for user uid to action. */
static void
user_button(struct buf *b, const struct session *s, const char *action, int64_t uid,
    const char *act, const char *label)
{
	page_button(b, s, action, "user", uid, act, label);
}

/* The MFA cell of a portal user: its state and the buttons that change it. */
static void
mfa_cell(struct buf *b, const struct session *s, const struct roster_line *l)
{
	html_raw(b, "<span class=\"mfa\">");
	html_textf(b, "%s, %s", l->mfa_required ? "required" : "not required",
	    l->mfa_enrolled ? "enrolled" : "not enrolled");
	html_raw(b, "</span>\n");
	user_button(b, s, "/staff/users/mfa", l->user_id,
	    l->mfa_required ? "unrequire" : "require",
	    l->mfa_required ? "Stop requiring MFA" : "Require MFA");
	if (l->mfa_enrolled || l->mfa_secret)
		user_button(b, s, "/staff/users/mfa", l->user_id, "reset", "Reset MFA");
}

/*
 * MFA for many users at once, as one form: the change (require or stop requiring),
 * then whose: the users ticked in the list below, every user of a customer, or
 * every user holding a group's grant; one button.
 */
static int
mfa_bulk_form(struct req *r, struct buf *b, const struct session *s,
    const struct roster_line *lines, size_t n)
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
	html_raw(b, "<fieldset><legend>Two-step sign-in (MFA) for several portal users"
	    "</legend>\n<fieldset class=\"choice\"><legend>Change</legend>\n"
	    "<label class=\"check\"><input type=\"radio\" name=\"do\" value=\"require\" "
	    "checked> Require MFA</label>\n<label class=\"check\"><input type=\"radio\" "
	    "name=\"do\" value=\"unrequire\"> Stop requiring MFA</label>\n</fieldset>\n"
	    "<fieldset class=\"choice\"><legend>For</legend>\n<label class=\"check\">"
	    "<input type=\"radio\" name=\"scope\" value=\"selected\" checked> the portal "
	    "users ticked in the list below</label>\n<label class=\"check\"><input "
	    "type=\"radio\" name=\"scope\" value=\"customer\"> every portal user of "
	    "this customer:</label>\n<select id=\"mfa-customer\" name=\"customer\" "
	    "aria-label=\"Customer\">");
	for (size_t i = 0; i < n; i++) {
		/* One option per customer: skip contacts' lines and repeats. */
		if (lines[i].contact_id != 0 ||
		    (i > 0 && lines[i].customer_id == lines[i - 1].customer_id))
			continue;
		html_option(b, lines[i].customer_id, 0, "%s", lines[i].name);
	}
	html_raw(b, "</select>\n<label class=\"check\"><input type=\"radio\" "
	    "name=\"scope\" value=\"group\"> every portal user with a grant of this "
	    "permission group:</label>\n<select id=\"mfa-group\" name=\"group\" "
	    "aria-label=\"Permission group\">");
	for (size_t i = 0; i < ngroups; i++)
		html_option(b, groups[i].id, 0, "%s", groups[i].name);
	html_raw(b, "</select>\n</fieldset>\n<p><button type=\"submit\">Apply the MFA "
	    "change</button></p>\n</fieldset>\n</form>\n");
	return DB_OK;
}

/* The buttons of the changes a user's state allows. */
static void
user_actions(struct buf *b, const struct session *s, const struct roster_line *l)
{
	int is_email = strchr(l->login, '@') != NULL;
	enum user_op ops[3];
	static const char *const labels[USER_OP__MAX] = {
		[USER_INVITE] = "Send invitation", [USER_RESET] = "Send password reset",
		[USER_DISABLE] = "Disable", [USER_ENABLE] = "Enable",
		[USER_UNLOCK] = "Unlock sign-in", [USER_ONETIME] = "Set one-time password",
	};
	size_t n = 0;

	if (strcmp(l->status, "disabled") == 0)
		ops[n++] = USER_ENABLE;
	else {
		if (is_email && strcmp(l->status, "invited") == 0)
			ops[n++] = USER_INVITE;
		else if (is_email)
			ops[n++] = USER_RESET;
		else
			ops[n++] = USER_ONETIME;
		ops[n++] = USER_UNLOCK;
		ops[n++] = USER_DISABLE;
	}
	for (size_t i = 0; i < n; i++)
		user_button(b, s, "/staff/users/action", l->user_id, user_op_names[ops[i]],
		    labels[ops[i]]);
}

static void
create_form(struct buf *b, const struct session *s, const struct roster_line *l)
{
	page_form(b, s->csrf_token, "inline", "/staff/users/new");
	html_hidden(b, "customer", "%lld", (long long)l->customer_id);
	if (l->contact_id != 0)
		html_hidden(b, "contact", "%lld", (long long)l->contact_id);
	html_raw(b, "<input name=\"login\" aria-label=\"Login\" maxlength=\"254\" "
	    "placeholder=\"");
	html_attr(b, l->email != NULL ? l->email : "username");
	html_raw(b, "\"><button type=\"submit\">Create portal user</button></form>\n");
}

/* The roster's row of one customer or contact. */
static void
roster_row(struct buf *b, const struct session *s, const struct roster_line *l)
{
	if (l->contact_id == 0)
		html_rawf(b, "<tr class=\"customer\"><td><input type=\"checkbox\" "
		    "form=\"bulk\" name=\"customer\" aria-label=\"Select\" value=\"%lld\">"
		    "</td><td>", (long long)l->customer_id);
	else
		html_raw(b, "<tr class=\"contact\"><td></td><td>");
	if (l->contact_id != 0) {
		html_raw(b, "\xe2\x86\xb3 ");
		html_text(b, l->name);
	} else {
		/* The customer's own page: token link and its controls. */
		html_rawf(b, "<a href=\"/staff/customers/%lld\">",
		    (long long)l->customer_id);
		html_text(b, l->name);
		html_raw(b, "</a>");
	}
	html_raw(b, "</td><td>");
	html_text(b, l->email != NULL ? l->email : "");
	html_raw(b, "</td><td>");
	if (l->user_id != 0) {
		/* The user's own page: grants, admin switch, Explain. */
		html_rawf(b, "<input type=\"checkbox\" form=\"mfa-bulk\" name=\"user\" "
		    "aria-label=\"Select user\" value=\"%lld\"> <a href=\"/staff/"
		    "portal-users/%lld\">", (long long)l->user_id, (long long)l->user_id);
		html_text(b, l->login);
		html_raw(b, "</a></td><td>");
		html_text(b, l->status);
		html_raw(b, "</td><td>");
		if (l->last_action != NULL)
			html_time(b, l->last_action);
		else
			html_raw(b, "never");
		html_raw(b, "</td><td>");
		mfa_cell(b, s, l);
		html_raw(b, "</td><td>");
		user_actions(b, s, l);
	} else {
		html_raw(b, "</td><td></td><td></td><td></td><td>");
		create_form(b, s, l);
	}
	html_raw(b, "</td></tr>\n");
}

/* The roster page, with a notice or an error (status 200 or the given one). */
static int
roster(struct req *r, struct resp *p, int status, const char *error)
{
	struct session *s = r->session;
	struct buf *b = &p->body;
	struct input_val in[UK__MAX];
	struct roster_line *lines;
	const char *done;
	int64_t next;
	size_t n;
	int rc;

	input_read(r, INPUT_QUERY, users_keys, UK__MAX, in);
	if (in[UK_AFTER].st == INPUT_BAD)
		return 400;
	if ((rc = store_customer_roster(&r->arena, r->tenant->id, in_int(&in[UK_AFTER]),
	    ROSTER_PAGE, &lines, &n, &next)) != DB_OK)
		return status_for_db(rc);
	done = in_str(&in[UK_DONE]);
	page_begin(r, p, "Customers");
	if (status != 0)
		p->status = status;
	html_raw(b, "<h1>Customers and portal users</h1>\n");
	page_notice(p, notices, NELEM(notices), done);
	if (in[UK_N].st == INPUT_OK && done != NULL && strncmp(done, "mfa_", 4) == 0)
		page_notice_textf(p, "changed", "Users changed: %lld",
		    (long long)in_int(&in[UK_N]));
	if (error != NULL)
		page_error_text(p, error);
	if ((rc = mfa_bulk_form(r, b, s, lines, n)) != DB_OK)
		return status_for_db(rc);
	html_raw(b, "<form method=\"post\" action=\"/staff/users/bulk\" id=\"bulk\">\n");
	csrf_field(b, s->csrf_token);
	html_raw(b, "<p><button type=\"submit\">Create and invite portal users for the "
	    "selected customers</button></p>\n</form>\n"
	    "<table class=\"roster\">\n<thead><tr><th><span class=\"vh\">Select</span></th>"
	    "<th>Name</th><th>Email</th>"
	    "<th>Portal user</th><th>Status</th><th>Last action</th><th>MFA</th>"
	    "<th><span class=\"vh\">Actions</span></th></tr>"
	    "</thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++)
		roster_row(b, s, &lines[i]);
	html_raw(b, "</tbody>\n</table>\n");
	/* Pages as the customers list shows them (office_pages()), by customer id. */
	if (in[UK_AFTER].st == INPUT_OK || next != 0) {
		html_raw(b, "<p class=\"pages\">");
		if (in[UK_AFTER].st == INPUT_OK)
			html_raw(b, "<a href=\"/staff/portal-users\">\xe2\x86\x90 First "
			    "page</a> ");
		if (next != 0)
			html_rawf(b, "<a href=\"/staff/portal-users?after=%lld\">Next "
			    "\xe2\x86\x92</a>", (long long)next);
		html_raw(b, "</p>\n");
	}
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

/* A change's outcome that is not CHANGE_OK: the roster with its sentence, or a status. */
static int
refused(struct req *r, struct resp *p, int rc, const struct change_result *out)
{
	if (out->title != NULL)
		return roster(r, p, status_for_change(rc), out->msg);
	return status_for_change(rc);
}

int
handle_staff_user_new(struct req *r, struct resp *p)
{
	struct input_val in[UK__MAX];
	struct change_result out;
	struct user_new u;
	struct actor who;
	int nogroup, invited, rc;

	if (page_need_staff(r, p) == NULL)
		return 0;
	input_read(r, INPUT_FORM, users_keys, UK__MAX, in);
	/* The login as sent: change_user_new() says what is wrong with it. */
	u = (struct user_new){ .customer = in_int(&in[UK_CUSTOMER]),
	    .contact = in_int(&in[UK_CONTACT]), .login = in[UK_LOGIN].s,
	    .invite = in[UK_NOINVITE].s == NULL };
	page_actor(r, &who);
	if ((rc = change_user_new(&who, &u, &out, &nogroup, &invited)) != CHANGE_OK)
		return refused(r, p, rc, &out);
	if (invited)
		resp_redirect(p, 303, nogroup ? "/staff/portal-users?done=nogroup_invited" :
		    "/staff/portal-users?done=invited");
	else
		resp_redirect(p, 303, nogroup ? "/staff/portal-users?done=nogroup" :
		    "/staff/portal-users?done=created");
	return 0;
}

/* Shows a one-time password once, on the page that set it. */
static void
onetime_page(struct req *r, struct resp *p, const char *login, const char *pw)
{
	struct buf *b = &p->body;

	page_begin(r, p, "One-time password");
	html_raw(b, "<h1>One-time password</h1>\n<p>Give this password to <strong>");
	html_text(b, login);
	html_raw(b, "</strong>. It is shown only now; they must choose their own at the "
	    "next sign-in.</p>\n<p><code class=\"onetime\">");
	html_text(b, pw);
	html_raw(b, "</code></p>\n<p><a href=\"/staff/portal-users\">Back to portal users</a>"
	    "</p>\n");
	page_end(p);
}

/* The confirmation page of disabling portal user id, named by login; 404 when the
 * user is not the tenant's. */
static int
disable_confirm(struct req *r, struct resp *p, int64_t id)
{
	struct portal_user u;
	char what[512];
	int found, rc;

	if ((rc = store_portal_user_get(&r->arena, r->tenant->id, id, &u, &found)) !=
	    DB_OK)
		return status_for_db(rc);
	if (!found)
		return 404;
	snprintf(what, sizeof(what), "%s (%s) is signed out everywhere and cannot sign "
	    "in until staff enable them again.", u.login, u.name != NULL ? u.name : "");
	return page_confirm(r, p, "Disable this portal user?", what, "Disable",
	    "/staff/portal-users");
}

int
handle_staff_user_action(struct req *r, struct resp *p)
{
	static const char *const done[USER_OP__MAX] = {
		[USER_INVITE] = "invite", [USER_RESET] = "reset",
		[USER_DISABLE] = "disabled", [USER_ENABLE] = "enabled",
		[USER_UNLOCK] = "unlocked",
	};
	struct input_val in[UK__MAX];
	enum user_op op = USER_OP__MAX;
	struct change_result out;
	char pw[USER_ONETIME_LEN], loc[64];
	const char *act, *login = NULL;
	struct actor who;
	int rc;

	if (page_need_staff(r, p) == NULL)
		return 0;
	input_read(r, INPUT_FORM, users_keys, UK__MAX, in);
	if (in_int(&in[UK_USER]) == 0 || (act = in[UK_DO].s) == NULL)
		return 400;
	for (int i = 0; i < USER_OP__MAX; i++)
		if (strcmp(act, user_op_names[i]) == 0)
			op = i;
	if (op == USER_DISABLE && !page_confirmed(r))
		return disable_confirm(r, p, in_int(&in[UK_USER]));
	page_actor(r, &who);
	rc = change_user(&who, op, in_int(&in[UK_USER]), &out, pw, &login);
	if (rc != CHANGE_OK)
		return refused(r, p, rc, &out);
	if (op == USER_ONETIME) {
		onetime_page(r, p, login, pw);
		OPENSSL_cleanse(pw, sizeof(pw));
		return 0;
	}
	snprintf(loc, sizeof(loc), "/staff/portal-users?done=%s", done[op]);
	resp_redirect(p, 303, loc);
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

/* The list of the lines whose outcome is (made) or is not (!made) USER_MADE. */
static void
bulk_list(struct buf *b, const struct user_made_line *lines, size_t n, int made)
{
	static const char *const what[] = {
		[USER_MADE] = "created and invited",
		[USER_NO_EMAIL] = "skipped: no usable email address",
		[USER_NO_ANSWER] = "skipped: the database did not answer",
		[USER_EXISTS] = "skipped: already a portal user",
		[USER_TAKEN] = "skipped: already a user (login taken)",
		[USER_FAILED] = "failed: could not be created",
	};

	for (size_t i = 0; i < n; i++)
		if ((lines[i].made == USER_MADE) == made)
			bulk_line(b, lines[i].who, what[lines[i].made]);
}

int
handle_staff_users_bulk(struct req *r, struct resp *p)
{
	struct buf *b = &p->body;
	struct input_val in[UK__MAX];
	struct user_made_line *lines;
	struct actor who;
	size_t n;
	int nogroup, rc;

	if (page_need_staff(r, p) == NULL)
		return 0;
	input_read(r, INPUT_FORM, users_keys, UK__MAX, in);
	if (in[UK_CUSTOMERS].st == INPUT_BAD)
		return 400;
	page_actor(r, &who);
	if ((rc = change_users_invite(&who, in[UK_CUSTOMERS].ids, in[UK_CUSTOMERS].n,
	    &lines, &n, &nogroup)) != CHANGE_OK)
		return status_for_change(rc);
	page_begin(r, p, "Portal users created");
	html_raw(b, "<h1>Portal users created</h1>\n");
	if (in[UK_CUSTOMERS].n == 0)
		html_raw(b, "<p>No customer was selected.</p>\n");
	if (nogroup)
		html_raw(b, "<p class=\"notice\">This tenant has no default permission group "
		    "yet: the new users have no access until one is granted.</p>\n");
	html_raw(b, "<h2>Created</h2>\n<ul class=\"created\">\n");
	bulk_list(b, lines, n, 1);
	html_raw(b, "</ul>\n<h2>Skipped</h2>\n<ul class=\"skipped\">\n");
	bulk_list(b, lines, n, 0);
	html_raw(b, "</ul>\n<p><a href=\"/staff/portal-users\">Back to portal users</a>"
	    "</p>\n");
	page_end(p);
	return 0;
}
