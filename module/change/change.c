/* porch — SPDX-License-Identifier: MIT
 * What every change shares: refusals, the actor's audit entry, booking mail.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "change.h"
#include "log.h"
#include "mail.h"
#include "store_auth.h"
#include "store_bookings.h"

int
change_refuse(struct change_result *out, int rc, const char *title, const char *fmt, ...)
{
	va_list ap;

	out->title = title;
	va_start(ap, fmt);
	vsnprintf(out->msg, sizeof(out->msg), fmt, ap);
	va_end(ap);
	return rc;
}

int
change_text_ok(const char *s, size_t max, int required)
{
	if (s == NULL)
		return !required;
	return utf8_valid(s, strlen(s)) && utf8_chars(s) > 0 && utf8_chars(s) <= max &&
	    !has_control(s, 0);
}

int
change_same(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

void
change_note(char *d, size_t n, const char *name, int differ)
{
	if (!differ)
		return;
	if (d[0] != '\0')
		strncat(d, ",", n - strlen(d) - 1);
	strncat(d, name, n - strlen(d) - 1);
}

int
change_raced(struct change_result *out)
{
	return change_refuse(out, CHANGE_CONFLICT, "Made at the same time",
	    "Another request made this external id at the same moment; send it again.");
}

int
change_audit(const struct actor *who, const char *action, const char *target_kind,
    int64_t target_id, const char *detail)
{
	struct audit_entry e = {
		.tenant = who->tenant, .action = action, .actor_kind = who->kind,
		.actor_id = who->id, .impersonator_id = who->impersonator,
		.target_kind = target_kind, .target_id = target_id, .ip = who->ip,
		.detail = detail,
	};
	int rc;

	if (e.detail != NULL && strlen(e.detail) > 1000)
		e.detail = arena_strndup(who->a, e.detail, 1000);
	if ((rc = store_audit_add(who->a, &e)) != DB_OK)
		log_error("req=%s audit entry %s not written", who->req_id, action);
	return rc;
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
	unmailed = nu.id != 0 && (nu.addr == NULL || mail_addr_problem(nu.addr) != NULL);
	buf_init(&note, 512);
	if (unmailed) {
		buf_printf(&note, "%s\nNot sent to ", body);
		mail_one_line(&note, nu.login, MAIL_QUOTE_WHO_MAX);
		buf_puts(&note, ", who gets this property's booking mail (notify.bookings): "
		    "their login is not an email address and no contact address is on "
		    "file. Please tell them, or give notify.bookings to a user with an "
		    "email login.\n");
		staff_body = note.data;
		log_warn("req=%s: notify user %lld of property %lld has no email address; "
		    "told the admins instead", who->req_id, (long long)nu.id,
		    (long long)property);
		if ((rc = change_audit(who, "mail.notify_unmailed", "portal_user", nu.id,
		    "no email address")) != DB_OK)
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
