/* porch — SPDX-License-Identifier: MIT
 * MFA as staff change it for others: requiring it of portal users, stopping that,
 * resetting theirs or a colleague's, and unlocking a colleague's sign-in. Every
 * change is audited and mailed to its user in the transaction that makes it (see
 * change.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "change.h"
#include "mail.h"
#include "store.h"
#include "store_groups.h"
#include "store_mfa.h"
#include "store_users.h"

const char *const mfa_op_names[MFA_OP__MAX] = { "require", "unrequire", "reset" };

/* The mail to a portal user about each change. */
static const char *const op_mail[MFA_OP__MAX] = {
	"The office now requires two-step sign-in for your account. You were signed "
	    "out; at your next sign-in you will set it up with an authenticator app "
	    "(unless it is on already).",
	"The office no longer requires two-step sign-in for your account. You can "
	    "keep it on, or turn it off on your Account page.",
	"The office reset your two-step sign-in: your authenticator app's entry and "
	    "your recovery codes no longer work. You were signed out; set it up again "
	    "at your next sign-in if it is required, or from your Account page.",
};

int
change_mfa_reset(const struct actor *who, enum principal k, int64_t id,
    const struct mfa_account *m, const char *what)
{
	int rc;

	if ((rc = store_mfa_clear(who->a, k, who->tenant, id)) != DB_OK ||
	    (rc = store_sessions_del_others(who->a, k, who->tenant, id, NULL)) != DB_OK ||
	    (rc = change_audit(who, "mfa.reset", principal_name(k), id, NULL)) != DB_OK)
		return rc;
	return change_mfa_notify(who, m, what);
}

/* Makes op on portal user id, inside the transaction; *changed 1 when it did. */
static int
apply(const struct actor *who, enum mfa_op op, int64_t id, int *changed)
{
	struct mfa_account m;
	int found, rc;

	*changed = 0;
	if ((rc = store_mfa_get(who->a, PRINCIPAL_PORTAL, who->tenant, id, &m,
	    &found)) != DB_OK || !found)
		return rc;
	switch (op) {
	case MFA_OP_REQUIRE:
		if (m.required)
			return DB_OK;
		/* Sessions end, so the next sign-in goes through enrolment. */
		if ((rc = store_portal_mfa_require(who->a, who->tenant, id, 1)) != DB_OK ||
		    (rc = store_sessions_del_others(who->a, PRINCIPAL_PORTAL, who->tenant,
		    id, NULL)) != DB_OK ||
		    (rc = change_audit(who, "mfa.require", "portal", id, NULL)) != DB_OK)
			return rc;
		break;
	case MFA_OP_UNREQUIRE:
		if (!m.required)
			return DB_OK;
		if ((rc = store_portal_mfa_require(who->a, who->tenant, id, 0)) != DB_OK ||
		    (rc = change_audit(who, "mfa.unrequire", "portal", id, NULL)) != DB_OK)
			return rc;
		break;
	default:
		if (m.boxlen == 0)
			return DB_OK;
		*changed = 1;
		return change_mfa_reset(who, PRINCIPAL_PORTAL, id, &m, op_mail[op]);
	}
	*changed = 1;
	return change_mfa_notify(who, &m, op_mail[op]);
}

/* The ids in->scope names as ids[0..n) (in who->a); CHANGE_NOT_FOUND: not ours. */
static int
chosen(const struct actor *who, const struct mfa_change *in, const int64_t **ids,
    size_t *n)
{
	struct mfa_account m;
	struct perm_group g;
	struct person c;
	int64_t *found_ids;
	int found, rc;

	switch (in->scope) {
	case MFA_SELECTED:
		for (size_t i = 0; i < in->n; i++) {
			if ((rc = store_mfa_get(who->a, PRINCIPAL_PORTAL, who->tenant,
			    in->users[i], &m, &found)) != DB_OK)
				return rc;
			if (!found)
				return CHANGE_NOT_FOUND;
		}
		*ids = in->users;
		*n = in->n;
		return CHANGE_OK;
	case MFA_CUSTOMER:
		if ((rc = store_customer_get(who->a, who->tenant, in->customer, &c,
		    &found)) == DB_OK && found)
			rc = store_portal_user_ids_of_customer(who->a, who->tenant,
			    in->customer, &found_ids, n);
		break;
	default:
		if ((rc = store_group_get(who->a, who->tenant, in->group, &g, &found)) ==
		    DB_OK && found)
			rc = store_portal_user_ids_of_group(who->a, who->tenant, in->group,
			    &found_ids, n);
		break;
	}
	if (rc != DB_OK)
		return rc;
	if (!found)
		return CHANGE_NOT_FOUND;
	*ids = found_ids;
	return CHANGE_OK;
}

/* Inside the transaction: op on each of the n portal users ids; *changed counts. */
static int
bulk_apply(const struct actor *who, enum mfa_op op, const int64_t *ids, size_t n,
    size_t *changed)
{
	int one, rc = DB_OK;

	*changed = 0;
	for (size_t i = 0; i < n && rc == DB_OK; i++) {
		rc = apply(who, op, ids[i], &one);
		*changed += one;
	}
	return rc;
}

int
change_users_mfa(const struct actor *who, const struct mfa_change *in,
    size_t *changed)
{
	const int64_t *ids;
	size_t n;
	int rc;

	*changed = 0;
	if (in->op >= MFA_OP__MAX)
		return CHANGE_INVALID;
	if ((rc = chosen(who, in, &ids, &n)) != CHANGE_OK)
		return rc;
	/* All of them or none. */
	STORE_TXN(rc, bulk_apply(who, in->op, ids, n, changed));
	return rc;
}

/* A staff member of the tenant, their MFA state in m. */
static int
staff_get(const struct actor *who, int64_t id, struct mfa_account *m)
{
	int found, rc;

	if ((rc = store_mfa_get(who->a, PRINCIPAL_STAFF, who->tenant, id, m, &found)) !=
	    DB_OK)
		return rc;
	return found ? CHANGE_OK : CHANGE_NOT_FOUND;
}

int
change_staff_mfa_reset(const struct actor *who, int64_t id)
{
	struct mfa_account m;
	int rc;

	if ((rc = staff_get(who, id, &m)) != CHANGE_OK)
		return rc;
	if (id == who->id)
		return CHANGE_CONFLICT;	/* one's own: /account/mfa, with the password */
	STORE_TXN(rc, change_mfa_reset(who, PRINCIPAL_STAFF, id, &m, "An administrator "
	    "reset your two-step sign-in: your authenticator app's entry and your recovery "
	    "codes no longer work. You were signed out; set it up again at your next "
	    "sign-in."));
	return rc;
}

int
change_staff_unlock(const struct actor *who, int64_t id)
{
	struct mfa_account m;
	int rc = staff_get(who, id, &m);

	return rc != CHANGE_OK ? rc : change_signin_unlock(who, PRINCIPAL_STAFF, id,
	    "staff", 1);
}
