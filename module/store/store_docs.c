/* porch — SPDX-License-Identifier: MIT
 * Statements, documents and reports of the portal; SQL text in store_sql.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store_docs.h"

static void
money_cells(const struct db_res *r, size_t i, size_t col, int64_t cents[FIN__MAX])
{
	for (int f = 0; f < FIN__MAX; f++)
		cents[f] = db_cell_i64(r, i, col + (size_t)f);
}

/* The statement of row i (its first) into out, without rights. */
static void
statement_row(const struct db_res *r, size_t i, struct statement *out)
{
	memset(out, 0, sizeof(*out));
	out->id = db_cell_i64(r, i, 0);
	out->customer_id = db_cell_i64(r, i, 1);
	out->property_id = db_cell_i64(r, i, 2);
	out->period_start = DB_CELL(r, i, 3);
	out->period_end = DB_CELL(r, i, 4);
	out->issued = DB_CELL(r, i, 5);
	out->currency = DB_CELL(r, i, 6);
	money_cells(r, i, 7, out->cents);
	out->property_name = out->property_id != 0 ? DB_CELL(r, i, 16) : NULL;
	out->customer_name = DB_CELL(r, i, 17);
}

/*
 * Statements from rows of ST_STATEMENTS_VISIBLE or ST_STATEMENT_PAGE (columns
 * 0-17), a statement's rows together, one or more per property it is about: the
 * visible ones (about: only those about that property) into list, counted in *n.
 */
static void
statement_rows(const struct db_res *r, const struct access *acc, int64_t about,
    struct statement *list, size_t *n)
{
	struct statement *cur = NULL;
	int cur_seen = 0, cur_about = 0, cur_denied = 0;

	*n = 0;
	for (size_t i = 0; i <= r->nrows; i++) {
		struct authz_rights rights;
		int64_t sid = i < r->nrows ? db_cell_i64(r, i, 0) : 0;
		int64_t prop;

		if (cur == NULL || sid != cur->id) {
			if (cur != NULL && cur_seen && !cur_denied &&
			    (about == 0 || cur_about))
				(*n)++;
			if (i == r->nrows)
				break;
			cur = &list[*n];
			statement_row(r, i, cur);
			cur_seen = cur_about = cur_denied = 0;
		}
		prop = db_cell_i64(r, i, 15);
		access_rights(acc, prop, cur->customer_id, &rights);
		if (!(rights.perms & PERM_BIT(PERM_STATEMENTS_VIEW))) {
			/* A customer-wide statement adds up every property of the
			 * customer: one the visitor may not see hides it. */
			if (cur->property_id == 0)
				cur_denied = 1;
			continue;
		}
		if (!cur_seen)
			cur->rights = rights;
		else {
			cur->rights.perms &= rights.perms;
			cur->rights.fin &= rights.fin;
			cur->rights.formulas &= rights.formulas;
			if (cur->rights.instead != rights.instead)
				cur->rights.instead = 0;
		}
		cur_seen = 1;
		if (prop == about)
			cur_about = 1;
	}
}

int
store_statements_visible(struct arena *a, int64_t tenant, const struct access *acc,
    int64_t about, struct statement **out, size_t *n)
{
	struct db_param p[] = { DP_I(tenant), ACCESS_REACH(acc), ACCESS_REACH(acc) };
	struct db_res r;
	int rc;

	*n = 0;
	*out = NULL;
	if (!(acc->any & PERM_BIT(PERM_STATEMENTS_VIEW)))
		return DB_OK;
	if ((rc = db_exec(ST_STATEMENTS_VISIBLE, p, NELEM(p), a, &r)) != DB_OK)
		return rc;
	*out = arena_alloc(a, (r.nrows + 1) * sizeof(**out));
	statement_rows(&r, acc, about, *out, n);
	return DB_OK;
}

/* The booking of line row i when the visitor may open its page, else 0. */
static int64_t
line_booking(const struct db_res *r, size_t i, const struct access *acc)
{
	struct authz_rights rights;
	int64_t prop = db_cell_i64(r, i, 28);

	if (DB_CELL(r, i, 27) == NULL || prop == 0)
		return 0;
	access_rights(acc, prop, db_cell_i64(r, i, 29), &rights);
	return rights.perms & PERM_BIT(PERM_CALENDAR_VIEW) ? db_cell_i64(r, i, 27) : 0;
}

int
store_statement_get(struct arena *a, int64_t tenant, const struct access *acc,
    int64_t id, struct statement *out, struct statement_line **lines,
    size_t *nlines, int *found)
{
	struct db_param p[] = {
		DP_I(tenant), ACCESS_REACH(acc), ACCESS_REACH(acc), DP_I(id),
	};
	struct db_res r;
	size_t n;
	int rc;

	*found = 0;
	*nlines = 0;
	*lines = NULL;
	if (!(acc->any & PERM_BIT(PERM_STATEMENTS_VIEW)))
		return DB_OK;
	if ((rc = db_exec(ST_STATEMENT_PAGE, p, NELEM(p), a, &r)) != DB_OK)
		return rc;
	statement_rows(&r, acc, 0, out, &n);
	if (n != 1)
		return DB_OK;
	/* The lines repeat for each property: those of the first one. */
	*lines = arena_alloc(a, (r.nrows + 1) * sizeof(**lines));
	for (size_t i = 0; i < r.nrows; i++) {
		if (db_cell_i64(&r, i, 15) != db_cell_i64(&r, 0, 15))
			break;
		if (DB_CELL(&r, i, 18) == NULL)		/* no line at all */
			continue;
		(*lines)[*nlines].description = DB_CELL(&r, i, 18);
		money_cells(&r, i, 19, (*lines)[*nlines].cents);
		(*lines)[*nlines].booking = line_booking(&r, i, acc);
		(*nlines)++;
	}
	*found = 1;
	return DB_OK;
}

/* The document of row i of ST_DOCUMENTS_VISIBLE (its first) into out. */
static void
document_row(const struct db_res *r, size_t i, struct document *out)
{
	memset(out, 0, sizeof(*out));
	out->id = db_cell_i64(r, i, 0);
	out->customer_id = db_cell_i64(r, i, 1);
	out->property_id = db_cell_i64(r, i, 2);
	out->title = DB_CELL(r, i, 3);
	out->file_name = DB_CELL(r, i, 4);
	out->storage_path = DB_CELL(r, i, 5);
	out->content_type = DB_CELL(r, i, 6);
	out->size_bytes = db_cell_i64(r, i, 7);
	out->is_private = strcmp(DB_CELL(r, i, 8), "public") != 0;
	out->created = DB_CELL(r, i, 9);
	out->property_name = out->property_id != 0 ? DB_CELL(r, i, 11) : NULL;
	out->customer_name = DB_CELL(r, i, 12);
}

int
store_documents_visible(struct arena *a, int64_t tenant, const struct access *acc,
    int64_t id, int64_t about, struct document **out, size_t *n)
{
	struct db_param p[] = { DP_I(tenant), ACCESS_REACH(acc), DP_I(id), DP_I(id) };
	struct document *list, *cur = NULL;
	int cur_seen = 0, cur_about = 0;
	struct db_res r;
	int rc;

	*n = 0;
	*out = NULL;
	if (!(acc->any & (PERM_BIT(PERM_DOCUMENTS_PUBLIC) |
	    PERM_BIT(PERM_DOCUMENTS_PRIVATE))))
		return DB_OK;
	if ((rc = db_exec(ST_DOCUMENTS_VISIBLE, p, NELEM(p), a, &r)) != DB_OK)
		return rc;
	list = arena_alloc(a, (r.nrows + 1) * sizeof(*list));
	for (size_t i = 0; i <= r.nrows; i++) {
		int64_t did = i < r.nrows ? db_cell_i64(&r, i, 0) : 0;
		int64_t prop;
		enum perm need;

		if (cur == NULL || did != cur->id) {
			if (cur != NULL && cur_seen && (about == 0 || cur_about))
				(*n)++;
			if (i == r.nrows)
				break;
			cur = &list[*n];
			document_row(&r, i, cur);
			cur_seen = cur_about = 0;
		}
		prop = db_cell_i64(&r, i, 10);
		need = cur->is_private ? PERM_DOCUMENTS_PRIVATE : PERM_DOCUMENTS_PUBLIC;
		if (!access_may(acc, prop, cur->customer_id, need))
			continue;
		cur_seen = 1;
		if (prop == about)
			cur_about = 1;
	}
	*out = list;
	return DB_OK;
}

/* Row i of ST_REPORT_MONTHS, kept by store_reach_keep() with reach. */
static int
report_fill(const struct db_res *r, size_t i, const void *reach, void *month)
{
	struct report_month *out = month;

	out->property_id = db_cell_i64(r, i, 0);
	out->customer_id = db_cell_i64(r, i, 1);
	out->property_name = DB_CELL(r, i, 2);
	out->month = (int)db_cell_i64(r, i, 3);
	out->days = (int)db_cell_i64(r, i, 4);
	out->nights = db_cell_i64(r, i, 5);
	out->started_nights = db_cell_i64(r, i, 6);
	for (int f = 0; f < FIN__MAX; f++)
		out->cents[f] = db_cell_i64(r, i, 7 + (size_t)f);
	out->currency = DB_CELL(r, i, 7 + FIN__MAX);
	out->year = (int)db_cell_i64(r, i, 8 + FIN__MAX);
	return store_reach_keep(reach, out->property_id, out->customer_id, &out->rights);
}

int
store_report_months(struct arena *a, int64_t tenant, const struct access *acc,
    int year, struct report_month **out, size_t *n)
{
	struct db_param p[] = { DP_I(year - 1), DP_I(tenant), ACCESS_REACH(acc) };
	struct store_reach reach = { acc, PERM_BIT(PERM_REPORTS_VIEW) };
	int rc;

	*n = 0;
	*out = NULL;
	if (!(acc->any & PERM_BIT(PERM_REPORTS_VIEW)))
		return DB_OK;
	*out = store_rows(a, ST_REPORT_MONTHS, p, NELEM(p), sizeof(**out), report_fill,
	    &reach, n, &rc);
	return rc;
}

/* Row i of ST_DASHBOARD_PROPERTIES, kept by store_reach_keep() with reach. */
static int
dash_fill(const struct db_res *r, size_t i, const void *reach, void *row)
{
	struct dash_property *out = row;
	const char *lo, *hi;
	int rc;

	rc = store_fill_property(r, i, reach, &out->prop);
	out->month_nights = db_cell_i64(r, i, 7);
	out->year_nights = db_cell_i64(r, i, 8);
	money_cells(r, i, 9, out->cents);
	lo = DB_CELL(r, i, 9 + FIN__MAX);
	hi = DB_CELL(r, i, 10 + FIN__MAX);
	out->mixed = lo != NULL && hi != NULL && strcmp(lo, hi) != 0;
	out->currency = out->mixed ? NULL : DB_CELL(r, i, 9 + FIN__MAX);
	return rc;
}

int
store_dashboard(struct arena *a, int64_t tenant, const struct access *acc,
    const char *mfirst, const char *mnext, const char *yfirst, const char *ynext,
    struct dash_property **out, size_t *n)
{
	struct db_param p[] = {
		DP_S(mfirst), DP_S(mnext), DP_S(yfirst), DP_S(ynext), DP_I(tenant),
		ACCESS_REACH(acc),
	};
	struct store_reach reach = { acc, 0 };
	int rc;

	*n = 0;
	*out = NULL;
	if (acc->any == 0)
		return DB_OK;
	*out = store_rows(a, ST_DASHBOARD_PROPERTIES, p, NELEM(p), sizeof(**out),
	    dash_fill, &reach, n, &rc);
	return rc;
}
