/* porch — SPDX-License-Identifier: MIT
 * The mail outbox's store functions: one named statement each (store_sql.c).
 */
#include "config.h"

#include <stdlib.h>

#include "store.h"
#include "store_outbox.h"

static int64_t
cell_i64(const struct db_res *r, size_t row, size_t col)
{
	const char *s = DB_CELL(r, row, col);

	return s != NULL ? strtoll(s, NULL, 10) : 0;
}

static const char *
cell_str(const struct db_res *r, size_t row, size_t col)
{
	const char *s = DB_CELL(r, row, col);

	return s != NULL ? s : "";
}

int
store_outbox_add(struct arena *a, int64_t tenant_id, const char *to,
    const char *to_name, const char *subject, const char *body, int64_t *id)
{
	struct db_param p[] = {
		tenant_id > 0 ? DP_I(tenant_id) : DP_NUL, DP_S(to), DP_S(to_name),
		DP_S(subject), DP_S(body),
	};
	struct db_res r;
	int rc;

	if ((rc = db_exec(ST_OUTBOX_ADD, p, NELEM(p), a, &r)) == DB_OK && id != NULL)
		*id = (int64_t)r.insert_id;
	return rc;
}

int
store_outbox_now(struct arena *a, char **now)
{
	struct db_res r;
	int rc;

	if ((rc = db_exec(ST_OUTBOX_NOW, NULL, 0, a, &r)) != DB_OK)
		return rc;
	if (r.nrows != 1 || DB_CELL(&r, 0, 0) == NULL)
		return DB_ERROR;
	*now = DB_CELL(&r, 0, 0);
	return DB_OK;
}

int
store_outbox_requeue_stale(struct arena *a, int stale_seconds, int max_attempts,
    uint64_t *n)
{
	struct db_param p[] = { DP_I(max_attempts), DP_I(stale_seconds) };

	return store_change(a, ST_OUTBOX_REQUEUE_STALE, p, NELEM(p), n);
}

int
store_outbox_claim(struct arena *a, const char *claim, const char *due, int limit,
    uint64_t *n)
{
	struct db_param p[] = { DP_S(claim), DP_S(due), DP_I(limit) };

	return store_change(a, ST_OUTBOX_CLAIM, p, NELEM(p), n);
}

static int
outbox_row_fill(const struct db_res *r, size_t row, const void *ctx, void *out)
{
	struct outbox_row *o = out;

	o->id = cell_i64(r, row, 0);
	o->to_addr = cell_str(r, row, 1);
	o->to_name = cell_str(r, row, 2);
	o->subject = cell_str(r, row, 3);
	o->body = cell_str(r, row, 4);
	o->attempts = (int)cell_i64(r, row, 5);
	o->created = cell_i64(r, row, 6);
	o->tenant_name = DB_CELL(r, row, 7);
	o->from_name = DB_CELL(r, row, 8);
	o->brand_color = DB_CELL(r, row, 9);
	o->logo_path = DB_CELL(r, row, 10);
	o->logo_width = o->logo_path != NULL ? (int)cell_i64(r, row, 11) : 0;
	o->logo_height = o->logo_path != NULL ? (int)cell_i64(r, row, 12) : 0;
	return 0;
}

int
store_outbox_claimed(struct arena *a, const char *claim, struct outbox_row **rows,
    size_t *n)
{
	struct db_param p[] = { DP_S(claim) };
	int rc;

	*rows = store_rows(a, ST_OUTBOX_CLAIMED, p, NELEM(p), sizeof(**rows),
	    outbox_row_fill, NULL, n, &rc);
	return rc;
}

int
store_outbox_begin_attempt(struct arena *a, int64_t id, const char *claim, int *ours)
{
	struct db_param p[] = { DP_I(id), DP_S(claim) };

	return store_change_one(a, ST_OUTBOX_BEGIN_ATTEMPT, p, NELEM(p), ours);
}

int
store_outbox_mark_sent(struct arena *a, int64_t id, const char *claim)
{
	struct db_param p[] = { DP_I(id), DP_S(claim) };

	return store_change(a, ST_OUTBOX_MARK_SENT, p, NELEM(p), NULL);
}

int
store_outbox_mark_retry(struct arena *a, int64_t id, const char *claim,
    int max_attempts, int delay, const char *error)
{
	struct db_param p[] = {
		DP_I(max_attempts), DP_I(delay), DP_S(error), DP_I(id), DP_S(claim),
	};

	return store_change(a, ST_OUTBOX_MARK_RETRY, p, NELEM(p), NULL);
}

int
store_outbox_release(struct arena *a, const char *claim, uint64_t *n)
{
	struct db_param p[] = { DP_S(claim) };

	return store_change(a, ST_OUTBOX_RELEASE, p, NELEM(p), n);
}

static int
outbox_entry_fill(const struct db_res *r, size_t row, const void *ctx, void *out)
{
	struct outbox_entry *e = out;

	e->id = cell_i64(r, row, 0);
	e->status = cell_str(r, row, 1);
	e->attempts = cell_i64(r, row, 2);
	e->next_attempt = DB_CELL(r, row, 3);
	e->tenant = cell_str(r, row, 4);
	e->to_addr = cell_str(r, row, 5);
	e->subject = cell_str(r, row, 6);
	e->last_error = cell_str(r, row, 7);
	return 0;
}

int
store_outbox_list(struct arena *a, int all, struct outbox_entry **rows, size_t *n)
{
	int rc;

	*rows = store_rows(a, all ? ST_OUTBOX_LIST_ALL : ST_OUTBOX_LIST, NULL, 0,
	    sizeof(**rows), outbox_entry_fill, NULL, n, &rc);
	return rc;
}

int
store_outbox_requeue_failed(struct arena *a, int64_t id, int *found)
{
	struct db_param p[] = { DP_I(id) };

	return store_change_one(a, ST_OUTBOX_REQUEUE_FAILED, p, NELEM(p), found);
}
