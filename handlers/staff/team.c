/* porch — SPDX-License-Identifier: MIT
 * The staff page (/staff/team), for the tenant's admins only (ROUTE_ADMIN in
 * routes.c): every staff member with their role, status, two-step sign-in and
 * "log in as" right, and the buttons that change them; the form that invites a new
 * staff member by email. The pages read team_keys and make every change through
 * module/change (staff.c; a colleague's MFA reset and sign-in unlock through
 * mfa_staff.c), which checks it again, audits it and mails what is mailed.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "change.h"
#include "handlers.h"
#include "html.h"
#include "input.h"
#include "session.h"
#include "store_staff_audit.h"
#include "tenant.h"

#define TEAM	"/staff/team"

/* Every form and query key of the staff page. */
enum team_key {
	TK_STAFF,	/* the POSTs: the staff member */
	TK_DO,		/* the switches: "on" or "off" */
	TK_EMAIL,	/* invite: the new staff member */
	TK_NAME,
	TK_ADMIN,	/* invite: check boxes */
	TK_IMPERSONATE,
	TK_MFA,
	TK_DONE,	/* query: the notice after a change */
	TK__MAX
};

static const struct input_key team_keys[TK__MAX] = {
	[TK_STAFF] = { "staff", IN_ID, 0, 0, 0 },
	[TK_DO] = { "do", IN_LINE, 0, 0, 0 },
	[TK_EMAIL] = { "email", IN_LINE, 0, 0, 0 },
	[TK_NAME] = { "name", IN_LINE, 0, 0, 0 },
	[TK_ADMIN] = { "admin", IN_FLAG, 0, 0, 0 },
	[TK_IMPERSONATE] = { "impersonate", IN_FLAG, 0, 0, 0 },
	[TK_MFA] = { "mfa", IN_FLAG, 0, 0, 0 },
	[TK_DONE] = { "done", IN_LINE, 0, 0, 0 },
};

static const char *const notices[][2] = {
	{ "invited", "The invitation was sent. The new staff member chooses a password "
	    "through its link, then signs in at the staff sign-in." },
	{ "reinvited", "The invitation was sent again." },
	{ "admin", "The admin right was changed. It applies from their next request." },
	{ "impersonate", "The \"log in as\" right was changed." },
	{ "mfa", "The two-step sign-in requirement was changed." },
	{ "disabled", "The staff member was disabled and signed out everywhere." },
	{ "enabled", "The staff member was enabled again." },
	{ "unchanged", "That was so already: nothing was changed." },
	{ "reset", "Their MFA was reset and they were signed out." },
	{ "unlocked", "Sign-in was unlocked: every failed try and wait on record for "
	    "them is forgotten." },
};

/* A switch button: POST TEAM/<what> with staff and do=on|off. */
static void
switch_button(struct buf *b, const struct session *s, const char *what, int64_t id,
    int on, const char *label)
{
	char action[48];

	snprintf(action, sizeof(action), TEAM "/%s", what);
	page_button(b, s, action, "staff", id, on ? "on" : "off", label);
}

/* One staff member's row, with the buttons an admin may use on them. */
static void
team_row(struct buf *b, const struct session *s, const struct staff_member *m)
{
	int self = m->id == s->row.user_id, admin = strcmp(m->role, "admin") == 0;

	html_rawf(b, "<tr data-staff=\"%lld\">", (long long)m->id);
	html_cells(b, m->email, m->name, m->role, m->status, m->mfa_enrolled ?
	    "enrolled" : m->mfa_secret ? "setting up" : "not enrolled",
	    m->mfa_required ? "required" : m->tenant_mfa ? "by policy" : "no",
	    admin ? "yes (admin)" : m->can_impersonate ? "yes" : "no",
	    (const char *)NULL);
	html_raw(b, "<td>");
	if (strcmp(m->status, "invited") == 0)
		page_button(b, s, TEAM "/reinvite", "staff", m->id, NULL,
		    "Send the invitation again");
	if (!admin)
		switch_button(b, s, "admin", m->id, 1, "Make admin");
	else if (!self)
		switch_button(b, s, "admin", m->id, 0, "Remove admin");
	switch_button(b, s, "impersonate", m->id, !m->can_impersonate,
	    m->can_impersonate ? "Disallow log in as" : "Allow log in as");
	switch_button(b, s, "mfa-require", m->id, !m->mfa_required,
	    m->mfa_required ? "Stop requiring MFA" : "Require MFA");
	if (!self && m->mfa_secret)
		page_button(b, s, TEAM "/mfa-reset", "staff", m->id, NULL, "Reset MFA");
	page_button(b, s, TEAM "/unlock", "staff", m->id, NULL, "Unlock sign-in");
	if (!self && strcmp(m->status, "disabled") == 0)
		page_button(b, s, TEAM "/enable", "staff", m->id, NULL, "Enable");
	else if (!self)
		page_button(b, s, TEAM "/disable", "staff", m->id, NULL, "Disable");
	html_raw(b, "</td></tr>\n");
}

/* ' value="V"' of an input, when v was typed (not NULL). */
static void
typed_value(struct buf *b, const char *v)
{
	if (v == NULL)
		return;
	html_raw(b, " value=\"");
	html_attr(b, v);
	html_raw(b, "\"");
}

/* The invitation form, with what was typed (in) after a refusal. */
static void
invite_form(struct buf *b, const struct session *s, const struct input_val *in)
{
	html_raw(b, "<h2>Invite a staff member</h2>\n");
	page_form(b, s->csrf_token, "invite", TEAM "/invite");
	html_raw(b, "<label for=\"invite-email\">Email</label>\n<input id=\"invite-email\" "
	    "name=\"email\" type=\"email\" required maxlength=\"254\"");
	typed_value(b, in != NULL ? in[TK_EMAIL].s : NULL);
	html_raw(b, ">\n<label for=\"invite-name\">Name (optional)</label>\n"
	    "<input id=\"invite-name\" name=\"name\" maxlength=\"200\"");
	typed_value(b, in != NULL ? in[TK_NAME].s : NULL);
	html_raw(b, ">\n<label class=\"check\"><input type=\"checkbox\" name=\"admin\" "
	    "value=\"1\"> admin: runs groups, grants, the staff and the audit log"
	    "</label>\n<label class=\"check\"><input type=\"checkbox\" "
	    "name=\"impersonate\" value=\"1\"> may \"log in as\" portal users</label>\n"
	    "<label class=\"check\"><input type=\"checkbox\" name=\"mfa\" value=\"1\"> "
	    "require two-step sign-in</label>\n<p class=\"hint\">The invitation mail has "
	    "a link to choose a password; it works once.</p>\n"
	    "<p><button type=\"submit\">Send invitation</button></p>\n</form>\n");
}

/* The staff page with done's notice or an error (status 0 for 200); in: the
 * invitation form's values after a refusal, or NULL. */
static int
team_page(struct req *r, struct resp *p, int status, const char *error,
    const char *done, const struct input_val *in)
{
	struct session *s = r->session;
	struct buf *b = &p->body;
	struct staff_member *staff;
	int policy = 0;
	size_t n;
	int rc;

	if ((rc = store_staff_members(&r->arena, r->tenant->id, &staff, &n)) != DB_OK)
		return status_for_db(rc);
	for (size_t i = 0; i < n; i++)
		policy |= staff[i].tenant_mfa;
	page_begin(r, p, "Staff");
	if (status != 0)
		p->status = status;
	html_raw(b, "<h1>Staff</h1>\n");
	if (error != NULL)
		page_error_text(p, error);
	else
		page_notice(p, notices, NELEM(notices), done);
	html_raw(b, "<p id=\"staff-mfa-policy\">Staff must use two-step sign-in: "
	    "<strong>");
	html_text(b, policy ? "yes" : "no");
	html_raw(b, "</strong>.</p>\n");
	html_raw(b, "<table class=\"staff\">\n<thead><tr><th>Email</th><th>Name</th>"
	    "<th>Role</th><th>Status</th><th>MFA</th><th>MFA required</th>"
	    "<th>Log in as</th><th><span class=\"vh\">Actions</span></th>"
	    "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++)
		team_row(b, s, &staff[i]);
	html_raw(b, "</tbody>\n</table>\n<p class=\"hint\">Admins may always log in as "
	    "portal users. No admin can remove their own admin right or disable "
	    "themselves, so the tenant keeps an admin.</p>\n");
	invite_form(b, s, in);
	html_raw(b, "<p>Your own two-step sign-in is on <a href=\"/account/mfa\">your "
	    "account page</a>.</p>\n");
	page_end(p);
	return 0;
}

int
handle_staff_team(struct req *r, struct resp *p)
{
	struct input_val in[TK__MAX];

	if (page_need_staff(r, p) == NULL)
		return 0;
	input_read(r, INPUT_QUERY, team_keys, TK__MAX, in);
	return team_page(r, p, 0, NULL, in_str(&in[TK_DONE]), NULL);
}

/*
 * The answer to a change's outcome rc: back to the staff page with done's notice
 * (or "unchanged"); a refusal on that page with its status; any other outcome as
 * its status.
 */
static int
answer(struct req *r, struct resp *p, int rc, const struct change_result *out,
    const char *done, const struct input_val *in)
{
	char loc[64];

	if (rc == CHANGE_OK) {
		snprintf(loc, sizeof(loc), TEAM "?done=%s", out->unchanged ? "unchanged" :
		    done);
		resp_redirect(p, 303, loc);
		return 0;
	}
	if (rc == CHANGE_INVALID || rc == CHANGE_CONFLICT)
		return team_page(r, p, status_for_change(rc), change_sentence(out), NULL,
		    in);
	return status_for_change(rc);
}

/* POST TEAM/invite: email, name, admin, impersonate, mfa. */
static int
invite(struct req *r, struct resp *p, const struct input_val *in)
{
	struct staff_invite si = {
		.email = in[TK_EMAIL].s, .name = in[TK_NAME].s,
		/* A box sent at all counts as ticked, whatever its value. */
		.admin = in[TK_ADMIN].s != NULL, .impersonate = in[TK_IMPERSONATE].s != NULL,
		.mfa_required = in[TK_MFA].s != NULL,
	};
	struct change_result out;
	struct actor who;

	page_actor(r, &who);
	return answer(r, p, change_staff_invite(&who, &si, &out), &out, "invited", in);
}

/*
 * The confirmation page of a destructive change of staff member id (page_confirm()),
 * naming them by email when they are of this tenant.
 */
static int
team_confirm(struct req *r, struct resp *p, int64_t id, const char *title,
    const char *what, const char *button)
{
	struct staff_member *staff;
	char sentence[512];
	const char *who = NULL;
	size_t n;
	int rc;

	if ((rc = store_staff_members(&r->arena, r->tenant->id, &staff, &n)) != DB_OK)
		return status_for_db(rc);
	for (size_t i = 0; i < n; i++)
		if (staff[i].id == id)
			who = staff[i].email;
	if (who == NULL)
		return 404;
	snprintf(sentence, sizeof(sentence), "%s: %s", who, what);
	return page_confirm(r, p, title, sentence, button, TEAM);
}

#define DISABLE_WHAT	"they are signed out everywhere and cannot sign in until an " \
	"admin enables them again."
#define MFA_RESET_WHAT	"their authenticator and recovery codes are removed and " \
	"they are signed out; they set up two-step sign-in again at their next sign-in."

/* The POSTs on one staff member (staff), by path; a switch takes do=on|off. A
 * change with a confirm title is asked first (page_confirm()). */
static const struct team_act {
	const char	*path;
	const char	*done;
	int		 (*one)(const struct actor *, int64_t, struct change_result *);
	int		 (*set)(const struct actor *, int64_t, int, struct change_result *);
	const char	*confirm;
} team_acts[] = {
	{ TEAM "/reinvite", "reinvited", change_staff_reinvite, NULL, NULL },
	{ TEAM "/disable", "disabled", change_staff_disable, NULL,
	    "Disable this staff member?" },
	{ TEAM "/enable", "enabled", change_staff_enable, NULL, NULL },
	{ TEAM "/admin", "admin", NULL, change_staff_admin, NULL },
	{ TEAM "/impersonate", "impersonate", NULL, change_staff_impersonate, NULL },
	{ TEAM "/mfa-require", "mfa", NULL, change_staff_mfa_require, NULL },
};

/*
 * POST TEAM/invite, TEAM/reinvite, /disable, /enable (staff) and the switches
 * TEAM/admin, /impersonate, /mfa-require (staff, do=on|off). Admins only (routes.c).
 */
int
handle_staff_team_post(struct req *r, struct resp *p)
{
	struct input_val in[TK__MAX];
	const struct team_act *t = NULL;
	struct change_result out;
	const char *act;
	struct actor who;
	int64_t id;
	int on;

	if (page_need_staff(r, p) == NULL)
		return 0;
	input_read(r, INPUT_FORM, team_keys, TK__MAX, in);
	if (strcmp(r->path, TEAM "/invite") == 0)
		return invite(r, p, in);
	for (size_t i = 0; i < NELEM(team_acts); i++)
		if (strcmp(r->path, team_acts[i].path) == 0)
			t = &team_acts[i];
	if (t == NULL)
		return 404;
	if ((id = in_int(&in[TK_STAFF])) == 0)
		return 400;
	if (t->confirm != NULL && !page_confirmed(r))
		return team_confirm(r, p, id, t->confirm, DISABLE_WHAT, "Disable");
	page_actor(r, &who);
	if (t->one != NULL)
		return answer(r, p, t->one(&who, id, &out), &out, t->done, NULL);
	act = in_str(&in[TK_DO]);
	if (act == NULL || (strcmp(act, "on") != 0 && strcmp(act, "off") != 0))
		return 400;
	on = strcmp(act, "on") == 0;
	return answer(r, p, t->set(&who, id, on, &out), &out, t->done, NULL);
}

/*
 * A colleague's MFA reset and sign-in unlock (change_staff_mfa_reset,
 * change_staff_unlock in module/change/mfa_staff.c) name them by "staff"; the
 * staff page is shown again with done's notice.
 */
static int
team_change(struct req *r, struct resp *p, int (*change)(const struct actor *, int64_t),
    const char *done, const char *confirm)
{
	struct input_val in[TK__MAX];
	struct actor who;
	int rc;

	if (page_need_staff(r, p) == NULL)
		return 0;
	input_read(r, INPUT_FORM, team_keys, TK__MAX, in);
	if (in_int(&in[TK_STAFF]) == 0)
		return 400;
	if (confirm != NULL && !page_confirmed(r))
		return team_confirm(r, p, in_int(&in[TK_STAFF]), confirm, MFA_RESET_WHAT,
		    "Reset MFA");
	page_actor(r, &who);
	if ((rc = change(&who, in_int(&in[TK_STAFF]))) != CHANGE_OK)
		return status_for_change(rc);
	resp_redirect(p, 303, done);
	return 0;
}

int
handle_staff_team_mfa_reset(struct req *r, struct resp *p)
{
	return team_change(r, p, change_staff_mfa_reset, TEAM "?done=reset",
	    "Reset this staff member\xe2\x80\x99s two-step sign-in?");
}

/* An admin forgets a staff member's failed sign-ins and waits (audited). */
int
handle_staff_team_unlock(struct req *r, struct resp *p)
{
	return team_change(r, p, change_staff_unlock, TEAM "?done=unlocked", NULL);
}
