/* porch — SPDX-License-Identifier: MIT
 * Throttling of password and code checks (sign-in, the current password asked inside
 * a session, MFA codes), so that no one can shut another person out (docs/DESIGN.md,
 * "Sign-in throttling"): failures are counted per (account, client address), per
 * client address and per account; only a client that has been failing is ever made
 * to wait, with waits that double at each failure. The state lives in MariaDB so
 * every porchd host sees the same counts.
 */
#ifndef PORCH_THROTTLE_H
#define PORCH_THROTTLE_H

#include <stdint.h>

#include "req.h"
#include "store_auth.h"

#define THROTTLE_TAG_BYTES	32
#define THROTTLE_CLIENT_MAX	64	/* the auth_failures.client column */

/* What is checked: counted apart, so a wrong code does not slow the password. */
enum throttle_what {
	THROTTLE_PASSWORD,	/* sign-in and the current password in a session */
	THROTTLE_MFA,		/* TOTP and recovery codes */
	THROTTLE__MAX
};

/* The subject of one check: whose secret, tried from where. */
struct throttle_key {
	enum throttle_what what;
	unsigned char	 account[THROTTLE_TAG_BYTES];
	char		 client[THROTTLE_CLIENT_MAX];
	int		 known;		/* account names an existing account */
};

/* The keyed hashes behind the keys below; out gets THROTTLE_TAG_BYTES bytes. */
void	throttle_user_tag(const struct cfg *c, enum throttle_what w, enum principal k,
	    int64_t id, unsigned char out[THROTTLE_TAG_BYTES]);
void	throttle_login_tag(const struct cfg *c, enum principal k, const char *login,
	    unsigned char out[THROTTLE_TAG_BYTES]);

/* The key of a check of account id's secret, from the request's client. */
void	throttle_key_user(struct req *r, enum throttle_what w, enum principal k,
	    int64_t id, struct throttle_key *t);
/*
 * The key of a sign-in with a login that names no account: a keyed hash of the login
 * (ASCII letters folded to lower case), so repeats count together and the text
 * typed, perhaps a password, is kept nowhere.
 */
void	throttle_key_login(struct req *r, enum principal k, const char *login,
	    struct throttle_key *t);
/*
 * "login#" and 16 hex digits: a keyed hash of a login that names no account, for the
 * audit log, where staff can see repeats without learning what was typed. Written
 * into out (at least 24 bytes).
 */
void	throttle_login_label(const struct cfg *c, enum principal k, const char *login,
	    char *out, size_t outlen);

/*
 * Before checking a secret: *refused is 1 while this client must wait (on this
 * account, or at all); the caller then answers as for a wrong secret WITHOUT
 * checking it (no argon2 work). *counted is 0 when this client has no failure on
 * record for the account (throttle_success() then has nothing to do).
 * Returns DB_OK or a DB_* error.
 */
int	throttle_check(struct req *r, const struct throttle_key *t, int *refused,
	    int *counted);
/*
 * Counts a failure in every scope and starts the waits it earns; each wait started
 * is audited ("throttle.wait", target target_kind/target_id, 0 when unknown).
 * *wait (may be NULL): the seconds this client must now wait, 0 for none.
 */
int	throttle_failure(struct req *r, const struct throttle_key *t,
	    const char *target_kind, int64_t target_id, long *wait);
/* After a right secret: forgets this client's failures on the account. */
int	throttle_success(struct req *r, const struct throttle_key *t, int counted);

/*
 * Forgets every failure and wait of the user's account (password and MFA, from every
 * address): a completed password reset or invitation, or an unlock by staff or the
 * operator. The caller audits it ("throttle.unlock") when *cleared is not 0.
 * Needs no request, so porchctl uses it too.
 */
int	throttle_unlock(struct arena *a, const struct cfg *c, int64_t tenant,
	    enum principal k, int64_t id, uint64_t *cleared);
/* "password" or "mfa". */
const char	*throttle_what_name(enum throttle_what w);

#endif
