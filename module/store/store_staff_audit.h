/* porch — SPDX-License-Identifier: MIT
 * Typed access behind "log in as" and the staff audit page: who may impersonate, the
 * tenant's portal users and staff, and reading the audit log back. Every function takes the
 * tenant and returns DB_OK or a DB_* error; strings live in the arena.
 */
#ifndef PORCH_STORE_STAFF_AUDIT_H
#define PORCH_STORE_STAFF_AUDIT_H

#include <stdint.h>

#include "db.h"

/* *allowed 1 when the active staff member is an admin or has can_impersonate. */
int	store_staff_may_impersonate(struct arena *a, int64_t tenant, int64_t staff_id,
	    int *allowed);

struct portal_user_brief {
	int64_t	 id;
	int64_t	 customer_id;
	char	*login;
	int	 active;
};

/* The tenant's portal user id; *found 0 when none (or it is another tenant's). */
int	store_portal_user_brief(struct arena *a, int64_t tenant, int64_t id,
	    struct portal_user_brief *u, int *found);

/* A portal user as the "log in as" list shows them. */
struct portal_user_line {
	int64_t	 id;
	char	*login;
	char	*customer;	/* the customer's name */
	char	*status;
};

/* The tenant's portal users as users[0..n) (in a), by login, at most 500. */
int	store_portal_users_list(struct arena *a, int64_t tenant,
	    struct portal_user_line **users, size_t *n);

/* A staff member as the admins' staff list shows them. */
struct staff_member {
	int64_t	 id;
	char	*email;
	char	*name;
	char	*role;
	char	*status;
	int	 mfa_enrolled;
	int	 mfa_secret;	/* a TOTP secret is stored (enrolled or setting up) */
	int	 can_impersonate;	/* "log in as" allowed (admins may anyway) */
	int	 mfa_required;	/* two-step sign-in required of them, whatever the
				 * tenant's policy */
	int	 tenant_mfa;	/* the tenant's policy: every staff member needs it */
};

/* The tenant's staff member id; *found 0 when none (or another tenant's). */
int	store_staff_get(struct arena *a, int64_t tenant, int64_t id,
	    struct staff_member *m, int *found);
/* The same inside a transaction, the row locked (FOR UPDATE). */
int	store_staff_get_locked(struct arena *a, int64_t tenant, int64_t id,
	    struct staff_member *m, int *found);

/* The tenant's staff as staff[0..n) (in a), by email. */
int	store_staff_members(struct arena *a, int64_t tenant, struct staff_member **staff,
	    size_t *n);

/* The audit rows of one page, newest first. */
struct audit_query {
	int64_t		 before;	/* only ids below this; 0: from the newest */
	const char	*action;	/* exact action, or NULL for all */
	const char	*user;		/* login or email of actor, target or impersonator */
	long		 limit;
};

/* One entry of the audit log; names are NULL when their row is gone. */
struct audit_line {
	int64_t	 id;
	char	*at;		/* "YYYY-MM-DD HH:MM:SS" (UTC) */
	char	*action;
	char	*actor_kind;
	char	*actor;		/* the actor's email, login or name */
	char	*impersonator;	/* the staff member's email during "log in as" */
	char	*target_kind;
	char	*target;
	char	*ip;
	char	*detail;
};

/* The entries of q as lines[0..n) (in a), newest first. */
int	store_audit_list(struct arena *a, int64_t tenant, const struct audit_query *q,
	    struct audit_line **lines, size_t *n);

#endif
