/* porch — SPDX-License-Identifier: MIT
 * Typed access to a portal user's access grants, portal-admin switch and financial
 * override as staff manage them, and the lists their forms and the Explain page
 * need. Every function takes the tenant and returns DB_OK or a DB_* error; strings
 * live in the arena.
 */
#ifndef PORCH_STORE_GRANTS_H
#define PORCH_STORE_GRANTS_H

#include <stdint.h>

#include "authz.h"
#include "db.h"
#include "store_access.h"

/* A portal user with what staff set on it directly. */
struct grants_user {
	int64_t			 id;
	char			*login;
	char			*status;	/* "invited", "active", "disabled" */
	int64_t			 customer_id;
	char			*customer;	/* the customer's name */
	char			*contact;	/* the contact's name, NULL for none */
	int			 is_admin;
	int			 hide_reports;
	int			 has_fin_override;
	struct fin_policy	 fin_override;
};

/* One grant with the names its group and scope point at. */
struct grant_row {
	int64_t			 id;
	int64_t			 group_id;
	char			*group;		/* the group's name */
	struct authz_grant	 g;		/* scope, ids, expiry, group rights */
	char			*customer;	/* SCOPE_CUSTOMER: its name */
	char			*property;	/* SCOPE_PROPERTY: its name */
	char			*owner;		/* SCOPE_PROPERTY: its customer's name */
	char			*expires;	/* last day "YYYY-MM-DD", NULL: none */
};

/* *found 0 when id is not one of the tenant's portal users. */
int	store_grants_user_get(struct arena *a, int64_t tenant, int64_t id,
	    struct grants_user *u, int *found);
/* The user's grants, oldest first (the order the portal reads them in). */
int	store_grants_list(struct arena *a, int64_t tenant, int64_t user,
	    struct grant_row **rows, size_t *n);
/*
 * notify.bookings goes to one portal user per property (docs/DESIGN.md): a change
 * that would give it to a second user, or put it in the default group, returns
 * GRANT_NOTIFY_TAKEN after writing; the caller rolls the transaction back.
 */
#define GRANT_NOTIFY_TAKEN	-11

/* Why: the user who holds it already and the one who would too (NULL when the
 * default group would give it), the holder's scope and what it names. */
struct notify_clash {
	char		*holder;
	char		*other;
	enum grant_scope scope;
	char		*where;		/* customer or property name, "" for all */
	char		*default_group;	/* the default group's name, or NULL */
};

/* The tenant's lock for changes that can give notify.bookings: take it first. */
int	store_notify_lock(struct arena *a, int64_t tenant);
/*
 * After such a change in the same transaction: GRANT_NOTIFY_TAKEN when grant (an
 * id, or 0) or a grant of group (an id, or 0) overlaps another user's, or (for a
 * group change, grant 0) the default group gives notify.bookings; c (may be NULL)
 * says who. DB_OK when not.
 */
int	store_notify_check(struct arena *a, int64_t tenant, int64_t grant,
	    int64_t group, struct notify_clash *c);

/*
 * Adds a grant of group over scope (customer for SCOPE_CUSTOMER, property for
 * SCOPE_PROPERTY, the other 0) lasting through the day expires ("YYYY-MM-DD",
 * checked by the caller; NULL: no expiry). *added 0, and nothing written, when the
 * user, the group, the customer or the property is not the tenant's, or the group
 * is the system group. GRANT_NOTIFY_TAKEN (c says who; roll back) when it would
 * give notify.bookings to a second user of a property.
 */
int	store_grant_add(struct arena *a, int64_t tenant, int64_t user, int64_t group,
	    enum grant_scope scope, int64_t customer, int64_t property,
	    const char *expires, int64_t *id, int *added, struct notify_clash *c);
/* What a grant gives: group, scope with its customer or property, last day. */
struct grant_put {
	int64_t		 group;
	enum grant_scope scope;
	int64_t		 customer;	/* SCOPE_CUSTOMER, else ignored */
	int64_t		 property;	/* SCOPE_PROPERTY, else ignored */
	const char	*expires;	/* "YYYY-MM-DD", NULL: no expiry */
};

/*
 * Changes grant id of user to give g (which the caller found to differ from what
 * it gives now). *changed 0, and nothing written, when the grant is not the user's
 * or the group, customer or property is not the tenant's (or the group is the
 * system group). GRANT_NOTIFY_TAKEN (c says who; roll back) as for an added grant.
 */
int	store_grant_edit(struct arena *a, int64_t tenant, int64_t user, int64_t id,
	    const struct grant_put *g, int *changed, struct notify_clash *c);
/* *deleted 0 when the grant is not one of the user's. */
int	store_grant_del(struct arena *a, int64_t tenant, int64_t user, int64_t id,
	    int *deleted);
int	store_grants_set_admin(struct arena *a, int64_t tenant, int64_t user,
	    int is_admin, int hide_reports);
/* f NULL: no override, the groups' settings apply. */
int	store_grants_set_override(struct arena *a, int64_t tenant, int64_t user,
	    const struct fin_policy *f);
/* A customer as the grant form names it. */
struct customer_name {
	int64_t	 id;
	char	*name;
};

/* Every customer of the tenant, by name; *rows in a. */
int	store_grants_customers(struct arena *a, int64_t tenant,
	    struct customer_name **rows, size_t *n);
/* Every property of the tenant by name, without rights (rights left zero). */
int	store_grants_properties(struct arena *a, int64_t tenant,
	    struct property **props, size_t *n);

/* "customer", "all" or "property". */
const char	*grant_scope_name(enum grant_scope s);
/* The scope named s (as grant_scope_name() writes it): 0, or -1 (also for NULL). */
int	grant_scope_parse(const char *s, enum grant_scope *out);

#endif
