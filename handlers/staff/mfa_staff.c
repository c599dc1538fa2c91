/* porch — SPDX-License-Identifier: MIT
 * Staff control of MFA: requiring it of portal users (one, the selected ones, all of a
 * customer or all holding a group's grant), stopping that, resetting a user's MFA.
 * (A colleague's MFA is reset on the staff page, team.c.) The page reads mfa_keys
 * and makes every change through module/change (mfa.c), which audits and mails it.
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
#include "tenant.h"

/* Every form and query key of these pages. */
enum mfa_key {
	MK_USERS,		/* scope "selected": the chosen users */
	MK_DO,			/* the change: mfa_op_names */
	MK_SCOPE,		/* "selected" (or none), "customer", "group" */
	MK_CUSTOMER,		/* scope "customer": whose users */
	MK_GROUP,		/* scope "group": the users holding its grants */
	MK__MAX
};

static const struct input_key mfa_keys[MK__MAX] = {
	[MK_USERS] = { "user", IN_ID, IN_MULTI, 0, 0 },
	[MK_DO] = { "do", IN_LINE, 0, 0, 0 },
	[MK_SCOPE] = { "scope", IN_LINE, 0, 0, 0 },
	[MK_CUSTOMER] = { "customer", IN_ID, 0, 0, 0 },
	[MK_GROUP] = { "group", IN_ID, 0, 0, 0 },
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
	if (c.op == MFA_OP_RESET && !page_confirmed(r))
		return page_confirm(r, p, "Reset two-step sign-in?", "The authenticator "
		    "and recovery codes of the chosen portal users are removed and they are "
		    "signed out; they set up two-step sign-in again at their next "
		    "sign-in.", "Reset MFA", "/staff/portal-users");
	page_actor(r, &who);
	if ((rc = change_users_mfa(&who, &c, &changed)) != CHANGE_OK)
		return status_for_change(rc);
	snprintf(loc, sizeof(loc), "/staff/portal-users?done=mfa_%s&n=%zu",
	    mfa_op_names[c.op], changed);
	resp_redirect(p, 303, loc);
	return 0;
}
