/* porch — SPDX-License-Identifier: MIT
 * Typed access to MFA state: a user's sealed TOTP secret and enrolment, the last
 * accepted step, recovery codes, the staff "require MFA" switch and the user sets
 * staff act on in bulk. Every function takes the tenant and returns DB_OK or a DB_*
 * error.
 */
#ifndef PORCH_STORE_MFA_H
#define PORCH_STORE_MFA_H

#include <stdint.h>

#include "db.h"
#include "store_auth.h"

struct mfa_account {
	int		 required;	/* portal: set by staff; staff: the tenant's
					 * policy or set by an admin */
	int		 enrolled;	/* a confirmed TOTP secret */
	const unsigned char *box;	/* the sealed secret (pending or confirmed) */
	size_t		 boxlen;	/* 0: no secret */
	char		*login;
	char		*email;		/* the user's own address (email login, else
					 * their contact's): MFA notices; NULL: none */
	char		*name;
	long		 codes_left;	/* unused recovery codes */
};

int	store_mfa_get(struct arena *a, enum principal k, int64_t tenant, int64_t id,
	    struct mfa_account *m, int *found);
/* Stores a new sealed secret awaiting confirmation; not once enrolled. */
int	store_mfa_set_pending(struct arena *a, enum principal k, int64_t tenant,
	    int64_t id, const unsigned char *box, size_t n);
/* Confirms the pending secret with the step of the code given; *done 0: nothing. */
int	store_mfa_confirm(struct arena *a, enum principal k, int64_t tenant, int64_t id,
	    int64_t step, int *done);
/* Accepts step if it is later than the last accepted one; *accepted 0: a replay. */
int	store_mfa_use_step(struct arena *a, enum principal k, int64_t tenant, int64_t id,
	    int64_t step, int *accepted);
/* Removes the secret and every recovery code. */
int	store_mfa_clear(struct arena *a, enum principal k, int64_t tenant, int64_t id);

/* Replaces the user's recovery codes with n new keyed hashes (totp_recovery_hash). */
int	store_recovery_replace(struct arena *a, enum principal k, int64_t tenant,
	    int64_t id, const unsigned char (*hashes)[32], size_t n);
/* Uses the unused code with hash; *used 0 when there is none. */
int	store_recovery_use(struct arena *a, enum principal k, int64_t tenant, int64_t id,
	    const unsigned char hash[32], int *used);

/* A recovery code stored before migration 005: a bare SHA-256 (hash_version 1). */
struct recovery_legacy {
	int64_t		 tenant;
	int64_t		 id;
	const char	*kind;		/* "portal" or "staff" */
	int64_t		 user;
	const unsigned char *sha256;
};
/* Up to 1000 such rows of any tenant (a migration step, not a request's read). */
int	store_recovery_legacy(struct arena *a, struct recovery_legacy **rows, size_t *n);
/* Replaces row id's bare SHA-256 by its keyed hash (hash_version 2). */
int	store_recovery_convert(struct arena *a, int64_t tenant, int64_t id,
	    const unsigned char hash[32]);

int	store_portal_mfa_require(struct arena *a, int64_t tenant, int64_t id, int on);
/* Ids (column 0) of the portal users of a customer, or holding a group's grant. */
int	store_portal_users_of_customer(struct arena *a, int64_t tenant,
	    int64_t customer, struct db_res *res);
int	store_portal_users_of_group(struct arena *a, int64_t tenant, int64_t group,
	    struct db_res *res);
/* Rows: id, email, name, role, status, enrolled (0/1), secret stored (0/1). */
int	store_staff_team(struct arena *a, int64_t tenant, struct db_res *res);

#endif
