/* porch — SPDX-License-Identifier: MIT
 * Calendar feeds (iCal): their tokens, their tag and what they show, as the feed,
 * the account page, the staff page and module/change read and write them. Every
 * function takes the tenant and returns DB_OK or a DB_* error; strings live in the
 * arena.
 */
#ifndef PORCH_STORE_ICAL_H
#define PORCH_STORE_ICAL_H

#include <stddef.h>
#include <stdint.h>

#include "authz.h"
#include "db.h"
#include "store_access.h"

/* A feed found by its token: a portal user's or a property's. */
struct calendar_feed {
	int64_t	 id;
	int64_t	 user_id;	/* 0 for a property's feed */
	int64_t	 property_id;	/* 0 for a portal user's feed */
	char	*name;		/* the property's name; NULL for a user's feed */
};

/* The feed whose token hashes to hash; *found 0 when none in the tenant. */
int	store_calendar_feed_find(struct arena *a, int64_t tenant,
	    const unsigned char hash[32], struct calendar_feed *out, int *found);

/*
 * The sealed copy of the token of a portal user's feed (user) or a property's
 * (property; the other 0), and when it was made; *enc NULL when there is none.
 */
int	store_calendar_feed_of(struct arena *a, int64_t tenant, int64_t user,
	    int64_t property, const unsigned char **enc, size_t *enc_len,
	    char **created);

/* A new token (hash, sealed copy) for the user's or the property's feed. */
int	store_calendar_feed_set(struct arena *a, int64_t tenant, int64_t user,
	    int64_t property, const unsigned char hash[32], const unsigned char *enc,
	    size_t enc_len);

/* The user's feed deleted (the user was disabled). */
int	store_calendar_feed_del_user(struct arena *a, int64_t tenant, int64_t user);

/* A property with its feed, for the staff page. */
struct property_feed {
	int64_t			 id;
	char			*name;
	char			*owner;
	const unsigned char	*enc;		/* NULL: no feed yet */
	size_t			 enc_len;
	char			*created;
};

/* Every property of the tenant, by owner and name, with its feed. */
int	store_calendar_feeds_properties(struct arena *a, int64_t tenant,
	    struct property_feed **rows, size_t *n);

/*
 * The tag of a feed: the rows it is made of (properties, bookings cancelled or
 * not, block-offs) and when the last of them changed ("UNIX.MICROSECONDS", NULL
 * when there is none), over property (0: every one) as far as acc reaches (NULL:
 * staff, every property). One statement.
 */
int	store_calendar_tag(struct arena *a, int64_t tenant, const struct access *acc,
	    int64_t property, int64_t *count, char **last);

/* A booking (not cancelled) or a block-off of a feed. */
struct calendar_item {
	int			 is_block;
	int64_t			 id;
	int64_t			 property_id;
	char			*property;
	char			*start;		/* "YYYYMMDD" */
	char			*end;		/* exclusive */
	char			*status;	/* bookings */
	char			*guest_name;	/* bookings; NULL when unknown */
	char			*reason;	/* block-offs; NULL when none */
	char			*reference;	/* bookings */
	int			 adults, children, infants;
	char			*stamp;		/* last change, "YYYYMMDDTHHMMSSZ" */
	struct authz_rights	 rights;	/* the visitor's rights there */
};

/*
 * What a feed shows, over the same rows as store_calendar_tag(): with acc, only
 * the properties where it holds calendar.view, each row with those rights; with
 * acc NULL (staff) every one, rights left empty. In no order.
 */
int	store_calendar_items(struct arena *a, int64_t tenant, const struct access *acc,
	    int64_t property, struct calendar_item **rows, size_t *n);

/* A property's iCal import URL and what its last sync did. */
struct ical_source {
	int64_t		 id;
	int64_t		 property_id;
	int64_t		 customer_id;
	char		*property;
	char		*channel;
	char		*url;
	char		*last_success;	/* "YYYY-MM-DD HH:MM" UTC; NULL: never */
	char		*last_error_at;
	char		*last_error;
	int64_t		 n[5];		/* events, created, moved, cancelled, flagged */
};

/*
 * The tenant's import URLs of property (0: every property), by property name and
 * channel; with acc (a portal user) only where it holds all of need.
 */
int	store_ical_sources(struct arena *a, int64_t tenant, const struct access *acc,
	    perm_set need, int64_t property, struct ical_source **rows, size_t *n);
/* One import URL (its last sync's outcome left out); *found 0 when none. */
int	store_ical_source_get(struct arena *a, int64_t tenant, int64_t id,
	    struct ical_source *out, int *found);
int	store_ical_source_add(struct arena *a, int64_t tenant, int64_t property,
	    const char *channel, const char *url, int64_t *id);
int	store_ical_source_del(struct arena *a, int64_t tenant, int64_t id);

/* --- The import's sync (module/ical/ical_sync.c), over every tenant --- */

/* An import URL claimed for a sync, with what its last answer said. */
struct ical_claimed {
	int64_t		 id;
	int64_t		 tenant;
	char		*tenant_name;
	int64_t		 property_id;
	int64_t		 customer_id;
	char		*property;
	char		*channel;
	char		*url;
	char		*etag;		/* NULL: none */
	char		*last_modified;	/* NULL: none */
};

/* Claims older than stale seconds given back; *n how many. */
int	store_ical_sync_requeue_stale(struct arena *a, int stale, uint64_t *n);
/* Up to max import URLs due now claimed as claim; *n how many. */
int	store_ical_sync_claim(struct arena *a, const char *claim, int max, uint64_t *n);
int	store_ical_sync_claimed(struct arena *a, const char *claim,
	    struct ical_claimed **rows, size_t *n);

/* What a sync made of a feed: events read, bookings made, moved, cancelled, and
 * flagged (overlapping something else). */
struct ical_counts {
	int64_t	 events, created, moved, cancelled, flagged;
};

/*
 * The outcome of a sync of import URL id recorded and its claim given back, the
 * next one due in again seconds: done (validators of the answer, counts), the
 * same (a 304), or failed (why). *ours 0 when the claim was no longer ours (then
 * nothing is recorded).
 */
int	store_ical_sync_done(struct arena *a, int64_t tenant, int64_t id,
	    const char *claim, const char *etag, const char *last_modified,
	    const struct ical_counts *c, int again, int *ours);
int	store_ical_sync_same(struct arena *a, int64_t tenant, int64_t id,
	    const char *claim, int again, int *ours);
int	store_ical_sync_failed(struct arena *a, int64_t tenant, int64_t id,
	    const char *claim, const char *why, int again, int *ours);

/* What claim still holds, given back. */
int	store_ical_sync_release(struct arena *a, const char *claim);

/* A booking an import URL made. */
struct ical_booking {
	int64_t		 id;
	char		*uid;
	char		*xid;
	char		*start, *end;	/* "YYYY-MM-DD" */
	char		*status;
	int		 seen;		/* for the sync: still in the feed */
};

/* Inside the sync's transaction: the bookings of import URL source (its
 * block-offs when blocks, status "confirmed"), locked. */
int	store_ical_sync_bookings(struct arena *a, int64_t tenant, int64_t source,
	    int blocks, struct ical_booking **rows, size_t *n);
/* Booking id (block-off id when blocks) marked as made by source from the event
 * uid. */
int	store_ical_sync_mark(struct arena *a, int64_t tenant, int blocks, int64_t id,
	    int64_t source, const char *uid);
/* The overlap flags of the imported bookings of property set again; *flagged how
 * many of source's are set. */
int	store_ical_sync_overlap(struct arena *a, int64_t tenant, int64_t property,
	    int64_t source, int64_t *flagged);

/* An imported booking flagged as overlapping another booking or a block-off. */
struct ical_overlap {
	int64_t	 id;
	char	*reference;
	char	*property;
	char	*channel;
	char	*start, *end;	/* "YYYY-MM-DD" */
};

/* The tenant's flagged bookings (not cancelled), by arrival, at most max. */
int	store_ical_overlaps(struct arena *a, int64_t tenant, int max,
	    struct ical_overlap **rows, size_t *n);

/* Inside a change's transaction: a booking or block-off of property is gone. */
int	store_calendar_touch(struct arena *a, int64_t tenant, int64_t property);

#endif
