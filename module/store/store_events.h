/* porch — SPDX-License-Identifier: MIT
 * Events: what portal users and staff changed, one row per change, numbered per
 * tenant in commit order (schema/007_events.sql, docs/DESIGN.md "Events").
 */
#ifndef PORCH_STORE_EVENTS_H
#define PORCH_STORE_EVENTS_H

#include <stdint.h>

#include "db.h"

/* One event as stored. Strings live in the arena the call was given. */
struct event {
	int64_t		 tenant;
	int64_t		 id;		/* increasing per tenant, no gaps */
	const char	*type;		/* "block.created", ... (docs/INTERFACES.md) */
	const char	*subject_kind;	/* "block", "booking", "portal_user" */
	int64_t		 subject_id;
	int64_t		 property;	/* 0: none */
	int64_t		 customer;	/* 0: none */
	const char	*actor_kind;	/* as audit_log: "portal", "staff", ...; NULL:
					 * nobody known */
	int64_t		 actor_id;
	int64_t		 impersonator;	/* the staff member during "log in as", else 0 */
	const char	*payload;	/* the event's data, a JSON object (jansson) */
	const char	*created_at;	/* "2027-03-05T10:11:12.123456Z" (UTC) */
};

/*
 * Writes e (its id ignored) as the tenant's next event, inside the caller's
 * transaction: *id is its id. The tenant's event_seq row stays locked until the
 * transaction ends, so ids become visible in order. DB_OK or a DB_* error.
 */
int	store_event_add(struct arena *a, const struct event *e, int64_t *id);

/*
 * The tenant's events with ids above after_id, in id order, at most limit of them
 * (1 .. 1000; outside that range 1000): *rows (in a) with *n elements. What the
 * events feed (GET /api/v1/events?after=ID) and the webhook sender read; a cursor
 * that passes the last id it got never skips an event (see store_event_add()).
 */
int	store_events_after(struct arena *a, int64_t tenant, int64_t after_id,
	    int limit, struct event **rows, size_t *n);

/* One event of the tenant; *found is 0 when there is none by that id. */
int	store_event_get(struct arena *a, int64_t tenant, int64_t id, struct event *e,
	    int *found);

/*
 * Marks portal user id as signed in for the first time: *first is 1 when this is
 * their first finished sign-in, 0 when they had one before.
 */
int	store_portal_user_first_signin(struct arena *a, int64_t tenant, int64_t id,
	    int *first);

#endif
