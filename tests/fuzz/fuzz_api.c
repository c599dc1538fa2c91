/* porch — SPDX-License-Identifier: MIT
 * libFuzzer target for the tenant API's JSON request handling: a batch line
 * (api_batch_parse()) whose data is then read against its resource's input table
 * (api_json_read() with the real tables of api_resources[]), a JSON body read
 * against each table, and the CSV reader of imports. The first byte picks which.
 * Checks what must hold whatever the input: an error has a status of 400 and a
 * field that is empty or a JSON pointer; a value that passed is of its type; the
 * CSV reader moves forward and stays within its bounds.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api_batch.h"
#include "api_resource.h"
#include "csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An error as api_json_read() and api_batch_parse() must make it. */
static void
err_ok(int rc, const struct api_err *e)
{
	if (rc != 0 && (rc != 400 || e->status != 400 || e->code == NULL ||
	    (e->field[0] != '\0' && e->field[0] != '/')))
		abort();
}

/* obj against res's table under base; what passed is of its type. */
static void
read_item(struct arena *a, const struct api_resource *res, json_t *obj,
    const char *base)
{
	struct api_value in[64];
	struct api_err e;
	int rc;

	if (res->nfields > 64)
		abort();
	rc = api_json_read(a, obj, base, res->fields, res->nfields, in, &e);
	err_ok(rc, &e);
	if (rc != 0)
		return;
	for (size_t i = 0; i < res->nfields; i++) {
		if ((res->fields[i].flags & AF_REQUIRED) && !in[i].set)
			abort();
		if (!in[i].set)
			continue;
		switch (res->fields[i].type) {
		case AF_STRING:
		case AF_TEXT:
		case AF_DATE:
			if (in[i].s == NULL || !utf8_valid(in[i].s, strlen(in[i].s)))
				abort();
			break;
		case AF_XID:
			if (in[i].s == NULL || !api_xid_valid(in[i].s))
				abort();
			break;
		case AF_INT:
			if (in[i].i < res->fields[i].min || in[i].i > res->fields[i].max)
				abort();
			break;
		case AF_WORDS:
			/* Each word passed its rule (a name of a catalog). */
			for (int64_t k = 0; k < in[i].i; k++)
				if (in[i].items[k].s == NULL || (res->fields[i].rule != NULL &&
				    res->fields[i].rule(in[i].items[k].s) != NULL))
					abort();
			break;
		default:
			break;
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena a;
	const struct api_resource *res;
	struct api_batch_line l;
	struct csv_reader rd;
	struct api_err e;
	json_t *root;
	char **cells;
	size_t n, before;
	int rc;

	if (size < 2)
		return 0;
	switch (data[0] % 3) {
	case 0:
		rc = api_batch_parse(&a, (const char *)data + 1, size - 1, &l, &e);
		err_ok(rc, &e);
		if (rc != 0)
			break;
		if (!api_xid_valid(l.xid) || (l.op == API_BATCH_PUT) != (l.data != NULL))
			abort();
		if ((res = api_resource_find(l.resource)) != NULL && l.data != NULL)
			read_item(&a, res, l.data, "/data");
		json_decref(l.root);
		break;
	case 1:
		res = api_resources[data[1] % api_nresources];
		rc = api_json_parse((const char *)data + 2, size - 2, &root, &e);
		err_ok(rc, &e);
		if (rc == 0) {
			read_item(&a, res, root, "");
			json_decref(root);
		}
		break;
	default:
		memset(&rd, 0, sizeof(rd));
		rd.s = (const char *)data + 1;
		rd.len = size - 1;
		for (;;) {
			before = rd.pos;
			if ((rc = csv_read(&rd, &a, &cells, &n)) == 0)
				break;
			if (rd.pos <= before || rd.pos > rd.len || n > CSV_FIELDS_MAX)
				abort();
			for (size_t i = 0; rc == 1 && i < n; i++)
				if (strlen(cells[i]) > rd.len)
					abort();
		}
		break;
	}
	arena_reset(&a);
	return 0;
}
