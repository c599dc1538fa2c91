/* porch — SPDX-License-Identifier: MIT
 * Portal users as staff manage them: creating one (alone or for many customers at
 * once), invitations and resets by mail, one-time passwords, disabling and enabling,
 * unlocking sign-in, and "log in as". Whoever asks, these are the only writers (see
 * change.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <openssl/crypto.h>

#include "change.h"
#include "crypto.h"
#include "mail.h"
#include "password.h"
#include "store.h"
#include "authz.h"
#include "store_mfa.h"
#include "store_office.h"
#include "store_ical.h"
#include "store_staff_audit.h"
#include "store_users.h"
#include "throttle.h"

const char *const user_op_names[USER_OP__MAX] = {
	[USER_INVITE] = "invite", [USER_RESET] = "reset", [USER_DISABLE] = "disable",
	[USER_ENABLE] = "enable", [USER_UNLOCK] = "unlock", [USER_ONETIME] = "onetime",
};

int
change_link_send(const struct actor *who, const struct portal_user *u, const char *kind)
{
	if (!u->login_is_email)
		return MAIL_INVALID;
	return change_link_mail(who, PRINCIPAL_PORTAL, u->id, u->login, u->name, kind);
}

static int
reset_request_apply(const struct actor *who, const struct portal_user *u)
{
	int rc;

	if ((rc = change_link_send(who, u, "reset")) != DB_OK)
		return rc;
	return change_audit(who, "reset.request", "portal_user", u->id, "self-serve");
}

int
change_reset_request(const struct actor *who, const struct portal_user *u)
{
	int rc;

	/* A run again makes a new link: only the committed run's is mailed. */
	STORE_TXN(rc, reset_request_apply(who, u));
	return rc;
}

int
change_link_mail(const struct actor *who, enum principal k, int64_t id,
    const char *addr, const char *name, const char *kind)
{
	int invite = strcmp(kind, "invite") == 0;
	long ttl = invite ? who->cfg->invite_seconds : who->cfg->reset_seconds;
	unsigned char raw[TOKEN_BYTES], hash[32];
	char text[TOKEN_B64_LEN + 1], subject[300];
	struct buf body;
	int rc;

	if (name == NULL)
		name = "";
	if (mail_addr_problem(addr) != NULL || who->origin == NULL)
		return MAIL_INVALID;
	token_new(raw, text);
	crypto_sha256(raw, sizeof(raw), hash);
	buf_init(&body, 1024);
	if (invite) {
		snprintf(subject, sizeof(subject), "Your invitation to the %s portal",
		    who->tenant_name);
		buf_printf(&body, "Hello %s,\n\n%s invites you to %s.\n"
		    "Open this link to choose your password (it works once, for %ld hours):"
		    "\n\n", name, who->tenant_name, k == PRINCIPAL_STAFF ?
		    "its portal's back office, as a member of its staff" :
		    "its customer portal", ttl / 3600);
	} else {
		snprintf(subject, sizeof(subject), "Reset your password for %s",
		    who->tenant_name);
		buf_printf(&body, "Hello %s,\n\nSomeone asked to reset your password for "
		    "the %s portal. Open this link to choose a new one (it works once, for "
		    "%ld minutes):\n\n", name, who->tenant_name, ttl / 60);
	}
	buf_printf(&body, "%s/%s/%s\n\nYour login: %s\n\nIf you did not expect this "
	    "mail, you can ignore it.\n", who->origin, invite ? "invite" : "reset", text,
	    addr);
	if ((rc = store_link_add(who->a, k, who->tenant, invite ? "invite" : "reset",
	    hash, id, ttl)) == DB_OK)
		rc = mail_enqueue(who->a, who->tenant, addr, "", subject, body.data);
	OPENSSL_cleanse(raw, sizeof(raw));
	OPENSSL_cleanse(text, sizeof(text));
	OPENSSL_cleanse(body.data, body.len);
	buf_free(&body);
	return rc;
}

int
change_signin_unlock(const struct actor *who, enum principal k, int64_t id,
    const char *by, int always)
{
	uint64_t cleared;
	char detail[64];
	int rc;

	if ((rc = throttle_unlock(who->a, who->cfg, who->tenant, k, id, &cleared)) !=
	    DB_OK || (cleared == 0 && !always))
		return rc;
	snprintf(detail, sizeof(detail), "by=%s rows=%llu", by, (unsigned long long)cleared);
	return change_audit(who, "throttle.unlock", principal_name(k), id, detail);
}

/* The event of a change to portal user u (portal_user.created, .disabled,
 * .first_sign_in), inside the change's transaction. */
int
change_user_event(const struct actor *who, const char *type,
    const struct portal_user *u)
{
	return change_event(who, type, "portal_user", u->id, 0, u->customer_id,
	    json_pack("{s:{s:I, s:s, s:I, s:o, s:s}}", "portal_user", "id",
	    (json_int_t)u->id, "login", u->login, "customer_id",
	    (json_int_t)u->customer_id, "contact_id", u->contact_id != 0 ?
	    json_integer((json_int_t)u->contact_id) : json_null(), "status", u->status));
}

/* ---- creating users ------------------------------------------------------- */

/*
 * The first grant of new user uid as opt chooses it (group, scope, property) and
 * MFA required of them, inside the transaction: DB_OK, a refusal in *refusal or a
 * DB_* error.
 */
static int
create_chosen(const struct actor *who, const struct person *p,
    const struct user_new *opt, int64_t uid, int64_t group,
    struct change_result *refusal)
{
	struct grant_new g = {
		.user = uid, .group = opt->group != 0 ? opt->group : group,
		.scope = opt->scope, .property = opt->property,
		.customer = opt->scope == SCOPE_CUSTOMER ? p->customer_id : 0,
	};
	int rc;

	if (g.group != 0 && (rc = change_grant_add(who, &g, refusal)) != CHANGE_OK)
		return rc;
	if (opt->mfa_required &&
	    ((rc = store_portal_mfa_require(who->a, who->tenant, uid, 1)) != DB_OK ||
	    (rc = change_audit(who, "mfa.require", "portal_user", uid, NULL)) != DB_OK))
		return rc;
	return DB_OK;
}

/*
 * The user of who with login, its grant and invitation, inside the transaction;
 * opt (NULL: the default grant) as change_user_new() takes it.
 */
static int
create(const struct actor *who, const struct person *p, const char *login,
    int invite, int64_t *uid, int *nogroup, const struct user_new *opt,
    struct change_result *refusal)
{
	int is_email = mail_addr_problem(login) == NULL;
	struct portal_user u = { 0 };
	int64_t group;
	char detail[300];
	int rc;

	if ((rc = store_portal_user_add(who->a, who->tenant, p, login, is_email, uid)) !=
	    DB_OK ||
	    (rc = store_default_group(who->a, who->tenant, &group)) != DB_OK)
		return rc;
	*nogroup = group == 0 && (opt == NULL || opt->group == 0);
	if (opt != NULL && (opt->group != 0 || opt->scope != SCOPE_CUSTOMER ||
	    opt->mfa_required)) {
		if ((rc = create_chosen(who, p, opt, *uid, group, refusal)) != DB_OK)
			return rc;
	} else if (group != 0 && (rc = store_grant_add_customer(who->a, who->tenant,
	    *uid, group, p->customer_id)) != DB_OK)
		return rc;
	snprintf(detail, sizeof(detail), "login=%s customer=%lld%s", login,
	    (long long)p->customer_id, group == 0 ? " no-default-group" : "");
	if ((rc = change_audit(who, "user.create", "portal_user", *uid, detail)) != DB_OK)
		return rc;
	u.id = *uid;
	u.customer_id = p->customer_id;
	u.contact_id = p->contact_id;
	u.login = (char *)login;
	u.login_is_email = is_email;
	u.name = p->name;
	u.status = "invited";
	if (invite && is_email &&
	    ((rc = change_link_send(who, &u, "invite")) != DB_OK ||
	    (rc = change_audit(who, "invite.send", "portal_user", *uid, NULL)) != DB_OK))
		return rc;
	return change_user_event(who, "portal_user.created", &u);
}

/* create() in a transaction of its own: DB_CONFLICT when the login is taken. */
static int
create_one(const struct actor *who, const struct person *p, const char *login,
    int invite, int64_t *uid, int *nogroup, const struct user_new *opt,
    struct change_result *refusal)
{
	int rc;

	STORE_TXN(rc, create(who, p, login, invite, uid, nogroup, opt, refusal));
	return rc;
}

/* The person a new user is for: a customer, or a contact of that customer. */
static int
person_get(const struct actor *who, int64_t customer, int64_t contact,
    struct person *p)
{
	int found, rc;

	if (contact != 0)
		rc = store_contact_get(who->a, who->tenant, contact, p, &found);
	else
		rc = store_customer_get(who->a, who->tenant, customer, p, &found);
	if (rc != DB_OK)
		return rc;
	return found && p->customer_id == customer ? CHANGE_OK : CHANGE_NOT_FOUND;
}

int
change_user_new(const struct actor *who, const struct user_new *in,
    struct change_result *out, int *nogroup, int *invited)
{
	struct change_result refusal = { 0 };
	const char *login = in->login;
	struct person p;
	int rc;

	memset(out, 0, sizeof(*out));
	*nogroup = *invited = 0;
	if (in->customer == 0)
		return CHANGE_INVALID;
	if ((rc = person_get(who, in->customer, in->contact, &p)) != CHANGE_OK)
		return rc;
	while (login != NULL && *login == ' ')
		login++;
	if (login == NULL || login[0] == '\0')
		login = p.email;
	if (login == NULL || login[0] == '\0')
		return change_refuse(out, CHANGE_INVALID, "No login", "This person has no "
		    "email address: type a username for them.");
	if (strlen(login) > USER_LOGIN_MAX || !utf8_valid(login, strlen(login)) ||
	    strpbrk(login, " \t\r\n") != NULL)
		return change_refuse(out, CHANGE_INVALID, "Bad login", "A login is one "
		    "word of at most %d characters.", USER_LOGIN_MAX);
	if (strchr(login, '@') != NULL && mail_addr_problem(login) != NULL)
		return change_refuse(out, CHANGE_INVALID, "Bad login", "That login looks "
		    "like an email address but is not a valid one.");
	rc = create_one(who, &p, login, in->invite, &out->id, nogroup, in, &refusal);
	if (rc > 0) {
		/* The chosen grant refused: its title and sentence. */
		refusal.id = 0;
		*out = refusal;
		return rc;
	}
	if (rc == DB_CONFLICT)
		return change_refuse(out, CHANGE_CONFLICT, "Login taken", "That login is "
		    "already taken by another portal user; nothing was created.");
	*invited = rc == DB_OK && in->invite && strchr(login, '@') != NULL;
	return rc;
}

/* Creates and invites the user of p unless there is none to be made. */
static enum user_made
invite_one(const struct actor *who, const struct person *p, int *nogroup)
{
	int64_t uid;
	int rc;

	if (p->email == NULL || p->email[0] == '\0' || mail_addr_problem(p->email) != NULL)
		return USER_NO_EMAIL;
	if (store_portal_user_of(who->a, who->tenant, p, &uid) != DB_OK)
		return USER_NO_ANSWER;
	if (uid != 0)
		return USER_EXISTS;
	rc = create_one(who, p, p->email, 1, &uid, nogroup, NULL, NULL);
	if (rc == DB_CONFLICT)
		return USER_TAKEN;
	return rc == DB_OK ? USER_MADE : USER_FAILED;
}

/* Adds what invite_one() did for p to the run's lines[0..*n), room for *cap. */
static void
invite_line(const struct actor *who, const struct person *p,
    struct user_made_line **lines, size_t *n, size_t *cap, int *nogroup)
{
	if (*n == *cap) {
		struct user_made_line *more;

		*cap = 2 * *cap + 8;
		more = arena_alloc(who->a, *cap * sizeof(*more));
		if (*n > 0)
			memcpy(more, *lines, *n * sizeof(*more));
		*lines = more;
	}
	(*lines)[*n].who = p;
	(*lines)[(*n)++].made = invite_one(who, p, nogroup);
}

int
change_users_invite(const struct actor *who, const int64_t *customers, size_t n,
    struct user_made_line **lines, size_t *nlines, int *nogroup)
{
	struct person *custs, *contacts;
	size_t ncontacts, cap = 0;
	int found, rc;

	*lines = NULL;
	*nlines = 0;
	*nogroup = 0;
	custs = arena_alloc(who->a, (n + 1) * sizeof(*custs));
	/* Every customer first: one of another tenant writes nothing. */
	for (size_t i = 0; i < n; i++) {
		if ((rc = store_customer_get(who->a, who->tenant, customers[i], &custs[i],
		    &found)) != DB_OK)
			return rc;
		if (!found)
			return CHANGE_NOT_FOUND;
	}
	for (size_t i = 0; i < n; i++) {
		invite_line(who, &custs[i], lines, nlines, &cap, nogroup);
		if ((rc = store_contacts_of_customer(who->a, who->tenant,
		    custs[i].customer_id, &contacts, &ncontacts)) != DB_OK)
			return rc;
		for (size_t j = 0; j < ncontacts; j++)
			invite_line(who, &contacts[j], lines, nlines, &cap, nogroup);
	}
	return CHANGE_OK;
}

/* ---- one user's changes --------------------------------------------------- */

/* Inside the transaction: the one-time password's hash set, sessions ended. */
static int
onetime_apply(const struct actor *who, const struct portal_user *u, const char *hash)
{
	int rc;

	if ((rc = store_password_set(who->a, PRINCIPAL_PORTAL, who->tenant, u->id, hash,
	    1)) == DB_OK &&
	    (strcmp(u->status, "invited") != 0 ||
	    (rc = store_portal_user_set_status(who->a, who->tenant, u->id, "active")) ==
	    DB_OK) &&
	    (rc = store_sessions_del_others(who->a, PRINCIPAL_PORTAL, who->tenant, u->id,
	    NULL)) == DB_OK &&
	    (rc = change_audit(who, "password.set_onetime", "portal_user", u->id,
	    NULL)) == DB_OK)
		rc = change_signin_unlock(who, PRINCIPAL_PORTAL, u->id, "onetime", 0);
	return rc;
}

/* A new one-time password for u: set, sessions and open links ended, audited. */
static int
onetime_set(const struct actor *who, const struct portal_user *u,
    char pw[USER_ONETIME_LEN])
{
	unsigned char raw[15];
	char hash[PASSWORD_HASH_MAX];
	int rc;

	crypto_random(raw, sizeof(raw));
	b64url_encode(raw, sizeof(raw), pw);
	/* PASSWORD_BUSY is DB_GONE (-2), a 503; any other failure DB_ERROR. */
	if ((rc = password_hash(&who->cfg->argon2, pw, hash, sizeof(hash))) < 0)
		return rc == PASSWORD_BUSY ? DB_GONE : DB_ERROR;
	STORE_TXN(rc, onetime_apply(who, u, hash));
	OPENSSL_cleanse(hash, sizeof(hash));
	return rc;
}

/* Disables u: signed out everywhere, their open links retired, their calendar
 * feed gone. */
static int
disable(const struct actor *who, const struct portal_user *u)
{
	struct portal_user d;
	int rc;

	if ((rc = store_portal_user_set_status(who->a, who->tenant, u->id,
	    "disabled")) != DB_OK ||
	    (rc = store_sessions_del_others(who->a, PRINCIPAL_PORTAL, who->tenant, u->id,
	    NULL)) != DB_OK ||
	    (rc = store_action_tokens_retire(who->a, who->tenant, u->id)) != DB_OK ||
	    (rc = store_calendar_feed_del_user(who->a, who->tenant, u->id)) != DB_OK ||
	    (rc = change_audit(who, "user.disable", "portal_user", u->id, NULL)) != DB_OK)
		return rc;
	d = *u;
	d.status = "disabled";
	return change_user_event(who, "portal_user.disabled", &d);
}

/*
 * CHANGE_OK unless u's contact is archived (store_office.h): a user is enabled only
 * with a contact in use, as a contact is archived only without an enabled user.
 */
static int
contact_live(const struct actor *who, const struct portal_user *u,
    struct change_result *out)
{
	struct contact_row k;
	int found, rc;

	if (u->contact_id == 0)
		return CHANGE_OK;
	if ((rc = store_contact_by_id(who->a, who->tenant, u->contact_id, 0, &k,
	    &found)) != DB_OK)
		return rc;
	if (found && k.archived)
		return change_refuse(out, CHANGE_CONFLICT, "Contact archived", "This "
		    "user's contact is archived; restore the contact first.");
	return CHANGE_OK;
}

/* The changes but a one-time password, inside the transaction. */
static int
apply(const struct actor *who, enum user_op op, const struct portal_user *u)
{
	int rc;

	switch (op) {
	case USER_INVITE:
	case USER_RESET:
		if ((rc = change_link_send(who, u, user_op_names[op])) != DB_OK)
			return rc;
		return change_audit(who, op == USER_INVITE ? "invite.send" :
		    "reset.request", "portal_user", u->id, "by staff");
	case USER_DISABLE:
		return disable(who, u);
	case USER_UNLOCK:
		return change_signin_unlock(who, PRINCIPAL_PORTAL, u->id, "staff", 1);
	case USER_ENABLE:
		if ((rc = store_portal_user_enable(who->a, who->tenant, u->id)) != DB_OK)
			return rc;
		return change_audit(who, "user.enable", "portal_user", u->id, NULL);
	default:
		return CHANGE_INVALID;
	}
}

int
change_user(const struct actor *who, enum user_op op, int64_t id,
    struct change_result *out, char onetime[USER_ONETIME_LEN], const char **login)
{
	struct portal_user u;
	int found, rc, disabled;

	memset(out, 0, sizeof(*out));
	out->id = id;
	if ((rc = store_portal_user_get(who->a, who->tenant, id, &u, &found)) != DB_OK)
		return rc;
	if (!found)
		return CHANGE_NOT_FOUND;
	disabled = strcmp(u.status, "disabled") == 0;
	if (op == USER_ENABLE && (rc = contact_live(who, &u, out)) != CHANGE_OK)
		return rc;
	if (op == USER_ONETIME) {
		if (disabled)
			return change_refuse(out, CHANGE_CONFLICT, "User disabled", "Enable "
			    "the user first.");
		*login = u.login;
		return onetime_set(who, &u, onetime);
	}
	if ((op == USER_INVITE || op == USER_RESET) && (!u.login_is_email || disabled))
		return change_refuse(out, CHANGE_CONFLICT, "No link sent", "Links are "
		    "mailed only to enabled users whose login is an email address.");
	if (op >= USER_OP__MAX)
		return CHANGE_INVALID;
	STORE_TXN(rc, apply(who, op, &u));
	return rc;
}

/* ---- "log in as" ---------------------------------------------------------- */

/* who as the staff member behind "log in as" of a portal user. */
static void
as_impersonator(const struct actor *who, int64_t staff, struct actor *as)
{
	*as = *who;
	as->kind = "staff";
	as->id = staff;
	as->impersonator = staff;
}

/* The audit entry and the session open() makes or ends: one run of the transaction. */
static int
session_apply(const struct actor *as, const char *action, const char *target_kind,
    int64_t target_id, int (*open)(void *ctx, int64_t id), void *ctx)
{
	int rc;

	if ((rc = change_audit(as, action, target_kind, target_id, NULL)) != DB_OK)
		return rc;
	return open(ctx, target_id);
}

int
change_session(const struct actor *as, const char *action, const char *target_kind,
    int64_t target_id, int (*open)(void *ctx, int64_t id), void *ctx)
{
	int rc;

	STORE_TXN(rc, session_apply(as, action, target_kind, target_id, open, ctx));
	return rc;
}

int
change_impersonation_start(const struct actor *who, int64_t id,
    int (*open)(void *ctx, int64_t id), void *ctx)
{
	struct portal_user_brief u;
	struct actor as;
	int found, rc;

	/* Another tenant's id is just not found here. */
	if ((rc = store_portal_user_brief(who->a, who->tenant, id, &u, &found)) != DB_OK)
		return rc;
	if (!found || !u.active)
		return CHANGE_NOT_FOUND;
	as_impersonator(who, who->id, &as);
	/* One transaction: no session without its audit entry, and no entry alone. */
	return change_session(&as, "impersonation.start", "portal", u.id, open, ctx);
}

int
change_impersonation_end(const struct actor *who,
    int (*close)(void *ctx, int64_t id), void *ctx)
{
	struct actor as;

	as_impersonator(who, who->impersonator, &as);
	return change_session(&as, "impersonation.end", "portal", who->id, close, ctx);
}
