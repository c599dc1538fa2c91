/* porch — SPDX-License-Identifier: MIT
 * The batch line parser (see api_batch.h).
 */
#include "config.h"

#include <string.h>

#include "api_batch.h"

/* A rule of the line's table: the two operations. */
static const char *
op_rule(const char *s)
{
	return strcmp(s, "put") == 0 || strcmp(s, "delete") == 0 ? NULL :
	    "op must be \"put\" or \"delete\".";
}

enum line_field { LF_OP, LF_RESOURCE, LF_XID, LF__MAX };

/* The line without "data", which is read against the resource's own table. */
static const struct api_field line_fields[LF__MAX] = {
	[LF_OP] = { "op", AF_STRING, AF_REQUIRED, 1, 10, op_rule },
	[LF_RESOURCE] = { "resource", AF_STRING, AF_REQUIRED, 1, 64, NULL },
	[LF_XID] = { "external_id", AF_XID, AF_REQUIRED, 0, 0, NULL },
};

int
api_batch_blank(const char *line, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
			return 0;
	return 1;
}

int
api_batch_parse(struct arena *a, const char *line, size_t len,
    struct api_batch_line *out, struct api_err *e)
{
	struct api_value v[LF__MAX];
	json_t *root, *data;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = api_json_parse(line, len, &root, e)) != 0)
		return rc;
	/* "data" is the resource's; the rest is the line's own table. */
	data = json_incref(json_object_get(root, "data"));
	json_object_del(root, "data");
	if ((rc = api_json_read(a, root, "", line_fields, LF__MAX, v, e)) != 0)
		goto fail;
	out->op = strcmp(v[LF_OP].s, "put") == 0 ? API_BATCH_PUT : API_BATCH_DELETE;
	if (out->op == API_BATCH_PUT && !json_is_object(data)) {
		rc = api_err_set(e, 400, data == NULL ? "missing_field" : "wrong_type",
		    "/data", "A put carries its item as the object data.");
		goto fail;
	}
	if (out->op == API_BATCH_DELETE && data != NULL) {
		rc = api_err_set(e, 400, "unknown_field", "/data", "A delete carries no "
		    "data.");
		goto fail;
	}
	out->resource = v[LF_RESOURCE].s;
	out->xid = v[LF_XID].s;
	/* The line keeps data alive through root. */
	if (data != NULL) {
		json_object_set_new(root, "data", data);
		data = NULL;
	}
	out->data = json_object_get(root, "data");
	out->root = root;
	return 0;
fail:
	json_decref(data);
	json_decref(root);
	return rc;
}
