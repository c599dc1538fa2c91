/* porch — SPDX-License-Identifier: MIT
 * One line of the tenant API's batch (POST /api/v1/batch, NDJSON): its parser, pure
 * code over bytes, unit-tested and fuzzed. A line is one JSON object:
 *   {"op": "put", "resource": NAME, "external_id": XID, "data": {...}}
 *   {"op": "delete", "resource": NAME, "external_id": XID}
 * The resource itself is looked up by the caller (api_resource_find()), and "data"
 * is checked against that resource's input table under the pointer "/data".
 */
#ifndef PORCH_API_BATCH_H
#define PORCH_API_BATCH_H

#include <stddef.h>

#include <jansson.h>

#include "api_json.h"

enum api_batch_op { API_BATCH_PUT, API_BATCH_DELETE };

struct api_batch_line {
	enum api_batch_op	 op;
	const char		*resource;	/* as sent (in the arena) */
	const char		*xid;		/* an external id (in the arena) */
	json_t			*data;		/* put: the object (a reference of root) */
	json_t			*root;		/* the line; the caller json_decref()s it */
};

/*
 * Parses line (len bytes, without its line break) into out: 0, or 400 with e naming
 * the field by its pointer ("/op", "/external_id", "/data", an unknown "/x"). On
 * success out->root is set; on failure nothing needs freeing.
 */
int	api_batch_parse(struct arena *a, const char *line, size_t len,
	    struct api_batch_line *out, struct api_err *e);

/* Is line (len bytes) empty or only blanks (space, tab, CR)? Such lines are skipped. */
int	api_batch_blank(const char *line, size_t len);

#endif
