/* porch — SPDX-License-Identifier: MIT
 * The resources of the tenant API, table-driven: a resource is one struct
 * api_resource (its path word, its JSON input table, and four functions: read one,
 * list a page, create-or-replace, delete) and two routes; api_resource_serve() does
 * the rest for every resource alike: the external id in the path, the methods,
 * the cursor and limit of lists, the JSON body checked against the table, the
 * answers and the errors. docs/DESIGN.md, "Tenant API", says how to add one.
 */
#ifndef PORCH_API_RESOURCE_H
#define PORCH_API_RESOURCE_H

#include <stddef.h>

#include <jansson.h>

#include "api.h"
#include "change.h"

#define API_PREFIX		"/api/v1/"
#define API_LIST_DEFAULT	100
#define API_LIST_MAX		500

/* One API request on a resource: the request, its tenant and the key as actor. */
struct api_call {
	struct req	*r;
	struct arena	*a;		/* the request's arena */
	int64_t		 tenant;
	struct actor	 who;		/* the key, as the actor of changes */
	int		 no_item;	/* a put does not read its item back (the
					 * batch's ?echo=false) */
};

struct store_xid_kind;

/*
 * A resource: its rows as the store reads them by external id (store.h: one
 * look-up, one page, one struct) and its JSON writer of one row; its input table;
 * and its two writes, each one change function. api_resource_serve() does the rest.
 */
/* c for request r (after api_gate()): its tenant, arena and key as actor. */
void	api_call_init(struct api_call *c, struct req *r);

struct api_resource {
	const char		*name;		/* path word: /api/v1/NAME/{external_id} */
	const struct api_field	*fields;	/* the JSON object a PUT sends (without
						 * external_id, which the path gives) */
	size_t			 nfields;
	const struct store_xid_kind *rows;	/* its rows, read by external id */
	/* One row (a struct of rows->size bytes) as JSON: a new reference. */
	json_t	*(*json)(const void *row);
	/* Creates or replaces xid from in[0..nfields) (checked against fields), through
	 * one change function: its CHANGE_* outcome, *created 1 for a new row. */
	int	(*put)(struct api_call *c, const char *xid, const struct api_value *in,
		    int *created, struct change_result *out);
	/*
	 * A group of puts at once (the batch), or NULL: lines l[0..n), line j with
	 * external id xid[at[j]] and values in[j], each turned into the kind's input
	 * (l[j].in, xid, parent_xid) and written through one set-wise change
	 * function (change.h, change_put_set()) inside the caller's transaction;
	 * the outcome of each in l[j]. DB_OK, or a DB_* error: nothing of the group
	 * may be kept, its lines are put one by one.
	 */
	int	(*put_set)(struct api_call *c, size_t n, const char *const *xid,
		    const size_t *at, struct api_value *const *in,
		    struct change_set_line *l);
	/* Deletes xid through one change function: its CHANGE_* outcome. */
	int	(*del)(struct api_call *c, const char *xid, struct change_result *out);
	/* del also acts outside the database (removes a file) once its transaction
	 * commits: the batch runs it in a transaction of its own, not in a group. */
	int	 del_outside;
	/*
	 * A resource whose JSON is more than one row (a statement and its lines)
	 * reads itself: these, when set, stand for the reads through rows and json.
	 */
	int	(*get)(struct api_call *c, const char *xid, json_t **out);
	int	(*list)(struct api_call *c, const char *after, size_t limit,
		    json_t *items);
};

/*
 * Every resource, each defined in its file under handlers/api/ (api_customers.c
 * defines customers and contacts), and api_resources[] (api_resource.c), the one
 * list the batch and the CSV import look them up in by name.
 */
extern const struct api_resource api_customers;
extern const struct api_resource api_contacts;
extern const struct api_resource api_properties;
extern const struct api_resource api_bookings;
extern const struct api_resource api_blocks;
extern const struct api_resource api_notes;

extern const struct api_resource *const api_resources[];
extern const size_t api_nresources;

/* The resource whose path word is name, or NULL. */
const struct api_resource	*api_resource_find(const char *name);

/* The item xid of res as JSON (a new reference) in *out, NULL when there is none.
 * DB_OK or a DB_* error. */
int	api_resource_get(struct api_call *c, const struct api_resource *res,
	    const char *xid, json_t **out);
/* Appends to items (a JSON array) at most limit items of res whose external ids
 * come after after ("" for the first), in external id order (byte order). DB_OK or
 * a DB_* error. */
int	api_resource_list(struct api_call *c, const struct api_resource *res,
	    const char *after, size_t limit, json_t *items);

/*
 * What one create-or-replace or delete came to, as the item's own route would
 * answer it: status 201 (created), 200 (replaced or unchanged) or 204 (deleted),
 * or an error's status with err set.
 */
struct api_outcome {
	int		 status;
	const char	*result;	/* "created", "replaced", "unchanged", "deleted";
					 * NULL for an error */
	json_t		*item;		/* a put's item as it now is (a new reference
					 * the caller json_decref()s), or NULL */
	struct api_err	 err;		/* status >= 400 */
};

/*
 * Creates or replaces xid of res from the JSON object obj (checked against
 * res->fields, errors named under the pointer base: "" for a request body,
 * "/data" for a batch line) through res->put, then reads the item back into
 * o->item (unless c->no_item). The one way the item routes, the batch and the CSV import write.
 * Returns o->status.
 */
int	api_item_put(struct api_call *c, const struct api_resource *res,
	    const char *xid, json_t *obj, const char *base, struct api_outcome *o);
/*
 * api_item_put() for n items of res at once, which has put_set (the batch's
 * groups): xid[i] and obj[i] as above, the outcomes in o[i]. The caller holds a
 * transaction and gives distinct external ids. DB_OK, or a DB_* error: the
 * transaction must be rolled back and the items put one by one (o is then
 * not what happened and is left unused; it holds no item to free).
 */
int	api_items_put_set(struct api_call *c, const struct api_resource *res,
	    size_t n, const char *const *xid, json_t *const *obj, const char *base,
	    struct api_outcome *o);
/* Deletes xid of res through res->del. Returns o->status. */
int	api_item_delete(struct api_call *c, const struct api_resource *res,
	    const char *xid, struct api_outcome *o);

/*
 * Serves r for resource res: GET API_PREFIX NAME (a page: ?after=CURSOR&limit=N,
 * answered {"items": [...], "next": CURSOR or null}); GET, PUT (201 created, 200
 * replaced or unchanged, with the item) and DELETE (204) of API_PREFIX NAME/XID.
 * Returns 0 with the answer in p.
 */
int	api_resource_serve(struct req *r, struct resp *p, const struct api_resource *res);

/* The resources, for the routes and the batch endpoint. */
extern const struct api_resource api_statements;
extern const struct api_resource api_documents;
extern const struct api_resource api_groups;
extern const struct api_resource api_users;

/*
 * The two routes of a resource (routes.c): its list, and its items by external id.
 * fn calls api_resource_serve() with the resource.
 */
#define API_RESOURCE_ROUTES(name, fn) \
	{ API_PREFIX name, METHOD_BIT(METHOD_GET), ROUTE_TENANT | ROUTE_API, fn }, \
	{ API_PREFIX name "/", METHOD_BIT(METHOD_GET) | METHOD_BIT(METHOD_PUT) | \
	    METHOD_BIT(METHOD_DELETE), ROUTE_TENANT | ROUTE_API | ROUTE_PREFIX, fn }

#endif
