/* porch — SPDX-License-Identifier: MIT
 * The tenant API's documents, by external id: their metadata as a resource, and
 * the file itself by PUT /api/v1/documents/{external_id}/file, streamed from the
 * request body into a temporary file under the tenant's documents directory,
 * hashed as it comes, and renamed into place only once complete. A cut-off or
 * refused upload leaves no file and no changed row. The portal serves files
 * through the web server (handlers/portal/portal_docs.c), so the API does not.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api_resource.h"
#include "crypto.h"
#include "handlers.h"
#include "log.h"
#include "store_papers.h"
#include "tenant.h"
#include "upload.h"

#define DOCUMENTS_WORD	"documents"
#define FILE_SUFFIX	"/file"
#define UPLOAD_DIR	"api"		/* under documents.dir/SLUG/ */

static const char *
visibility_rule(const char *s)
{
	return strcmp(s, "public") == 0 || strcmp(s, "private") == 0 ? NULL :
	    "visibility must be \"public\" or \"private\".";
}

enum document_field {
	DF_CUSTOMER, DF_PROPERTY, DF_TITLE, DF_FILE_NAME, DF_CONTENT_TYPE,
	DF_VISIBILITY, DF__MAX
};

static const struct api_field document_fields[DF__MAX] = {
	[DF_CUSTOMER] = { "customer", AF_XID, AF_REQUIRED, 0, 0, NULL },
	[DF_PROPERTY] = { "property", AF_XID, AF_NULLABLE, 0, 0, NULL },
	[DF_TITLE] = { "title", AF_STRING, AF_REQUIRED, 1, 200, NULL },
	[DF_FILE_NAME] = { "file_name", AF_STRING, AF_REQUIRED, 1, 255, NULL },
	[DF_CONTENT_TYPE] = { "content_type", AF_STRING, AF_NULLABLE, 3, 127, NULL },
	[DF_VISIBILITY] = { "visibility", AF_STRING, AF_REQUIRED, 0, 0,
	    visibility_rule },
};

static json_t *
document_json(const struct document_xid *d)
{
	json_t *file = d->storage_path[0] != '\0' ? json_pack("{s:I, s:o}", "size",
	    (json_int_t)d->size_bytes, "sha256", api_json_str(d->sha256)) : json_null();

	return json_pack("{s:s, s:o, s:o, s:s, s:s, s:s, s:s, s:o}", "external_id",
	    d->xid, "customer", api_json_str(d->customer_xid), "property",
	    api_json_str(d->property_xid), "title", d->title, "file_name",
	    d->file_name, "content_type", d->content_type, "visibility",
	    d->is_private ? "private" : "public", "file", file);
}

static int
document_get(struct api_call *c, const char *xid, json_t **out)
{
	struct document_xid row;
	int found, rc;

	*out = NULL;
	if ((rc = store_document_by_xid(c->a, c->tenant, xid, 0, &row, &found)) ==
	    DB_OK && found)
		*out = document_json(&row);
	return rc;
}

static int
document_list(struct api_call *c, const char *after, size_t limit, json_t *items)
{
	struct document_xid *rows;
	size_t n;
	int rc;

	if ((rc = store_documents_after(c->a, c->tenant, after, limit, &rows, &n)) !=
	    DB_OK)
		return rc;
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, document_json(&rows[i]));
	return DB_OK;
}

static int
document_put(struct api_call *c, const char *xid, const struct api_value *in,
    int *created, struct change_result *out)
{
	struct document_xid d = {
		.xid = (char *)xid, .customer_xid = (char *)in[DF_CUSTOMER].s,
		.property_xid = (char *)in[DF_PROPERTY].s,
		.title = (char *)in[DF_TITLE].s, .file_name = (char *)in[DF_FILE_NAME].s,
		.content_type = in[DF_CONTENT_TYPE].set ? (char *)in[DF_CONTENT_TYPE].s :
		    "application/octet-stream",
		.is_private = strcmp(in[DF_VISIBILITY].s, "private") == 0,
	};

	return change_document_put(&c->who, &d, created, out);
}

static int
document_del(struct api_call *c, const char *xid, struct change_result *out)
{
	const char *path;
	int rc;

	/* The row goes first, in its own transaction; its file after. */
	if ((rc = change_document_delete(&c->who, xid, &path, out)) == CHANGE_OK)
		doc_unlink(c->r, path);
	return rc;
}

const struct api_resource api_documents = {
	.name = DOCUMENTS_WORD, .fields = document_fields, .nfields = DF__MAX,
	.put = document_put, .del = document_del, .del_outside = 1,
	.get = document_get, .list = document_list,
};

static int
upload_sink(void *ctx, const char *data, size_t n)
{
	return doc_tmp_write(ctx, data, n);
}

/*
 * Receives the body into a new file under the tenant's directory: 0 with its
 * storage path (relative to documents.dir), size and SHA-256 (hex) in the arena,
 * or the status of the error in e, with nothing left on disk.
 */
static int
upload_receive(struct req *r, int64_t id, const char **rel, long long *size,
    char sha_hex[65], struct api_err *e)
{
	struct doc_tmp t;
	char stem[24];
	int rc;

	if (doc_tmp_open(r, UPLOAD_DIR, &t) < 0) {
		doc_tmp_drop(&t);
		return api_err_set(e, 500, "internal_error", NULL, "The file could not "
		    "be stored (request %s).", r->id);
	}
	rc = req_body_stream(r, r->cfg->api.upload_limit, upload_sink, &t, size);
	snprintf(stem, sizeof(stem), "%" PRId64, id);
	if (rc == 0)
		rc = doc_tmp_keep(r, &t, stem, rel, sha_hex);
	else
		doc_tmp_drop(&t);
	if (rc == 413)
		return api_err_set(e, 413, "payload_too_large", NULL, "The file is "
		    "larger than %d bytes (api.upload_limit).", r->cfg->api.upload_limit);
	if (rc == 400)
		return api_err_set(e, 400, "bad_request", NULL, "The body was cut "
		    "short; nothing was stored.");
	if (rc != 0)
		return api_err_set(e, 500, "internal_error", NULL, "The file could not "
		    "be stored (request %s).", r->id);
	return 0;
}

/* PUT /api/v1/documents/XID/file: the document's file, as the whole body. */
static int
serve_file(struct req *r, struct resp *p, const char *xid)
{
	struct api_call c = { .r = r, .a = &r->arena, .tenant = r->tenant->id };
	struct document_file f = { .xid = xid };
	struct document_xid d;
	struct change_result out;
	struct api_err e;
	const char *old;
	char sha_hex[65];
	long long size;
	json_t *item;
	int found, first, rc;

	if (r->method != METHOD_PUT) {
		api_err_set(&e, 405, "method_not_allowed", NULL, "A document's file is "
		    "sent with PUT; the portal serves it.");
		api_error(p, &e);
		resp_header(p, "Allow", "PUT");
		return 0;
	}
	/* The document first, so no body is stored for nothing. */
	if ((rc = store_document_by_xid(&r->arena, r->tenant->id, xid, 0, &d, &found)) !=
	    DB_OK)
		return status_for_db(rc);
	if (!found) {
		api_err_set(&e, 404, "not_found", NULL, "There is no item %s in "
		    "documents; PUT its metadata first.", xid);
		return api_error(p, &e);
	}
	if (upload_receive(r, d.id, &f.storage_path, &size, sha_hex, &e) != 0)
		return api_error(p, &e);
	f.size = size;
	f.sha256 = sha_hex;
	api_actor(r, &c.who);
	if ((rc = change_document_file(&c.who, &f, &first, &old, &out)) != CHANGE_OK) {
		doc_unlink(r, f.storage_path);
		return api_change_error(p, rc, &out);
	}
	doc_unlink(r, old);	/* committed: the file the row no longer names */
	if ((rc = document_get(&c, xid, &item)) != DB_OK)
		return status_for_db(rc);
	if (item == NULL)
		return 404;
	return api_send(p, first ? 201 : 200, item);
}

int
handle_api_documents(struct req *r, struct resp *p)
{
	size_t plen = strlen(API_PREFIX DOCUMENTS_WORD "/"), len = strlen(r->path);
	size_t slen = strlen(FILE_SUFFIX);
	char *xid;

	if (len > plen + slen && strncmp(r->path, API_PREFIX DOCUMENTS_WORD "/",
	    plen) == 0 && strcmp(r->path + len - slen, FILE_SUFFIX) == 0) {
		xid = arena_strndup(&r->arena, r->path + plen, len - plen - slen);
		if (api_xid_valid(xid))
			return serve_file(r, p, xid);
	}
	return api_resource_serve(r, p, &api_documents);
}
