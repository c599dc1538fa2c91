/* porch — SPDX-License-Identifier: MIT
 * A group of the tenant API's batch written set-wise (see change.h,
 * change_put_set()): the group's external ids go to MariaDB as one JSON array,
 * read by JSON_TABLE, and its rows as the parameters of a one-row insert run for
 * each of them in one round trip, so each step is one statement of fixed text for
 * the whole group.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "change.h"
#include "log.h"
#include "store.h"
#include "store_auth.h"

/*
 * The text of a list of external ids is written into this buffer, kept for the
 * life of the process: a buffer allocated and freed for each group made malloc
 * consolidate its free lists each time (the most of a worker's time in a load,
 * when the rows went as JSON too). A worker runs one request at a time; the text
 * is used before the next dump.
 */
static struct buf dump_buf;

static int
dump_put(const char *p, size_t n, void *b)
{
	buf_put(b, p, n);
	return 0;
}

/* The text of j (dropped) in dump_buf; NULL when out of memory. */
static const char *
dump(json_t *j)
{
	struct buf *b = &dump_buf;
	int rc;

	buf_reset(b);
	rc = j != NULL ? json_dump_callback(j, dump_put, b, JSON_COMPACT) : -1;
	json_decref(j);
	if (rc != 0)
		return NULL;
	buf_reserve(b, 0);	/* NUL-terminated, even when empty */
	return b->data;
}

/* The external ids of the lines still going (rc CHANGE_OK) as a JSON array, one
 * place a line ("" for a line refused: it matches no row); parent: the ids they
 * refer to. NULL when out of memory. */
static const char *
xid_list(const struct change_set_line *l, size_t n, int parent)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < n; i++)
		json_array_append_new(a, json_string(l[i].rc != CHANGE_OK ? "" :
		    parent ? l[i].parent_xid : l[i].xid));
	return dump(a);
}

/* Each line's parent, by the external ids of the lines still going; a line whose
 * parent is not there is refused as the one-by-one put refuses it. */
static int
find_parents(const struct actor *who, const struct change_set_kind *k,
    struct change_set_line *l, size_t n)
{
	struct store_ref *refs = arena_alloc(who->a, n * sizeof(*refs));
	const char *xids = xid_list(l, n, 1);
	int rc;

	if (xids == NULL)
		return DB_ERROR;
	rc = store_xid_refs(who->a, k->parent, who->tenant, xids, n, refs);
	for (size_t i = 0; rc == DB_OK && i < n; i++) {
		l[i].parent = &refs[i];
		if (l[i].rc == CHANGE_OK && refs[i].id == 0)
			l[i].rc = change_xid_missing(k->parent_field, k->parent_what,
			    l[i].parent_xid, &l[i].out);
	}
	return rc;
}

int
change_put_set(const struct actor *who, const struct change_set_kind *k,
    struct change_set_line *l, size_t n)
{
	struct audit_entry e = {
		.tenant = who->tenant, .actor_kind = who->kind, .actor_id = who->id,
		.impersonator_id = who->impersonator, .target_kind = k->target,
		.ip = who->ip,
	};
	size_t size = k->own->kind->size, nw = 0;
	char *rows = arena_alloc(who->a, n * size);
	char *write = arena_alloc(who->a, n * size);
	struct audit_entry *audit = arena_alloc(who->a, n * sizeof(*audit));
	struct store_ref *ids = arena_alloc(who->a, n * sizeof(*ids));
	size_t *line = arena_alloc(who->a, n * sizeof(*line));	/* of each row written */
	const char *xids;
	int *found = arena_alloc(who->a, n * sizeof(*found));
	uint64_t counted = 0, want = 0;
	char changed[400];
	int rc;

	for (size_t i = 0; i < n; i++) {
		memset(&l[i].out, 0, sizeof(l[i].out));
		l[i].created = 0;
		l[i].parent = NULL;
		l[i].rc = k->check(l[i].in, &l[i].out);
	}
	if ((rc = find_parents(who, k, l, n)) != DB_OK)
		return rc;
	if ((xids = xid_list(l, n, 0)) == NULL)
		return DB_ERROR;
	rc = store_xid_get_set(who->a, k->own, who->tenant, xids, n, rows, found);
	if (rc != DB_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (l[i].rc != CHANGE_OK)
			continue;
		changed[0] = '\0';
		k->row(who, l[i].in, l[i].parent, found[i] ? rows + i * size : NULL,
		    write + nw * size, changed, sizeof(changed));
		if (found[i] && changed[0] == '\0') {
			change_unchanged(&l[i].out);
			continue;
		}
		/* One counted for a new row, two for a row changed. */
		want += found[i] ? 2 : 1;
		l[i].created = !found[i];
		/* Its audit line; its target's id once written. */
		audit[nw] = e;
		audit[nw].action = found[i] ? k->update_action : k->create_action;
		audit[nw].detail = found[i] ? arena_strdup(who->a, changed) : l[i].xid;
		line[nw++] = i;
	}
	if (want == 0)
		return DB_OK;
	if ((rc = store_xid_put_set(who->a, k->own, who->tenant, write, nw,
	    &counted)) != DB_OK)
		return rc;
	/* A row made meanwhile by another request (counted 2, not 1): the lines go
	 * again one by one, which say so. */
	if (counted != want) {
		log_info("req=%s: a group of %zu %s line(s) wrote %llu row(s), not %llu; "
		    "running them one by one", who->req_id, n, k->target,
		    (unsigned long long)counted, (unsigned long long)want);
		return DB_CONFLICT;
	}
	/* The audit lines, in line order, each on its row (xids: still the
	 * text of the lines' external ids). */
	if ((rc = store_xid_ids(who->a, k->own, who->tenant, xids, n, ids)) != DB_OK)
		return rc;
	for (size_t w = 0; w < nw; w++)
		if ((audit[w].target_id = ids[line[w]].id) == 0)
			return DB_ERROR;
	if ((rc = store_audit_add_set(who->a, audit, nw)) != DB_OK)
		log_error("req=%s audit entries of %s not written", who->req_id,
		    k->target);
	return rc;
}
