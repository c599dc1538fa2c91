/* porch — SPDX-License-Identifier: MIT
 * The staff documents pages: /staff/documents lists the tenant's documents (search
 * by title, three orders, 50 a page, filtered by customer or property) and, for a
 * customer, takes a new one (title, public or private, the whole customer or one
 * property, the file) as a multipart form; /staff/documents/ID replaces a
 * document's file and /staff/documents/ID/delete deletes it. The file arrives as
 * upload_read() left it (a temporary file under the tenant's directory, hashed),
 * is renamed into place and saved by change_document_upload(), the write path the
 * tenant API's documents share; a refusal removes it again. The portal serves the
 * files through the web server, as every document.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "change.h"
#include "handlers.h"
#include "html.h"
#include "input.h"
#include "session.h"
#include "store_papers.h"
#include "store_staff_docs.h"
#include "tenant.h"
#include "upload.h"

#define DOCS_PAGE	50	/* rows a page */
#define PROPS_MAX	500	/* properties offered in the upload form */
#define FILE_STEM	"doc"	/* a staff upload's file: SLUG/files/doc-RANDOM */
#define OCTET		"application/octet-stream"

enum docs_key { DK_Q, DK_SORT, DK_PAGE, DK_CUSTOMER, DK_PROPERTY, DK_DONE, DK__MAX };

static const struct input_key docs_keys[DK__MAX] = {
	[DK_Q] = { "q", IN_LINE, 0, 0, 200 },
	[DK_SORT] = { "sort", IN_LINE, 0, 0, 20 },
	[DK_PAGE] = { "page", IN_INT, 0, 1, 1000000000 },
	[DK_CUSTOMER] = { "customer", IN_ID, 0, 0, 0 },
	[DK_PROPERTY] = { "property", IN_ID, 0, 0, 0 },
	[DK_DONE] = { "done", IN_LINE, 0, 0, 20 },
};

enum upload_key { UK_CUSTOMER, UK_PROPERTY, UK_TITLE, UK_VISIBILITY, UK__MAX };

static const struct input_key upload_keys[UK__MAX] = {
	[UK_CUSTOMER] = { "customer", IN_ID, 0, 0, 0 },
	[UK_PROPERTY] = { "property", IN_ID, 0, 0, 0 },
	[UK_TITLE] = { "title", IN_LINE, 0, 0, 200 },
	[UK_VISIBILITY] = { "visibility", IN_LINE, 0, 0, 10 },
};

static const char *const sorts[SDS__MAX] = {
	[SDS_NEWEST] = "newest", [SDS_TITLE] = "title", [SDS_CUSTOMER] = "customer",
};

static const char *const notices[][2] = {
	{ "uploaded", "The document is uploaded." },
	{ "replaced", "The document's file is replaced." },
	{ "deleted", "The document is deleted." },
};

/* The form's "title" and the rest, as the visitor sent them (for a page again). */
struct upload_in {
	int64_t		 customer, property;
	const char	*title;
	int		 is_private;
};

/* The upload form of customer c. */
static void
upload_form(struct req *r, struct buf *b, const struct staff_doc_owner *c,
    const struct upload_in *in)
{
	struct staff_doc_owner *props;
	size_t n = 0;

	if (store_staff_doc_properties(&r->arena, r->tenant->id, c->id, PROPS_MAX,
	    &props, &n) != DB_OK)
		n = 0;
	html_raw(b, "<h2>Upload a document for ");
	html_text(b, c->name);
	html_raw(b, "</h2>\n");
	page_form_upload(b, r->session->csrf_token, "/staff/documents");
	html_hidden(b, "customer", "%lld", (long long)c->id);
	html_raw(b, "<label for=\"title\">Title</label>\n<input id=\"title\" "
	    "name=\"title\" maxlength=\"200\" required value=\"");
	html_attr(b, in != NULL && in->title != NULL ? in->title : "");
	html_raw(b, "\">\n<label for=\"property\">For</label>\n<select id=\"property\" "
	    "name=\"property\">\n");
	html_option(b, 0, in == NULL || in->property == 0, "%s (all properties)",
	    c->name);
	for (size_t i = 0; i < n; i++)
		html_option(b, props[i].id, in != NULL && in->property == props[i].id,
		    "%s", props[i].name);
	html_raw(b, "</select>\n<fieldset>\n<legend>Who may see it</legend>\n");
	html_raw(b, "<label><input type=\"radio\" name=\"visibility\" value=\"public\"");
	if (in != NULL && !in->is_private)
		html_raw(b, " checked");
	html_raw(b, "> Public (portal users with public documents)</label>\n"
	    "<label><input type=\"radio\" name=\"visibility\" value=\"private\"");
	if (in == NULL || in->is_private)
		html_raw(b, " checked");
	html_raw(b, "> Private (portal users with private documents)</label>\n");
	html_raw(b, "</fieldset>\n<label for=\"file\">File</label>\n<input id=\"file\" "
	    "type=\"file\" name=\"file\" required>\n<button type=\"submit\">Upload"
	    "</button>\n</form>\n");
}

/* The list's link to itself with one more or other page. */
static void
page_link(struct buf *b, const struct input_val *k, long long page, const char *label)
{
	html_raw(b, "<a href=\"/staff/documents?");
	if (in_str(&k[DK_Q]) != NULL) {
		html_raw(b, "q=");
		html_url(b, in_str(&k[DK_Q]));
		html_raw(b, "&amp;");
	}
	if (in_str(&k[DK_SORT]) != NULL) {
		html_raw(b, "sort=");
		html_url(b, in_str(&k[DK_SORT]));
		html_raw(b, "&amp;");
	}
	if (in_int(&k[DK_CUSTOMER]) != 0)
		html_rawf(b, "customer=%lld&amp;", (long long)in_int(&k[DK_CUSTOMER]));
	if (in_int(&k[DK_PROPERTY]) != 0)
		html_rawf(b, "property=%lld&amp;", (long long)in_int(&k[DK_PROPERTY]));
	html_rawf(b, "page=%lld\">", page);
	html_text(b, label);
	html_raw(b, "</a>\n");
}

static void
size_text(struct buf *b, int64_t n)
{
	if (n < 10 * 1024)
		html_rawf(b, "%lld bytes", (long long)n);
	else if (n < 10 * 1024 * 1024)
		html_rawf(b, "%lld KiB", (long long)(n / 1024));
	else
		html_rawf(b, "%lld MiB", (long long)(n / (1024 * 1024)));
}

/* One row of the list, with its forms. */
static void
doc_row(struct req *r, struct buf *b, const struct staff_doc *d)
{
	html_raw(b, "<tr><td>");
	html_text(b, d->title);
	html_rawf(b, "</td><td><a href=\"/staff/documents?customer=%lld\">",
	    (long long)d->customer_id);
	html_text(b, d->customer_name);
	html_raw(b, "</a></td><td>");
	if (d->property_id != 0) {
		html_rawf(b, "<a href=\"/staff/documents?customer=%lld&amp;property=%lld\">",
		    (long long)d->customer_id, (long long)d->property_id);
		html_text(b, d->property_name);
		html_raw(b, "</a>");
	} else
		html_raw(b, "All properties");
	html_raw(b, "</td><td>");
	html_text(b, d->is_private ? "private" : "public");
	html_raw(b, "</td><td>");
	html_text(b, d->file_name);
	if (d->has_file) {
		html_raw(b, " (");
		size_text(b, d->size_bytes);
		html_raw(b, ")");
	} else
		html_raw(b, " (no file yet)");
	html_raw(b, "</td><td>");
	if (d->sha256[0] != '\0') {
		html_raw(b, "<code>");
		html_text(b, d->sha256);
		html_raw(b, "</code>");
	}
	html_raw(b, "</td><td>");
	html_time(b, d->created);
	html_raw(b, "</td><td>");
	page_form_upload(b, r->session->csrf_token, "/staff/documents/%lld",
	    (long long)d->id);
	html_rawf(b, "<label for=\"file-%lld\">New file</label>\n<input id=\"file-%lld\" "
	    "type=\"file\" name=\"file\" required>\n<button type=\"submit\">Replace"
	    "</button>\n</form>\n", (long long)d->id, (long long)d->id);
	page_form(b, r->session->csrf_token, "inline", "/staff/documents/%lld/delete",
	    (long long)d->id);
	html_raw(b, "<button type=\"submit\">Delete</button></form>\n</td></tr>\n");
}

/*
 * The list page, with customer c's upload form when the list is c's (in: what
 * a refused upload sent, NULL: none; error: its sentence).
 */
static int
docs_page(struct req *r, struct resp *p, const struct staff_doc_owner *c,
    const struct upload_in *in, const char *error)
{
	struct buf *b = &p->body;
	struct input_val k[DK__MAX];
	struct staff_doc_query q = { .limit = DOCS_PAGE };
	struct staff_doc *rows;
	long long page, pages, total;
	size_t n;
	int rc;

	input_read(r, INPUT_QUERY, docs_keys, DK__MAX, k);
	q.title = in_str(&k[DK_Q]);
	q.customer = c != NULL ? c->id : 0;
	q.property = q.customer != 0 ? in_int(&k[DK_PROPERTY]) : 0;
	for (int i = 0; i < SDS__MAX; i++)
		if (in_str(&k[DK_SORT]) != NULL && strcmp(in_str(&k[DK_SORT]), sorts[i]) == 0)
			q.sort = (enum staff_doc_sort)i;
	page = in_int(&k[DK_PAGE]) > 0 ? in_int(&k[DK_PAGE]) : 1;
	q.offset = (page - 1) * DOCS_PAGE;
	if ((rc = store_staff_docs(&r->arena, r->tenant->id, &q, &rows, &n, &total)) !=
	    DB_OK)
		return status_for_db(rc);
	pages = total > 0 ? (total + DOCS_PAGE - 1) / DOCS_PAGE : 1;

	page_begin(r, p, "Documents");
	html_raw(b, "<h1>Documents");
	if (c != NULL) {
		html_raw(b, " of ");
		html_text(b, c->name);
	}
	html_raw(b, "</h1>\n");
	if (error != NULL)
		page_error_text(p, error);
	page_notice(p, notices, NELEM(notices), in_str(&k[DK_DONE]));
	if (c != NULL)
		upload_form(r, b, c, in);
	else
		html_raw(b, "<p>To upload a document, open the documents of its customer "
		    "(the customer's link in the list, or the customer's page).</p>\n");

	html_raw(b, "<form method=\"get\" action=\"/staff/documents\" class=\"filter\">\n");
	if (c != NULL)
		html_hidden(b, "customer", "%lld", (long long)c->id);
	if (q.property != 0)
		html_hidden(b, "property", "%lld", (long long)q.property);
	html_raw(b, "<label for=\"q\">Title contains</label>\n<input id=\"q\" name=\"q\" "
	    "maxlength=\"200\" value=\"");
	html_attr(b, q.title != NULL ? q.title : "");
	html_raw(b, "\">\n<label for=\"sort\">Order</label>\n<select id=\"sort\" "
	    "name=\"sort\">\n");
	for (int i = 0; i < SDS__MAX; i++) {
		html_raw(b, "<option value=\"");
		html_attr(b, sorts[i]);
		if ((int)q.sort == i)
			html_raw(b, "\" selected>");
		else
			html_raw(b, "\">");
		html_text(b, i == SDS_NEWEST ? "Newest first" : i == SDS_TITLE ?
		    "By title" : "By customer");
		html_raw(b, "</option>\n");
	}
	html_raw(b, "</select>\n<button type=\"submit\">Search</button>\n</form>\n");

	html_rawf(b, "<p id=\"documents-count\">%lld documents", total);
	if (pages > 1)
		html_rawf(b, ", page %lld of %lld", page, pages);
	html_raw(b, ".</p>\n");
	if (n > 0) {
		html_raw(b, "<table class=\"documents\">\n<thead><tr><th>Title</th>"
		    "<th>Customer</th><th>Property</th><th>Visibility</th><th>File</th>"
		    "<th>SHA-256</th><th>Added</th><th><span class=\"vh\">Actions</span></th>"
		    "</tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < n; i++)
			doc_row(r, b, &rows[i]);
		html_raw(b, "</tbody>\n</table>\n");
	}
	if (pages > 1) {
		html_raw(b, "<nav class=\"pages\">\n");
		if (page > 1)
			page_link(b, k, page - 1, "Previous page");
		if (page < pages)
			page_link(b, k, page + 1, "Next page");
		html_raw(b, "</nav>\n");
	}
	page_end(p);
	return 0;
}

/* The customer of id, or 404 (another tenant's, or none). */
static int
customer_of(struct req *r, int64_t id, struct staff_doc_owner *c)
{
	int found, rc;

	if (id == 0)
		return 404;
	if ((rc = store_staff_doc_customer(&r->arena, r->tenant->id, id, c, &found)) !=
	    DB_OK)
		return status_for_db(rc);
	return found ? 0 : 404;
}

/* The uploaded file's type: its media type without parameters, else octet. */
static const char *
upload_type(struct req *r, const char *t)
{
	size_t n = strcspn(t, "; \t");

	return n == 0 || n > 127 ? OCTET : arena_strndup(&r->arena, t, n);
}

/*
 * The form's file renamed into place and saved as in says: 0 after the redirect,
 * or the status of a refusal with its sentence in *error (the file removed).
 */
static int
upload_save(struct req *r, struct resp *p, struct document_upload *in,
    const char *done, const char **error)
{
	struct upload *up = r->upload;
	struct document_file f = { 0 };
	struct change_result out;
	struct actor who;
	const char *old;
	char sha_hex[65], loc[96];
	int rc;

	*error = NULL;
	if (up == NULL || up->filename[0] == '\0') {
		*error = "Choose the file to upload.";
		return 400;
	}
	in->file_name = up->filename;
	in->content_type = upload_type(r, up->content_type);
	f.size = up->t.size;
	if (doc_tmp_keep(r, &up->t, FILE_STEM, &f.storage_path, sha_hex) != 0)
		return 500;
	f.sha256 = sha_hex;
	in->file = &f;
	page_actor(r, &who);
	if ((rc = change_document_upload(&who, in, &old, &out)) != CHANGE_OK) {
		doc_unlink(r, f.storage_path);
		if (rc == CHANGE_INVALID)
			*error = out.text != NULL ? out.text :
			    arena_strdup(&r->arena, out.msg);
		return status_for_change(rc);
	}
	doc_unlink(r, old);	/* committed: the file the row no longer names */
	snprintf(loc, sizeof(loc), "/staff/documents?customer=%lld&done=%s",
	    (long long)in->customer_id, done);
	resp_redirect(p, 303, loc);
	return 0;
}

/* POST /staff/documents: a new document of a customer. */
static int
upload_new(struct req *r, struct resp *p)
{
	struct input_val v[UK__MAX];
	struct staff_doc_owner c;
	struct upload_in in;
	struct document_upload d = { 0 };
	const char *error, *vis;
	int rc;

	input_read(r, INPUT_FORM, upload_keys, UK__MAX, v);
	if ((rc = customer_of(r, in_int(&v[UK_CUSTOMER]), &c)) != 0)
		return rc;
	vis = in_str(&v[UK_VISIBILITY]);
	in.customer = c.id;
	in.property = in_int(&v[UK_PROPERTY]);
	in.title = in_str(&v[UK_TITLE]);
	in.is_private = vis == NULL || strcmp(vis, "public") != 0;
	if (v[UK_PROPERTY].st == INPUT_BAD)
		return 404;
	if (in.title == NULL || (vis != NULL && strcmp(vis, "public") != 0 &&
	    strcmp(vis, "private") != 0)) {
		p->status = 400;
		return docs_page(r, p, &c, &in, "Give the document a title of 1 to 200 "
		    "characters on one line, and choose public or private.");
	}
	d.customer_id = c.id;
	d.property_id = in.property;
	d.title = in.title;
	d.is_private = in.is_private;
	if ((rc = upload_save(r, p, &d, "uploaded", &error)) == 0)
		return 0;
	if (error == NULL)
		return rc;
	resp_reset(p);
	p->status = rc;
	docs_page(r, p, &c, &in, error);
	p->status = rc;
	return 0;
}

int
handle_staff_documents(struct req *r, struct resp *p)
{
	struct input_val k[DK__MAX];
	struct staff_doc_owner c;
	int rc;

	if (page_need_staff(r, p) == NULL)
		return 0;
	if (r->method == METHOD_POST)
		return upload_new(r, p);
	input_read(r, INPUT_QUERY, docs_keys, DK__MAX, k);
	if (k[DK_CUSTOMER].st == INPUT_BAD)
		return 404;
	if (k[DK_CUSTOMER].st == INPUT_ABSENT)
		return docs_page(r, p, NULL, NULL, NULL);
	if ((rc = customer_of(r, in_int(&k[DK_CUSTOMER]), &c)) != 0)
		return rc;
	return docs_page(r, p, &c, NULL, NULL);
}

/* POST /staff/documents/ID (a new file) and /staff/documents/ID/delete. */
int
handle_staff_document(struct req *r, struct resp *p)
{
	struct document_upload d = { 0 };
	struct change_result out;
	struct staff_doc_owner c;
	struct document_xid row;
	struct actor who;
	const char *rest, *path, *error;
	char loc[96];
	int found, rc;

	if (page_need_staff(r, p) == NULL)
		return 0;
	if ((d.id = input_path_id(r, "/staff/documents/", &rest)) == 0)
		return 404;
	if ((rc = store_document_by_id(&r->arena, r->tenant->id, d.id, 0, &row,
	    &found)) != DB_OK)
		return status_for_db(rc);
	if (!found)
		return 404;
	d.customer_id = row.customer_id;
	d.title = row.title;	/* kept, and checked again with the new file */
	if (strcmp(rest, "/delete") == 0) {
		if (!page_confirmed(r)) {
			char what[400];

			snprintf(loc, sizeof(loc), "/staff/documents?customer=%lld",
			    (long long)row.customer_id);
			snprintf(what, sizeof(what), "The document \xe2\x80\x9c%s\xe2\x80\x9d "
			    "and its file are deleted; the customer no longer sees it.",
			    row.title);
			return page_confirm(r, p, "Delete this document?", what, "Delete",
			    loc);
		}
		page_actor(r, &who);
		if ((rc = change_document_remove(&who, d.id, &path, &out)) != CHANGE_OK)
			return status_for_change(rc);
		doc_unlink(r, path);
		snprintf(loc, sizeof(loc), "/staff/documents?customer=%lld&done=deleted",
		    (long long)row.customer_id);
		resp_redirect(p, 303, loc);
		return 0;
	}
	if (rest[0] != '\0')
		return 404;
	if ((rc = upload_save(r, p, &d, "replaced", &error)) == 0 || error == NULL)
		return rc;
	if ((rc = customer_of(r, row.customer_id, &c)) != 0)
		return rc;
	resp_reset(p);
	docs_page(r, p, &c, NULL, error);
	p->status = 400;
	return 0;
}
