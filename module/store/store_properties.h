/* porch — SPDX-License-Identifier: MIT
 * Properties as the tenant API addresses them: by the tenant system's external
 * ids, with their owner by its external id; SQL text in store_sql.c.
 */
#ifndef PORCH_STORE_PROPERTIES_H
#define PORCH_STORE_PROPERTIES_H

#include <stdint.h>

#include "db.h"
#include "store.h"

struct property_row {
	int64_t	 id;
	char	*xid;
	int64_t	 customer_id;
	char	*customer_xid;		/* NULL: the owner has no external id */
	char	*name;
	char	*address;		/* NULL when none, as the others below */
	char	*city;
	int64_t	 bedrooms;		/* -1 when unknown */
	char	*description;
	char	*arrival;		/* arrival instructions */
	int	 archived;		/* archived by staff (store_office.h) */
};

/* Properties as the API reads them (store.h): rows of struct property_row. */
extern const struct store_xid_kind store_xid_properties;

/* What keeps a property from being deleted. */
struct property_blockers {
	int64_t	 bookings, statements, documents;
};

int	store_property_xid_add(struct arena *a, int64_t tenant,
	    const struct property_row *p, int64_t *id);
/* Saves p's owner and fields over the row p->id. */
int	store_property_xid_update(struct arena *a, int64_t tenant,
	    const struct property_row *p);
int	store_property_blockers(struct arena *a, int64_t tenant, int64_t id,
	    struct property_blockers *b);

#endif
