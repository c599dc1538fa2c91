/* porch — SPDX-License-Identifier: MIT
 * Statements and documents by external id, who is told of new ones, and the
 * portal user's choice of that mail (see store_papers.h); SQL text in store_sql.c.
 */
#include "config.h"

#include <string.h>

#include "store.h"
#include "store_papers.h"

#define DP_SN(v)	((v) != NULL ? DP_S(v) : DP_NUL)

static void
cents_of(const struct db_res *r, size_t i, size_t col, int64_t cents[FIN__MAX])
{
	for (int f = 0; f < FIN__MAX; f++)
		cents[f] = db_cell_i64(r, i, col + (size_t)f);
}

/* A statement from row i of STATEMENT_XID_SELECT (without its lines). */
static int
statement_fill(const struct db_res *r, size_t i, const void *ctx, void *out)
{
	struct statement_xid *s = out;

	memset(s, 0, sizeof(*s));
	s->id = db_cell_i64(r, i, 0);
	s->xid = DB_CELL(r, i, 1);
	s->customer_id = db_cell_i64(r, i, 2);
	s->customer_xid = DB_CELL(r, i, 3);
	s->property_id = db_cell_i64(r, i, 4);
	s->property_xid = DB_CELL(r, i, 5);
	s->period_start = DB_CELL(r, i, 6);
	s->period_end = DB_CELL(r, i, 7);
	s->issued = DB_CELL(r, i, 8);
	s->currency = DB_CELL(r, i, 9);
	cents_of(r, i, 10, s->cents);
	return 0;
}

/*
 * The lines of statements[0..n) (in external id order): one query over the
 * range of their external ids, each line given to its statement.
 */
static int
lines_of(struct arena *a, int64_t tenant, struct statement_xid *st, size_t n)
{
	struct db_param p[3];
	struct db_res r;
	size_t k = 0;
	int rc;

	if (n == 0)
		return DB_OK;
	p[0] = DP_I(tenant);
	p[1] = DP_S(st[0].xid);
	p[2] = DP_S(st[n - 1].xid);
	if ((rc = db_exec(ST_STATEMENT_LINES_XID, p, NELEM(p), a, &r)) != DB_OK)
		return rc;
	for (size_t i = 0; i < n; i++)
		st[i].lines = arena_alloc(a, (r.nrows + 1) * sizeof(*st[i].lines));
	/* Lines come by statement id; the page is in external id order. */
	for (size_t i = 0; i < r.nrows; i++) {
		int64_t sid = db_cell_i64(&r, i, 0);
		struct statement_line *l;

		if (k >= n || st[k].id != sid)
			for (k = 0; k < n && st[k].id != sid; k++)
				;
		if (k == n)
			continue;
		l = &st[k].lines[st[k].nlines++];
		l->description = DB_CELL(&r, i, 1);
		cents_of(&r, i, 2, l->cents);
	}
	return DB_OK;
}

int
store_property_ref(struct arena *a, int64_t tenant, const char *xid, int64_t *id,
    int64_t *customer, int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_S(xid) };
	struct db_res r;
	int rc;

	*found = 0;
	if ((rc = db_exec(ST_PROPERTY_REF_BY_XID, p, NELEM(p), a, &r)) != DB_OK)
		return rc;
	if (r.nrows == 1) {
		*id = db_cell_i64(&r, 0, 0);
		*customer = db_cell_i64(&r, 0, 1);
		*found = 1;
	}
	return DB_OK;
}

int
store_statement_by_xid(struct arena *a, int64_t tenant, const char *xid, int lock,
    struct statement_xid *s, int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_S(xid) };
	int rc;

	if ((rc = store_one(a, lock ? ST_STATEMENT_BY_XID_LOCK : ST_STATEMENT_BY_XID,
	    p, NELEM(p), statement_fill, NULL, s, found)) != DB_OK || !*found)
		return rc;
	return lines_of(a, tenant, s, 1);
}

int
store_statements_after(struct arena *a, int64_t tenant, const char *after,
    size_t limit, struct statement_xid **rows, size_t *n)
{
	struct db_param p[] = { DP_I(tenant), DP_S(after), DP_I((long long)limit) };
	int rc;

	*rows = store_rows(a, ST_STATEMENTS_AFTER, p, NELEM(p), sizeof(**rows),
	    statement_fill, NULL, n, &rc);
	return rc != DB_OK ? rc : lines_of(a, tenant, *rows, *n);
}

/* The money of cents as eight parameters from p[0]. */
static void
cents_params(struct db_param *p, const int64_t cents[FIN__MAX])
{
	for (int f = 0; f < FIN__MAX; f++)
		p[f] = DP_I(cents[f]);
}

int
store_statement_xid_add(struct arena *a, int64_t tenant, const struct statement_xid *s,
    int64_t *id)
{
	struct db_param p[8 + FIN__MAX] = {
		DP_I(tenant), DP_S(s->xid), DP_I(s->customer_id), DP_ID(s->property_id),
		DP_S(s->period_start), DP_S(s->period_end), DP_S(s->issued),
		DP_S(s->currency),
	};
	struct db_res r;
	int rc;

	cents_params(&p[8], s->cents);
	if ((rc = db_exec(ST_STATEMENT_XID_ADD, p, NELEM(p), a, &r)) == DB_OK)
		*id = (int64_t)r.insert_id;
	return rc;
}

int
store_statement_xid_update(struct arena *a, int64_t tenant,
    const struct statement_xid *s)
{
	struct db_param p[6 + FIN__MAX + 2] = {
		DP_I(s->customer_id), DP_ID(s->property_id), DP_S(s->period_start),
		DP_S(s->period_end), DP_S(s->issued), DP_S(s->currency),
	};

	cents_params(&p[6], s->cents);
	p[6 + FIN__MAX] = DP_I(tenant);
	p[6 + FIN__MAX + 1] = DP_I(s->id);
	return store_change(a, ST_STATEMENT_XID_UPDATE, p, NELEM(p), NULL);
}

int
store_statement_lines_set(struct arena *a, int64_t tenant,
    const struct statement_xid *s)
{
	struct db_param del[] = { DP_I(tenant), DP_I(s->id) };
	struct db_param p[4 + FIN__MAX];
	int rc;

	if ((rc = store_change(a, ST_STATEMENT_LINES_DEL, del, NELEM(del), NULL)) !=
	    DB_OK)
		return rc;
	for (size_t i = 0; i < s->nlines; i++) {
		p[0] = DP_I(tenant);
		p[1] = DP_I(s->id);
		p[2] = DP_I((long long)i + 1);
		p[3] = DP_S(s->lines[i].description);
		cents_params(&p[4], s->lines[i].cents);
		if ((rc = store_change(a, ST_STATEMENT_LINE_ADD, p, NELEM(p), NULL)) !=
		    DB_OK)
			return rc;
	}
	return DB_OK;
}

/* Runs statement id (tenant, row id): a delete by id. */
static int
del_by_id(struct arena *a, enum stmt_id id, int64_t tenant, int64_t row)
{
	struct db_param p[] = { DP_I(tenant), DP_I(row) };

	return store_change(a, id, p, NELEM(p), NULL);
}

int
store_statement_xid_del(struct arena *a, int64_t tenant, int64_t id)
{
	return del_by_id(a, ST_STATEMENT_XID_DEL, tenant, id);
}

/* A document from row i of DOCUMENT_XID_SELECT. */
static int
document_fill(const struct db_res *r, size_t i, const void *ctx, void *out)
{
	struct document_xid *d = out;

	d->id = db_cell_i64(r, i, 0);
	d->xid = DB_CELL(r, i, 1);
	d->customer_id = db_cell_i64(r, i, 2);
	d->customer_xid = DB_CELL(r, i, 3);
	d->property_id = db_cell_i64(r, i, 4);
	d->property_xid = DB_CELL(r, i, 5);
	d->title = DB_CELL(r, i, 6);
	d->file_name = DB_CELL(r, i, 7);
	d->content_type = DB_CELL(r, i, 8);
	d->is_private = strcmp(DB_CELL(r, i, 9), "public") != 0;
	d->storage_path = DB_CELL(r, i, 10);
	d->size_bytes = db_cell_i64(r, i, 11);
	d->sha256 = DB_CELL(r, i, 12);
	return 0;
}

int
store_document_by_xid(struct arena *a, int64_t tenant, const char *xid, int lock,
    struct document_xid *d, int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_S(xid) };

	return store_one(a, lock ? ST_DOCUMENT_BY_XID_LOCK : ST_DOCUMENT_BY_XID, p,
	    NELEM(p), document_fill, NULL, d, found);
}

int
store_document_by_id(struct arena *a, int64_t tenant, int64_t id, int lock,
    struct document_xid *d, int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };

	return store_one(a, lock ? ST_DOCUMENT_BY_ID_LOCK : ST_DOCUMENT_BY_ID, p,
	    NELEM(p), document_fill, NULL, d, found);
}

static int
owner_fill(const struct db_res *r, size_t i, const void *ctx, void *out)
{
	(void)ctx;
	*(int64_t *)out = db_cell_i64(r, i, 1);
	return 0;
}

int
store_document_owner_lock(struct arena *a, int64_t tenant, int64_t customer,
    int64_t property, int64_t *owner, int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_I(property != 0 ? property : customer) };

	*owner = 0;
	return store_one(a, property != 0 ? ST_DOCUMENT_OWNER_PROPERTY_LOCK :
	    ST_DOCUMENT_OWNER_CUSTOMER_LOCK, p, NELEM(p), owner_fill, NULL, owner, found);
}

int
store_documents_after(struct arena *a, int64_t tenant, const char *after,
    size_t limit, struct document_xid **rows, size_t *n)
{
	struct db_param p[] = { DP_I(tenant), DP_S(after), DP_I((long long)limit) };
	int rc;

	*rows = store_rows(a, ST_DOCUMENTS_AFTER, p, NELEM(p), sizeof(**rows),
	    document_fill, NULL, n, &rc);
	return rc;
}

int
store_document_xid_add(struct arena *a, int64_t tenant, const struct document_xid *d,
    int64_t *id)
{
	struct db_param p[] = {
		DP_I(tenant), DP_SN(d->xid), DP_I(d->customer_id), DP_ID(d->property_id),
		DP_S(d->title), DP_S(d->file_name), DP_S(d->content_type),
		DP_S(d->is_private ? "private" : "public"),
	};
	struct db_res r;
	int rc;

	if ((rc = db_exec(ST_DOCUMENT_XID_ADD, p, NELEM(p), a, &r)) == DB_OK)
		*id = (int64_t)r.insert_id;
	return rc;
}

int
store_document_xid_update(struct arena *a, int64_t tenant,
    const struct document_xid *d)
{
	struct db_param p[] = {
		DP_I(d->customer_id), DP_ID(d->property_id), DP_S(d->title),
		DP_S(d->file_name), DP_S(d->content_type),
		DP_S(d->is_private ? "private" : "public"), DP_I(tenant), DP_I(d->id),
	};

	return store_change(a, ST_DOCUMENT_XID_UPDATE, p, NELEM(p), NULL);
}

int
store_document_file_set(struct arena *a, int64_t tenant, const struct document_xid *d)
{
	struct db_param p[] = {
		DP_S(d->storage_path), DP_I(d->size_bytes), DP_SN(d->sha256),
		DP_I(tenant), DP_I(d->id),
	};

	return store_change(a, ST_DOCUMENT_FILE_SET, p, NELEM(p), NULL);
}

int
store_document_xid_del(struct arena *a, int64_t tenant, int64_t id)
{
	return del_by_id(a, ST_DOCUMENT_XID_DEL, tenant, id);
}

static int
reader_fill(const struct db_res *r, size_t i, const void *ctx, void *out)
{
	struct paper_reader *u = out;

	u->id = db_cell_i64(r, i, 0);
	u->addr = DB_CELL(r, i, 1);
	return 0;
}

int
store_paper_readers(struct arena *a, int64_t tenant, int statement, int64_t customer,
    int64_t property, struct paper_reader **out, size_t *n)
{
	struct db_param p[] = {
		DP_I(tenant), DP_I(statement != 0), DP_I(customer), DP_I(customer),
		DP_I(property), DP_I(property),
	};
	int rc;

	*out = store_rows(a, ST_PAPER_READERS, p, NELEM(p), sizeof(**out), reader_fill,
	    NULL, n, &rc);
	return rc;
}

int
store_mail_prefs_get(struct arena *a, int64_t tenant, int64_t user, int *statements,
    int *documents, int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_I(user) };
	struct db_res r;
	int rc;

	*found = 0;
	*statements = *documents = 1;
	if ((rc = db_exec(ST_MAIL_PREFS_GET, p, NELEM(p), a, &r)) != DB_OK)
		return rc;
	if (r.nrows == 1) {
		*statements = db_cell_i64(&r, 0, 0) != 0;
		*documents = db_cell_i64(&r, 0, 1) != 0;
		*found = 1;
	}
	return DB_OK;
}

int
store_mail_prefs_set(struct arena *a, int64_t tenant, int64_t user, int statements,
    int documents)
{
	struct db_param p[] = {
		DP_I(statements != 0), DP_I(documents != 0), DP_I(tenant), DP_I(user),
	};

	return store_change(a, ST_MAIL_PREFS_SET, p, NELEM(p), NULL);
}
