/* porch — SPDX-License-Identifier: MIT
 * Customers and contacts as the tenant's own system sends them, by external id:
 * create or replace (the same data again changes nothing), delete when the data
 * model allows it (see change.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "api_json.h"
#include "change.h"
#include "mail.h"
#include "store.h"
#include "store_customers.h"
#include "tokenlink.h"

/* Is text (may be NULL when optional) one line of at most max characters? */
static int
line_ok(const char *s, size_t max, int required)
{
	if (s == NULL)
		return !required;
	return utf8_valid(s, strlen(s)) && utf8_chars(s) > 0 && utf8_chars(s) <= max &&
	    !has_control(s, 0);
}

/* The fields every person shares, checked again: CHANGE_OK or CHANGE_INVALID. */
static int
person_check(const struct person_in *in, struct change_result *out)
{
	if (in->xid == NULL || !api_xid_valid(in->xid))
		return change_refuse(out, CHANGE_INVALID, "Not an external id",
		    "An external id is 1 to %d of A-Z a-z 0-9 . _ - : @ ~.", API_XID_MAX);
	if (!line_ok(in->name, PERSON_NAME_MAX, 1)) {
		out->field = "/name";
		return change_refuse(out, CHANGE_INVALID, "Name needed",
		    "name must be 1 to %d characters on one line.", PERSON_NAME_MAX);
	}
	if (in->email != NULL && mail_addr_problem(in->email) != NULL) {
		out->field = "/email";
		return change_refuse(out, CHANGE_INVALID, "Not an address",
		    "email must be one plain address (%s).", mail_addr_problem(in->email));
	}
	if (!line_ok(in->phone, PHONE_MAX, 0)) {
		out->field = "/phone";
		return change_refuse(out, CHANGE_INVALID, "Not a phone number",
		    "phone must be 1 to %d characters on one line.", PHONE_MAX);
	}
	if (!line_ok(in->role, ROLE_MAX, 0)) {
		out->field = "/role";
		return change_refuse(out, CHANGE_INVALID, "Not a role",
		    "role must be 1 to %d characters on one line.", ROLE_MAX);
	}
	return CHANGE_OK;
}

static int
same(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

/* Adds name to the comma-separated list of changed fields in d when a and b differ. */
static void
note_change(char *d, size_t n, const char *name, int differ)
{
	if (!differ)
		return;
	if (d[0] != '\0')
		strncat(d, ",", n - strlen(d) - 1);
	strncat(d, name, n - strlen(d) - 1);
}

/* A new row under an external id another request made first: try again. */
static int
raced(struct change_result *out)
{
	return change_refuse(out, CHANGE_CONFLICT, "Made at the same time",
	    "Another request made this external id at the same moment; send it again.");
}

/* Inside the transaction: the customer made or replaced and audited. */
static int
customer_apply(const struct actor *who, const struct person_in *in, int *created,
    struct change_result *out)
{
	struct customer_row c, now = {
		.xid = (char *)in->xid, .name = (char *)in->name,
		.email = (char *)in->email, .phone = (char *)in->phone,
	};
	char changed[80] = "";
	int found, issued, rc;

	if ((rc = store_customer_by_xid(who->a, who->tenant, in->xid, 1, &c, &found)) !=
	    DB_OK)
		return rc;
	if (!found) {
		rc = store_customer_xid_add(who->a, who->tenant, &now, &out->id);
		if (rc == DB_CONFLICT)
			return raced(out);
		/* Every customer has a token link, as those porch makes itself. */
		if (rc == DB_OK)
			rc = tokenlink_issue(who->a, who->cfg->secret_key, who->tenant,
			    out->id, 0, &issued);
		*created = 1;
		return rc != DB_OK ? rc : change_audit(who, "customer.create", "customer",
		    out->id, in->xid);
	}
	out->id = now.id = c.id;
	note_change(changed, sizeof(changed), "name", !same(c.name, in->name));
	note_change(changed, sizeof(changed), "email", !same(c.email, in->email));
	note_change(changed, sizeof(changed), "phone", !same(c.phone, in->phone));
	if (changed[0] == '\0') {
		out->unchanged = 1;	/* the same data again: nothing to write */
		return DB_OK;
	}
	if ((rc = store_customer_xid_update(who->a, who->tenant, &now)) != DB_OK)
		return rc;
	return change_audit(who, "customer.update", "customer", c.id, changed);
}

int
change_customer_put(const struct actor *who, const struct person_in *in, int *created,
    struct change_result *out)
{
	struct person_in only = *in;
	int rc;

	memset(out, 0, sizeof(*out));
	*created = 0;
	only.customer_xid = only.role = NULL;
	if ((rc = person_check(&only, out)) != CHANGE_OK)
		return rc;
	if ((rc = store_begin()) != DB_OK)
		return rc;
	return store_end(customer_apply(who, &only, created, out));
}

/* Inside the transaction: the contact made or replaced and audited. */
static int
contact_apply(const struct actor *who, const struct person_in *in, int *created,
    struct change_result *out)
{
	struct contact_row k, now = {
		.xid = (char *)in->xid, .name = (char *)in->name,
		.email = (char *)in->email, .phone = (char *)in->phone,
		.role = (char *)in->role,
	};
	struct customer_row c;
	char changed[80] = "";
	int found, rc;

	/* The customer first, locked, so it cannot go while the contact is made. */
	if ((rc = store_customer_by_xid(who->a, who->tenant, in->customer_xid, 1, &c,
	    &found)) != DB_OK)
		return rc;
	if (!found) {
		out->field = "/customer";
		return change_refuse(out, CHANGE_INVALID, "No such customer",
		    "There is no customer with external id %s.", in->customer_xid);
	}
	now.customer_id = c.id;
	if ((rc = store_contact_by_xid(who->a, who->tenant, in->xid, 1, &k, &found)) !=
	    DB_OK)
		return rc;
	if (!found) {
		rc = store_contact_xid_add(who->a, who->tenant, &now, &out->id);
		if (rc == DB_CONFLICT)
			return raced(out);
		*created = 1;
		return rc != DB_OK ? rc : change_audit(who, "contact.create", "contact",
		    out->id, in->xid);
	}
	out->id = now.id = k.id;
	note_change(changed, sizeof(changed), "customer", k.customer_id != c.id);
	note_change(changed, sizeof(changed), "name", !same(k.name, in->name));
	note_change(changed, sizeof(changed), "email", !same(k.email, in->email));
	note_change(changed, sizeof(changed), "phone", !same(k.phone, in->phone));
	note_change(changed, sizeof(changed), "role", !same(k.role, in->role));
	if (changed[0] == '\0') {
		out->unchanged = 1;
		return DB_OK;
	}
	if ((rc = store_contact_xid_update(who->a, who->tenant, &now)) != DB_OK)
		return rc;
	return change_audit(who, "contact.update", "contact", k.id, changed);
}

int
change_contact_put(const struct actor *who, const struct person_in *in, int *created,
    struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	*created = 0;
	if ((rc = person_check(in, out)) != CHANGE_OK)
		return rc;
	if (in->customer_xid == NULL || !api_xid_valid(in->customer_xid)) {
		out->field = "/customer";
		return change_refuse(out, CHANGE_INVALID, "Customer needed",
		    "A contact names its customer by the customer's external id.");
	}
	if ((rc = store_begin()) != DB_OK)
		return rc;
	return store_end(contact_apply(who, in, created, out));
}

/* "2 properties, 1 portal user": the things in b, for the refusal's sentence. */
static void
blockers_text(const struct customer_blockers *b, char *out, size_t n)
{
	const struct { int64_t count; const char *one, *many; } what[] = {
		{ b->properties, "property", "properties" },
		{ b->portal_users, "portal user", "portal users" },
		{ b->statements, "statement", "statements" },
		{ b->documents, "document", "documents" },
	};
	size_t len;

	out[0] = '\0';
	for (size_t i = 0; i < NELEM(what); i++) {
		if (what[i].count == 0)
			continue;
		len = strlen(out);
		snprintf(out + len, n - len, "%s%lld %s", len > 0 ? ", " : "",
		    (long long)what[i].count, what[i].count == 1 ? what[i].one :
		    what[i].many);
	}
}

/* Inside the transaction: the customer deleted when nothing keeps it. */
static int
customer_remove(const struct actor *who, const char *xid, struct change_result *out)
{
	struct customer_blockers b;
	struct customer_row c;
	char why[160];
	int found, rc;

	if ((rc = store_customer_by_xid(who->a, who->tenant, xid, 1, &c, &found)) !=
	    DB_OK)
		return rc;
	if (!found)
		return change_refuse(out, CHANGE_NOT_FOUND, "No such customer",
		    "There is no customer with external id %s.", xid);
	out->id = c.id;
	if ((rc = store_customer_blockers(who->a, who->tenant, c.id, &b)) != DB_OK)
		return rc;
	blockers_text(&b, why, sizeof(why));
	if (why[0] != '\0')
		return change_refuse(out, CHANGE_CONFLICT, "Still in use",
		    "The customer still has %s; delete or move them first.", why);
	if ((rc = store_customer_xid_del(who->a, who->tenant, c.id)) != DB_OK)
		return rc;
	return change_audit(who, "customer.delete", "customer", c.id, xid);
}

/* remove(who, xid, out) in a transaction of its own. */
static int
delete_in_txn(const struct actor *who, const char *xid, struct change_result *out,
    int (*remove)(const struct actor *, const char *, struct change_result *))
{
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = store_begin()) != DB_OK)
		return rc;
	return store_end(remove(who, xid, out));
}

int
change_customer_delete(const struct actor *who, const char *xid,
    struct change_result *out)
{
	return delete_in_txn(who, xid, out, customer_remove);
}

/* Inside the transaction: the contact deleted unless a portal user is attached. */
static int
contact_remove(const struct actor *who, const char *xid, struct change_result *out)
{
	struct contact_row k;
	int64_t users;
	int found, rc;

	if ((rc = store_contact_by_xid(who->a, who->tenant, xid, 1, &k, &found)) != DB_OK)
		return rc;
	if (!found)
		return change_refuse(out, CHANGE_NOT_FOUND, "No such contact",
		    "There is no contact with external id %s.", xid);
	out->id = k.id;
	if ((rc = store_contact_users(who->a, who->tenant, k.id, &users)) != DB_OK)
		return rc;
	if (users > 0)
		return change_refuse(out, CHANGE_CONFLICT, "Still in use",
		    "A portal user is attached to this contact; disable or move the "
		    "portal user first.");
	if ((rc = store_contact_xid_del(who->a, who->tenant, k.id)) != DB_OK)
		return rc;
	return change_audit(who, "contact.delete", "contact", k.id, xid);
}

int
change_contact_delete(const struct actor *who, const char *xid,
    struct change_result *out)
{
	return delete_in_txn(who, xid, out, contact_remove);
}
