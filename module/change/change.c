/* porch — SPDX-License-Identifier: MIT
 * What every change shares: refusals, the actor's audit entry and event, booking
 * mail.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api_json.h"
#include "change.h"
#include "log.h"
#include "mail.h"
#include "store.h"
#include "store_auth.h"
#include "store_bookings.h"
#include "store_events.h"

int
change_refuse(struct change_result *out, int rc, const char *title, const char *fmt, ...)
{
	va_list ap;

	out->title = title;
	out->text = NULL;	/* the sentence is msg (change_sentence()) */
	va_start(ap, fmt);
	vsnprintf(out->msg, sizeof(out->msg), fmt, ap);
	va_end(ap);
	return rc;
}

/* The audit entry of who's action on target_kind target_id, with detail. */
static void
audit_entry(const struct actor *who, const char *action, const char *target_kind,
    int64_t target_id, const char *detail, struct audit_entry *e)
{
	*e = (struct audit_entry){
		.tenant = who->tenant, .action = action, .actor_kind = who->kind,
		.actor_id = who->id, .impersonator_id = who->impersonator,
		.target_kind = target_kind, .target_id = target_id, .ip = who->ip,
		.detail = detail,
	};
	if (e->detail != NULL && strlen(e->detail) > 1000)
		e->detail = arena_strndup(who->a, e->detail, 1000);
}

int
change_audit(const struct actor *who, const char *action, const char *target_kind,
    int64_t target_id, const char *detail)
{
	struct audit_entry e;
	int rc;

	audit_entry(who, action, target_kind, target_id, detail, &e);
	if ((rc = store_audit_add(who->a, &e)) != DB_OK)
		log_error("req=%s audit entry %s not written", who->req_id, action);
	/* Every act of a portal user of their own is their last action. */
	else if (who->kind != NULL && strcmp(who->kind, "portal") == 0 &&
	    who->impersonator == 0)
		rc = store_user_touch(who->a, PRINCIPAL_PORTAL, who->tenant, who->id);
	return rc;
}

int
change_session_land(const struct actor *as, const char *action,
    const char *target_kind, int *landed,
    int (*land)(void *ctx, const struct audit_entry *e, int *landed), void *ctx)
{
	struct audit_entry e;
	int rc;

	audit_entry(as, action, target_kind, 0, NULL, &e);
	if ((rc = land(ctx, &e, landed)) != DB_OK)
		log_error("req=%s session and audit entry %s not written", as->req_id,
		    action);
	return rc;
}

/* Can the property's notify user (if any) be mailed at their own address? */
static int
holder_mailable(const struct notify_user *nu)
{
	return nu->id == 0 || (nu->addr != NULL && mail_addr_problem(nu->addr) == NULL);
}

/* A notify user without an address of their own: logged and audited. */
static int
holder_unmailed(const struct actor *who, const struct notify_user *nu,
    int64_t property, const char *instead)
{
	log_warn("req=%s: notify user %lld of property %lld has no email address; %s",
	    who->req_id, (long long)nu->id, (long long)property, instead);
	return change_audit(who, "mail.notify_unmailed", "portal_user", nu->id,
	    "no email address");
}

int
change_booking_notify(const struct actor *who, int64_t property, const char *subject,
    const char *body)
{
	struct notify_user nu;
	struct mail_to *to;
	size_t n;
	int rc;

	if ((rc = store_booking_mail_to(who->a, who->tenant, property, &to, &n, &nu)) !=
	    DB_OK)
		return rc;
	return change_notify_holder(who, &nu, property, subject, body);
}

int
change_notify_holder(const struct actor *who, const struct notify_user *nu,
    int64_t property, const char *subject, const char *body)
{
	int rc;

	if (nu->id == 0)
		return DB_OK;
	if (!holder_mailable(nu))
		return holder_unmailed(who, nu, property, "not mailed");
	rc = mail_enqueue(who->a, who->tenant, nu->addr, "", subject, body);
	return rc == MAIL_INVALID ? DB_OK : rc;
}

int
change_event(const struct actor *who, const char *type, const char *subject_kind,
    int64_t subject_id, int64_t property, int64_t customer, json_t *data)
{
	struct event e = {
		.tenant = who->tenant, .type = type, .subject_kind = subject_kind,
		.subject_id = subject_id, .property = property, .customer = customer,
		.actor_kind = who->kind, .actor_id = who->id,
		.impersonator = who->impersonator,
	};
	char *payload;
	int64_t id;
	int rc;

	/* What the tenant's own system did through the API is not sent back to it
	 * (a portal user it created or disabled), whatever its data. */
	if (who->kind != NULL && strcmp(who->kind, "api_key") == 0) {
		json_decref(data);
		return DB_OK;
	}
	if (data == NULL)
		return DB_ERROR;
	payload = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(data);
	if (payload == NULL)
		return DB_ERROR;
	e.payload = payload;
	if ((rc = store_event_add(who->a, &e, &id)) != DB_OK)
		log_error("req=%s event %s not written", who->req_id, type);
	free(payload);
	return rc;
}

int
change_row_event(const struct actor *who, const char *type, const char *kind,
    int64_t id, int64_t property, int64_t customer, json_t *row, const char *changed)
{
	json_t *data = row != NULL ? json_pack("{s:o}", kind, row) : NULL;

	if (data != NULL && changed != NULL)
		json_object_set_new(data, "changed", json_string(changed));
	return change_event(who, type, kind, id, property, customer, data);
}

int
change_booking_mail(const struct actor *who, int64_t property, const char *subject,
    const char *body)
{
	const char *staff_body = body;
	struct notify_user nu;
	struct mail_to *to;
	struct buf note;
	size_t n;
	int rc, unmailed, dup = 0;

	if ((rc = store_booking_mail_to(who->a, who->tenant, property, &to, &n, &nu)) !=
	    DB_OK)
		return rc;
	/*
	 * A notify user without an address of their own is not dropped in silence:
	 * the admins' copy says who was not mailed and why, and the audit log has it.
	 */
	unmailed = !holder_mailable(&nu);
	buf_init(&note, 512);
	if (unmailed) {
		buf_printf(&note, "%s\nNot sent to ", body);
		mail_one_line(&note, nu.login, MAIL_QUOTE_WHO_MAX);
		buf_puts(&note, ", who gets this property's booking mail (the right "
		    "\"Receive booking emails\"): their login is not an email address and "
		    "no contact address is on file. Please tell them, or give that right "
		    "to a user with an email login.\n");
		staff_body = note.data;
		if ((rc = holder_unmailed(who, &nu, property, "told the admins instead")) !=
		    DB_OK)
			goto out;
	}
	for (size_t i = 0; i < n; i++) {
		dup |= nu.addr != NULL && strcmp(to[i].addr, nu.addr) == 0;
		rc = mail_enqueue(who->a, who->tenant, to[i].addr,
		    to[i].name != NULL ? to[i].name : "", subject, staff_body);
		/* An address that cannot be mailed is skipped, not a reason to refuse. */
		if (rc != DB_OK && rc != MAIL_INVALID)
			goto out;
	}
	rc = DB_OK;
	if (nu.id != 0 && !unmailed && !dup &&
	    (rc = mail_enqueue(who->a, who->tenant, nu.addr, "", subject, body)) ==
	    MAIL_INVALID)
		rc = DB_OK;
out:
	buf_free(&note);
	return rc;
}

int
change_line_ok(const char *s, size_t max, int required)
{
	if (s == NULL)
		return !required;
	return utf8_valid(s, strlen(s)) && utf8_chars(s) > 0 && utf8_chars(s) <= max &&
	    !has_control(s, 0);
}

int
change_line_check(const char *s, size_t max, int required, const char *field,
    struct change_result *out)
{
	if (change_line_ok(s, max, required))
		return CHANGE_OK;
	out->field = field;
	return change_refuse(out, CHANGE_INVALID, "Not acceptable", "%s must be 1 to %zu "
	    "characters on one line.", authz_field_label(field + 1), max);
}

int
change_xid_check(const char *xid, const char *field, struct change_result *out)
{
	if (xid != NULL && api_xid_valid(xid))
		return CHANGE_OK;
	out->field = field;
	return change_refuse(out, CHANGE_INVALID, "Not an external id", "%s is an "
	    "external id: 1 to %d of A-Z a-z 0-9 . _ - : @ ~.",
	    field != NULL ? field + 1 : "The path's id", API_XID_MAX);
}

int
change_same(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

void
change_differs(char *d, size_t n, const char *name, int differ)
{
	if (!differ)
		return;
	if (d[0] != '\0')
		strncat(d, ",", n - strlen(d) - 1);
	strncat(d, name, n - strlen(d) - 1);
}

int
change_unchanged(struct change_result *out)
{
	out->unchanged = 1;
	return DB_OK;
}

int
change_raced(struct change_result *out)
{
	return change_refuse(out, CHANGE_CONFLICT, "Made at the same time",
	    "Another request made this external id at the same moment; send it again.");
}

int
change_delete_xid(const struct actor *who, const char *xid, struct change_result *out,
    int (*remove)(const struct actor *, const char *, struct change_result *))
{
	int rc;

	memset(out, 0, sizeof(*out));
	STORE_TXN(rc, (change_rerun(out, NULL), remove(who, xid, out)));
	return rc;
}

int
change_xid_ref(const struct actor *who, const struct store_xid_kind *k,
    const char *xid, const char *field, const char *what, void *row,
    struct change_result *out)
{
	int found, rc;

	if ((rc = store_xid_get(who->a, k, who->tenant, xid, 1, row, &found)) != DB_OK ||
	    found)
		return rc;
	return change_xid_missing(field, what, xid, out);
}

int
change_xid_missing(const char *field, const char *what, const char *xid,
    struct change_result *out)
{
	out->field = field;
	return change_refuse(out, field != NULL ? CHANGE_INVALID : CHANGE_NOT_FOUND,
	    "Not found", "There is no %s with external id %s.", what, xid);
}

int
change_xid_created(const struct actor *who, int rc, const char *action,
    const char *target, int64_t target_id, const char *xid, int *created,
    struct change_result *out)
{
	if (rc == DB_CONFLICT)
		return change_raced(out);
	if (rc != DB_OK)
		return rc;
	*created = 1;
	return change_audit(who, action, target, target_id, xid);
}

int
change_rerun(struct change_result *out, int *created)
{
	if (out != NULL)
		out->unchanged = 0;
	if (created != NULL)
		*created = 0;
	return 0;
}
