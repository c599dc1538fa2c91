/* porch — SPDX-License-Identifier: MIT
 * Bookings, their notes, owner block-offs and the mail about them, as the portal
 * pages read them and module/change (block.c, booking.c) writes them, inside the
 * change's transaction. Every function takes the tenant and returns DB_OK or a
 * DB_* error; strings live in the arena. Dates are "YYYY-MM-DD" text; stays and
 * block-offs are half-open intervals [start, end).
 */
#ifndef PORCH_STORE_BOOKINGS_H
#define PORCH_STORE_BOOKINGS_H

#include <stdint.h>

#include "authz.h"
#include "db.h"
#include "store_access.h"

struct booking {
	int64_t		 id;
	int64_t		 property_id;
	int64_t		 customer_id;	/* the property's owner */
	char		*property;	/* the property's name */
	char		*reference;
	char		*start;
	char		*end;
	int		 nights;
	char		*status;	/* tentative | confirmed | cancelled */
	int		 adults;
	int		 children;
	char		*guest_name;	/* NULL when unknown */
	char		*guest_email;
	char		*guest_phone;
	int64_t		 cents[FIN__MAX];
	char		*currency;
	char		*channel;	/* NULL when unknown */
	char		*guest_address;
	int		 infants;
	char		*checkin;	/* "HH:MM", NULL when not given */
	char		*checkout;
	int64_t		 by_portal_user;	/* who made it in porch (0: not them) */
	int64_t		 by_staff_user;
	struct authz_rights rights;	/* the visitor's rights on the property */
};

struct note {
	char	*author_kind;		/* staff | portal | token | system */
	char	*author_name;
	char	*created;		/* "YYYY-MM-DD HH:MM" UTC */
	char	*body;
	char	*at;			/* created_at as digits, to sort by */
	int64_t	 id;
};

/*
 * The bookings of the properties the visitor may reach (the rule of
 * store_properties_visible), of one property when property is not 0, by start
 * date, each with the visitor's rights there. Rows on which the visitor lacks
 * any permission of need are left out.
 */
int	store_bookings_list(struct arena *a, int64_t tenant, const struct access *acc,
	    int64_t property, perm_set need, struct booking **rows, size_t *n);

/*
 * The bookings not cancelled that start or end in [from, to) ("YYYY-MM-DD"),
 * by start date, on the properties where the visitor holds calendar.view, each
 * with the visitor's rights there; at most 100.
 */
int	store_bookings_upcoming(struct arena *a, int64_t tenant,
	    const struct access *acc, const char *from, const char *to,
	    struct booking **rows, size_t *n);

/*
 * One booking with its notes and its history (each oldest first) and the
 * visitor's rights, in one statement; *found 0 when it does not exist or the
 * visitor lacks calendar.view on its property.
 */
struct booking_event;
int	store_booking_get(struct arena *a, int64_t tenant, const struct access *acc,
	    int64_t id, struct booking *out, struct note **notes, size_t *nnotes,
	    struct booking_event **history, size_t *nhistory, int *found);

int	store_note_add(struct arena *a, int64_t tenant, int64_t booking,
	    const char *author_kind, int64_t author_id, const char *author_name,
	    const char *body, int64_t *id);

/* Moves a booking from status from to status to; *changed 0 when it was not in from. */
int	store_booking_set_status(struct arena *a, int64_t tenant, int64_t id,
	    const char *from, const char *to, int *changed);

/* What occupies a day of the calendar: a booking (not cancelled) or a block-off. */
struct occupancy {
	int		 is_block;
	int64_t		 id;
	char		*reference;	/* bookings */
	char		*start;
	char		*end;
	char		*status;	/* bookings */
	char		*guest_name;	/* bookings; NULL when unknown */
	char		*reason;	/* blocks; NULL when none */
	int		 by_owner;	/* blocks: made by a portal user */
	int		 overlap;	/* bookings: imported from a channel's iCal
					   feed over another booking or a block-off */
	int64_t		 property_id;
};

/* A calendar page: what store_calendar() reads in one statement. */
struct calendar {
	struct property		*props;	/* with calendar.view, by name (id, name,
					   customer and rights only) */
	size_t			 nprops;
	struct occupancy	*occ;	/* bookings and block-offs, by start date */
	size_t			 nocc;
};

/*
 * The properties on which the visitor holds calendar.view, and the bookings and
 * block-offs of property (0: none) overlapping [from, to).
 */
int	store_calendar(struct arena *a, int64_t tenant, const struct access *acc,
	    int64_t property, const char *from, const char *to, struct calendar *out);
/*
 * The same, with the bookings and block-offs of every property the visitor
 * reaches (those of a property without calendar.view are the caller's to skip).
 */
int	store_calendar_every(struct arena *a, int64_t tenant,
	    const struct access *acc, const char *from, const char *to,
	    struct calendar *out);

struct block {
	int64_t	 id;
	int64_t	 property_id;
	int64_t	 customer_id;
	char	*property;
	char	*start;
	char	*end;
	char	*reason;
	int	 by_owner;	/* made by a portal user */
};

int	store_block_get(struct arena *a, int64_t tenant, int64_t id, struct block *out,
	    int *found);

/*
 * Within a transaction: locks the property's row, so that two requests changing
 * its block-offs run one after the other. *found 0 when it is gone.
 */
int	store_property_lock(struct arena *a, int64_t tenant, int64_t property,
	    int *found);

/* What stands in the way of a block-off's dates. */
struct block_conflict {
	int	 is_booking;	/* else a block-off */
	char	*ref;		/* the booking's reference, or the block-off's id */
	char	*start;
	char	*end;
};

/*
 * What stands in [start, end) of the property: a booking that is not cancelled,
 * other than except_booking, or a block-off other than except_block (0: none).
 * *found 0 when nothing, else out says what.
 */
int	store_block_conflict(struct arena *a, int64_t tenant, int64_t property,
	    const char *start, const char *end, int64_t except_block,
	    int64_t except_booking, int *found, struct block_conflict *out);

/*
 * A manual booking's fields as written (store_booking_manual_add/update): dates
 * "YYYY-MM-DD", times "HH:MM" or NULL, NULL text for none.
 */
struct booking_manual_row {
	int64_t		 property_id;
	const char	*reference;	/* NULL on add: "M" and the new id */
	const char	*start, *end, *checkin, *checkout, *channel;
	const char	*guest_name, *guest_email, *guest_phone, *guest_address;
	int64_t		 adults, children, infants;
};

/* A confirmed booking made in porch by portal_user or staff_user (0: not them). */
int	store_booking_manual_add(struct arena *a, int64_t tenant,
	    const struct booking_manual_row *b, int64_t portal_user, int64_t staff_user,
	    int64_t *id);
int	store_booking_manual_update(struct arena *a, int64_t tenant, int64_t id,
	    const struct booking_manual_row *b);

/* One entry of a booking's history (its audit entries). */
struct booking_event {
	char	*action;	/* booking.create, booking.update, note.add, ... */
	char	*at;		/* "YYYY-MM-DD HH:MM" UTC */
	char	*actor_kind;
	char	*actor;		/* the actor's name; NULL when not known */
	char	*detail;	/* booking.update: the fields that changed */
	char	*order;		/* the time to the microsecond, as it sorts */
	int64_t	 id;
};

/* The notes of a block-off, oldest first, and a new one. */
int	store_block_notes(struct arena *a, int64_t tenant, int64_t block,
	    struct note **rows, size_t *n);
int	store_block_note_add(struct arena *a, int64_t tenant, int64_t block,
	    const char *author_kind, int64_t author_id, const char *author_name,
	    const char *body, int64_t *id);

/* A new block-off by portal_user (0: none), with the tenant system's external id
 * xid (NULL: none). */
int	store_block_add(struct arena *a, int64_t tenant, int64_t property,
	    const char *start, const char *end, const char *reason,
	    int64_t portal_user, const char *xid, int64_t *id);
/* Block-off id now on property, over [start, end), with reason (NULL: none). */
int	store_block_move(struct arena *a, int64_t tenant, int64_t id, int64_t property,
	    const char *start, const char *end, const char *reason);
int	store_block_del(struct arena *a, int64_t tenant, int64_t id);

struct mail_to {
	char	*addr;
	char	*name;
};

/* The property's notify user (notify.bookings). */
struct notify_user {
	int64_t	 id;		/* 0: the property has none */
	char	*login;
	char	*addr;		/* their own address, NULL when they have none */
};

/*
 * Who is mailed about a property's bookings and block-offs: the tenant's active
 * admin staff (to, an address once), and the property's notify user (the first
 * active portal user by id whose unexpired grant covering the property gives
 * notify.bookings) with their own address: the email login, else their contact's.
 */
int	store_booking_mail_to(struct arena *a, int64_t tenant, int64_t property,
	    struct mail_to **to, size_t *n, struct notify_user *nu);
/*
 * The notify users (nu[i], id 0 for none) of properties props[0..n), whose ids
 * are also given as the JSON array ids, at once: for a group of the batch.
 */
int	store_booking_notify_set(struct arena *a, int64_t tenant, const char *ids,
	    const int64_t *props, size_t n, struct notify_user *nu);

#endif
