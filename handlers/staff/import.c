/* porch — SPDX-License-Identifier: MIT
 * CSV import for tenant admins (/staff/import): a CSV text pasted into a form
 * (within limits.field_max) or a CSV file sent with it (a multipart form read by
 * upload_read(), up to api.body_limit), imported by api_import_csv() through the
 * same input tables and change functions as the tenant API, as the staff member;
 * the answer is the report, one table row per CSV row.
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "api_import.h"
#include "handlers.h"
#include "html.h"
#include "input.h"
#include "session.h"
#include "tenant.h"
#include "upload.h"

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
	page_form_upload(b, s->csrf_token, "/staff/import");
	html_raw(b, "<label for=\"resource\">What the rows are</label>\n"
	    "<select id=\"resource\" name=\"resource\">\n");
	for (size_t i = 0; i < api_nresources; i++)
		html_option(b, (int64_t)i, (int64_t)i == chosen, "%s",
		    api_resources[i]->name);
	html_raw(b, "</select>\n<label for=\"file\">CSV file</label>\n<input id=\"file\" "
	    "type=\"file\" name=\"file\" accept=\".csv,text/csv\">\n<label for=\"csv\">"
	    "or CSV text (the first line names the columns)</label>\n<textarea "
	    "id=\"csv\" name=\"csv\" rows=\"16\" cols=\"80\"></textarea>\n"
	    "<button type=\"submit\">Import</button>\n</form>\n");
}

/*
 * The CSV file of the form, read into the arena: 0 with *csv NULL when none came,
 * 0 with it, 413 past api.body_limit, 400 when it is not UTF-8 text, or 500.
 */
static int
upload_csv(struct req *r, const char **csv)
{
	struct upload *up = r->upload;
	long long size;
	char *text;
	ssize_t got;
	size_t have = 0;

	*csv = NULL;
	if (up == NULL || up->filename[0] == '\0')
		return 0;
	if ((size = up->t.size) > r->cfg->api.body_limit)
		return 413;
	text = arena_alloc(&r->arena, (size_t)size + 1);
	while (have < (size_t)size) {
		if ((got = pread(up->t.fd, text + have, (size_t)size - have,
		    (off_t)have)) <= 0)
			return 500;
		have += (size_t)got;
	}
	text[have] = '\0';
	if (!utf8_valid(text, have) || has_control(text, 1))
		return 400;
	*csv = text;
	return 0;
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
	html_raw(b, "<table class=\"import-report\" tabindex=\"0\" "
	    "aria-label=\"Import report\">\n<thead><tr><th>Line</th>"
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
	if ((rc = upload_csv(r, &csv)) == 413 || rc == 500)
		return rc;
	if (csv == NULL && in[IF_CSV].st == INPUT_OK)
		csv = in[IF_CSV].s;
	if (in[IF_RESOURCE].st != INPUT_OK || in[IF_RESOURCE].i >= (int64_t)api_nresources
	    || csv == NULL) {
		page_begin(r, p, "Import");
		p->status = 400;
		html_raw(b, "<h1>Import</h1>\n");
		page_error_text(p, "Choose what the rows are and a CSV file or paste "
		    "the CSV text: UTF-8 text with line breaks and tabs only.");
		import_form(b, s, 0);
		page_end(p);
		return 0;
	}
	chosen = in[IF_RESOURCE].i;
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
