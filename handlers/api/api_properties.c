/* porch — SPDX-License-Identifier: MIT
 * The tenant API's properties, by external id: the JSON input table, the JSON of
 * one, and the change functions behind them. A property names its owner by the
 * customer's external id.
 */
#include "config.h"

#include "api_resource.h"
#include "handlers.h"
#include "store_properties.h"

enum property_field { PF_CUSTOMER, PF_NAME, PF_ADDRESS, PF_CITY, PF_BEDROOMS,
	PF_DESCRIPTION, PF_ARRIVAL, PF__MAX };

static const struct api_field property_fields[PF__MAX] = {
	[PF_CUSTOMER] = { "customer", AF_XID, AF_REQUIRED, 0, 0, NULL },
	[PF_NAME] = { "name", AF_STRING, AF_REQUIRED, 1, PROPERTY_NAME_MAX, NULL },
	[PF_ADDRESS] = { "address", AF_STRING, AF_NULLABLE, 1, ADDRESS_MAX, NULL },
	[PF_CITY] = { "city", AF_STRING, AF_NULLABLE, 1, CITY_MAX, NULL },
	[PF_BEDROOMS] = { "bedrooms", AF_INT, AF_NULLABLE, 0, BEDROOMS_MAX, NULL },
	[PF_DESCRIPTION] = { "description", AF_TEXT, AF_NULLABLE, 1, PROPERTY_TEXT_MAX,
	    NULL },
	[PF_ARRIVAL] = { "arrival_instructions", AF_TEXT, AF_NULLABLE, 1,
	    PROPERTY_TEXT_MAX, NULL },
};

static json_t *
property_json(const void *row)
{
	const struct property_row *p = row;

	return json_pack("{s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:o}", "external_id",
	    p->xid, "customer", api_json_str(p->customer_xid), "name", p->name,
	    "address", api_json_str(p->address), "city", api_json_str(p->city),
	    "bedrooms", p->bedrooms >= 0 ? json_integer(p->bedrooms) : json_null(),
	    "description", api_json_str(p->description),
	    "arrival_instructions", api_json_str(p->arrival));
}

/* The property xid of in, as the change functions take it. */
static struct property_in
property_in(const char *xid, const struct api_value *in)
{
	return (struct property_in){
		.xid = xid, .customer_xid = in[PF_CUSTOMER].s, .name = in[PF_NAME].s,
		.address = in[PF_ADDRESS].s, .city = in[PF_CITY].s,
		.bedrooms = in[PF_BEDROOMS].set ? in[PF_BEDROOMS].i : -1,
		.description = in[PF_DESCRIPTION].s, .arrival = in[PF_ARRIVAL].s,
	};
}

static int
property_put(struct api_call *c, const char *xid, const struct api_value *in,
    int *created, struct change_result *out)
{
	struct property_in p = property_in(xid, in);

	return change_property_put(&c->who, &p, created, out);
}

static int
property_put_set(struct api_call *c, size_t n, const char *const *xid,
    const size_t *at, struct api_value *const *in, struct change_set_line *l)
{
	struct property_in *p = arena_alloc(c->a, n * sizeof(*p));

	for (size_t j = 0; j < n; j++) {
		p[j] = property_in(xid[at[j]], in[j]);
		l[j] = (struct change_set_line){ .in = &p[j], .xid = p[j].xid,
		    .parent_xid = p[j].customer_xid };
	}
	return change_property_put_set(&c->who, l, n);
}

static int
property_del(struct api_call *c, const char *xid, struct change_result *out)
{
	return change_property_delete(&c->who, xid, out);
}

const struct api_resource api_properties = {
	.name = "properties", .fields = property_fields, .nfields = PF__MAX,
	.rows = &store_xid_properties, .json = property_json, .put = property_put, .del = property_del,
	.put_set = property_put_set,
};

int
handle_api_properties(struct req *r, struct resp *p)
{
	return api_resource_serve(r, p, &api_properties);
}
