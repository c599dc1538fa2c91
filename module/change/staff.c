/* porch — SPDX-License-Identifier: MIT
 * Staff accounts as the tenant's admins run them from the web: inviting a staff
 * member by email (the invitation link of portal users, see change_link_mail()),
 * the admin right, the "log in as" right, MFA required, disabling and enabling.
 * Every change takes the tenant's lock and re-reads that its actor is still an
 * active admin, so two admins never take each other's right at once; no admin
 * removes their own right or disables themself, so a tenant keeps an admin.
 * Each one is audited (staff.*) in its transaction (see change.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "change.h"
#include "mail.h"
#include "store.h"
#include "store_mfa.h"
#include "store_staff.h"
#include "store_staff_audit.h"

/* Refusals shared by the changes. */
static int
not_admin(struct change_result *out)
{
	return change_refuse(out, CHANGE_CONFLICT, "Not an admin", "You are no longer "
	    "an admin of this tenant, so you cannot change staff accounts. Nothing was "
	    "changed.");
}

/* The first step of each change's transaction: the lock taken, the actor still an
 * admin. DB_OK, a refusal or a DB_* error. */
static int
admin_lock(const struct actor *who, struct change_result *out)
{
	int admin, rc;

	if ((rc = store_staff_admin_lock(who->a, who->tenant, who->id, &admin)) == DB_OK &&
	    !admin)
		rc = not_admin(out);
	return rc;
}

/* Staff member id of the tenant into m; CHANGE_NOT_FOUND when there is none. */
static int
member_get(const struct actor *who, int64_t id, struct staff_member *m,
    struct change_result *out)
{
	int found, rc;

	memset(out, 0, sizeof(*out));
	out->id = id;
	if (id == 0)
		return CHANGE_NOT_FOUND;
	if ((rc = store_staff_get(who->a, who->tenant, id, m, &found)) != DB_OK)
		return rc;
	return found ? CHANGE_OK : CHANGE_NOT_FOUND;
}

/* The invitation mailed to staff member id and audited, inside the transaction. */
static int
invite_send(const struct actor *who, int64_t id, const char *email, const char *name,
    const char *detail, struct change_result *out)
{
	int rc = change_link_mail(who, PRINCIPAL_STAFF, id, email, name, "invite");

	if (rc == MAIL_INVALID)
		return change_refuse(out, CHANGE_INVALID, "Not sent", "An invitation "
		    "cannot be mailed to %s from here. Nothing was sent.", email);
	return rc == DB_OK ? change_audit(who, "staff.invite", "staff", id, detail) : rc;
}

/* Inside the transaction: the new staff member, invited. */
static int
invite_apply(const struct actor *who, const char *email, const char *name,
    const struct staff_rights *rights, const char *detail, struct change_result *out)
{
	int rc;

	if ((rc = admin_lock(who, out)) != DB_OK)
		return rc;
	rc = store_staff_invite(who->a, who->tenant, email, name, rights, &out->id);
	if (rc == DB_CONFLICT)
		return change_refuse(out, CHANGE_CONFLICT, "Already on the staff", "%s is "
		    "already a staff member's email address here. Nothing was sent.",
		    email);
	if (rc == DB_OK)
		rc = invite_send(who, out->id, email, name, detail, out);
	return rc;
}

/* Inside the transaction: the invitation of staff member m sent again. */
static int
reinvite_apply(const struct actor *who, const struct staff_member *m,
    struct change_result *out)
{
	int rc;

	if ((rc = admin_lock(who, out)) != DB_OK)
		return rc;
	return invite_send(who, m->id, m->email, m->name, "again", out);
}

int
change_staff_invite(const struct actor *who, const struct staff_invite *in,
    struct change_result *out)
{
	struct staff_rights rights = {
		.admin = in->admin, .impersonate = in->impersonate,
		.mfa_required = in->mfa_required,
	};
	const char *email = in->email;
	char detail[400];
	int rc;

	memset(out, 0, sizeof(*out));
	while (email != NULL && *email == ' ')
		email++;
	if (email == NULL || *email == '\0' || strlen(email) > 254 ||
	    mail_addr_problem(email) != NULL)
		return change_refuse(out, CHANGE_INVALID, "Bad email address", "Type the "
		    "new staff member's email address (at most 254 characters): the "
		    "invitation goes there and it is how they sign in. Nothing was sent.");
	if (!change_line_ok(in->name, 200, 0))
		return change_refuse(out, CHANGE_INVALID, "Bad name", "The name is at most "
		    "200 characters on one line. Nothing was sent.");
	snprintf(detail, sizeof(detail), "email=%s admin=%d impersonate=%d mfa=%d",
	    email, rights.admin != 0, rights.impersonate != 0, rights.mfa_required != 0);
	STORE_TXN(rc, invite_apply(who, email, in->name, &rights, detail, out));
	return rc;
}

int
change_staff_reinvite(const struct actor *who, int64_t id, struct change_result *out)
{
	struct staff_member m;
	int rc;

	if ((rc = member_get(who, id, &m, out)) != CHANGE_OK)
		return rc;
	if (strcmp(m.status, "invited") != 0)
		return change_refuse(out, CHANGE_CONFLICT, "Not invited", "Only a staff "
		    "member who has not yet accepted an invitation, and is not disabled, "
		    "gets it again. Nothing was sent.");
	STORE_TXN(rc, reinvite_apply(who, &m, out));
	return rc;
}

/* Which of a staff member's rights a change sets. */
enum staff_right { RIGHT_ADMIN, RIGHT_IMPERSONATE, RIGHT_MFA };

static const char *const right_audit[][2] = {
	[RIGHT_ADMIN] = { "staff.admin", "admin" },
	[RIGHT_IMPERSONATE] = { "staff.impersonate", "allowed" },
	[RIGHT_MFA] = { "staff.mfa", "required" },
};

/* The mail to a staff member whose MFA an admin now requires, or no longer. */
static const char *const mfa_mail[2] = {
	"An administrator no longer requires two-step sign-in for your staff account "
	    "(the tenant's policy may still ask for it).",
	"An administrator now requires two-step sign-in for your staff account. You "
	    "were signed out; at your next sign-in you will set it up with an "
	    "authenticator app (unless it is on already).",
};

/* Right r of staff member m as it is in row m. */
static int
right_now(const struct staff_member *m, enum staff_right r)
{
	return r == RIGHT_ADMIN ? strcmp(m->role, "admin") == 0 :
	    r == RIGHT_IMPERSONATE ? m->can_impersonate != 0 : m->mfa_required != 0;
}

/*
 * Right r of staff member id set to on, inside the transaction: the member's row
 * read again, locked, after the tenant's lock, so the other rights written back
 * are those of the row now (another admin's change of another right a moment
 * before is kept), and "unchanged" is decided on it too.
 */
static int
right_apply(const struct actor *who, int64_t id, enum staff_right r, int on,
    struct change_result *out)
{
	struct staff_rights rights;
	struct staff_member row, *m = &row;
	struct mfa_account acc;
	char detail[32];
	int found, rc;

	if ((rc = admin_lock(who, out)) != DB_OK ||
	    (rc = store_staff_get_locked(who->a, who->tenant, id, m, &found)) != DB_OK)
		return rc;
	if (!found)
		return CHANGE_NOT_FOUND;
	if (right_now(m, r) == on)
		return change_unchanged(out);
	rights.admin = strcmp(m->role, "admin") == 0;
	rights.impersonate = m->can_impersonate;
	rights.mfa_required = m->mfa_required;
	if (r == RIGHT_ADMIN)
		rights.admin = on;
	else if (r == RIGHT_IMPERSONATE)
		rights.impersonate = on;
	else
		rights.mfa_required = on;
	snprintf(detail, sizeof(detail), "%s=%d", right_audit[r][1], on);
	if ((rc = store_staff_set_rights(who->a, who->tenant, m->id, &rights)) != DB_OK ||
	    (rc = change_audit(who, right_audit[r][0], "staff", m->id, detail)) != DB_OK ||
	    r != RIGHT_MFA)
		return rc;
	/* As for portal users: not yet enrolled, signed out, to enrol at sign-in. */
	if (on && !m->mfa_enrolled && (rc = store_sessions_del_others(who->a,
	    PRINCIPAL_STAFF, who->tenant, m->id, NULL)) != DB_OK)
		return rc;
	if ((rc = store_mfa_get(who->a, PRINCIPAL_STAFF, who->tenant, m->id, &acc,
	    &found)) != DB_OK || !found)
		return rc;
	return change_mfa_notify(who, &acc, mfa_mail[on != 0]);
}

/* Sets right r of staff member id (on: 0 or 1); nothing written when it is so. */
static int
right_set(const struct actor *who, int64_t id, enum staff_right r, int on,
    struct change_result *out)
{
	struct staff_member m;
	int rc;

	if ((rc = member_get(who, id, &m, out)) != CHANGE_OK)
		return rc;
	on = on != 0;
	if (r == RIGHT_ADMIN && !on && id == who->id)
		return change_refuse(out, CHANGE_CONFLICT, "Your own admin right",
		    "You cannot remove your own admin right: another admin can. So the "
		    "tenant always keeps an admin. Nothing was changed.");
	if (right_now(&m, r) == on)
		return change_unchanged(out);
	STORE_TXN(rc, (change_rerun(out, NULL), right_apply(who, id, r, on, out)));
	return rc;
}

int
change_staff_admin(const struct actor *who, int64_t id, int on,
    struct change_result *out)
{
	return right_set(who, id, RIGHT_ADMIN, on, out);
}

int
change_staff_impersonate(const struct actor *who, int64_t id, int on,
    struct change_result *out)
{
	return right_set(who, id, RIGHT_IMPERSONATE, on, out);
}

int
change_staff_mfa_require(const struct actor *who, int64_t id, int on,
    struct change_result *out)
{
	return right_set(who, id, RIGHT_MFA, on, out);
}

/* Inside the transaction: disabled, signed out everywhere (also as a portal user
 * they were logged in as), their open links ended. */
static int
disable(const struct actor *who, const struct staff_member *m,
    struct change_result *out)
{
	int changed, rc;

	if ((rc = admin_lock(who, out)) != DB_OK)
		return rc;
	if ((rc = store_staff_enable(who->a, who->tenant, m->id, 0, &changed)) != DB_OK ||
	    !changed)
		return rc;
	if ((rc = store_sessions_del_others(who->a, PRINCIPAL_STAFF, who->tenant, m->id,
	    NULL)) != DB_OK ||
	    (rc = store_sessions_del_impersonator(who->a, who->tenant, m->id)) != DB_OK ||
	    (rc = store_links_retire(who->a, PRINCIPAL_STAFF, who->tenant, m->id)) !=
	    DB_OK)
		return rc;
	return change_audit(who, "staff.disable", "staff", m->id, NULL);
}

int
change_staff_disable(const struct actor *who, int64_t id, struct change_result *out)
{
	struct staff_member m;
	int rc;

	if ((rc = member_get(who, id, &m, out)) != CHANGE_OK)
		return rc;
	if (id == who->id)
		return change_refuse(out, CHANGE_CONFLICT, "Your own account", "You cannot "
		    "disable your own account: another admin can. So the tenant always "
		    "keeps an admin. Nothing was changed.");
	if (strcmp(m.status, "disabled") == 0)
		return change_unchanged(out);
	STORE_TXN(rc, disable(who, &m, out));
	return rc;
}

/* Inside the transaction: staff member id enabled again, and the audit entry. */
static int
enable_apply(const struct actor *who, int64_t id, struct change_result *out)
{
	int changed, rc;

	if ((rc = admin_lock(who, out)) == DB_OK &&
	    (rc = store_staff_enable(who->a, who->tenant, id, 1, &changed)) == DB_OK &&
	    changed)
		rc = change_audit(who, "staff.enable", "staff", id, NULL);
	return rc;
}

int
change_staff_enable(const struct actor *who, int64_t id, struct change_result *out)
{
	struct staff_member m;
	int rc;

	if ((rc = member_get(who, id, &m, out)) != CHANGE_OK)
		return rc;
	if (strcmp(m.status, "disabled") != 0)
		return change_unchanged(out);
	STORE_TXN(rc, enable_apply(who, id, out));
	return rc;
}
