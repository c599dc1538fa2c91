/* porch — SPDX-License-Identifier: MIT
 * The staff documents pages' reads (see store_staff_docs.h).
 */
#include "config.h"

#include <string.h>

#include "store.h"
#include "store_staff_docs.h"

static int
doc_fill(const struct db_res *r, size_t i, const void *ctx, void *out)
{
	struct staff_doc *d = out;

	(void)ctx;
	d->id = db_cell_i64(r, i, 0);
	d->title = DB_CELL(r, i, 1);
	d->file_name = DB_CELL(r, i, 2);
	d->is_private = strcmp(DB_CELL(r, i, 3), "public") != 0;
	d->size_bytes = db_cell_i64(r, i, 4);
	d->sha256 = DB_CELL(r, i, 5);
	d->has_file = DB_CELL(r, i, 6)[0] != '\0';
	d->created = DB_CELL(r, i, 7);
	d->customer_id = db_cell_i64(r, i, 8);
	d->customer_name = DB_CELL(r, i, 9);
	d->property_id = db_cell_i64(r, i, 10);
	d->property_name = DB_CELL(r, i, 11);
	return 0;
}

static int
count_fill(const struct db_res *r, size_t i, const void *ctx, void *out)
{
	(void)ctx;
	*(long long *)out = (long long)db_cell_i64(r, i, 0);
	return 0;
}

/* "%TEXT%" with LIKE's own characters escaped, in a. */
static char *
like_pattern(struct arena *a, const char *text)
{
	size_t n = text != NULL ? strlen(text) : 0, k = 0;
	char *out = arena_alloc(a, 2 * n + 3);

	out[k++] = '%';
	for (size_t i = 0; i < n; i++) {
		if (text[i] == '%' || text[i] == '_' || text[i] == '\\')
			out[k++] = '\\';
		out[k++] = text[i];
	}
	out[k++] = '%';
	out[k] = '\0';
	return out;
}

int
store_staff_docs(struct arena *a, int64_t tenant, const struct staff_doc_query *q,
    struct staff_doc **rows, size_t *n, long long *total)
{
	static const enum stmt_id by_sort[SDS__MAX] = {
		[SDS_NEWEST] = ST_STAFF_DOCS_NEWEST, [SDS_TITLE] = ST_STAFF_DOCS_TITLE,
		[SDS_CUSTOMER] = ST_STAFF_DOCS_CUSTOMER,
	};
	const char *like = like_pattern(a, q->title);
	struct db_param p[] = {
		DP_I(tenant), DP_I(q->customer), DP_I(q->customer), DP_I(q->property),
		DP_I(q->property), DP_S(like), DP_I(q->limit), DP_I(q->offset),
	};
	int found, rc;

	*total = 0;
	*n = 0;
	if ((rc = store_one(a, ST_STAFF_DOCS_COUNT, p, NELEM(p) - 2, count_fill, NULL,
	    total, &found)) != DB_OK)
		return rc;
	*rows = store_rows(a, by_sort[q->sort], p, NELEM(p), sizeof(**rows), doc_fill,
	    NULL, n, &rc);
	return rc;
}

static int
owner_fill(const struct db_res *r, size_t i, const void *ctx, void *out)
{
	struct staff_doc_owner *o = out;

	(void)ctx;
	o->id = db_cell_i64(r, i, 0);
	o->name = DB_CELL(r, i, 1);
	return 0;
}

int
store_staff_doc_customer(struct arena *a, int64_t tenant, int64_t id,
    struct staff_doc_owner *c, int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };

	return store_one(a, ST_STAFF_DOC_CUSTOMER, p, NELEM(p), owner_fill, NULL, c,
	    found);
}

int
store_staff_doc_properties(struct arena *a, int64_t tenant, int64_t customer,
    size_t limit, struct staff_doc_owner **rows, size_t *n)
{
	struct db_param p[] = { DP_I(tenant), DP_I(customer), DP_I((long long)limit) };
	int rc;

	*rows = store_rows(a, ST_STAFF_DOC_PROPERTIES, p, NELEM(p), sizeof(**rows),
	    owner_fill, NULL, n, &rc);
	return rc;
}
