/* porch — SPDX-License-Identifier: MIT
 * The portal's owner statements (list, page, CSV) and documents (list, download
 * through the web server). Anything the visitor may not see is the same 404 as an
 * id that does not exist.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "handlers.h"
#include "html.h"
#include "log.h"
#include "portal.h"
#include "statement_view.h"
#include "store_docs.h"
#include "tenant.h"

#define STATEMENTS_PREFIX	"/portal/statements/"
#define DOCUMENTS_PREFIX	"/portal/documents/"

static void	disposition(struct buf *v, const char *name);

/* The id of the path PREFIX<id>, with nothing after it; else 0. */
static int64_t
path_id(const struct req *r, const char *prefix)
{
	const char *rest = "";
	int64_t id = input_path_id(r, prefix, &rest);

	return rest[0] == '\0' ? id : 0;
}

/* The totals a statement list shows, in this order. */
static const enum fin_field list_totals[] = {
	FIN_TOTAL_PRICE, FIN_OWNER_REVENUE, FIN_PAYOUT,
};

/* A list's heading, "for PROPERTY" when ?property= narrowed it. */
static void
list_heading(struct buf *b, const char *title, const struct property *about)
{
	html_raw(b, "<h1>");
	html_text(b, title);
	if (about->name != NULL) {
		html_raw(b, " for <span class=\"property\">");
		html_text(b, about->name);
		html_raw(b, "</span>");
	}
	html_raw(b, "</h1>\n");
}

/* "Ada Beach House", or for a customer-wide statement "All properties". */
static void
statement_about(struct buf *b, const struct statement *s)
{
	if (s->property_name != NULL)
		html_text(b, s->property_name);
	else
		html_raw(b, "<em>All properties</em>");
}

/* GET /portal/statements[?property=ID] */
int
handle_portal_statements(struct req *r, struct resp *p)
{
	struct buf *b = &p->body;
	struct statement *st;
	struct access acc;
	fin_set cols = 0;
	formula_set formulas = 0;
	struct property about;
	size_t n;
	int rc;

	if ((rc = portal_list_need(r, p, &acc, PERM_BIT(PERM_STATEMENTS_VIEW), 0,
	    &about)) != PAGE_GO)
		return rc;
	if ((rc = store_access_formulas(&r->arena, r->tenant->id, &acc)) != DB_OK ||
	    (rc = store_statements_visible(&r->arena, r->tenant->id, &acc, about.id, &st,
	    &n)) != DB_OK)
		return status_for_db(rc);
	for (size_t i = 0; i < n; i++) {
		cols |= portal_price_fields(st[i].rights.fin);
		formulas |= st[i].rights.formulas;
	}
	portal_begin(r, p, &acc, "Statements");
	list_heading(b, "Owner statements", &about);
	if (acc.any & PERM_BIT(PERM_EXPORT_CSV))
		html_raw(b, "<p><a href=\"/portal/statements.csv\" download>"
		    "Download as CSV</a></p>\n");
	if (n == 0) {
		html_raw(b, "<p class=\"empty\">No statements yet.</p>\n");
		page_end(p);
		return 0;
	}
	html_raw(b, "<table class=\"statements\">\n<thead><tr><th scope=\"col\">Period"
	    "</th><th scope=\"col\">Property</th><th scope=\"col\">Issued</th>");
	for (size_t k = 0; k < NELEM(list_totals); k++)
		if (cols & FIN_BIT(list_totals[k]))
			portal_fin_th(b, list_totals[k]);
	portal_formulas_th(b, &acc, formulas);
	html_raw(b, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		fin_set shown = portal_price_fields(st[i].rights.fin);
		char title[DATE_PERIOD_LEN];

		date_period_title(st[i].period_start, st[i].period_end, title);
		html_rawf(b, "<tr class=\"statement\" data-id=\"%" PRId64 "\"><td>"
		    "<a href=\"/portal/statements/%" PRId64 "\">", st[i].id, st[i].id);
		html_text(b, title);
		html_raw(b, "</a></td><td>");
		statement_about(b, &st[i]);
		html_raw(b, "</td><td>");
		html_day(b, st[i].issued);
		html_raw(b, "</td>");
		for (size_t k = 0; k < NELEM(list_totals); k++) {
			enum fin_field f = list_totals[k];

			if (cols & FIN_BIT(f))
				portal_fin_td(b, f, (shown & FIN_BIT(f)) != 0,
				    st[i].cents[f], st[i].currency);
		}
		portal_formulas_td(b, &acc, formulas, st[i].rights.formulas, st[i].cents,
		    st[i].currency);
		html_raw(b, "</tr>\n");
	}
	html_raw(b, "</tbody>\n</table>\n");
	page_end(p);
	return 0;
}

/*
 * The id of the path /portal/statements/ID or /portal/statements/ID.pdf (*pdf 1),
 * with nothing after it; else 0.
 */
static int64_t
statement_path_id(const struct req *r, int *pdf)
{
	const size_t plen = sizeof(STATEMENTS_PREFIX) - 1;
	char digits[24];
	const char *s;
	size_t len;

	*pdf = 0;
	if (r->path == NULL || strncmp(r->path, STATEMENTS_PREFIX, plen) != 0)
		return 0;
	s = r->path + plen;
	len = strlen(s);
	if (len > 4 && strcmp(s + len - 4, ".pdf") == 0) {
		*pdf = 1;
		len -= 4;
	}
	if (len == 0 || len >= sizeof(digits) || memchr(s, '/', len) != NULL)
		return 0;
	memcpy(digits, s, len);
	digits[len] = '\0';
	return parse_id(digits);
}

/* The statement's page: its figures and its lines, from the one view of it. */
static void
statement_page(struct req *r, struct resp *p, const struct access *acc,
    const struct statement_view *v)
{
	struct buf *b = &p->body;
	const struct statement *st = &v->st;

	portal_begin(r, p, acc, "Statement");
	html_raw(b, "<h1>" STATEMENT_TITLE_PREFIX "<span class=\"period\">");
	html_text(b, v->title);
	html_raw(b, "</span></h1>\n<p class=\"about\">");
	html_text(b, v->summary);
	html_rawf(b, "</p>\n<p class=\"actions\"><a href=\"/portal/statements/%"
	    PRId64 ".pdf\" download>Download as PDF</a></p>\n", st->id);
	portal_price_html(b, &v->price);
	if (v->nformulas > 0)
		portal_formulas_html(b, v->formulas, v->nformulas, st->cents,
		    st->currency);
	html_raw(b, "<h2>Lines</h2>\n<table class=\"lines\">\n<thead><tr>"
	    "<th scope=\"col\">Description</th>");
	for (size_t k = 0; k < v->ncols; k++)
		portal_fin_th(b, v->cols[k]);
	html_raw(b, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < v->nlines; i++) {
		const struct statement_line *l = &v->lines[i];

		html_raw(b, "<tr><td>");
		if (l->booking != 0)
			html_rawf(b, "<a href=\"/portal/bookings/%" PRId64 "\">",
			    l->booking);
		html_text(b, l->description);
		if (l->booking != 0)
			html_raw(b, "</a>");
		html_raw(b, "</td>");
		for (size_t k = 0; k < v->ncols; k++) {
			html_raw(b, "<td class=\"fin-");
			html_attr(b, authz_fin_field_name(v->cols[k]));
			html_raw(b, "\">");
			html_text(b, v->cells[i * v->ncols + k]);
			html_raw(b, "</td>");
		}
		html_raw(b, "</tr>\n");
	}
	html_raw(b, "</tbody>\n</table>\n<p class=\"actions\"><a href=\"/portal/statements\">"
	    "All statements</a></p>\n");
	page_end(p);
}

/* "statement-2026-10.pdf" for a whole month, else "statement-START-to-END.pdf". */
static void
statement_file_name(const struct statement *st, char out[64])
{
	unsigned m, d;
	long last;
	int y;

	if (strncmp(st->period_start, st->period_end, 7) == 0 &&
	    strcmp(st->period_start + 7, "-01") == 0 &&
	    date_parse(st->period_end, &last) == 0) {
		date_civil(last + 1, &y, &m, &d);
		if (d == 1) {
			snprintf(out, 64, "statement-%.7s.pdf", st->period_start);
			return;
		}
	}
	snprintf(out, 64, "statement-%.10s-to-%.10s.pdf", st->period_start,
	    st->period_end);
}

/*
 * The statement as a PDF: an attachment named by its period, kept by the browser
 * only as its own copy that it asks again for each time (a 304 when nothing it
 * shows has changed, the rights checked first as for the page); audited.
 */
static int
statement_pdf_answer(struct req *r, struct resp *p, const struct statement_view *v)
{
	const struct statement *st = &v->st;
	char etag[STATEMENT_ETAG_LEN + 1], name[64];
	struct buf cd;
	int rc;

	statement_view_etag(v, r->tenant->name, etag);
	resp_header(p, "ETag", etag);
	if (r->if_none_match != NULL && strstr(r->if_none_match, etag) != NULL) {
		p->status = 304;
		return 0;
	}
	statement_file_name(st, name);
	if (statement_pdf(&r->arena, v, r->tenant->name, &p->body) < 0) {
		log_error("statement %" PRId64 ": the PDF could not be made", st->id);
		return 500;
	}
	if ((rc = audit(r, "export.statement_pdf", "statement", st->id, v->title)) !=
	    DB_OK)
		return status_for_db(rc);
	p->content_type = "application/pdf";
	buf_init(&cd, 128);
	disposition(&cd, name);
	resp_header(p, "Content-Disposition", cd.data);
	buf_free(&cd);
	return 0;
}

/*
 * GET /portal/statements/ID and /portal/statements/ID.pdf: the statement's page,
 * or the same as a PDF, under the same rights.
 */
int
handle_portal_statement(struct req *r, struct resp *p)
{
	struct statement_view *v;
	struct access acc;
	int64_t id;
	int pdf, rc;

	if ((rc = portal_need(r, p, &acc)) != PAGE_GO)
		return rc;
	if ((id = statement_path_id(r, &pdf)) == 0)
		return 404;
	if ((rc = store_access_formulas(&r->arena, r->tenant->id, &acc)) != DB_OK)
		return status_for_db(rc);
	v = arena_alloc(&r->arena, sizeof(*v));
	if ((rc = statement_view_load(r, &acc, id, v)) != 0)
		return rc;
	if (pdf)
		return statement_pdf_answer(r, p, v);
	statement_page(r, p, &acc, v);
	return 0;
}

/*
 * GET /portal/statements.csv: the statements on whose every property the visitor
 * holds statements.view and export.csv; the financial columns are those every
 * included statement's page would show.
 */
int
handle_portal_statements_csv(struct req *r, struct resp *p)
{
	const perm_set need = PERM_BIT(PERM_STATEMENTS_VIEW) | PERM_BIT(PERM_EXPORT_CSV);
	struct buf *csv = &p->body;
	struct statement *st;
	struct access acc;
	fin_set cols = FIN_ALL;
	formula_set formulas = ~(formula_set)0;
	size_t n, rows = 0;
	char detail[64];
	int rc;

	if ((rc = portal_need(r, p, &acc)) != PAGE_GO)
		return rc;
	if ((acc.any & need) != need)
		return 404;
	if ((rc = store_access_formulas(&r->arena, r->tenant->id, &acc)) != DB_OK ||
	    (rc = store_statements_visible(&r->arena, r->tenant->id, &acc, 0, &st,
	    &n)) != DB_OK)
		return status_for_db(rc);
	for (size_t i = 0; i < n; i++)
		if ((st[i].rights.perms & need) == need) {
			cols &= portal_price_fields(st[i].rights.fin);
			formulas &= st[i].rights.formulas;
			rows++;
		}
	if (rows == 0)
		cols = formulas = 0;
	snprintf(detail, sizeof(detail), "%zu statements", rows);
	if ((rc = audit(r, "export.statements", "customer", acc.customer_id, detail)) !=
	    DB_OK)
		return status_for_db(rc);
	p->content_type = "text/csv; charset=utf-8";
	resp_header(p, "Content-Disposition", "attachment; filename=\"statements.csv\"");
	buf_puts(csv, "period_start,period_end,property");
	for (int f = 0; f < FIN__MAX; f++)
		if (cols & FIN_BIT(f))
			buf_printf(csv, ",%s", authz_fin_field_name(f));
	portal_csv_formulas_head(csv, &acc, formulas);
	buf_puts(csv, "\r\n");
	for (size_t i = 0; i < n; i++) {
		if ((st[i].rights.perms & need) != need)
			continue;
		csv_field(csv, st[i].period_start);
		buf_putc(csv, ',');
		csv_field(csv, st[i].period_end);
		buf_putc(csv, ',');
		csv_field(csv, st[i].property_name != NULL ? st[i].property_name :
		    "All properties");
		for (int f = 0; f < FIN__MAX; f++)
			if (cols & FIN_BIT(f)) {
				buf_putc(csv, ',');
				csv_money(csv, st[i].cents[f]);
			}
		portal_csv_formulas_row(csv, &acc, formulas, st[i].cents);
		buf_puts(csv, "\r\n");
	}
	return 0;
}

/* GET /portal/documents[?property=ID] */
int
handle_portal_documents(struct req *r, struct resp *p)
{
	const perm_set any_doc = PERM_BIT(PERM_DOCUMENTS_PUBLIC) |
	    PERM_BIT(PERM_DOCUMENTS_PRIVATE);
	struct buf *b = &p->body;
	struct document *d;
	struct access acc;
	struct property about;
	size_t n;
	int rc;

	/* Either document right will do. */
	if ((rc = portal_list_need(r, p, &acc, any_doc, 0, &about)) != PAGE_GO)
		return rc;
	if ((rc = store_documents_visible(&r->arena, r->tenant->id, &acc, 0, about.id, &d,
	    &n)) != DB_OK)
		return status_for_db(rc);
	portal_begin(r, p, &acc, "Documents");
	list_heading(b, "Documents", &about);
	if (n == 0) {
		html_raw(b, "<p class=\"empty\">No documents yet.</p>\n");
		page_end(p);
		return 0;
	}
	html_raw(b, "<table class=\"documents\">\n<thead><tr><th scope=\"col\">Title</th>"
	    "<th scope=\"col\">Property</th><th scope=\"col\">Access</th>"
	    "<th scope=\"col\">Size</th><th scope=\"col\">Added</th></tr></thead>\n"
	    "<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		html_raw(b, "<tr class=\"document ");
		html_attr(b, d[i].is_private ? "private" : "public");
		html_rawf(b, "\" data-id=\"%" PRId64 "\"><td><a href=\"/portal/documents/%"
		    PRId64 "\" download=\"", d[i].id, d[i].id);
		html_attr(b, d[i].file_name);
		html_raw(b, "\">");
		html_text(b, d[i].title);
		html_raw(b, "</a></td><td>");
		if (d[i].property_name != NULL)
			html_text(b, d[i].property_name);
		else
			html_raw(b, "<em>All properties</em>");
		html_raw(b, "</td><td>");
		html_text(b, d[i].is_private ? "Private" : "Public");
		html_rawf(b, "</td><td>%" PRId64 " bytes</td><td>", d[i].size_bytes);
		html_day(b, d[i].created);
		html_raw(b, "</td></tr>\n");
	}
	html_raw(b, "</tbody>\n</table>\n");
	page_end(p);
	return 0;
}

/*
 * A storage path the web server may be pointed at: under the tenant's own
 * directory ("SLUG/..."), relative, segments of printable bytes, none empty, "."
 * or "..", no backslash. The schema refuses most of this already; a row imported
 * around it, or naming another tenant's directory, is refused here.
 */
int
doc_storage_path_ok(const char *s, const char *slug)
{
	size_t slen = strlen(slug);
	const char *seg = s;

	if (*s == '\0' || strlen(s) > 500 || strncmp(s, slug, slen) != 0 ||
	    s[slen] != '/')
		return 0;
	for (const char *c = s;; c++) {
		if (*c == '/' || *c == '\0') {
			size_t len = (size_t)(c - seg);

			if (len == 0 || (len == 1 && seg[0] == '.') ||
			    (len == 2 && seg[0] == '.' && seg[1] == '.'))
				return 0;
			if (*c == '\0')
				return 1;
			seg = c + 1;
		} else if ((unsigned char)*c < 0x20 || *c == 0x7f || *c == '\\')
			return 0;
	}
}

/* "type/subtype" of token characters, else the neutral type. */
static const char *
safe_content_type(const char *t)
{
	static const char tok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789!#$&^_.+-";
	size_t a = strspn(t, tok);

	if (a == 0 || t[a] != '/' || t[a + 1] == '\0' ||
	    strspn(t + a + 1, tok) != strlen(t + a + 1))
		return "application/octet-stream";
	return t;
}

/*
 * Content-Disposition for name: an ASCII fallback without quotes, backslashes
 * or control bytes, and the UTF-8 name percent-encoded (RFC 6266, RFC 8187).
 */
static void
disposition(struct buf *v, const char *name)
{
	static const char attr[] = "!#$&+-.^_`|~";
	size_t start;

	buf_puts(v, "attachment; filename=\"");
	start = v->len;
	for (const unsigned char *c = (const unsigned char *)name; *c != '\0'; c++)
		if (*c >= 0x20 && *c < 0x7f && *c != '"' && *c != '\\')
			buf_putc(v, (char)*c);
	if (v->len == start)
		buf_puts(v, "document");
	buf_puts(v, "\"; filename*=UTF-8''");
	for (const unsigned char *c = (const unsigned char *)name; *c != '\0'; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || strchr(attr, *c) != NULL)
			buf_putc(v, (char)*c);
		else
			buf_printf(v, "%%%02X", *c);
	}
}

/* The path as a URI path for X-Accel-Redirect: "/" kept, all else but unreserved %XX. */
static void
uri_path(struct buf *v, const char *s)
{
	for (const unsigned char *c = (const unsigned char *)s; *c != '\0'; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || strchr("-._~/", *c) != NULL)
			buf_putc(v, (char)*c);
		else
			buf_printf(v, "%%%02X", *c);
	}
}

/*
 * GET /portal/documents/ID: porchd checks the right and answers with an empty
 * body and the header that makes the web server send the file (documents.sender).
 */
int
handle_portal_document(struct req *r, struct resp *p)
{
	const struct cfg_documents *cd = &r->cfg->documents;
	struct buf v;
	struct document *d;
	struct access acc;
	int64_t id;
	size_t n;
	int rc;

	if ((rc = portal_need(r, p, &acc)) != PAGE_GO)
		return rc;
	if ((id = path_id(r, DOCUMENTS_PREFIX)) == 0)
		return 404;
	if ((rc = store_documents_visible(&r->arena, r->tenant->id, &acc, id, 0, &d,
	    &n)) != DB_OK)
		return status_for_db(rc);
	if (n != 1)
		return 404;
	if (!doc_storage_path_ok(d->storage_path, r->tenant->slug)) {
		log_error("document %" PRId64 ": refused its storage path", d->id);
		return 404;
	}
	if ((rc = audit(r, "document.download", "document", d->id, d->title)) != DB_OK)
		return status_for_db(rc);
	buf_init(&v, 256);
	disposition(&v, d->file_name);
	resp_header(p, "Content-Disposition", v.data);
	buf_reset(&v);
	if (cd->sender == DOC_SENDER_APACHE) {
		buf_puts(&v, cd->dir);
		if (v.len == 0 || v.data[v.len - 1] != '/')
			buf_putc(&v, '/');
		buf_puts(&v, d->storage_path);
		resp_header(p, "X-Sendfile", v.data);
	} else {
		buf_puts(&v, cd->nginx_prefix);
		uri_path(&v, d->storage_path);
		resp_header(p, "X-Accel-Redirect", v.data);
	}
	buf_free(&v);
	/* A second policy, enforced with the first: the file never runs as a page. */
	resp_header(p, "Content-Security-Policy", "default-src 'none'; sandbox");
	p->content_type = safe_content_type(d->content_type);
	return 0;
}
