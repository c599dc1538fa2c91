/* porch — SPDX-License-Identifier: MIT
 * Typed access behind "log in as" and the staff audit page: who may impersonate, the
 * tenant's portal users, and reading the audit log back. Every function takes the
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

/* Rows: id, login, customer name, status; by login, at most 500. */
int	store_portal_users_list(struct arena *a, int64_t tenant, struct db_res *res);

/* The audit rows of one page, newest first. */
struct audit_query {
	int64_t		 before;	/* only ids below this; 0: from the newest */
	const char	*action;	/* exact action, or NULL for all */
	const char	*user;		/* login or email of actor, target or impersonator */
	long		 limit;
};

/*
 * Rows: id, time (UTC, text), action, actor kind, actor name, impersonator email,
 * target kind, target name, ip, detail. Names are NULL when the row is gone.
 */
int	store_audit_list(struct arena *a, int64_t tenant, const struct audit_query *q,
	    struct db_res *res);

#endif
