/* porch — SPDX-License-Identifier: MIT
 * What a portal visitor may see: their grants with their groups, loaded in one
 * query per request, resolved per property by the authorization core (authz.h),
 * and the properties that come out of it. Every function takes the tenant and
 * returns DB_OK or a DB_* error; strings live in the arena.
 */
#ifndef PORCH_STORE_ACCESS_H
#define PORCH_STORE_ACCESS_H

#include <stdint.h>

#include "authz.h"
#include "db.h"
#include "store_auth.h"

/* A portal visitor's rights, as loaded for the request. */
struct access {
	struct authz_principal	 who;
	enum principal		 kind;		/* PRINCIPAL_PORTAL or PRINCIPAL_TOKEN */
	int64_t			 user_id;	/* portal user; 0 for a token visitor */
	int64_t			 customer_id;	/* the user's customer or the link's */
	char			*customer_name;
	int			 all;		/* may cover every property of the tenant */
	perm_set		 any;		/* permissions held on some property */
	char			*reach_customers;	/* ids their live grants name, */
	char			*reach_properties;	/* comma-separated */
	int			 link_closed;	/* token visitor whose customer has an
						   active portal user now */
	int			 has_formulas;	/* the tenant has money formulas */
	const struct formula	*formulas;	/* loaded by store_access_formulas() */
	size_t			 nformulas;
	uint64_t		 rights_version;	/* the tenant's, as the session read it, */
	int			 versioned;	/* when it did (the worker may keep the
						   tenant's formulas at it) */
};

/*
 * The tenant's formulas for a page that shows money, before its rows are read
 * (their rights then carry the formulas shown): one statement, none when the
 * tenant has no formula, they are loaded already, or the worker kept them at the
 * rights version the session read (formulas are rights: every change bumps it).
 */
struct formula;
int	store_access_formulas(struct arena *a, int64_t tenant, struct access *acc);

/*
 * The three parameters of PROPERTY_REACHABLE (store_sql.c), the SQL side of the
 * properties a visitor may reach: all, then the customers and the properties
 * their live grants (or the link) name.
 */
#define ACCESS_REACH(acc) \
	DP_I((acc)->all), \
	DP_S((acc)->reach_customers != NULL ? (acc)->reach_customers : ""), \
	DP_S((acc)->reach_properties != NULL ? (acc)->reach_properties : "")

/*
 * The same three parameters narrowed to the properties where the visitor holds a
 * permission of need: those of the live grants (or the link, or portal admin)
 * that give one; need 0 takes every grant (ACCESS_REACH's lists). Exact for one
 * permission. A list with a LIMIT over REACH_PARAMS counts only rows the visitor
 * may see, so rows of properties they reach without that right do not crowd out
 * the rest.
 */
struct reach {
	int		 all;
	const char	*customers;
	const char	*properties;
};
void	store_reach_for(struct arena *a, const struct access *acc, perm_set need,
	    struct reach *out);
#define REACH_PARAMS(re) \
	DP_I((re)->all), DP_S((re)->customers), DP_S((re)->properties)

/*
 * The rights of a portal user, from the rows of ACCESS_USER_COLUMNS starting at
 * column col (ST_ACCESS_USER, ST_SESSION_GET). *found 0 when the user is gone or
 * not active. Returns DB_OK, or DB_ERROR for a value that does not parse.
 */
int	access_of_user(struct arena *a, const struct db_res *r, size_t col,
	    int64_t user_id, struct access *acc, int *found);

/*
 * A token visitor's rights (of customer): the tenant's system group, one query,
 * or none when this worker kept them at version (the tenant's rights version the
 * session read). *found 0 when the group or the customer is gone, or
 * (acc->link_closed) when the customer has an active portal user.
 */
int	store_access_token(struct arena *a, int64_t tenant, int64_t customer,
	    uint64_t version, struct access *acc, int *found);

/* A portal user's rights in one query (the portal loads them with the session). */
int	store_access_user(struct arena *a, int64_t tenant, int64_t user_id,
	    struct access *acc, int *found);

/*
 * Staff's reach, for the pages and changes that take a visitor's access: every
 * property of the tenant with every permission and every financial field (as a
 * portal admin has them); user_id 0, so nothing is made in a portal user's name.
 */
void	access_staff(struct access *acc);

/* The visitor's rights on a property of customer. */
void	access_rights(const struct access *acc, int64_t property, int64_t customer,
	    struct authz_rights *out);

/* Does the visitor hold permission p on the property? */
int	access_may(const struct access *acc, int64_t property, int64_t customer,
	    enum perm p);

struct property {
	int64_t			 id;
	int64_t			 customer_id;
	char			*name;
	char			*address;	/* NULL when unknown */
	char			*city;
	int			 bedrooms;	/* 0 when unknown */
	char			*owner;		/* the customer's name */
	struct authz_rights	 rights;	/* the visitor's rights there */
};

/*
 * The properties the visitor holds any permission on, by name. Those without
 * permission p are left out too unless p is PERM__MAX (any permission will do).
 */
int	store_properties_visible(struct arena *a, int64_t tenant,
	    const struct access *acc, enum perm p, struct property **props, size_t *n);

/*
 * One property of the tenant with the visitor's rights there; *found 0 when it
 * does not exist or the visitor holds no permission on it (the same answer, so
 * a guessed id tells nothing).
 */
/*
 * For the store's files, the context of a fill (store_rows()) that keeps only the
 * rows a visitor may see: store_reach_keep() sets *rights to acc's rights on the
 * row's property and answers 0 (keep) when they hold something and all of need,
 * else STORE_SKIP. A NULL context, or a NULL acc, keeps every row with no rights.
 */
struct store_reach {
	const struct access	*acc;
	perm_set		 need;
};
int	store_reach_keep(const void *reach, int64_t property, int64_t customer,
	    struct authz_rights *rights);

/*
 * For the store's files: a fill (store_rows()) for a PROPERTY_SELECT-shaped row
 * (id, customer, name, address, city, bedrooms, owner), kept by
 * store_reach_keep() with reach, a struct store_reach or NULL.
 */
struct db_res;
int	store_fill_property(const struct db_res *r, size_t i, const void *reach,
	    void *out);

int	store_property_get(struct arena *a, int64_t tenant, const struct access *acc,
	    int64_t id, struct property *out, int *found);

#endif
