/* porch — SPDX-License-Identifier: MIT
 * Customers and contacts as the tenant API addresses them: by the tenant system's
 * external ids, listed in external id order; SQL text in store_sql.c.
 */
#ifndef PORCH_STORE_CUSTOMERS_H
#define PORCH_STORE_CUSTOMERS_H

#include <stdint.h>

#include "db.h"
#include "store.h"

struct customer_row {
	int64_t	 id;
	char	*xid;		/* external id */
	char	*name;
	char	*email;		/* NULL when none, as phone */
	char	*phone;
	int	 archived;	/* archived by staff (store_office.h) */
};

struct contact_row {
	int64_t	 id;
	char	*xid;
	int64_t	 customer_id;
	char	*customer_xid;	/* NULL: the customer has no external id */
	char	*name;
	char	*email;		/* NULL when none, as phone and role */
	char	*phone;
	char	*role;
	int	 archived;
};

/* The two as the API reads them (store.h): rows of struct customer_row and
 * struct contact_row. */
extern const struct store_xid_kind store_xid_customers, store_xid_contacts;

/* What keeps a customer from being deleted. */
struct customer_blockers {
	int64_t	 properties, portal_users, statements, documents;
};

/*
 * The tenant's customer with external id xid; *found 0 when none. lock: inside a
 * change's transaction, the row is locked until it ends (FOR UPDATE).
 */
int	store_customer_by_xid(struct arena *a, int64_t tenant, const char *xid, int lock,
	    struct customer_row *c, int *found);
int	store_customer_xid_add(struct arena *a, int64_t tenant,
	    const struct customer_row *c, int64_t *id);
/* Saves c's name, email and phone over the row c->id. */
int	store_customer_xid_update(struct arena *a, int64_t tenant,
	    const struct customer_row *c);
int	store_customer_blockers(struct arena *a, int64_t tenant, int64_t id,
	    struct customer_blockers *b);

int	store_contact_by_xid(struct arena *a, int64_t tenant, const char *xid, int lock,
	    struct contact_row *k, int *found);
int	store_contact_xid_add(struct arena *a, int64_t tenant,
	    const struct contact_row *k, int64_t *id);
/* Saves k's customer, name, email, phone and role over the row k->id. */
int	store_contact_xid_update(struct arena *a, int64_t tenant,
	    const struct contact_row *k);
/* How many portal users are attached to the contact. */
int	store_contact_users(struct arena *a, int64_t tenant, int64_t id, int64_t *n);
/* ... and how many of them are not disabled. */
int	store_contact_users_enabled(struct arena *a, int64_t tenant, int64_t id,
	    int64_t *n);

#endif
