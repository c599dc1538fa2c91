/* porch — SPDX-License-Identifier: MIT
 * Housekeeping: batched deletes of dead rows; SQL text in store_sql.c.
 */
#include "config.h"

#include "store_purge.h"

/* Rows per DELETE: short transactions, small Galera write sets. */
#define PURGE_BATCH	1000

/* Runs statement id (its last parameter the batch size) until a batch comes short. */
static int
purge_batches(struct arena *a, enum stmt_id id, long keep_seconds, int with_keep,
    uint64_t *count)
{
	struct db_param p[2];
	struct db_res r;
	size_t np = 0;
	int rc;

	if (with_keep)
		p[np++] = DP_I(keep_seconds);
	p[np++] = DP_I(PURGE_BATCH);
	do {
		if ((rc = db_exec(id, p, np, a, &r)) != DB_OK)
			return rc;
		*count += r.affected;
	} while (r.affected >= PURGE_BATCH);
	return DB_OK;
}

int
store_purge(struct arena *a, long idle_seconds, struct purge_counts *n)
{
	int rc;

	n->sessions = n->links = n->mail = 0;
	if ((rc = purge_batches(a, ST_PURGE_SESSIONS_EXPIRED, 0, 0, &n->sessions)) !=
	    DB_OK ||
	    (rc = purge_batches(a, ST_PURGE_SESSIONS_IDLE, idle_seconds, 1,
	    &n->sessions)) != DB_OK ||
	    (rc = purge_batches(a, ST_PURGE_SESSIONS_LINK_GONE, 0, 0, &n->sessions)) !=
	    DB_OK ||
	    (rc = purge_batches(a, ST_PURGE_ACTION_TOKENS, PURGE_LINK_KEEP_SECONDS, 1,
	    &n->links)) != DB_OK ||
	    (rc = purge_batches(a, ST_PURGE_OUTBOX_SENT, PURGE_SENT_KEEP_SECONDS, 1,
	    &n->mail)) != DB_OK)
		return rc;
	return DB_OK;
}
