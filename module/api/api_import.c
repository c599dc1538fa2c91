/* porch — SPDX-License-Identifier: MIT
 * CSV import (see api_import.h): header, rows as JSON objects, api_item_put().
 */
#include "config.h"

#include <string.h>

#include "api_import.h"
#include "csv.h"

/* The header's columns as fields of res: col[i] is the index in res->fields, or -1
 * for external_id. 0, or 400 with e. */
static int
read_header(const struct api_resource *res, char **cells, size_t ncells, int *col,
    struct api_err *e)
{
	int have_xid = 0;
	size_t i, j, f;

	for (i = 0; i < ncells; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(cells[i], cells[j]) == 0)
				return api_err_set(e, 400, "bad_header", NULL, "Column %s is "
				    "named twice.", cells[i]);
		if (strcmp(cells[i], "external_id") == 0) {
			col[i] = -1;
			have_xid = 1;
			continue;
		}
		for (f = 0; f < res->nfields && strcmp(res->fields[f].name, cells[i]) != 0;
		    f++)
			;
		if (f == res->nfields)
			return api_err_set(e, 400, "bad_header", NULL, "Column \"%s\" is not "
			    "a field of %s.", cells[i], res->name);
		col[i] = (int)f;
	}
	if (!have_xid)
		return api_err_set(e, 400, "bad_header", NULL, "The first line must name "
		    "the columns, among them external_id.");
	return 0;
}

/*
 * A cell as the JSON value of field f: an integer or a boolean when it reads as
 * one (else the text, which the input table then refuses as of the wrong type),
 * else a string. NULL when the cell is not UTF-8.
 */
static json_t *
cell_json(const struct api_field *f, const char *cell)
{
	long long v;

	if (f->type == AF_INT && parse_int(cell, INT64_MIN, INT64_MAX, &v) == 0)
		return json_integer(v);
	if (f->type == AF_BOOL) {
		if (strcmp(cell, "true") == 0 || strcmp(cell, "1") == 0)
			return json_true();
		if (strcmp(cell, "false") == 0 || strcmp(cell, "0") == 0)
			return json_false();
	}
	return json_string(cell);
}

/* One row: its JSON object put through api_item_put(). The outcome in o. */
static void
import_row(struct api_call *c, const struct api_resource *res, char **cells,
    size_t ncells, const int *col, size_t ncols, const char **xid,
    struct api_outcome *o)
{
	char ptr[256];
	json_t *obj, *v;
	size_t i;

	memset(o, 0, sizeof(*o));
	*xid = "";
	if (ncells != ncols) {
		o->status = api_err_set(&o->err, 400, "bad_row", NULL, "The row has %zu "
		    "cells; the header names %zu.", ncells, ncols);
		return;
	}
	for (i = 0; i < ncols; i++)
		if (col[i] < 0)
			*xid = cells[i];
	if (!api_xid_valid(*xid)) {
		o->status = api_err_set(&o->err, 400, "invalid_value", "/external_id",
		    "external_id must be 1 to %d of A-Z a-z 0-9 . _ - : @ ~.", API_XID_MAX);
		return;
	}
	obj = json_object();
	for (i = 0; i < ncols; i++) {
		if (col[i] < 0 || cells[i][0] == '\0')
			continue;	/* an empty cell: the field is not sent */
		if ((v = cell_json(&res->fields[col[i]], cells[i])) == NULL) {
			api_pointer(ptr, sizeof(ptr), "", res->fields[col[i]].name);
			o->status = api_err_set(&o->err, 400, "invalid_value", ptr, "The "
			    "cell is not UTF-8 text.");
			json_decref(obj);
			return;
		}
		json_object_set_new(obj, res->fields[col[i]].name, v);
	}
	api_item_put(c, res, *xid, obj, "", o);
	json_decref(obj);
}

int
api_import_csv(struct api_call *c, const struct api_resource *res, const char *text,
    size_t len, api_import_report report, void *arg, struct api_import_counts *n,
    struct api_err *e)
{
	struct csv_reader rd;
	struct arena *keep = c->a, work = { NULL };
	struct api_outcome o;
	const char *xid;
	char **cells;
	size_t ncells, ncols, line;
	int *col, rc;

	memset(n, 0, sizeof(*n));
	memset(&rd, 0, sizeof(rd));
	rd.s = text;
	rd.len = len;
	/* A byte order mark some spreadsheets write first. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		rd.pos = 3;
	if (csv_read(&rd, keep, &cells, &ncols) != 1 || ncols == 0)
		return api_err_set(e, 400, "bad_header", NULL, "The first line must name "
		    "the columns, among them external_id.");
	col = arena_alloc(keep, ncols * sizeof(*col));
	if ((rc = read_header(res, cells, ncols, col, e)) != 0)
		return rc;
	/* Each row's work lives in its own arena, emptied after the row. */
	c->a = c->who.a = &work;
	for (;;) {
		line = rd.line + 1;
		if ((rc = csv_read(&rd, &work, &cells, &ncells)) == 0)
			break;
		xid = "";
		if (rc < 0) {
			memset(&o, 0, sizeof(o));
			o.status = api_err_set(&o.err, 400, "bad_row", NULL, "The row is not "
			    "CSV: a quote left open, text after a closing quote or a NUL "
			    "byte.");
		} else if (ncells == 1 && cells[0][0] == '\0')
			continue;	/* an empty line */
		else
			import_row(c, res, cells, ncells, col, ncols, &xid, &o);
		if (o.status >= 400)
			n->refused++;
		else if (strcmp(o.result, "created") == 0)
			n->created++;
		else if (strcmp(o.result, "unchanged") == 0)
			n->unchanged++;
		else
			n->replaced++;
		report(arg, line, xid, &o);
		json_decref(o.item);
		arena_reset(&work);
	}
	c->a = c->who.a = keep;
	arena_free(&work);
	return 0;
}
