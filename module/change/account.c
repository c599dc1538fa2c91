/* porch — SPDX-License-Identifier: MIT
 * The user's own account: a new password, one of their sessions ended, an
 * invitation or reset link used to choose a password, and a portal user's first
 * sign-in (see change.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "change.h"
#include "mail.h"
#include "password.h"
#include "store.h"
#include "store_events.h"
#include "store_users.h"
#include "throttle.h"

/* A change made with the new password's hash, inside the transaction. */
typedef int (*with_hash_fn)(const struct actor *who, const void *in, const char *hash);

/*
 * Refuses a new password typed twice differently (differ: the form's sentence for
 * it) or too weak, else hashes it and runs apply(who, in, hash) in one transaction.
 * Returns CHANGE_OK, CHANGE_INVALID (out->msg), CHANGE_BUSY, apply's refusal or a
 * DB_* error.
 */
static int
with_new_password(const struct actor *who, const char *pw, const char *again,
    const char *differ, with_hash_fn apply, const void *in, struct change_result *out)
{
	char hash[PASSWORD_HASH_MAX];
	const char *problem;
	int rc;

	if (strcmp(pw, again) != 0)
		return change_refuse(out, CHANGE_INVALID, NULL, "%s", differ);
	if ((problem = password_problem(pw)) != NULL)
		return change_refuse(out, CHANGE_INVALID, NULL, "%s", problem);
	if ((rc = password_hash(&who->cfg->argon2, pw, hash, sizeof(hash))) < 0)
		return rc == PASSWORD_BUSY ? CHANGE_BUSY : DB_ERROR;
	STORE_TXN(rc, apply(who, in, hash));
	OPENSSL_cleanse(hash, sizeof(hash));
	return rc;
}

/* Inside the transaction: the new hash, the other sessions ended, the audit entry. */
static int
password_apply(const struct actor *who, const void *arg, const char *hash)
{
	const struct password_change *in = arg;
	int rc;

	if ((rc = store_password_set(who->a, in->kind, who->tenant, who->id, hash, 0)) !=
	    DB_OK ||
	    (rc = store_sessions_del_others(who->a, in->kind, who->tenant, who->id,
	    in->keep)) != DB_OK)
		return rc;
	return change_audit(who, "password.change", principal_name(in->kind), who->id,
	    NULL);
}

int
change_password(const struct actor *who, const struct password_change *in,
    struct change_result *out)
{
	memset(out, 0, sizeof(*out));
	if (strcmp(in->pw, in->again) == 0 && strcmp(in->pw, in->current) == 0)
		return change_refuse(out, CHANGE_INVALID, NULL, "The new password must "
		    "differ from the current one.");
	return with_new_password(who, in->pw, in->again, "The two new passwords differ.",
	    password_apply, in, out);
}

/* Inside the transaction: the session ended, the audit entry. */
static int
session_end_apply(const struct actor *who, enum principal kind,
    const unsigned char hash[32])
{
	uint64_t deleted;
	int rc;

	if ((rc = store_session_del_of_user(who->a, kind, who->tenant, who->id, hash,
	    &deleted)) == DB_OK && deleted == 0)
		rc = CHANGE_NOT_FOUND;
	if (rc == DB_OK)
		rc = change_audit(who, "session.end", principal_name(kind), who->id, NULL);
	return rc;
}

int
change_session_end(const struct actor *who, enum principal kind,
    const unsigned char hash[32], struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	STORE_TXN(rc, session_end_apply(who, kind, hash));
	return rc;
}

/* The mail after a reset: the password changed, and whom to tell if it was not them. */
static int
reset_mail(const struct actor *who, const struct link_accept *in)
{
	char subject[300];
	struct buf body;
	int rc;

	snprintf(subject, sizeof(subject), "Your password for %s was changed",
	    in->tenant_name);
	buf_init(&body, 512);
	buf_printf(&body, "Hello %s,\n\nyour password for the %s portal was changed "
	    "through a reset link, and your other sessions were signed out.\n\nIf this "
	    "was not you, contact the office at once.\n", in->name != NULL ? in->name : "",
	    in->tenant_name);
	rc = mail_enqueue(who->a, who->tenant, in->login, "", subject, body.data);
	buf_free(&body);
	return rc == MAIL_INVALID ? DB_ERROR : rc;
}

/* Inside the transaction: everything the used link changes. */
static int
link_apply(const struct actor *who, const void *arg, const char *hash)
{
	const struct link_accept *in = arg;
	const char *target = in->principal == PRINCIPAL_STAFF ? "staff" : "portal_user";
	struct actor user = *who;
	uint64_t cleared;
	char detail[64];
	int used, rc;

	if ((rc = store_action_token_use(who->a, who->tenant, in->kind, in->hash, &used)) !=
	    DB_OK)
		return rc;
	if (!used)
		return CHANGE_NOT_FOUND;
	/* The link speaks for its user: the entry is theirs, whoever's browser it is. */
	user.kind = principal_name(in->principal);
	user.id = in->id;
	user.impersonator = 0;
	snprintf(detail, sizeof(detail), "kind=%s", in->kind);
	/* Any other link still out for the user dies with this one (the store does it). */
	if ((rc = store_user_activate(who->a, in->principal, who->tenant, in->id,
	    hash)) != DB_OK ||
	    (rc = store_sessions_del_others(who->a, in->principal, who->tenant, in->id,
	    NULL)) != DB_OK ||
	    (rc = change_audit(&user, in->audit, target, in->id, detail)) != DB_OK ||
	    (rc = throttle_unlock(who->a, who->cfg, who->tenant, in->principal, in->id,
	    &cleared)) != DB_OK)
		return rc;
	if (cleared != 0) {
		snprintf(detail, sizeof(detail), "by=%s rows=%llu", in->kind,
		    (unsigned long long)cleared);
		if ((rc = change_audit(who, "throttle.unlock",
		    principal_name(in->principal), in->id, detail)) != DB_OK)
			return rc;
	}
	return strcmp(in->kind, "reset") == 0 ? reset_mail(who, in) : DB_OK;
}

int
change_link_accept(const struct actor *who, const struct link_accept *in,
    struct change_result *out)
{
	memset(out, 0, sizeof(*out));
	/* One transaction: link used, password set, sessions ended, audit, mail. */
	return with_new_password(who, in->pw, in->again, "The two passwords differ.",
	    link_apply, in, out);
}

/* Inside the transaction: the first sign-in marked and its event, once. */
static int
signin_first_apply(const struct actor *who, int64_t user)
{
	struct portal_user u;
	int first, found, rc;

	if ((rc = store_portal_user_first_signin(who->a, who->tenant, user, &first)) !=
	    DB_OK || !first)
		return rc;
	if ((rc = store_portal_user_get(who->a, who->tenant, user, &u, &found)) == DB_OK)
		rc = found ? change_user_event(who, "portal_user.first_sign_in", &u) :
		    DB_ERROR;
	return rc;
}

int
change_signin_first(const struct actor *who, int64_t user)
{
	int rc;

	STORE_TXN(rc, signin_first_apply(who, user));
	return rc;
}
