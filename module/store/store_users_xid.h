/* porch — SPDX-License-Identifier: MIT
 * Permission groups and portal users as the tenant API addresses them: by the
 * tenant system's external ids, listed in external id order, a user with its
 * grants as external ids; SQL text in store_sql.c. Groups and users made by staff
 * have no external id and are not seen here.
 */
#ifndef PORCH_STORE_USERS_XID_H
#define PORCH_STORE_USERS_XID_H

#include <stdint.h>

#include "db.h"
#include "store.h"
#include "store_groups.h"

/* A group with its external id. */
struct group_xid {
	struct perm_group g;
	char		*xid;
};

/* A portal user as the API shows it; contact and contact_xid NULL/0 for none. */
struct user_xid {
	int64_t		 id;
	char		*xid;
	int64_t		 customer_id;
	char		*customer_xid;	/* NULL: the customer has no external id */
	int64_t		 contact_id;	/* 0: the customer's own user */
	char		*contact_xid;
	char		*login;
	int		 login_is_email;
	char		*status;	/* "invited", "active", "disabled" */
	int		 mfa_required;
	int		 is_admin;
	int		 hide_reports;
};

/* One grant of a user, by ids and by the external ids they have (NULL: none). */
struct grant_xid {
	int64_t		 id;
	int64_t		 group_id;
	char		*group_xid;
	char		*scope;		/* "customer", "all", "property" */
	int64_t		 customer_id;	/* scope customer, else 0 */
	char		*customer_xid;
	int64_t		 property_id;	/* scope property, else 0 */
	char		*property_xid;
	char		*expires;	/* the last day "YYYY-MM-DD", NULL: none */
};

/*
 * The two as store_xid_get() and store_xid_after() read them (rows of struct
 * group_xid and struct user_xid). Neither has a delete by id: a group goes through
 * change_group_delete(), and a portal user is disabled, never deleted.
 */
extern const struct store_xid_kind store_xid_groups, store_xid_users;

/* Gives row id (a group or a portal user of the tenant) the external id xid;
 * DB_CONFLICT when another row of the tenant has it. */
int	store_group_set_xid(struct arena *a, int64_t tenant, int64_t id, const char *xid);
int	store_user_set_xid(struct arena *a, int64_t tenant, int64_t id, const char *xid);

/* The grants of portal user id, oldest first, as *rows (in a). */
int	store_user_grants_xid(struct arena *a, int64_t tenant, int64_t id,
	    struct grant_xid **rows, size_t *n);

#endif
