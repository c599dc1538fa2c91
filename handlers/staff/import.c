/* porch — SPDX-License-Identifier: MIT
 * CSV import for tenant admins (/staff/import): a CSV text pasted into a form (an
 * ordinary urlencoded POST, within limits.field_max; larger files go through
 * porchctl import or the API's batch), imported by api_import_csv() through the
 * same input tables and change functions as the tenant API, as the staff member;
 * the answer is the report, one table row per CSV row.
 */
#include "config.h"

#include <string.h>

#include "api_import.h"
#include "handlers.h"
#include "html.h"
#include "input.h"
#include "session.h"
#include "tenant.h"

enum import_field {
	IF_RESOURCE,		/* the index of the resource in api_resources[] */
	IF_CSV,			/* the CSV text */
	IF__MAX
};

static const struct input_key import_keys[IF__MAX] = {
	[IF_RESOURCE] = { "resource", IN_INT, 0, 0, 1000 },
	[IF_CSV] = { "csv", IN_TEXT, 0, 0, 1 << 30 },
};

/* The form: the resource, the CSV text. */
static void
import_form(struct buf *b, const struct session *s, int64_t chosen)
{
	page_form(b, s->csrf_token, NULL, "/staff/import");
	html_raw(b, "<label for=\"resource\">What the rows are</label>\n"
	    "<select id=\"resource\" name=\"resource\">\n");
	for (size_t i = 0; i < api_nresources; i++)
		html_option(b, (int64_t)i, (int64_t)i == chosen, "%s",
		    api_resources[i]->name);
	html_raw(b, "</select>\n<label for=\"csv\">CSV text (the first line names the "
	    "columns)</label>\n<textarea id=\"csv\" name=\"csv\" rows=\"16\" cols=\"80\" "
	    "required></textarea>\n<button type=\"submit\">Import</button>\n</form>\n");
}

/* What came of one row, kept for the report. */
struct row_report {
	size_t		 line;
	const char	*xid, *result, *field, *message;
};

struct report {
	struct arena		*a;
	struct row_report	*rows;
	size_t			 n, cap;
};

/* Keeps a copy of one row's outcome (api_import_report). */
static void
keep_row(void *arg, size_t line, const char *xid, const struct api_outcome *o)
{
	struct report *rep = arg;
	struct row_report *row, *grown;

	if (rep->n == rep->cap) {
		rep->cap = rep->cap ? 2 * rep->cap : 64;
		grown = arena_alloc(rep->a, rep->cap * sizeof(*grown));
		if (rep->n > 0)
			memcpy(grown, rep->rows, rep->n * sizeof(*grown));
		rep->rows = grown;
	}
	row = &rep->rows[rep->n++];
	row->line = line;
	row->xid = arena_strdup(rep->a, xid);
	row->result = o->status < 400 ? o->result : "refused";
	row->field = o->status < 400 ? "" : arena_strdup(rep->a, o->err.field);
	row->message = o->status < 400 ? "" : arena_strdup(rep->a, o->err.message);
}

/* The report: one table row per CSV row. */
static void
report_table(struct buf *b, const struct report *rep)
{
	html_raw(b, "<table class=\"import-report\">\n<thead><tr><th>Line</th>"
	    "<th>External id</th><th>Result</th><th>Field</th><th>Reason</th>"
	    "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < rep->n; i++) {
		html_rawf(b, "<tr><td>%zu</td><td>", rep->rows[i].line);
		html_text(b, rep->rows[i].xid);
		html_raw(b, "</td><td>");
		html_text(b, rep->rows[i].result);
		html_raw(b, "</td><td>");
		html_text(b, rep->rows[i].field);
		html_raw(b, "</td><td>");
		html_text(b, rep->rows[i].message);
		html_raw(b, "</td></tr>\n");
	}
	html_raw(b, "</tbody>\n</table>\n");
}

int
handle_staff_import(struct req *r, struct resp *p)
{
	struct session *s = page_need_staff(r, p);
	struct buf *b = &p->body;
	struct report rep;
	struct input_val in[IF__MAX];
	struct api_import_counts n;
	struct api_call c;
	struct api_err e;
	const char *csv;
	int64_t chosen = 0;
	int rc;

	if (s == NULL)
		return 0;
	if (r->method != METHOD_POST) {
		page_begin(r, p, "Import");
		html_raw(b, "<h1>Import</h1>\n<p>Rows of a CSV file become customers, "
		    "contacts and the rest, created or replaced by their external id, "
		    "exactly as the API would. The first line names the columns: "
		    "<code>external_id</code> and the item's fields by their API names; "
		    "an empty cell is a field left out. Each row is applied whole or "
		    "refused with its reason.</p>\n");
		import_form(b, s, 0);
		page_end(p);
		return 0;
	}
	input_read(r, INPUT_FORM, import_keys, IF__MAX, in);
	if (in[IF_RESOURCE].st != INPUT_OK || in[IF_RESOURCE].i >= (int64_t)api_nresources
	    || in[IF_CSV].st != INPUT_OK) {
		page_begin(r, p, "Import");
		p->status = 400;
		html_raw(b, "<h1>Import</h1>\n");
		page_error_text(p, "Choose what the rows are and paste the CSV text: "
		    "UTF-8 text with line breaks and tabs only.");
		import_form(b, s, 0);
		page_end(p);
		return 0;
	}
	chosen = in[IF_RESOURCE].i;
	csv = in[IF_CSV].s;
	memset(&c, 0, sizeof(c));
	c.r = r;
	c.a = &r->arena;
	c.tenant = r->tenant->id;
	page_actor(r, &c.who);
	memset(&rep, 0, sizeof(rep));
	rep.a = &r->arena;
	rc = api_import_csv(&c, api_resources[chosen], csv, strlen(csv), keep_row,
	    &rep, &n, &e);
	page_begin(r, p, "Import");
	html_raw(b, "<h1>Import</h1>\n");
	if (rc != 0) {
		p->status = 400;
		page_error_text(p, e.message);
	} else {
		page_notice_textf(p, "import-counts", "%s: %zu created, %zu replaced, "
		    "%zu unchanged, %zu refused.", api_resources[chosen]->name,
		    n.created, n.replaced, n.unchanged, n.refused);
		report_table(b, &rep);
	}
	import_form(b, s, chosen);
	page_end(p);
	return 0;
}
