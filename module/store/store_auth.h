/* porch — SPDX-License-Identifier: MIT
 * Typed access to accounts, sessions, sign-in throttling and the audit log.
 * Every function takes the tenant and returns DB_OK or a DB_* error.
 */
#ifndef PORCH_STORE_AUTH_H
#define PORCH_STORE_AUTH_H

#include <stdint.h>

#include "db.h"

enum principal {
	PRINCIPAL_PORTAL,	/* a customer's or contact's portal user */
	PRINCIPAL_STAFF,	/* the tenant's own staff */
	PRINCIPAL_TOKEN,	/* a visitor through a customer's token link */
	PRINCIPAL__MAX
};

const char	*principal_name(enum principal k);	/* "portal", "staff", "token" */

/* Statements that exist once for portal users and once for staff. */
struct stmt_pair {
	enum stmt_id	 portal, staff;
};

enum stmt_id	stmt_for(const struct stmt_pair *p, enum principal k);

struct account {
	int64_t	 id;
	char	*password_hash;		/* NULL while no password is set */
	int	 active;
	int	 must_change_password;
	int	 mfa_required;		/* staff must enrol it (per user, or per tenant) */
	int	 mfa_enrolled;		/* a confirmed TOTP secret: a code comes next */
	int	 first_signin;		/* a portal user who never finished a sign-in */
};

/*
 * One-time links (action_tokens) of a portal user or staff member: one made
 * (kind "invite" or "reset"); the user of a live, unused one of kind (*id 0 when
 * none, or their account is disabled); a password set from one, an invited
 * account made active and every other open link of theirs ended (in the caller's
 * transaction).
 */
int	store_link_add(struct arena *a, enum principal k, int64_t tenant,
	    const char *kind, const unsigned char hash[32], int64_t id, long ttl_seconds);
int	store_link_user(struct arena *a, enum principal k, int64_t tenant,
	    const char *kind, const unsigned char hash[32], int64_t *id);
int	store_user_activate(struct arena *a, enum principal k, int64_t tenant,
	    int64_t id, const char *hash);
/* Every open link of the user ended (a password set, the account disabled). */
int	store_links_retire(struct arena *a, enum principal k, int64_t tenant,
	    int64_t id);

/* The account with login (portal) or email (staff); *found 0 when none. */
int	store_account_by_login(struct arena *a, enum principal k, int64_t tenant,
	    const char *login, struct account *acc, int *found);
int	store_password_get(struct arena *a, enum principal k, int64_t tenant, int64_t id,
	    char **hash);
/*
 * A new password (hash): also ends every open invitation and reset link of the
 * user, whatever set the password. Two statements: call it inside the caller's
 * transaction (db_begin) so both happen or neither.
 */
int	store_password_set(struct arena *a, enum principal k, int64_t tenant, int64_t id,
	    const char *hash, int must_change);
/* The same password hashed again (new argon2 parameters): links stay open. */
int	store_password_rehash(struct arena *a, enum principal k, int64_t tenant,
	    int64_t id, const char *hash, int must_change);
int	store_user_touch(struct arena *a, enum principal k, int64_t tenant, int64_t id);

/* How far a session is through MFA: only MFA_NONE and MFA_DONE are signed in. */
enum mfa_state {
	MFA_NONE,	/* no MFA for this user (or a token visitor, or "log in as") */
	MFA_PENDING,	/* password right, code still to give */
	MFA_ENROL,	/* password right, MFA required and not set up yet */
	MFA_DONE,	/* password and code given */
	MFA__MAX
};

const char	*mfa_state_name(enum mfa_state m);

struct session_row {
	enum principal	 kind;
	int64_t		 user_id;	/* portal or staff user */
	int64_t		 customer_id;	/* token visitors */
	int64_t		 impersonator_id;
	unsigned char	 csrf[32];
	long		 idle_seconds;	/* since last seen */
	char		*login;
	char		*name;
	char		*role;		/* staff: "admin" or "staff" */
	int		 must_change_password;
	int		 active;	/* the user is not disabled; a token visitor's
					 * link still works */
	char		*impersonator_name;	/* NULL when disabled or gone */
	enum mfa_state	 mfa;
	char		*time_zone;	/* the user's own; NULL: the tenant's */
	uint64_t	 rights_version;	/* the tenant's, read with the session */
	char		*customer_name;	/* a portal user's or token visitor's customer */
};

struct session_new {
	const unsigned char *hash;	/* SHA-256 of the token */
	int64_t		 tenant;
	enum principal	 kind;
	int64_t		 user_id;
	int64_t		 customer_id;
	const unsigned char *link_hash;	/* token visitors: their link's SHA-256 */
	int64_t		 impersonator_id;
	const unsigned char *csrf;
	long		 ttl_seconds;
	const char	*ip;
	const char	*user_agent;
	enum mfa_state	 mfa;
};

int	store_session_add(struct arena *a, const struct session_new *s);
struct audit_entry;
/*
 * A token visitor's session (s: hash, tenant, csrf, ttl, ip, user agent, and
 * link_hash, the link's) made only if that link opens the portal now, as
 * store_tokenlink_find() would say, with its audit line e (an actor or target id
 * of 0 is the link's customer), both in one statement that is its own
 * transaction: both rows or neither. *landed is 1 when they were made, 0 when no
 * session was (no live link, or its customer has an active portal user). Never
 * inside a transaction (DB_ERROR).
 */
int	store_session_add_link(struct arena *a, const struct session_new *s,
	    const struct audit_entry *e, int *landed);
/*
 * The live session with hash, idle for less than idle_seconds; *found 0 when none.
 * With it a portal user's rights (access_of_user() in store_access.h; *acc_found
 * as its *found, or -1 when they do not parse; zeroed for staff and token
 * visitors, whose rights are store_access_token()'s): as this worker kept them
 * when the tenant's rights version is still the one they were kept at (one
 * statement, without the rights), else read in the same statement as the
 * session (a second one when the version moved since), and kept.
 */
struct access;
int	store_session_get(struct arena *a, const unsigned char hash[32], int64_t tenant,
	    long idle_seconds, struct session_row *s, struct access *acc, int *acc_found,
	    int *found);
/*
 * A request that may go on with the session as this worker kept it (docs/DESIGN.md,
 * "A page in one round trip"): 1 when the worker keeps the session's row as it was
 * last read, signed in, a portal user's or a token visitor's, and a portal user's
 * rights at the rights version of that row; s, acc and *acc_found are then as
 * store_session_get() would give them, and the session's check is held until the
 * request's first statement (db.h, db_check), which carries it in its twin or runs
 * after it. 0 when not (nothing is held: store_session_get() then).
 */
int	store_session_kept(struct arena *a, const unsigned char hash[32], int64_t tenant,
	    long idle_seconds, struct session_row *s, struct access *acc,
	    int *acc_found);
/*
 * The check held, run now when still pending: DB_OK with the idle time it read in
 * *idle (-1 when none was held), DB_STALE when the session changed or went since
 * it was kept (the worker forgot it: the request runs again in full), or a DB_*
 * error.
 */
int	store_session_settle(long *idle);
int	store_session_touch(struct arena *a, const unsigned char hash[32], int64_t tenant);
int	store_session_del(struct arena *a, const unsigned char hash[32], int64_t tenant);
/* A live session of a user, as their Account page lists it. Strings in the arena. */
struct user_session {
	unsigned char	 hash[32];	/* the stored token hash */
	const char	*created;	/* UTC, "YYYY-MM-DD HH:MM" */
	const char	*last_seen;	/* UTC, "YYYY-MM-DD HH:MM" */
	const char	*ip;		/* NULL: not known */
	const char	*user_agent;	/* NULL: not known */
};
/*
 * A user's own time zone (NULL: the tenant's), their row locked, and set; for
 * change_user_zone().
 */
int	store_user_zone_lock(struct arena *a, enum principal k, int64_t tenant,
	    int64_t id, char **zone, int *found);
int	store_user_zone_set(struct arena *a, enum principal k, int64_t tenant,
	    int64_t id, const char *zone);

/* The user's live sessions, last seen first, into *rows (n of them, in a). */
int	store_sessions_of_user(struct arena *a, enum principal k, int64_t tenant,
	    int64_t id, struct user_session **rows, size_t *n);
int	store_session_del_of_user(struct arena *a, enum principal k, int64_t tenant,
	    int64_t id, const unsigned char hash[32], uint64_t *deleted);
/* Ends every session of the user but keep (NULL: all of them). */
int	store_sessions_del_others(struct arena *a, enum principal k, int64_t tenant,
	    int64_t id, const unsigned char *keep);

/*
 * Throttling (module/auth/throttle.c): rows of auth_failures in three scopes. account is
 * a 32-byte keyed hash naming the account (or the login tried), client the client's
 * address as the throttle counts it.
 */
enum throttle_scope {
	THROTTLE_PAIR,		/* one account from one client */
	THROTTLE_ADDRESS,	/* one client, any account */
	THROTTLE_ACCOUNT,	/* one account, any client */
	THROTTLE_SCOPE__MAX
};

struct throttle_counts {
	long	 pair, address, account;	/* failures within the window */
};

/*
 * *refused: the pair or the address is waiting now; *counted: the pair has a row
 * (1 when in doubt, so a success clears it).
 */
int	store_throttle_check(struct arena *a, int64_t tenant, const unsigned char *account,
	    const char *client, int *refused, int *counted);
/*
 * One more failure in each scope (a count whose last failure is older than
 * window_seconds starts again at 1), and the three counts after it.
 */
int	store_throttle_record(struct arena *a, int64_t tenant,
	    const unsigned char *account, const char *client, long window_seconds,
	    struct throttle_counts *n);
/* The pair or the address (by scope) waits seconds from now. */
int	store_throttle_wait(struct arena *a, int64_t tenant, enum throttle_scope scope,
	    const unsigned char *account, const char *client, long seconds);
/* A right secret: the pair's row goes. */
int	store_throttle_pass(struct arena *a, int64_t tenant, const unsigned char *account,
	    const char *client);
/*
 * Unlock: every row of the two account tags (password and MFA), in every scope and
 * from every client; *cleared: how many rows went.
 */
int	store_throttle_clear_account(struct arena *a, int64_t tenant,
	    const unsigned char *password_tag, const unsigned char *mfa_tag,
	    uint64_t *cleared);
/*
 * Housekeeping, for every tenant at once: deletes the rows that no longer affect any
 * answer — their last failure is older than window_seconds (signin.window_seconds:
 * such a count would start again at 1) and their wait, if any, is over. Rows that
 * still count or still make someone wait are never touched, so it is safe to run at
 * any time, as often as wanted, on any node. Works in batches of 1000 rows (short
 * transactions, as Galera wants); *deleted (may be NULL) gets the total.
 * Returns DB_OK or a DB_* error (rows deleted by earlier batches stay deleted).
 */
int	store_throttle_purge(struct arena *a, long window_seconds, uint64_t *deleted);

struct audit_entry {
	int64_t		 tenant;	/* 0: not tied to a tenant */
	const char	*action;	/* "signin.success", ... */
	const char	*actor_kind;	/* "portal", "staff", "system", NULL */
	int64_t		 actor_id;
	int64_t		 impersonator_id;
	const char	*target_kind;
	int64_t		 target_id;
	const char	*ip;
	const char	*detail;	/* never a secret */
};

int	store_audit_add(struct arena *a, const struct audit_entry *e);
/* The n audit lines e[0..n) at once, in their order: one round trip
 * (db_exec_rows()). */
int	store_audit_add_set(struct arena *a, const struct audit_entry *e, size_t n);

#endif
