/* porch — SPDX-License-Identifier: MIT
 * Bookings, block-offs and booking notes as the tenant API addresses them: by the
 * tenant system's external ids, each with the external id of the row it belongs
 * to; SQL text in store_sql.c. Block-offs are written through store_bookings.h
 * (the portal's statements), the others here.
 */
#ifndef PORCH_STORE_BOOKING_XID_H
#define PORCH_STORE_BOOKING_XID_H

#include <stdint.h>

#include "authz.h"
#include "db.h"
#include "store.h"

struct booking_row {
	int64_t	 id;
	char	*xid;
	int64_t	 property_id;
	char	*property_xid;		/* NULL: the property has no external id */
	char	*reference;
	char	*arrival;		/* YYYY-MM-DD, as departure */
	char	*departure;
	char	*checkin;		/* HH:MM; NULL when not given, as checkout */
	char	*checkout;
	char	*status;		/* tentative | confirmed | cancelled */
	char	*channel;		/* NULL when none, as the guest's fields */
	char	*guest_name;
	char	*guest_email;
	char	*guest_phone;
	char	*guest_address;
	int64_t	 adults, children, infants;
	int64_t	 cents[FIN__MAX];	/* enum fin_field order */
	char	*currency;
};

struct block_row {
	int64_t	 id;
	char	*xid;
	int64_t	 property_id;
	char	*property_xid;
	char	*start;			/* YYYY-MM-DD, the end excluded */
	char	*end;
	char	*reason;		/* NULL when none */
};

struct note_row {
	int64_t	 id;
	char	*xid;
	int64_t	 booking_id;
	char	*booking_xid;
	char	*author_name;
	char	*body;
	char	*created;		/* YYYY-MM-DDTHH:MM:SSZ */
};

/* The three as the API reads them (store.h). */
extern const struct store_xid_kind store_xid_bookings, store_xid_blocks,
    store_xid_notes;

int	store_booking_xid_add(struct arena *a, int64_t tenant,
	    const struct booking_row *b, int64_t *id);
/* Saves b's property and fields over the row b->id. */
int	store_booking_xid_update(struct arena *a, int64_t tenant,
	    const struct booking_row *b);
/* How many statement lines name the booking. */
int	store_booking_statement_lines(struct arena *a, int64_t tenant, int64_t id,
	    int64_t *n);

int	store_note_xid_add(struct arena *a, int64_t tenant, const struct note_row *n,
	    int64_t *id);
/* Saves n's booking, author name and body over the row n->id. */
int	store_note_xid_update(struct arena *a, int64_t tenant, const struct note_row *n);

#endif
