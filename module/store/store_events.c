/* porch — SPDX-License-Identifier: MIT
 * The events' store functions: one named statement each (store_sql.c), every
 * event filled from its row in one place.
 */
#include "config.h"

#include "store.h"
#include "store_events.h"

#define EVENTS_MAX	1000	/* rows of one store_events_after() */

int
store_event_add(struct arena *a, const struct event *e, int64_t *id)
{
	struct db_param seq[] = { DP_I(e->tenant) };
	struct db_res r;
	int rc;

	if ((rc = db_exec(ST_EVENT_SEQ_NEXT, seq, NELEM(seq), a, &r)) != DB_OK)
		return rc;
	if (r.insert_id == 0)
		return DB_ERROR;
	*id = (int64_t)r.insert_id;
	{
		struct db_param p[] = {
			DP_I(e->tenant), DP_I(*id), DP_S(e->type), DP_S(e->subject_kind),
			DP_I(e->subject_id), DP_ID(e->property), DP_ID(e->customer),
			e->actor_kind != NULL ? DP_S(e->actor_kind) : DP_NUL,
			DP_ID(e->actor_id),
			DP_ID(e->impersonator), DP_S(e->payload),
		};

		return db_exec(ST_EVENT_ADD, p, NELEM(p), a, &r);
	}
}

/* The one place an event is filled from its row (EVENT_SELECT). */
static int
event_fill(const struct db_res *r, size_t row, const void *ctx, void *out)
{
	struct event *e = out;

	e->id = db_cell_i64(r, row, 0);
	e->type = DB_CELL(r, row, 1);
	e->subject_kind = DB_CELL(r, row, 2);
	e->subject_id = db_cell_i64(r, row, 3);
	e->property = db_cell_i64(r, row, 4);
	e->customer = db_cell_i64(r, row, 5);
	e->actor_kind = DB_CELL(r, row, 6);
	e->actor_id = db_cell_i64(r, row, 7);
	e->impersonator = db_cell_i64(r, row, 8);
	e->payload = DB_CELL(r, row, 9) != NULL ? DB_CELL(r, row, 9) : "{}";
	e->created_at = DB_CELL(r, row, 10) != NULL ? DB_CELL(r, row, 10) : "";
	return 0;
}

int
store_events_after(struct arena *a, int64_t tenant, int64_t after_id, int limit,
    struct event **rows, size_t *n)
{
	struct db_param p[] = {
		DP_I(tenant), DP_I(after_id),
		DP_I(limit >= 1 && limit <= EVENTS_MAX ? limit : EVENTS_MAX),
	};
	int rc;

	*rows = store_rows(a, ST_EVENTS_AFTER, p, NELEM(p), sizeof(**rows), event_fill,
	    NULL, n, &rc);
	for (size_t i = 0; i < *n; i++)
		(*rows)[i].tenant = tenant;
	return rc;
}

int
store_event_get(struct arena *a, int64_t tenant, int64_t id, struct event *e,
    int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };
	int rc;

	if ((rc = store_one(a, ST_EVENT_GET, p, NELEM(p), event_fill, NULL, e, found)) ==
	    DB_OK && *found)
		e->tenant = tenant;
	return rc;
}

int
store_portal_user_first_signin(struct arena *a, int64_t tenant, int64_t id,
    int *first)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };

	return store_change_one(a, ST_PORTAL_USER_FIRST_SIGNIN, p, NELEM(p), first);
}
