/* porch — SPDX-License-Identifier: MIT
 * Owner statements (with their lines) and documents as the tenant's own system
 * sends them, by external id: create or replace (the same data again changes
 * nothing), a document's file, delete; the mail to the portal users who may see a
 * new one; and a portal user's choice of that mail (see change.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "api_json.h"
#include "change.h"
#include "date.h"
#include "mail.h"
#include "store.h"
#include "store_access.h"
#include "store_customers.h"
#include "store_papers.h"

static int
refuse_field(struct change_result *out, const char *field, const char *title,
    const char *sentence)
{
	out->field = field;
	return change_refuse(out, CHANGE_INVALID, title, "%s", sentence);
}

static int
xid_check(const char *xid, struct change_result *out)
{
	if (xid == NULL || !api_xid_valid(xid))
		return change_refuse(out, CHANGE_INVALID, "Not an external id",
		    "An external id is 1 to %d of A-Z a-z 0-9 . _ - : @ ~.", API_XID_MAX);
	return CHANGE_OK;
}

/*
 * The customer and optional property a statement or document names, by external
 * id, both locked until the change ends: *customer and *property (0: none), or
 * CHANGE_INVALID naming /customer or /property.
 */
static int
owner_resolve(const struct actor *who, const char *customer_xid,
    const char *property_xid, int64_t *customer, int64_t *property,
    struct change_result *out)
{
	struct customer_row c;
	int64_t owner;
	int found, rc;

	if ((rc = store_customer_by_xid(who->a, who->tenant, customer_xid, 1, &c,
	    &found)) != DB_OK)
		return rc;
	if (!found) {
		out->field = "/customer";
		return change_refuse(out, CHANGE_INVALID, "No such customer",
		    "There is no customer with external id %s.", customer_xid);
	}
	*customer = c.id;
	*property = 0;
	if (property_xid == NULL)
		return DB_OK;
	if ((rc = store_property_ref(who->a, who->tenant, property_xid, property, &owner,
	    &found)) != DB_OK)
		return rc;
	out->field = "/property";
	if (!found)
		return change_refuse(out, CHANGE_INVALID, "No such property",
		    "There is no property with external id %s.", property_xid);
	if (owner != c.id)
		return change_refuse(out, CHANGE_INVALID, "Another customer's property",
		    "Property %s belongs to another customer than %s.", property_xid,
		    customer_xid);
	out->field = NULL;
	return DB_OK;
}

/*
 * Mails everyone who may see the new statement (statement set) or document id of
 * customer (about property, 0: the whole customer) in the portal, by the portal's
 * own rules (store_docs.h), unless they turned such mail off; inside the caller's
 * transaction. A user without an address of their own is not mailed.
 */
static int
paper_notice(const struct actor *who, int statement, int64_t id, int64_t customer,
    int64_t property, const char *subject, const char *body)
{
	struct paper_reader *u;
	size_t n;
	int rc;

	if ((rc = store_paper_readers(who->a, who->tenant, statement, customer,
	    property, &u, &n)) != DB_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		struct statement_line *lines;
		struct statement st;
		struct document *d;
		struct access acc;
		size_t k;
		int found, seen = 0;

		if (u[i].addr == NULL || mail_addr_problem(u[i].addr) != NULL)
			continue;
		if ((rc = store_access_user(who->a, who->tenant, u[i].id, &acc, &found)) !=
		    DB_OK)
			return rc;
		if (!found)
			continue;
		if (statement)
			rc = store_statement_get(who->a, who->tenant, &acc, id, &st, &lines,
			    &k, &seen);
		else if ((rc = store_documents_visible(who->a, who->tenant, &acc, id, 0,
		    &d, &k)) == DB_OK)
			seen = k == 1;
		if (rc != DB_OK)
			return rc;
		if (seen && (rc = mail_enqueue(who->a, who->tenant, u[i].addr, "", subject,
		    body)) != DB_OK && rc != MAIL_INVALID)
			return rc;
	}
	return DB_OK;
}

/* The closing lines of a notice: where to look, and how to stop such mail. */
static void
notice_end(const struct actor *who, struct buf *body, const char *path)
{
	if (who->origin != NULL)
		buf_printf(body, "%s%s\n", who->origin, path);
	buf_puts(body, "\nYou get this mail because you may see it in the portal. "
	    "To stop such mail, turn it off on your Account page");
	if (who->origin != NULL)
		buf_printf(body, ": %s/account", who->origin);
	buf_puts(body, ".\n");
}

/* --- statements --- */

#define CURRENCY_LEN	3
#define LINE_TEXT_MAX	255	/* characters, as statement_lines.description */
#define CENTS_MAX	((int64_t)1 << 50)

static int
cents_ok(const int64_t c[FIN__MAX])
{
	for (int f = 0; f < FIN__MAX; f++)
		if (c[f] < -CENTS_MAX || c[f] > CENTS_MAX)
			return 0;
	return 1;
}

static int
statement_check(const struct actor *who, const struct statement_xid *in,
    struct change_result *out)
{
	char *at;
	long start, end, issued;
	int rc;

	if ((rc = xid_check(in->xid, out)) != CHANGE_OK)
		return rc;
	if (in->customer_xid == NULL || !api_xid_valid(in->customer_xid))
		return refuse_field(out, "/customer", "Customer needed", "A statement "
		    "names its customer by the customer's external id.");
	if (in->property_xid != NULL && !api_xid_valid(in->property_xid))
		return refuse_field(out, "/property", "Not an external id", "property "
		    "must be a property's external id, or null for the whole customer.");
	if (in->period_start == NULL || date_parse(in->period_start, &start) < 0)
		return refuse_field(out, "/period_start", "Not a day", "period_start "
		    "must be a day as YYYY-MM-DD.");
	if (in->period_end == NULL || date_parse(in->period_end, &end) < 0)
		return refuse_field(out, "/period_end", "Not a day", "period_end must be "
		    "a day as YYYY-MM-DD.");
	if (end < start)
		return refuse_field(out, "/period_end", "Period backwards", "period_end "
		    "must not be before period_start.");
	if (in->issued == NULL || date_parse(in->issued, &issued) < 0)
		return refuse_field(out, "/issued", "Not a day", "issued must be a day "
		    "as YYYY-MM-DD.");
	if (in->currency == NULL || strlen(in->currency) != CURRENCY_LEN ||
	    strspn(in->currency, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != CURRENCY_LEN)
		return refuse_field(out, "/currency", "Not a currency", "currency must be "
		    "three capital letters (ISO 4217), like EUR.");
	if (!cents_ok(in->cents))
		return refuse_field(out, NULL, "Amount too large", "An amount is out of "
		    "range.");
	for (size_t i = 0; i < in->nlines; i++)
		if (!change_line_ok(in->lines[i].description, LINE_TEXT_MAX, 1) ||
		    !cents_ok(in->lines[i].cents)) {
			at = arena_alloc(who->a, 32);
			snprintf(at, 32, "/lines/%zu", i);
			out->field = at;
			return change_refuse(out, CHANGE_INVALID, "Not a line", "Line %zu "
			    "needs a description of 1 to %d characters on one line and "
			    "amounts in range.", i, LINE_TEXT_MAX);
		}
	return CHANGE_OK;
}

static int
lines_differ(const struct statement_xid *a, const struct statement_xid *b)
{
	if (a->nlines != b->nlines)
		return 1;
	for (size_t i = 0; i < a->nlines; i++)
		if (strcmp(a->lines[i].description, b->lines[i].description) != 0 ||
		    memcmp(a->lines[i].cents, b->lines[i].cents,
		    sizeof(a->lines[i].cents)) != 0)
			return 1;
	return 0;
}

/* The mail about a new statement to those who may see it. */
static int
statement_notice(const struct actor *who, const struct statement_xid *s)
{
	char path[48], title[DATE_PERIOD_LEN];
	char first[DATE_HUMAN_LEN], last[DATE_HUMAN_LEN];
	struct buf subject, body;
	int rc;

	buf_init(&subject, 128);
	buf_init(&body, 512);
	date_period_title(s->period_start, s->period_end, title);
	date_human(s->period_start, first);
	date_human(s->period_end, last);
	buf_printf(&subject, "New owner statement: %s", title);
	buf_printf(&body, "Your owner statement for %s (%s to %s) is ready in your "
	    "portal.\n", title, first, last);
	if (who->origin != NULL)
		buf_printf(&body, "As a PDF: %s/portal/statements/%lld.pdf\n",
		    who->origin, (long long)s->id);
	buf_puts(&body, "\n");
	snprintf(path, sizeof(path), "/portal/statements/%lld", (long long)s->id);
	notice_end(who, &body, path);
	rc = paper_notice(who, 1, s->id, s->customer_id, s->property_id, subject.data,
	    body.data);
	buf_free(&subject);
	buf_free(&body);
	return rc;
}

/* Inside the transaction: the statement made or replaced, audited and mailed. */
static int
statement_apply(const struct actor *who, const struct statement_xid *in,
    int *created, struct change_result *out)
{
	struct statement_xid s, now = *in;
	char changed[160] = "";
	int found, rc;

	if ((rc = owner_resolve(who, in->customer_xid, in->property_xid,
	    &now.customer_id, &now.property_id, out)) != DB_OK)
		return rc;
	if ((rc = store_statement_by_xid(who->a, who->tenant, in->xid, 1, &s, &found)) !=
	    DB_OK)
		return rc;
	if (!found) {
		rc = store_statement_xid_add(who->a, who->tenant, &now, &now.id);
		if (rc == DB_CONFLICT)
			return change_raced(out);
		out->id = now.id;
		*created = 1;
		if (rc == DB_OK)
			rc = store_statement_lines_set(who->a, who->tenant, &now);
		if (rc == DB_OK)
			rc = change_audit(who, "statement.create", "statement", now.id,
			    in->xid);
		return rc != DB_OK ? rc : statement_notice(who, &now);
	}
	out->id = now.id = s.id;
	change_differs(changed, sizeof(changed), "customer", s.customer_id !=
	    now.customer_id);
	change_differs(changed, sizeof(changed), "property", s.property_id !=
	    now.property_id);
	change_differs(changed, sizeof(changed), "period", !change_same(s.period_start,
	    now.period_start) || !change_same(s.period_end, now.period_end));
	change_differs(changed, sizeof(changed), "issued", !change_same(s.issued, now.issued));
	change_differs(changed, sizeof(changed), "currency", !change_same(s.currency,
	    now.currency));
	change_differs(changed, sizeof(changed), "amounts", memcmp(s.cents, now.cents,
	    sizeof(s.cents)) != 0);
	change_differs(changed, sizeof(changed), "lines", lines_differ(&s, &now));
	if (changed[0] == '\0')
		return change_unchanged(out);
	if ((rc = store_statement_xid_update(who->a, who->tenant, &now)) != DB_OK)
		return rc;
	if (lines_differ(&s, &now) &&
	    (rc = store_statement_lines_set(who->a, who->tenant, &now)) != DB_OK)
		return rc;
	return change_audit(who, "statement.update", "statement", s.id, changed);
}

int
change_statement_put(const struct actor *who, const struct statement_xid *in,
    int *created, struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	*created = 0;
	if ((rc = statement_check(who, in, out)) != CHANGE_OK)
		return rc;
	STORE_TXN(rc, (change_rerun(out, created), statement_apply(who, in, created, out)));
	return rc;
}

static int
statement_remove(const struct actor *who, const char *xid, const char **path,
    struct change_result *out)
{
	struct statement_xid s;
	int found, rc;

	if ((rc = store_statement_by_xid(who->a, who->tenant, xid, 1, &s, &found)) !=
	    DB_OK)
		return rc;
	if (!found)
		return change_refuse(out, CHANGE_NOT_FOUND, "No such statement",
		    "There is no statement with external id %s.", xid);
	out->id = s.id;
	if ((rc = store_statement_xid_del(who->a, who->tenant, s.id)) != DB_OK)
		return rc;
	return change_audit(who, "statement.delete", "statement", s.id, xid);
}

/* remove(who, xid, path, out) in a transaction of its own. */
static int
delete_in_txn(const struct actor *who, const char *xid, const char **path,
    struct change_result *out, int (*remove)(const struct actor *, const char *,
    const char **, struct change_result *))
{
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = xid_check(xid, out)) != CHANGE_OK)
		return CHANGE_NOT_FOUND;
	STORE_TXN(rc, (change_rerun(out, NULL), remove(who, xid, path, out)));
	return rc;
}

int
change_statement_delete(const struct actor *who, const char *xid,
    struct change_result *out)
{
	return delete_in_txn(who, xid, NULL, out, statement_remove);
}

/* --- documents --- */

#define TITLE_MAX		200	/* characters, as documents.title */
#define FILE_NAME_MAX		255
#define CONTENT_TYPE_MAX	127	/* bytes */

/* "type/subtype" of token characters (RFC 9110), at most CONTENT_TYPE_MAX bytes. */
static int
content_type_ok(const char *t)
{
	static const char tok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789!#$&^_.+-";
	size_t a = strspn(t, tok);

	return strlen(t) <= CONTENT_TYPE_MAX && a > 0 && t[a] == '/' &&
	    t[a + 1] != '\0' && strspn(t + a + 1, tok) == strlen(t + a + 1);
}

static int document_meta_check(const char *, const char *, const char *,
    struct change_result *);

static int
document_check(const struct document_xid *in, struct change_result *out)
{
	int rc;

	if ((rc = xid_check(in->xid, out)) != CHANGE_OK)
		return rc;
	if (in->customer_xid == NULL || !api_xid_valid(in->customer_xid))
		return refuse_field(out, "/customer", "Customer needed", "A document "
		    "names its customer by the customer's external id.");
	if (in->property_xid != NULL && !api_xid_valid(in->property_xid))
		return refuse_field(out, "/property", "Not an external id", "property "
		    "must be a property's external id, or null for the whole customer.");
	return document_meta_check(in->title, in->file_name, in->content_type, out);
}

/* A document's title, file name and media type, however it came. */
static int
document_meta_check(const char *title, const char *file_name,
    const char *content_type, struct change_result *out)
{
	if (!change_line_ok(title, TITLE_MAX, 1))
		return refuse_field(out, "/title", "Title needed", "title must be 1 to "
		    "200 characters on one line.");
	if (!change_line_ok(file_name, FILE_NAME_MAX, 1) || strchr(file_name, '/') ||
	    strchr(file_name, '\\'))
		return refuse_field(out, "/file_name", "Not a file name", "file_name must "
		    "be 1 to 255 characters on one line, without / or \\.");
	if (content_type == NULL || !content_type_ok(content_type))
		return refuse_field(out, "/content_type", "Not a content type",
		    "content_type must be a media type like application/pdf.");
	return CHANGE_OK;
}

/* Inside the transaction: the document's metadata made or replaced, audited. */
static int
document_apply(const struct actor *who, const struct document_xid *in, int *created,
    struct change_result *out)
{
	struct document_xid d, now = *in;
	char changed[160] = "";
	int found, rc;

	if ((rc = owner_resolve(who, in->customer_xid, in->property_xid,
	    &now.customer_id, &now.property_id, out)) != DB_OK)
		return rc;
	if ((rc = store_document_by_xid(who->a, who->tenant, in->xid, 1, &d, &found)) !=
	    DB_OK)
		return rc;
	if (!found) {
		rc = store_document_xid_add(who->a, who->tenant, &now, &out->id);
		if (rc == DB_CONFLICT)
			return change_raced(out);
		*created = 1;
		/* No mail yet: the document is new to its readers when its file is
		 * there (change_document_file()). */
		return rc != DB_OK ? rc : change_audit(who, "document.create", "document",
		    out->id, in->xid);
	}
	out->id = now.id = d.id;
	change_differs(changed, sizeof(changed), "customer", d.customer_id !=
	    now.customer_id);
	change_differs(changed, sizeof(changed), "property", d.property_id !=
	    now.property_id);
	change_differs(changed, sizeof(changed), "title", !change_same(d.title, now.title));
	change_differs(changed, sizeof(changed), "file_name", !change_same(d.file_name,
	    now.file_name));
	change_differs(changed, sizeof(changed), "content_type", !change_same(d.content_type,
	    now.content_type));
	change_differs(changed, sizeof(changed), "visibility", d.is_private !=
	    now.is_private);
	if (changed[0] == '\0')
		return change_unchanged(out);
	if ((rc = store_document_xid_update(who->a, who->tenant, &now)) != DB_OK)
		return rc;
	return change_audit(who, "document.update", "document", d.id, changed);
}

int
change_document_put(const struct actor *who, const struct document_xid *in,
    int *created, struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	*created = 0;
	if ((rc = document_check(in, out)) != CHANGE_OK)
		return rc;
	STORE_TXN(rc, (change_rerun(out, created), document_apply(who, in, created, out)));
	return rc;
}

/* The mail about a document whose file has just come. */
static int
document_notice(const struct actor *who, const struct document_xid *d)
{
	struct buf subject, body;
	int rc;

	buf_init(&subject, 128);
	buf_init(&body, 512);
	buf_puts(&subject, "New document: ");
	mail_one_line(&subject, d->title, MAIL_QUOTE_MAX);
	buf_puts(&body, "A new document is in your portal: ");
	mail_one_line(&body, d->title, MAIL_QUOTE_MAX);
	buf_puts(&body, ".\n\n");
	notice_end(who, &body, "/portal/documents");
	rc = paper_notice(who, 0, d->id, d->customer_id, d->property_id, subject.data,
	    body.data);
	buf_free(&subject);
	buf_free(&body);
	return rc;
}

static int file_set(const struct actor *, struct document_xid *,
    const struct document_file *, int *, const char **, struct change_result *);

/* Inside the transaction: the file's path, size and hash saved over the row. */
static int
file_apply(const struct actor *who, const struct document_file *in, int *first,
    const char **old, struct change_result *out)
{
	struct document_xid d;
	int found, rc;

	if ((rc = store_document_by_xid(who->a, who->tenant, in->xid, 1, &d, &found)) !=
	    DB_OK)
		return rc;
	if (!found)
		return change_refuse(out, CHANGE_NOT_FOUND, "No such document",
		    "There is no document with external id %s.", in->xid);
	return file_set(who, &d, in, first, old, out);
}

/* Inside the transaction: d (locked) pointed at the file in. */
static int
file_set(const struct actor *who, struct document_xid *dp,
    const struct document_file *in, int *first, const char **old,
    struct change_result *out)
{
	struct document_xid d = *dp;
	char detail[120];
	int rc;

	out->id = d.id;
	if (d.sha256 != NULL && d.storage_path[0] != '\0' &&
	    strcmp(d.sha256, in->sha256) == 0 && d.size_bytes == in->size) {
		*old = in->storage_path;	/* the same file again: drop the new copy */
		return DB_OK;
	}
	*first = d.storage_path[0] == '\0';
	*old = d.storage_path[0] != '\0' ? d.storage_path : NULL;
	d.storage_path = (char *)in->storage_path;
	d.size_bytes = in->size;
	d.sha256 = (char *)in->sha256;
	if ((rc = store_document_file_set(who->a, who->tenant, &d)) != DB_OK)
		return rc;
	snprintf(detail, sizeof(detail), "size=%lld sha256=%.16s", (long long)in->size,
	    in->sha256);
	if ((rc = change_audit(who, "document.file", "document", d.id, detail)) != DB_OK)
		return rc;
	return *first ? document_notice(who, &d) : DB_OK;
}

int
change_document_file(const struct actor *who, const struct document_file *in,
    int *first, const char **old, struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	*first = 0;
	*old = NULL;
	if ((rc = xid_check(in->xid, out)) != CHANGE_OK)
		return CHANGE_NOT_FOUND;
	STORE_TXN(rc, (change_rerun(out, NULL), file_apply(who, in, first, old, out)));
	return rc;
}

static int document_drop(const struct actor *, const struct document_xid *,
    const char **, struct change_result *);

static int
document_remove(const struct actor *who, const char *xid, const char **path,
    struct change_result *out)
{
	struct document_xid d;
	int found, rc;

	if ((rc = store_document_by_xid(who->a, who->tenant, xid, 1, &d, &found)) !=
	    DB_OK)
		return rc;
	if (!found)
		return change_refuse(out, CHANGE_NOT_FOUND, "No such document",
		    "There is no document with external id %s.", xid);
	return document_drop(who, &d, path, out);
}

/* Inside the transaction: the locked document d deleted. */
static int
document_drop(const struct actor *who, const struct document_xid *d,
    const char **path, struct change_result *out)
{
	int rc;

	out->id = d->id;
	if ((rc = store_document_xid_del(who->a, who->tenant, d->id)) != DB_OK)
		return rc;
	*path = d->storage_path[0] != '\0' ? d->storage_path : NULL;
	return change_audit(who, "document.delete", "document", d->id,
	    d->xid != NULL ? d->xid : d->title);
}

int
change_document_delete(const struct actor *who, const char *xid, const char **path,
    struct change_result *out)
{
	*path = NULL;
	return delete_in_txn(who, xid, path, out, document_remove);
}

/* --- documents by row id, file and all (the staff pages) --- */

/* Inside the transaction: a new document of in's owner with its file. */
static int
upload_create(const struct actor *who, const struct document_upload *in,
    struct change_result *out)
{
	struct document_xid d = {
		.customer_id = in->customer_id, .property_id = in->property_id,
		.title = (char *)in->title, .file_name = (char *)in->file_name,
		.content_type = (char *)in->content_type, .is_private = in->is_private,
		.storage_path = (char *)in->file->storage_path,
		.size_bytes = in->file->size, .sha256 = (char *)in->file->sha256,
	};
	char detail[120];
	int64_t owner;
	int found, rc;

	if ((rc = store_document_owner_lock(who->a, who->tenant, in->customer_id,
	    in->property_id, &owner, &found)) != DB_OK)
		return rc;
	if (!found || owner != in->customer_id)
		return change_refuse(out, CHANGE_NOT_FOUND, in->property_id != 0 ?
		    "No such property" : "No such customer", "There is no such %s of "
		    "this customer.", in->property_id != 0 ? "property" : "customer");
	if ((rc = store_document_xid_add(who->a, who->tenant, &d, &d.id)) != DB_OK)
		return rc;
	out->id = d.id;
	if ((rc = store_document_file_set(who->a, who->tenant, &d)) != DB_OK)
		return rc;
	snprintf(detail, sizeof(detail), "size=%lld sha256=%.16s",
	    (long long)in->file->size, in->file->sha256);
	if ((rc = change_audit(who, "document.create", "document", d.id, detail)) !=
	    DB_OK)
		return rc;
	return document_notice(who, &d);
}

/* Inside the transaction: document in->id's file replaced by in's. */
static int
upload_replace(const struct actor *who, const struct document_upload *in,
    const char **old, struct change_result *out)
{
	struct document_xid d;
	int found, first, rc;

	if ((rc = store_document_by_id(who->a, who->tenant, in->id, 1, &d, &found)) !=
	    DB_OK)
		return rc;
	if (!found)
		return change_refuse(out, CHANGE_NOT_FOUND, "No such document",
		    "There is no such document.");
	/* The new file's own name and type go with it. */
	if (strcmp(d.file_name, in->file_name) != 0 ||
	    strcmp(d.content_type, in->content_type) != 0) {
		d.file_name = (char *)in->file_name;
		d.content_type = (char *)in->content_type;
		if ((rc = store_document_xid_update(who->a, who->tenant, &d)) != DB_OK)
			return rc;
		d.sha256 = NULL;	/* not the same file, whatever its bytes */
	}
	return file_set(who, &d, in->file, &first, old, out);
}

int
change_document_upload(const struct actor *who, const struct document_upload *in,
    const char **old, struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	*old = NULL;
	if (in->id == 0 && in->customer_id <= 0)
		return change_refuse(out, CHANGE_NOT_FOUND, "No such customer",
		    "There is no such customer.");
	if ((rc = document_meta_check(in->title, in->file_name, in->content_type,
	    out)) != CHANGE_OK)
		return rc;
	STORE_TXN(rc, (change_rerun(out, NULL), in->id == 0 ? upload_create(who, in, out) :
		    upload_replace(who, in, old, out)));
	return rc;
}

static int
remove_by_id(const struct actor *who, int64_t id, const char **path,
    struct change_result *out)
{
	struct document_xid d;
	int found, rc;

	if ((rc = store_document_by_id(who->a, who->tenant, id, 1, &d, &found)) != DB_OK)
		return rc;
	if (!found)
		return change_refuse(out, CHANGE_NOT_FOUND, "No such document",
		    "There is no such document.");
	return document_drop(who, &d, path, out);
}

int
change_document_remove(const struct actor *who, int64_t id, const char **path,
    struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	*path = NULL;
	STORE_TXN(rc, (change_rerun(out, NULL), remove_by_id(who, id, path, out)));
	return rc;
}

/* --- the portal user's choice of mail --- */

/* Inside the transaction: the portal user's mail choices, and the audit entry. */
static int
mail_prefs_apply(const struct actor *who, int statements, int documents)
{
	int was_st, was_doc, found, rc;
	char detail[64];

	rc = store_mail_prefs_get(who->a, who->tenant, who->id, &was_st, &was_doc,
	    &found);
	if (rc == DB_OK && !found)
		rc = CHANGE_NOT_FOUND;
	if (rc == DB_OK && (was_st != (statements != 0) ||
	    was_doc != (documents != 0))) {
		snprintf(detail, sizeof(detail), "statements=%s documents=%s",
		    statements ? "on" : "off", documents ? "on" : "off");
		rc = store_mail_prefs_set(who->a, who->tenant, who->id, statements,
		    documents);
		if (rc == DB_OK)
			rc = change_audit(who, "account.mail", "portal_user", who->id,
			    detail);
	}
	return rc;
}

int
change_mail_prefs(const struct actor *who, int statements, int documents,
    struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	STORE_TXN(rc, mail_prefs_apply(who, statements, documents));
	return rc;
}
