/* porch — SPDX-License-Identifier: MIT
 * What every resource of the tenant API shares (see api_resource.h): paths, methods,
 * cursors, the body against the input table, answers and errors.
 */
#include "config.h"

#include <string.h>

#include "api_resource.h"
#include "db.h"
#include "input.h"
#include "router.h"
#include "store.h"
#include "tenant.h"

/* The query of a list. */
enum list_key { LK_AFTER, LK_LIMIT, LK__MAX };

static const struct input_key list_keys[LK__MAX] = {
	[LK_AFTER] = { "after", IN_RAW, 0, 0, API_XID_MAX },
	[LK_LIMIT] = { "limit", IN_INT, 0, 1, API_LIST_MAX },
};

/* A 400 about the query parameter name. */
static int
bad_param(struct resp *p, const char *name, const char *why)
{
	struct api_err e;

	api_err_set(&e, 400, "invalid_parameter", NULL, "%s: %s", name, why);
	return api_error(p, &e);
}

/* A 404 naming the resource and the id. */
static int
not_found(struct resp *p, const struct api_resource *res, const char *xid)
{
	struct api_err e;

	api_err_set(&e, 404, "not_found", NULL, "There is no item %s in %s.", xid,
	    res->name);
	return api_error(p, &e);
}

int
api_resource_get(struct api_call *c, const struct api_resource *res, const char *xid,
    json_t **out)
{
	void *row;
	int found, rc;

	if (res->get != NULL)
		return res->get(c, xid, out);
	row = arena_alloc(c->a, res->rows->size);
	*out = NULL;
	if ((rc = store_xid_get(c->a, res->rows, c->tenant, xid, 0, row, &found)) ==
	    DB_OK && found)
		*out = res->json(row);
	return rc;
}

int
api_resource_list(struct api_call *c, const struct api_resource *res,
    const char *after, size_t limit, json_t *items)
{
	char *rows;
	size_t n;
	int rc;

	if (res->list != NULL)
		return res->list(c, after, limit, items);
	if ((rc = store_xid_after(c->a, res->rows, c->tenant, after, limit,
	    (void **)&rows, &n)) != DB_OK)
		return rc;
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, res->json(rows + i * res->rows->size));
	return DB_OK;
}

static int
serve_list(struct api_call *c, struct resp *p, const struct api_resource *res)
{
	struct input_val in[LK__MAX];
	const struct kvlist *q = &c->r->query;
	const char *after;
	json_t *items, *last;
	size_t limit, n;
	int rc;

	/* Only the parameters of a list: a typo is refused, not ignored. */
	for (size_t i = 0; i < q->n; i++)
		if (strcmp(q->v[i].key, "after") != 0 && strcmp(q->v[i].key, "limit") != 0)
			return bad_param(p, q->v[i].key, "not a parameter of a list "
			    "(after, limit).");
	input_read(c->r, INPUT_QUERY, list_keys, LK__MAX, in);
	if (in[LK_LIMIT].st == INPUT_BAD)
		return bad_param(p, "limit", "a whole number from 1 to 500.");
	if (in[LK_AFTER].st == INPUT_BAD || (in[LK_AFTER].st == INPUT_OK &&
	    !api_xid_valid(in[LK_AFTER].s)))
		return bad_param(p, "after", "the next cursor of an earlier page.");
	after = in[LK_AFTER].st == INPUT_OK ? in[LK_AFTER].s : "";
	limit = in[LK_LIMIT].st == INPUT_OK ? (size_t)in[LK_LIMIT].i : API_LIST_DEFAULT;
	if ((items = json_array()) == NULL)
		return 500;
	/* One more than asked tells whether a next page exists. */
	if ((rc = api_resource_list(c, res, after, limit + 1, items)) != DB_OK) {
		json_decref(items);
		return status_for_db(rc);
	}
	n = json_array_size(items);
	if (n > limit)
		json_array_remove(items, limit);
	last = n > limit ? json_array_get(items, limit - 1) : NULL;
	return api_send(p, 200, json_pack("{s:o, s:O}", "items", items, "next",
	    last != NULL ? json_object_get(last, "external_id") : json_null()));
}

/*
 * Every resource, by name, for the batch and the CSV import. A new resource adds
 * its line here (and its routes in routes.c): properties, bookings, blocks, notes,
 * statements, documents, groups, users.
 */
const struct api_resource *const api_resources[] = {
	&api_customers,
	&api_contacts,
	&api_properties,
	&api_bookings,
	&api_blocks,
	&api_notes,
	&api_statements,
	&api_documents,
	&api_groups,
	&api_users,
};
const size_t api_nresources = NELEM(api_resources);

const struct api_resource *
api_resource_find(const char *name)
{
	for (size_t i = 0; i < api_nresources; i++)
		if (strcmp(api_resources[i]->name, name) == 0)
			return api_resources[i];
	return NULL;
}

/* A database error as an outcome: 503 when it is away, else 500. */
static int
db_outcome(struct api_outcome *o, int rc)
{
	struct change_result none;

	memset(&none, 0, sizeof(none));
	return o->status = api_change_err(&o->err, rc, &none, "");
}

/* obj read against res->fields (errors under base): the values, or NULL with o
 * set to the refusal. */
static struct api_value *
item_read(struct api_call *c, const struct api_resource *res, json_t *obj,
    const char *base, struct api_outcome *o)
{
	struct api_value *in;

	memset(o, 0, sizeof(*o));
	in = arena_alloc(c->a, (res->nfields + 1) * sizeof(*in));
	if (api_json_read(c->a, obj, base, res->fields, res->nfields, in, &o->err) != 0) {
		o->status = o->err.status;
		return NULL;
	}
	return in;
}

/* The outcome of a put of xid that came to rc (CHANGE_*), created and out: the
 * item read back (unless c->no_item), o->status returned. */
static int
item_done(struct api_call *c, const struct api_resource *res, const char *xid,
    int rc, int created, const struct change_result *out, const char *base,
    struct api_outcome *o)
{
	if (rc != CHANGE_OK)
		return o->status = api_change_err(&o->err, rc, out, base);
	if (c->no_item)
		;	/* the caller does not want it read back */
	else if ((rc = api_resource_get(c, res, xid, &o->item)) != DB_OK)
		return db_outcome(o, rc);
	else if (o->item == NULL)
		return o->status = api_err_set(&o->err, 404, "not_found", NULL, "There is "
		    "no item %s in %s.", xid, res->name);
	o->result = created ? "created" : out->unchanged ? "unchanged" : "replaced";
	return o->status = created ? 201 : 200;
}

int
api_item_put(struct api_call *c, const struct api_resource *res, const char *xid,
    json_t *obj, const char *base, struct api_outcome *o)
{
	struct api_value *in;
	struct change_result out;
	int created = 0, rc;

	memset(&out, 0, sizeof(out));
	if ((in = item_read(c, res, obj, base, o)) == NULL)
		return o->status;
	rc = res->put(c, xid, in, &created, &out);
	return item_done(c, res, xid, rc, created, &out, base, o);
}

int
api_items_put_set(struct api_call *c, const struct api_resource *res, size_t n,
    const char *const *xid, json_t *const *obj, const char *base,
    struct api_outcome *o)
{
	struct change_set_line *l = arena_alloc(c->a, n * sizeof(*l));
	struct api_value **in = arena_alloc(c->a, n * sizeof(*in));
	size_t *at = arena_alloc(c->a, n * sizeof(*at));
	size_t k = 0;
	int rc;

	/* Lines refused by the input table are answered now; the rest go on. */
	for (size_t i = 0; i < n; i++)
		if ((in[k] = item_read(c, res, obj[i], base, &o[i])) != NULL)
			at[k++] = i;
	if (k > 0 && (rc = res->put_set(c, k, xid, at, in, l)) != DB_OK)
		return rc;
	for (size_t j = 0; j < k; j++)
		item_done(c, res, xid[at[j]], l[j].rc, l[j].created, &l[j].out, base,
		    &o[at[j]]);
	return DB_OK;
}

int
api_item_delete(struct api_call *c, const struct api_resource *res, const char *xid,
    struct api_outcome *o)
{
	struct change_result out;
	int rc;

	memset(o, 0, sizeof(*o));
	memset(&out, 0, sizeof(out));
	if ((rc = res->del(c, xid, &out)) != CHANGE_OK)
		return o->status = api_change_err(&o->err, rc, &out, "");
	o->result = "deleted";
	return o->status = 204;
}

/* GET of one item. */
static int
serve_get(struct api_call *c, struct resp *p, const struct api_resource *res,
    const char *xid)
{
	json_t *item;
	int rc;

	if ((rc = api_resource_get(c, res, xid, &item)) != DB_OK)
		return status_for_db(rc);
	if (item == NULL)
		return not_found(p, res, xid);
	return api_send(p, 200, item);
}

static int
serve_put(struct api_call *c, struct resp *p, const struct api_resource *res,
    const char *xid)
{
	struct api_outcome o;
	struct api_err e;
	json_t *root, *x;

	if (api_body(c->r, &root, &e) != 0)
		return api_error(p, &e);
	/* external_id may be sent too, when it is the path's. */
	if ((x = json_object_get(root, "external_id")) != NULL) {
		if (!json_is_string(x) || strcmp(json_string_value(x), xid) != 0) {
			json_decref(root);
			api_err_set(&e, 400, "invalid_value", "/external_id", "external_id, "
			    "when sent, must be the one in the path.");
			return api_error(p, &e);
		}
		json_object_del(root, "external_id");
	}
	api_item_put(c, res, xid, root, "", &o);
	json_decref(root);
	if (o.status >= 400)
		return api_error(p, &o.err);
	return api_send(p, o.status, o.item);
}

static int
serve_delete(struct api_call *c, struct resp *p, const struct api_resource *res,
    const char *xid)
{
	struct api_outcome o;

	if (api_item_delete(c, res, xid, &o) >= 400)
		return api_error(p, &o.err);
	resp_reset(p);
	p->status = 204;
	p->content_type = "application/json; charset=utf-8";
	return 0;
}

void
api_call_init(struct api_call *c, struct req *r)
{
	memset(c, 0, sizeof(*c));
	c->r = r;
	c->a = &r->arena;
	c->tenant = r->tenant->id;
	api_actor(r, &c->who);
}

int
api_resource_serve(struct req *r, struct resp *p, const struct api_resource *res)
{
	size_t plen = strlen(API_PREFIX) + strlen(res->name);
	const char *xid;
	struct api_call c;

	api_call_init(&c, r);
	/* The routes: API_PREFIX NAME, and API_PREFIX NAME "/" XID. */
	if (r->path[plen] == '\0')
		return serve_list(&c, p, res);
	xid = r->path + plen + 1;
	if (!api_xid_valid(xid))
		return not_found(p, res, "of that form");
	switch (r->method) {
	case METHOD_GET:
	case METHOD_HEAD:
		return serve_get(&c, p, res, xid);
	case METHOD_PUT:
		return serve_put(&c, p, res, xid);
	case METHOD_DELETE:
		return serve_delete(&c, p, res, xid);
	default:
		return 405;
	}
}
