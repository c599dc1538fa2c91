/* porch — SPDX-License-Identifier: MIT
 * The tenant API's customers and contacts, by external id: their JSON input tables,
 * their JSON, and the store and change functions behind them. A contact names its
 * customer by the customer's external id.
 */
#include "config.h"

#include "api_resource.h"
#include "handlers.h"
#include "mail.h"
#include "store_customers.h"

/* A rule of the input table: one plain email address. */
static const char *
email_rule(const char *s)
{
	return mail_addr_problem(s) != NULL ? "email must be one plain address, "
	    "like name@example.com." : NULL;
}

/* --- customers --- */

enum customer_field { CF_NAME, CF_EMAIL, CF_PHONE, CF__MAX };

static const struct api_field customer_fields[CF__MAX] = {
	[CF_NAME] = { "name", AF_STRING, AF_REQUIRED, 1, PERSON_NAME_MAX, NULL },
	[CF_EMAIL] = { "email", AF_STRING, AF_NULLABLE, 1, 254, email_rule },
	[CF_PHONE] = { "phone", AF_STRING, AF_NULLABLE, 1, PHONE_MAX, NULL },
};

static json_t *
customer_json(const struct customer_row *c)
{
	return json_pack("{s:s, s:s, s:o, s:o}", "external_id", c->xid, "name", c->name,
	    "email", api_json_str(c->email), "phone", api_json_str(c->phone));
}

static int
customer_get(struct api_call *c, const char *xid, json_t **out)
{
	struct customer_row row;
	int found, rc;

	*out = NULL;
	if ((rc = store_customer_by_xid(c->a, c->tenant, xid, 0, &row, &found)) ==
	    DB_OK && found)
		*out = customer_json(&row);
	return rc;
}

static int
customer_list(struct api_call *c, const char *after, size_t limit, json_t *items)
{
	struct customer_row *rows;
	size_t n;
	int rc;

	if ((rc = store_customers_after(c->a, c->tenant, after, limit, &rows, &n)) !=
	    DB_OK)
		return rc;
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, customer_json(&rows[i]));
	return DB_OK;
}

static int
customer_put(struct api_call *c, const char *xid, const struct api_value *in,
    int *created, struct change_result *out)
{
	struct person_in p = {
		.xid = xid, .name = in[CF_NAME].s, .email = in[CF_EMAIL].s,
		.phone = in[CF_PHONE].s,
	};

	return change_customer_put(&c->who, &p, created, out);
}

static int
customer_del(struct api_call *c, const char *xid, struct change_result *out)
{
	return change_customer_delete(&c->who, xid, out);
}

const struct api_resource api_customers = {
	"customers", customer_fields, CF__MAX,
	customer_get, customer_list, customer_put, customer_del,
};

int
handle_api_customers(struct req *r, struct resp *p)
{
	return api_resource_serve(r, p, &api_customers);
}

/* --- contacts --- */

enum contact_field { KF_CUSTOMER, KF_NAME, KF_EMAIL, KF_PHONE, KF_ROLE, KF__MAX };

static const struct api_field contact_fields[KF__MAX] = {
	[KF_CUSTOMER] = { "customer", AF_XID, AF_REQUIRED, 0, 0, NULL },
	[KF_NAME] = { "name", AF_STRING, AF_REQUIRED, 1, PERSON_NAME_MAX, NULL },
	[KF_EMAIL] = { "email", AF_STRING, AF_NULLABLE, 1, 254, email_rule },
	[KF_PHONE] = { "phone", AF_STRING, AF_NULLABLE, 1, PHONE_MAX, NULL },
	[KF_ROLE] = { "role", AF_STRING, AF_NULLABLE, 1, ROLE_MAX, NULL },
};

static json_t *
contact_json(const struct contact_row *k)
{
	return json_pack("{s:s, s:o, s:s, s:o, s:o, s:o}", "external_id", k->xid,
	    "customer", api_json_str(k->customer_xid), "name", k->name,
	    "email", api_json_str(k->email), "phone", api_json_str(k->phone),
	    "role", api_json_str(k->role));
}

static int
contact_get(struct api_call *c, const char *xid, json_t **out)
{
	struct contact_row row;
	int found, rc;

	*out = NULL;
	if ((rc = store_contact_by_xid(c->a, c->tenant, xid, 0, &row, &found)) ==
	    DB_OK && found)
		*out = contact_json(&row);
	return rc;
}

static int
contact_list(struct api_call *c, const char *after, size_t limit, json_t *items)
{
	struct contact_row *rows;
	size_t n;
	int rc;

	if ((rc = store_contacts_after(c->a, c->tenant, after, limit, &rows, &n)) !=
	    DB_OK)
		return rc;
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, contact_json(&rows[i]));
	return DB_OK;
}

static int
contact_put(struct api_call *c, const char *xid, const struct api_value *in,
    int *created, struct change_result *out)
{
	struct person_in p = {
		.xid = xid, .customer_xid = in[KF_CUSTOMER].s, .name = in[KF_NAME].s,
		.email = in[KF_EMAIL].s, .phone = in[KF_PHONE].s, .role = in[KF_ROLE].s,
	};

	return change_contact_put(&c->who, &p, created, out);
}

static int
contact_del(struct api_call *c, const char *xid, struct change_result *out)
{
	return change_contact_delete(&c->who, xid, out);
}

const struct api_resource api_contacts = {
	"contacts", contact_fields, KF__MAX,
	contact_get, contact_list, contact_put, contact_del,
};

int
handle_api_contacts(struct req *r, struct resp *p)
{
	return api_resource_serve(r, p, &api_contacts);
}
