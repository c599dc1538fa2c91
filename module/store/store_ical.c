/* porch — SPDX-License-Identifier: MIT
 * Calendar feeds: tokens, tags and contents; SQL text in store_sql.c.
 */
#include "config.h"

#include <string.h>

#include "store.h"
#include "store_ical.h"

int
store_calendar_feed_find(struct arena *a, int64_t tenant, const unsigned char hash[32],
    struct calendar_feed *out, int *found)
{
	struct db_param p[] = { DP_B(hash, 32), DP_I(tenant) };
	struct db_res r;
	int rc;

	memset(out, 0, sizeof(*out));
	*found = 0;
	if ((rc = db_exec(ST_CALENDAR_FEED_FIND, p, NELEM(p), a, &r)) != DB_OK ||
	    r.nrows != 1)
		return rc;
	out->id = db_cell_i64(&r, 0, 0);
	out->user_id = db_cell_i64(&r, 0, 1);
	out->property_id = db_cell_i64(&r, 0, 2);
	out->name = DB_CELL(&r, 0, 3);
	*found = 1;
	return DB_OK;
}

int
store_calendar_feed_of(struct arena *a, int64_t tenant, int64_t user, int64_t property,
    const unsigned char **enc, size_t *enc_len, char **created)
{
	struct db_param p[] = { DP_I(tenant), DP_I(user), DP_I(property) };
	struct db_res r;
	int rc;

	*enc = NULL;
	*enc_len = 0;
	*created = NULL;
	if ((rc = db_exec(ST_CALENDAR_FEED_OF, p, NELEM(p), a, &r)) != DB_OK ||
	    r.nrows != 1)
		return rc;
	*enc = (const unsigned char *)DB_CELL(&r, 0, 0);
	*enc_len = *enc != NULL ? DB_LEN(&r, 0, 0) : 0;
	*created = DB_CELL(&r, 0, 1);
	return DB_OK;
}

int
store_calendar_feed_set(struct arena *a, int64_t tenant, int64_t user,
    int64_t property, const unsigned char hash[32], const unsigned char *enc,
    size_t enc_len)
{
	struct db_param p[] = { DP_I(tenant), DP_ID(user), DP_ID(property),
		DP_B(hash, 32), DP_B(enc, enc_len) };

	return store_change(a, ST_CALENDAR_FEED_SET, p, NELEM(p), NULL);
}

int
store_calendar_feed_del_user(struct arena *a, int64_t tenant, int64_t user)
{
	struct db_param p[] = { DP_I(tenant), DP_I(user) };

	return store_change(a, ST_CALENDAR_FEED_DEL_USER, p, NELEM(p), NULL);
}

/* Row i of ST_CALENDAR_FEEDS_PROPERTIES. */
static int
property_feed_fill(const struct db_res *r, size_t i, const void *ctx, void *row)
{
	struct property_feed *out = row;

	out->id = db_cell_i64(r, i, 0);
	out->name = DB_CELL(r, i, 1);
	out->owner = DB_CELL(r, i, 2);
	out->enc = (const unsigned char *)DB_CELL(r, i, 3);
	out->enc_len = out->enc != NULL ? DB_LEN(r, i, 3) : 0;
	out->created = DB_CELL(r, i, 4);
	return 0;
}

int
store_calendar_feeds_properties(struct arena *a, int64_t tenant,
    struct property_feed **rows, size_t *n)
{
	struct db_param p[] = { DP_I(tenant) };
	int rc;

	*rows = store_rows(a, ST_CALENDAR_FEEDS_PROPERTIES, p, NELEM(p), sizeof(**rows),
	    property_feed_fill, NULL, n, &rc);
	return rc;
}

/* The reach of staff: every property of the tenant. */
static const struct access staff_reach = { .all = 1 };

/* The parameters of one part of ST_CALENDAR_TAG and ST_CALENDAR_EVENTS. */
#define FEED_PART(tenant, acc, property) \
	DP_I(tenant), DP_I(property), DP_I(property), ACCESS_REACH(acc)

int
store_calendar_tag(struct arena *a, int64_t tenant, const struct access *acc,
    int64_t property, int64_t *count, char **last)
{
	const struct access *reach = acc != NULL ? acc : &staff_reach;
	struct db_param p[] = {
		FEED_PART(tenant, reach, property), FEED_PART(tenant, reach, property),
		FEED_PART(tenant, reach, property),
	};
	struct db_res r;
	int rc;

	*count = 0;
	*last = NULL;
	if ((rc = db_exec(ST_CALENDAR_TAG, p, NELEM(p), a, &r)) != DB_OK || r.nrows != 1)
		return rc;
	*count = db_cell_i64(&r, 0, 0);
	*last = DB_CELL(&r, 0, 1);
	return DB_OK;
}

/* Row i of ST_CALENDAR_EVENTS, kept by store_reach_keep() with reach. */
static int
item_fill(const struct db_res *r, size_t i, const void *reach, void *row)
{
	struct calendar_item *out = row;

	memset(out, 0, sizeof(*out));
	out->is_block = db_cell_i64(r, i, 0) != 0;
	out->id = db_cell_i64(r, i, 1);
	out->property_id = db_cell_i64(r, i, 2);
	out->property = DB_CELL(r, i, 4);
	out->start = DB_CELL(r, i, 5);
	out->end = DB_CELL(r, i, 6);
	out->status = DB_CELL(r, i, 7);
	out->guest_name = DB_CELL(r, i, 8);
	out->reason = DB_CELL(r, i, 9);
	out->reference = DB_CELL(r, i, 10);
	out->adults = (int)db_cell_i64(r, i, 11);
	out->children = (int)db_cell_i64(r, i, 12);
	out->infants = (int)db_cell_i64(r, i, 13);
	out->stamp = DB_CELL(r, i, 14);
	if (out->start == NULL || out->end == NULL || out->stamp == NULL)
		return -1;
	return store_reach_keep(reach, out->property_id, db_cell_i64(r, i, 3),
	    &out->rights);
}

int
store_calendar_items(struct arena *a, int64_t tenant, const struct access *acc,
    int64_t property, struct calendar_item **rows, size_t *n)
{
	const struct access *reach = acc != NULL ? acc : &staff_reach;
	struct db_param p[] = {
		FEED_PART(tenant, reach, property), FEED_PART(tenant, reach, property),
	};
	struct store_reach keep = { acc, PERM_BIT(PERM_CALENDAR_VIEW) };
	int rc;

	*rows = store_rows(a, ST_CALENDAR_EVENTS, p, NELEM(p), sizeof(**rows), item_fill,
	    acc != NULL ? &keep : NULL, n, &rc);
	return rc;
}

int
store_calendar_touch(struct arena *a, int64_t tenant, int64_t property)
{
	struct db_param p[] = { DP_I(tenant), DP_I(property) };

	return store_change(a, ST_CALENDAR_TOUCH, p, NELEM(p), NULL);
}

/* Row i of ST_ICAL_SOURCES_LIST or ST_ICAL_SOURCE_GET, kept by store_reach_keep(). */
static int
source_fill(const struct db_res *r, size_t i, const void *reach, void *row)
{
	struct ical_source *out = row;
	struct authz_rights rights;

	memset(out, 0, sizeof(*out));
	out->id = db_cell_i64(r, i, 0);
	out->property_id = db_cell_i64(r, i, 1);
	out->customer_id = db_cell_i64(r, i, 2);
	out->property = DB_CELL(r, i, 3);
	out->channel = DB_CELL(r, i, 4);
	out->url = DB_CELL(r, i, 5);
	out->last_success = DB_CELL(r, i, 6);
	out->last_error_at = DB_CELL(r, i, 7);
	out->last_error = DB_CELL(r, i, 8);
	for (size_t k = 0; k < NELEM(out->n); k++)
		out->n[k] = db_cell_i64(r, i, 9 + k);
	return store_reach_keep(reach, out->property_id, out->customer_id, &rights);
}

int
store_ical_sources(struct arena *a, int64_t tenant, const struct access *acc,
    perm_set need, int64_t property, struct ical_source **rows, size_t *n)
{
	struct db_param p[] = { DP_I(tenant), DP_I(property), DP_I(property) };
	struct store_reach keep = { acc, need };
	int rc;

	*rows = store_rows(a, ST_ICAL_SOURCES_LIST, p, NELEM(p), sizeof(**rows),
	    source_fill, acc != NULL ? &keep : NULL, n, &rc);
	return rc;
}

int
store_ical_source_get(struct arena *a, int64_t tenant, int64_t id,
    struct ical_source *out, int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };

	return store_one(a, ST_ICAL_SOURCE_GET, p, NELEM(p), source_fill, NULL, out,
	    found);
}

int
store_ical_source_add(struct arena *a, int64_t tenant, int64_t property,
    const char *channel, const char *url, int64_t *id)
{
	struct db_param p[] = { DP_I(tenant), DP_I(property), DP_S(channel), DP_S(url) };

	return store_insert(a, ST_ICAL_SOURCE_ADD, p, NELEM(p), id);
}

int
store_ical_source_del(struct arena *a, int64_t tenant, int64_t id)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };

	return store_change(a, ST_ICAL_SOURCE_DEL, p, NELEM(p), NULL);
}

/* --- The import's sync --- */

int
store_ical_sync_requeue_stale(struct arena *a, int stale, uint64_t *n)
{
	struct db_param p[] = { DP_I(stale) };

	return store_change(a, ST_ICAL_SYNC_REQUEUE_STALE, p, NELEM(p), n);
}

int
store_ical_sync_claim(struct arena *a, const char *claim, int max, uint64_t *n)
{
	struct db_param p[] = { DP_S(claim), DP_I(max) };

	return store_change(a, ST_ICAL_SYNC_CLAIM, p, NELEM(p), n);
}

static int
claimed_fill(const struct db_res *r, size_t i, const void *ctx, void *row)
{
	struct ical_claimed *out = row;

	(void)ctx;
	out->id = db_cell_i64(r, i, 0);
	out->tenant = db_cell_i64(r, i, 1);
	out->tenant_name = DB_CELL(r, i, 2);
	out->property_id = db_cell_i64(r, i, 3);
	out->customer_id = db_cell_i64(r, i, 4);
	out->property = DB_CELL(r, i, 5);
	out->channel = DB_CELL(r, i, 6);
	out->url = DB_CELL(r, i, 7);
	out->etag = DB_CELL(r, i, 8);
	out->last_modified = DB_CELL(r, i, 9);
	return 0;
}

int
store_ical_sync_claimed(struct arena *a, const char *claim, struct ical_claimed **rows,
    size_t *n)
{
	struct db_param p[] = { DP_S(claim) };
	int rc;

	*rows = store_rows(a, ST_ICAL_SYNC_CLAIMED, p, NELEM(p), sizeof(**rows),
	    claimed_fill, NULL, n, &rc);
	return rc;
}

int
store_ical_sync_done(struct arena *a, int64_t tenant, int64_t id, const char *claim,
    const char *etag, const char *last_modified, const struct ical_counts *c,
    int again, int *ours)
{
	struct db_param p[] = {
		DP_SN(etag), DP_SN(last_modified), DP_I(c->events), DP_I(c->created),
		DP_I(c->moved), DP_I(c->cancelled), DP_I(c->flagged), DP_I(again),
		DP_I(tenant), DP_I(id), DP_S(claim),
	};

	return store_change_one(a, ST_ICAL_SYNC_DONE, p, NELEM(p), ours);
}

int
store_ical_sync_same(struct arena *a, int64_t tenant, int64_t id, const char *claim,
    int again, int *ours)
{
	struct db_param p[] = { DP_I(again), DP_I(tenant), DP_I(id), DP_S(claim) };

	return store_change_one(a, ST_ICAL_SYNC_SAME, p, NELEM(p), ours);
}

int
store_ical_sync_failed(struct arena *a, int64_t tenant, int64_t id, const char *claim,
    const char *why, int again, int *ours)
{
	struct db_param p[] = {
		DP_S(why), DP_I(again), DP_I(tenant), DP_I(id), DP_S(claim),
	};

	return store_change_one(a, ST_ICAL_SYNC_FAILED, p, NELEM(p), ours);
}

int
store_ical_sync_release(struct arena *a, const char *claim)
{
	struct db_param p[] = { DP_S(claim) };

	return store_change(a, ST_ICAL_SYNC_RELEASE, p, NELEM(p), NULL);
}

static int
synced_fill(const struct db_res *r, size_t i, const void *ctx, void *row)
{
	struct ical_booking *out = row;

	(void)ctx;
	out->id = db_cell_i64(r, i, 0);
	out->uid = DB_CELL(r, i, 1);
	out->xid = DB_CELL(r, i, 2);
	out->start = DB_CELL(r, i, 3);
	out->end = DB_CELL(r, i, 4);
	out->status = DB_CELL(r, i, 5);
	out->seen = 0;
	return out->uid != NULL && out->xid != NULL ? 0 : STORE_SKIP;
}

int
store_ical_sync_bookings(struct arena *a, int64_t tenant, int64_t source,
    int blocks, struct ical_booking **rows, size_t *n)
{
	struct db_param p[] = { DP_I(tenant), DP_I(source) };
	int rc;

	*rows = store_rows(a, blocks ? ST_ICAL_SYNC_BLOCKS : ST_ICAL_SYNC_BOOKINGS, p,
	    NELEM(p), sizeof(**rows), synced_fill, NULL, n, &rc);
	return rc;
}

int
store_ical_sync_mark(struct arena *a, int64_t tenant, int blocks, int64_t id,
    int64_t source, const char *uid)
{
	struct db_param p[] = { DP_I(source), DP_S(uid), DP_I(tenant), DP_I(id) };

	return store_change(a, blocks ? ST_ICAL_SYNC_MARK_BLOCK : ST_ICAL_SYNC_MARK, p, NELEM(p), NULL);
}

int
store_ical_sync_overlap(struct arena *a, int64_t tenant, int64_t property,
    int64_t source, int64_t *flagged)
{
	struct db_param p[] = {
		DP_I(tenant), DP_I(property), DP_I(tenant), DP_I(property),
	};
	struct db_param q[] = { DP_I(tenant), DP_I(source) };
	struct db_res r;
	int rc;

	*flagged = 0;
	if ((rc = store_change(a, ST_ICAL_SYNC_OVERLAP, p, NELEM(p), NULL)) != DB_OK ||
	    (rc = db_exec(ST_ICAL_SYNC_FLAGGED, q, NELEM(q), a, &r)) != DB_OK)
		return rc;
	if (r.nrows == 1)
		*flagged = db_cell_i64(&r, 0, 0);
	return DB_OK;
}

static int
overlap_fill(const struct db_res *r, size_t i, const void *ctx, void *row)
{
	struct ical_overlap *out = row;

	(void)ctx;
	out->id = db_cell_i64(r, i, 0);
	out->reference = DB_CELL(r, i, 1);
	out->property = DB_CELL(r, i, 2);
	out->channel = DB_CELL(r, i, 3);
	out->start = DB_CELL(r, i, 4);
	out->end = DB_CELL(r, i, 5);
	return 0;
}

int
store_ical_overlaps(struct arena *a, int64_t tenant, int max, struct ical_overlap **rows,
    size_t *n)
{
	struct db_param p[] = { DP_I(tenant), DP_I(max) };
	int rc;

	*rows = store_rows(a, ST_ICAL_OVERLAPS, p, NELEM(p), sizeof(**rows),
	    overlap_fill, NULL, n, &rc);
	return rc;
}
