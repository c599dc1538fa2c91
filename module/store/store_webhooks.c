/* porch — SPDX-License-Identifier: MIT
 * Webhook endpoints' and deliveries' store functions: one named statement each
 * (store_sql.c), each struct filled from its rows in one place.
 */
#include "config.h"

#include "store.h"
#include "store_webhooks.h"

int
store_webhook_add(struct arena *a, int64_t tenant, const char *url, int64_t *id)
{
	struct db_param p[] = { DP_I(tenant), DP_S(url), DP_I(tenant) };
	struct db_res r;
	int rc;

	if ((rc = db_exec(ST_WEBHOOK_ADD, p, NELEM(p), a, &r)) == DB_OK)
		*id = (int64_t)r.insert_id;
	return rc;
}

int
store_webhook_set_secret(struct arena *a, int64_t tenant, int64_t id,
    const unsigned char *enc, size_t len)
{
	struct db_param p[] = { DP_B(enc, len), DP_I(tenant), DP_I(id) };

	return store_change(a, ST_WEBHOOK_SET_SECRET, p, NELEM(p), NULL);
}

static int
line_fill(const struct db_res *r, size_t row, const void *ctx, void *out)
{
	struct webhook_line *w = out;

	w->id = db_cell_i64(r, row, 0);
	w->url = DB_CELL(r, row, 1);
	w->position = db_cell_i64(r, row, 2);
	w->created = DB_CELL(r, row, 3);
	w->waiting = db_cell_i64(r, row, 4);
	w->failing = db_cell_i64(r, row, 5);
	w->attempts = db_cell_i64(r, row, 6);
	w->last_error = DB_CELL(r, row, 7);
	w->next_try = DB_CELL(r, row, 8);
	return 0;
}

int
store_webhook_list(struct arena *a, int64_t tenant, struct webhook_line **rows,
    size_t *n)
{
	struct db_param p[] = { DP_I(tenant) };
	int rc;

	*rows = store_rows(a, ST_WEBHOOK_LIST, p, NELEM(p), sizeof(**rows), line_fill,
	    NULL, n, &rc);
	return rc;
}

/* The one place an endpoint is filled (ST_WEBHOOK_GET, ST_WEBHOOK_CLAIMED). */
static int
webhook_fill(const struct db_res *r, size_t row, const void *ctx, void *out)
{
	struct webhook *w = out;

	w->id = db_cell_i64(r, row, 0);
	w->tenant = db_cell_i64(r, row, 1);
	w->url = DB_CELL(r, row, 2);
	w->secret_enc = (const unsigned char *)DB_CELL(r, row, 3);
	w->secret_len = w->secret_enc != NULL ? DB_LEN(r, row, 3) : 0;
	w->position = db_cell_i64(r, row, 4);
	w->active = db_cell_i64(r, row, 5) != 0;
	return 0;
}

int
store_webhook_get(struct arena *a, int64_t tenant, int64_t id, struct webhook *w,
    int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };

	return store_one(a, ST_WEBHOOK_GET, p, NELEM(p), webhook_fill, NULL, w, found);
}

int
store_webhook_remove(struct arena *a, int64_t tenant, int64_t id, int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };

	return store_change_one(a, ST_WEBHOOK_REMOVE, p, NELEM(p), found);
}

static int
delivery_fill(const struct db_res *r, size_t row, const void *ctx, void *out)
{
	struct webhook_delivery *d = out;

	d->event = db_cell_i64(r, row, 0);
	d->type = DB_CELL(r, row, 1);
	d->attempts = db_cell_i64(r, row, 2);
	d->last_status = db_cell_i64(r, row, 3);
	d->last_error = DB_CELL(r, row, 4);
	d->next_try = DB_CELL(r, row, 5);
	d->delivered = DB_CELL(r, row, 6);
	d->resend = db_cell_i64(r, row, 7) != 0;
	return 0;
}

int
store_webhook_deliveries(struct arena *a, int64_t tenant, int64_t endpoint, int limit,
    struct webhook_delivery **rows, size_t *n)
{
	struct db_param p[] = { DP_I(tenant), DP_I(endpoint), DP_I(limit) };
	int rc;

	*rows = store_rows(a, ST_WEBHOOK_DELIVERIES, p, NELEM(p), sizeof(**rows),
	    delivery_fill, NULL, n, &rc);
	return rc;
}

int
store_webhook_resend(struct arena *a, int64_t tenant, int64_t endpoint, int64_t event,
    uint64_t *n)
{
	struct db_param p[] = {
		DP_I(event), DP_I(tenant), DP_I(event), DP_I(endpoint), DP_I(endpoint),
	};
	struct db_param now[] = { DP_I(tenant), DP_I(endpoint), DP_I(endpoint) };
	int rc;

	if ((rc = store_change(a, ST_WEBHOOK_RESEND, p, NELEM(p), n)) != DB_OK)
		return rc;
	return store_change(a, ST_WEBHOOK_RETRY_NOW, now, NELEM(now), NULL);
}

int
store_webhook_requeue_stale(struct arena *a, int stale_seconds, uint64_t *n)
{
	struct db_param p[] = { DP_I(stale_seconds) };

	return store_change(a, ST_WEBHOOK_REQUEUE_STALE, p, NELEM(p), n);
}

int
store_webhook_claim(struct arena *a, const char *claim, const char *due, int limit,
    uint64_t *n)
{
	struct db_param p[] = { DP_S(claim), DP_S(due), DP_I(limit) };

	return store_change(a, ST_WEBHOOK_CLAIM, p, NELEM(p), n);
}

int
store_webhook_claimed(struct arena *a, const char *claim, struct webhook **rows,
    size_t *n)
{
	struct db_param p[] = { DP_S(claim) };
	int rc;

	*rows = store_rows(a, ST_WEBHOOK_CLAIMED, p, NELEM(p), sizeof(**rows),
	    webhook_fill, NULL, n, &rc);
	return rc;
}

int
store_webhook_renew(struct arena *a, int64_t id, const char *claim, int *ours)
{
	struct db_param p[] = { DP_I(id), DP_S(claim) };

	return store_change_one(a, ST_WEBHOOK_RENEW, p, NELEM(p), ours);
}

int
store_webhook_resend_next(struct arena *a, int64_t tenant, int64_t endpoint,
    int64_t *event)
{
	struct db_param p[] = { DP_I(tenant), DP_I(endpoint) };
	struct db_res r;
	int rc;

	*event = 0;
	if ((rc = db_exec(ST_WEBHOOK_RESEND_NEXT, p, NELEM(p), a, &r)) == DB_OK &&
	    r.nrows == 1)
		*event = db_cell_i64(&r, 0, 0);
	return rc;
}

int
store_webhook_try(struct arena *a, int64_t tenant, int64_t endpoint, int64_t event,
    int *attempts)
{
	struct db_param p[] = { DP_I(tenant), DP_I(endpoint), DP_I(event) };
	struct db_res r;
	int rc;

	if ((rc = db_exec(ST_WEBHOOK_TRY, p, NELEM(p), a, &r)) == DB_OK)
		*attempts = r.insert_id > 0 && r.insert_id < 1000000 ? (int)r.insert_id : 1;
	return rc;
}

int
store_webhook_delivered(struct arena *a, int64_t tenant, int64_t endpoint,
    int64_t event, int status)
{
	struct db_param p[] = { DP_I(status), DP_I(tenant), DP_I(endpoint), DP_I(event) };

	return store_change(a, ST_WEBHOOK_DELIVERED, p, NELEM(p), NULL);
}

int
store_webhook_advance(struct arena *a, int64_t endpoint, const char *claim,
    int64_t event)
{
	struct db_param p[] = { DP_I(event), DP_I(endpoint), DP_S(claim), DP_I(event) };

	return store_change(a, ST_WEBHOOK_ADVANCE, p, NELEM(p), NULL);
}

int
store_webhook_failed(struct arena *a, int64_t tenant, int64_t endpoint, int64_t event,
    int status, const char *error, int delay)
{
	struct db_param p[] = {
		status > 0 ? DP_I(status) : DP_NUL, DP_S(error), DP_I(delay), DP_I(tenant),
		DP_I(endpoint), DP_I(event),
	};

	return store_change(a, ST_WEBHOOK_FAILED, p, NELEM(p), NULL);
}

int
store_webhook_backoff(struct arena *a, int64_t endpoint, const char *claim, int delay)
{
	struct db_param p[] = { DP_I(delay), DP_I(endpoint), DP_S(claim) };

	return store_change(a, ST_WEBHOOK_BACKOFF, p, NELEM(p), NULL);
}

int
store_webhook_release(struct arena *a, const char *claim, uint64_t *n)
{
	struct db_param p[] = { DP_S(claim) };

	return store_change(a, ST_WEBHOOK_RELEASE, p, NELEM(p), n);
}
