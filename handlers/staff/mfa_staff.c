/* porch — SPDX-License-Identifier: MIT
 * Staff control of MFA: requiring it of portal users (one, the selected ones, all of a
 * customer or all holding a group's grant), stopping that, resetting a user's MFA;
 * and for tenant admins, the staff list with a reset of a colleague's MFA or an
 * unlock of their sign-in. The pages read mfa_keys and make every change through
 * module/change (mfa.c), which audits and mails it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "change.h"
#include "handlers.h"
#include "html.h"
#include "input.h"
#include "session.h"
#include "store_mfa.h"
#include "store_staff_audit.h"
#include "tenant.h"

/* Every form and query key of these pages. */
enum mfa_key {
	MK_USERS,		/* scope "selected": the chosen users */
	MK_DO,			/* the change: mfa_op_names */
	MK_SCOPE,		/* "selected" (or none), "customer", "group" */
	MK_CUSTOMER,		/* scope "customer": whose users */
	MK_GROUP,		/* scope "group": the users holding its grants */
	MK_STAFF,		/* the team page's POSTs: the staff member */
	MK_DONE,		/* query: the team page's notice */
	MK__MAX
};

static const struct input_key mfa_keys[MK__MAX] = {
	[MK_USERS] = { "user", IN_ID, IN_MULTI, 0, 0 },
	[MK_DO] = { "do", IN_LINE, 0, 0, 0 },
	[MK_SCOPE] = { "scope", IN_LINE, 0, 0, 0 },
	[MK_CUSTOMER] = { "customer", IN_ID, 0, 0, 0 },
	[MK_GROUP] = { "group", IN_ID, 0, 0, 0 },
	[MK_STAFF] = { "staff", IN_ID, 0, 0, 0 },
	[MK_DONE] = { "done", IN_RAW, 0, 0, 0 },
};

/*
 * The change a request names: 0 with c filled, or 400 for an unknown change or
 * scope, a malformed user id, or a missing customer or group.
 */
static int
change_read(struct req *r, struct mfa_change *c)
{
	static const char *const scopes[] = {
		[MFA_SELECTED] = "selected", [MFA_CUSTOMER] = "customer",
		[MFA_GROUP] = "group",
	};
	struct input_val in[MK__MAX];
	const char *act, *scope;

	input_read(r, INPUT_FORM, mfa_keys, MK__MAX, in);
	act = in_str(&in[MK_DO]);
	scope = in[MK_SCOPE].s;
	memset(c, 0, sizeof(*c));
	for (c->op = 0; act != NULL && c->op < MFA_OP__MAX; c->op++)
		if (strcmp(act, mfa_op_names[c->op]) == 0)
			break;
	if (act == NULL || c->op == MFA_OP__MAX)
		return 400;
	for (c->scope = MFA_SELECTED; scope != NULL && c->scope < NELEM(scopes);
	    c->scope++)
		if (strcmp(scope, scopes[c->scope]) == 0)
			break;
	if (c->scope == NELEM(scopes))
		return 400;
	c->users = in[MK_USERS].ids;
	c->n = in[MK_USERS].n;
	c->customer = in_int(&in[MK_CUSTOMER]);
	c->group = in_int(&in[MK_GROUP]);
	if ((c->scope == MFA_SELECTED && in[MK_USERS].st == INPUT_BAD) ||
	    (c->scope == MFA_CUSTOMER && c->customer == 0) ||
	    (c->scope == MFA_GROUP && c->group == 0))
		return 400;
	return 0;
}

int
handle_staff_users_mfa(struct req *r, struct resp *p)
{
	struct mfa_change c;
	struct actor who;
	size_t changed;
	char loc[80];
	int rc;

	if (page_need_staff(r, p) == NULL)
		return 0;
	if ((rc = change_read(r, &c)) != 0)
		return rc;
	page_actor(r, &who);
	if ((rc = change_users_mfa(&who, &c, &changed)) != CHANGE_OK)
		return status_for_change(rc);
	snprintf(loc, sizeof(loc), "/staff/portal-users?done=mfa_%s&n=%zu",
	    mfa_op_names[c.op], changed);
	resp_redirect(p, 303, loc);
	return 0;
}

/* ---- staff accounts (admins) ---------------------------------------------- */
/* Both pages are for admins only: ROUTE_ADMIN in routes.c. */

/* One staff member's row, with the buttons an admin may use on them. */
static void
team_row(struct buf *b, const struct session *s, const struct staff_member *m)
{
	html_raw(b, "<tr>");
	html_cells(b, m->email, m->name, m->role, m->status, m->mfa_enrolled ?
	    "enrolled" : m->mfa_secret ? "setting up" : "not enrolled", (const char *)NULL);
	html_raw(b, "<td>");
	if (m->id != s->row.user_id && m->mfa_secret)
		page_button(b, s, "/staff/team/mfa-reset", "staff", m->id, NULL,
		    "Reset MFA");
	page_button(b, s, "/staff/team/unlock", "staff", m->id, NULL, "Unlock sign-in");
	html_raw(b, "</td></tr>\n");
}

int
handle_staff_team(struct req *r, struct resp *p)
{
	struct session *s = page_need_staff(r, p);
	struct buf *b = &p->body;
	struct input_val in[MK__MAX];
	struct staff_member *staff;
	struct mfa_account me;
	const char *done;
	size_t n;
	int found, rc;

	if (s == NULL)
		return 0;
	if ((rc = store_staff_members(&r->arena, r->tenant->id, &staff, &n)) != DB_OK ||
	    (rc = store_mfa_get(&r->arena, PRINCIPAL_STAFF, r->tenant->id, s->row.user_id,
	    &me, &found)) != DB_OK)
		return status_for_db(rc);
	input_read(r, INPUT_QUERY, mfa_keys, MK__MAX, in);
	done = in[MK_DONE].s;
	page_begin(r, p, "Staff");
	html_raw(b, "<h1>Staff</h1>\n");
	if (done != NULL && strcmp(done, "unlocked") == 0)
		page_notice_text(p, "Sign-in was unlocked: every failed try and wait on "
		    "record for them is forgotten.");
	else if (done != NULL)
		page_notice_text(p, "Their MFA was reset and they were signed out.");
	html_raw(b, "<p id=\"staff-mfa-policy\">Staff must use two-step sign-in: "
	    "<strong>");
	html_text(b, me.required ? "yes" : "no");
	html_raw(b, "</strong>.</p>\n");
	html_raw(b, "<table class=\"staff\">\n<thead><tr><th>Email</th><th>Name</th>"
	    "<th>Role</th><th>Status</th><th>MFA</th><th></th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++)
		team_row(b, s, &staff[i]);
	html_raw(b, "</tbody>\n</table>\n<p>Your own two-step sign-in is on "
	    "<a href=\"/account/mfa\">your account page</a>.</p>\n");
	page_end(p);
	return 0;
}

/*
 * The team page's POSTs (admins only: the route says so) name another staff member
 * of the tenant by "staff"; change (change_staff_mfa_reset or change_staff_unlock)
 * is made on them and the team page shown again with done's notice.
 */
static int
team_change(struct req *r, struct resp *p, int (*change)(const struct actor *, int64_t),
    const char *done)
{
	struct input_val in[MK__MAX];
	struct actor who;
	int rc;

	if (page_need_staff(r, p) == NULL)
		return 0;
	input_read(r, INPUT_FORM, mfa_keys, MK__MAX, in);
	if (in_int(&in[MK_STAFF]) == 0)
		return 400;
	page_actor(r, &who);
	if ((rc = change(&who, in_int(&in[MK_STAFF]))) != CHANGE_OK)
		return status_for_change(rc);
	resp_redirect(p, 303, done);
	return 0;
}

int
handle_staff_team_mfa_reset(struct req *r, struct resp *p)
{
	return team_change(r, p, change_staff_mfa_reset, "/staff/team?done=reset");
}

/* An admin forgets a staff member's failed sign-ins and waits (audited). */
int
handle_staff_team_unlock(struct req *r, struct resp *p)
{
	return team_change(r, p, change_staff_unlock, "/staff/team?done=unlocked");
}
