/* porch — SPDX-License-Identifier: MIT
 * Properties as the tenant's own system sends them, by external id: create or
 * replace (the same data again changes nothing), delete when no booking,
 * statement or document needs the property (see change.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "change.h"
#include "store.h"
#include "store_customers.h"
#include "store_office.h"
#include "store_properties.h"

/* The fields checked again: CHANGE_OK or CHANGE_INVALID naming the field. */
static int
property_check(const struct property_in *in, struct change_result *out)
{
	int rc;

	/* Staff name their rows by id: only the API's carry an external id. */
	if ((in->xid != NULL && (rc = change_xid_check(in->xid, NULL, out)) !=
	    CHANGE_OK) ||
	    (in->customer_id == 0 && (rc = change_xid_check(in->customer_xid,
	    "/customer", out)) != CHANGE_OK) ||
	    (rc = change_line_check(in->name, PROPERTY_NAME_MAX, 1, "/name", out)) !=
	    CHANGE_OK ||
	    (rc = change_line_check(in->address, ADDRESS_MAX, 0, "/address", out)) !=
	    CHANGE_OK ||
	    (rc = change_line_check(in->city, CITY_MAX, 0, "/city", out)) != CHANGE_OK)
		return rc;
	if (in->bedrooms < -1 || in->bedrooms > BEDROOMS_MAX) {
		out->field = "/bedrooms";
		return change_refuse(out, CHANGE_INVALID, "Not a number of bedrooms",
		    "bedrooms must be from 0 to %d.", BEDROOMS_MAX);
	}
	if ((in->description != NULL && utf8_chars(in->description) > PROPERTY_TEXT_MAX) ||
	    (in->arrival != NULL && utf8_chars(in->arrival) > PROPERTY_TEXT_MAX)) {
		out->field = in->arrival != NULL && utf8_chars(in->arrival) >
		    PROPERTY_TEXT_MAX ? "/arrival_instructions" : "/description";
		return change_refuse(out, CHANGE_INVALID, "Text too long", "A text can "
		    "be at most %d characters long.", PROPERTY_TEXT_MAX);
	}
	return CHANGE_OK;
}

/* The names of the fields of in (owner customer) that differ from p, into changed
 * (n bytes): "" when none. */
static void
property_diff(const struct property_row *p, const struct property_in *in,
    int64_t customer, char *changed, size_t n)
{
	changed[0] = '\0';
	change_differs(changed, n, "customer", p->customer_id != customer);
	change_differs(changed, n, "name", !change_same(p->name, in->name));
	change_differs(changed, n, "address", !change_same(p->address, in->address));
	change_differs(changed, n, "city", !change_same(p->city, in->city));
	change_differs(changed, n, "bedrooms", p->bedrooms != in->bedrooms);
	change_differs(changed, n, "description",
	    !change_same(p->description, in->description));
	change_differs(changed, n, "arrival_instructions",
	    !change_same(p->arrival, in->arrival));
}

int
change_property_event(const struct actor *who, const char *type,
    const struct property_row *p, const char *changed)
{
	json_t *row;

	row = json_pack("{s:I, s:s?, s:I, s:s, s:s?, s:s?, s:o, s:s?, s:s?}", "id",
	    (json_int_t)p->id, "external_id", p->xid, "customer_id",
	    (json_int_t)p->customer_id, "name", p->name, "address", p->address, "city",
	    p->city, "bedrooms", p->bedrooms >= 0 ? json_integer(p->bedrooms) :
	    json_null(), "description", p->description, "arrival_instructions",
	    p->arrival);
	return change_row_event(who, type, "property", p->id, p->id, p->customer_id,
	    row, changed);
}

/* Inside the transaction: the property made or replaced and audited. */
static int
property_apply(const struct actor *who, const struct property_in *in, int *created,
    struct change_result *out)
{
	struct property_row p, now = {
		.xid = (char *)in->xid, .name = (char *)in->name,
		.address = (char *)in->address, .city = (char *)in->city,
		.bedrooms = in->bedrooms, .description = (char *)in->description,
		.arrival = (char *)in->arrival,
	};
	struct customer_row c;
	char changed[120];
	int found, rc;

	/* The owner first, locked, so it cannot go while the property is made. */
	if ((rc = customer_ref(who, in->customer_xid, in->customer_id, &c, out)) !=
	    DB_OK)
		return rc;
	now.customer_id = c.id;
	if (in->xid != NULL)
		rc = store_xid_get(who->a, &store_xid_properties, who->tenant, in->xid, 1,
		    &p, &found);
	else if (in->id != 0)
		rc = store_property_by_id(who->a, who->tenant, in->id, 1, &p, &found);
	else
		rc = DB_OK, found = 0;
	if (rc != DB_OK)
		return rc;
	if (!found && in->id != 0)
		return CHANGE_NOT_FOUND;
	if (!found) {
		rc = store_property_xid_add(who->a, who->tenant, &now, &out->id);
		if ((rc = change_xid_created(who, rc, "property.create", "property",
		    out->id, in->xid, created, out)) != DB_OK)
			return rc;
		now.id = out->id;
		return change_property_event(who, "property.created", &now, NULL);
	}
	out->id = now.id = p.id;
	now.xid = p.xid;
	property_diff(&p, in, c.id, changed, sizeof(changed));
	if (changed[0] == '\0')
		return change_unchanged(out);
	if ((rc = store_property_xid_update(who->a, who->tenant, &now)) != DB_OK ||
	    (rc = change_audit(who, "property.update", "property", p.id, changed)) !=
	    DB_OK)
		return rc;
	return change_property_event(who, "property.updated", &now, changed);
}

int
change_property_put(const struct actor *who, const struct property_in *in,
    int *created, struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	*created = 0;
	if ((rc = property_check(in, out)) != CHANGE_OK)
		return rc;
	STORE_TXN(rc, (change_rerun(out, created), property_apply(who, in, created, out)));
	return rc;
}

/* --- A group of the batch, set-wise --- */

static int
property_check_set(const void *in, struct change_result *out)
{
	return property_check(in, out);
}

/* A property as ST_PROPERTY_XID_PUT_SET writes it (store_xid_put_set()). */
static void
property_row_set(const struct actor *who, const void *line,
    const struct store_ref *owner, const void *stored, void *row, char *changed,
    size_t n)
{
	const struct property_in *in = line;

	(void)who;
	*(struct property_row *)row = (struct property_row){
		.xid = (char *)in->xid, .customer_id = owner->id,
		.name = (char *)in->name, .address = (char *)in->address,
		.city = (char *)in->city, .bedrooms = in->bedrooms,
		.description = (char *)in->description, .arrival = (char *)in->arrival,
	};
	if (stored != NULL)
		property_diff(stored, in, owner->id, changed, n);
}

static const struct change_set_kind property_set = {
	.own = &store_set_properties, .parent = &store_set_customers,
	.parent_field = "/customer", .parent_what = "customer", .target = "property",
	.create_action = "property.create", .update_action = "property.update",
	.check = property_check_set, .row = property_row_set,
};

int
change_property_put_set(const struct actor *who, struct change_set_line *l, size_t n)
{
	return change_put_set(who, &property_set, l, n);
}

/* Inside the transaction: the property deleted when nothing keeps it. */
static int
property_remove(const struct actor *who, const char *xid, struct change_result *out)
{
	struct property_blockers b;
	struct property_row p;
	int rc;

	if ((rc = change_xid_ref(who, &store_xid_properties, xid, NULL, "property", &p,
	    out)) != DB_OK)
		return rc;
	out->id = p.id;
	if ((rc = store_property_blockers(who->a, who->tenant, p.id, &b)) != DB_OK)
		return rc;
	if (b.bookings + b.statements + b.documents > 0)
		return change_refuse(out, CHANGE_CONFLICT, "Still in use",
		    "The property still has %lld booking(s), %lld statement(s) and %lld "
		    "document(s); delete them first.", (long long)b.bookings,
		    (long long)b.statements, (long long)b.documents);
	if ((rc = store_xid_del(who->a, &store_xid_properties, who->tenant, p.id)) !=
	    DB_OK)
		return rc;
	return change_audit(who, "property.delete", "property", p.id, xid);
}

int
change_property_delete(const struct actor *who, const char *xid,
    struct change_result *out)
{
	return change_delete_xid(who, xid, out, property_remove);
}
