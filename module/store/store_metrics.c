/* porch — SPDX-License-Identifier: MIT
 * The senders' queues for the metrics endpoint (store_metrics.h).
 */
#include "config.h"

#include "store.h"
#include "store_metrics.h"

static int
queue_fill(const struct db_res *r, size_t row, const void *ctx, void *out)
{
	struct store_queue *q = out;

	if (DB_CELL(r, row, 0) == NULL)
		return -1;
	q->name = DB_CELL(r, row, 0);
	q->depth = db_cell_i64(r, row, 1);
	q->oldest = db_cell_i64(r, row, 2);
	return 0;
}

int
store_metrics_queues(struct arena *a, struct store_queue **qs, size_t *n)
{
	int rc;

	*qs = store_rows(a, ST_METRICS_QUEUES, NULL, 0, sizeof(**qs), queue_fill, NULL,
	    n, &rc);
	return rc;
}
