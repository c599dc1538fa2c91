/* porch — SPDX-License-Identifier: MIT
 * CSV import of the tenant API's resources, for tenants without an API client
 * (porchctl import, /staff/import): each row becomes the resource's JSON object by
 * the header's names and goes through api_item_put(), the same input table, change
 * function and transaction as PUT /api/v1/RESOURCE/{external_id}. Each row is
 * applied or refused whole; a refused row is reported and the next one goes on.
 */
#ifndef PORCH_API_IMPORT_H
#define PORCH_API_IMPORT_H

#include "api_resource.h"

struct api_import_counts {
	size_t	 created, replaced, unchanged, refused;
};

/*
 * Called for each row: line is where the row starts in the file (the header is line
 * 1), xid its external id ("" when it has none), o what came of it (o->result, or
 * o->err with the field's pointer).
 */
typedef void	(*api_import_report)(void *arg, size_t line, const char *xid,
		    const struct api_outcome *o);

/*
 * Imports the CSV text (len bytes) as items of res for c's tenant and actor. The
 * first record names the columns: external_id and the resource's JSON fields, in
 * any order; an empty cell is a field not sent. Returns 0 with the counts in *n, or
 * 400 with e (nothing imported) when the header is not one: a column that is no
 * field of res, a name twice, no external_id column.
 */
int	api_import_csv(struct api_call *c, const struct api_resource *res,
	    const char *text, size_t len, api_import_report report, void *arg,
	    struct api_import_counts *n, struct api_err *e);

#endif
