/* porch — SPDX-License-Identifier: MIT
 * The audit log writer.
 */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "audit.h"
#include "authz.h"
#include "change.h"
#include "date.h"
#include "log.h"
#include "session.h"
#include "tenant.h"

/* The entry e (its actor and target) as the request's: one writer, change_audit(). */
static int
write_entry(struct req *r, struct audit_entry *e)
{
	struct actor who = {
		.a = &r->arena, .cfg = r->cfg, .tenant = r->tenant != NULL ? r->tenant->id : 0,
		.kind = e->actor_kind, .id = e->actor_id, .impersonator = e->impersonator_id,
		.ip = r->remote_addr[0] ? r->remote_addr : NULL, .req_id = r->id,
	};

	return change_audit(&who, e->action, e->target_kind, e->target_id, e->detail);
}

int
audit_as(struct req *r, const char *action, const char *actor_kind, int64_t actor_id,
    const char *target_kind, int64_t target_id, const char *detail)
{
	struct audit_entry e = {
		.action = action, .actor_kind = actor_kind, .actor_id = actor_id,
		.target_kind = target_kind, .target_id = target_id, .detail = detail,
	};

	return write_entry(r, &e);
}

int
audit(struct req *r, const char *action, const char *target_kind, int64_t target_id,
    const char *detail)
{
	struct audit_entry e = {
		.action = action, .target_kind = target_kind, .target_id = target_id,
		.detail = detail,
	};

	if (r->session != NULL) {
		e.actor_kind = principal_name(r->session->row.kind);
		e.actor_id = r->session->row.kind == PRINCIPAL_TOKEN ?
		    r->session->row.customer_id : r->session->row.user_id;
		e.impersonator_id = r->session->row.impersonator_id;
	}
	return write_entry(r, &e);
}

int
audit_impersonation(struct req *r, const char *action, int64_t staff_id,
    int64_t portal_user_id)
{
	struct audit_entry e = {
		.action = action, .actor_kind = "staff", .actor_id = staff_id,
		.impersonator_id = staff_id, .target_kind = "portal",
		.target_id = portal_user_id,
	};

	return write_entry(r, &e);
}

/*
 * Every action porch records, with the phrase the audit page shows for it
 * (docs/INTERFACES.md "Audit actions"); the table stores the names.
 */
static const struct audit_action actions[] = {
	{ "access.denied", "Access refused" },
	{ "account.mail", "Mail choices changed" },
	{ "account.time_zone", "Own time zone changed" },
	{ "apikey.create", "API key created" },
	{ "apikey.refused", "API key refused" },
	{ "apikey.revoke", "API key revoked" },
	{ "block.create", "Block-off created" },
	{ "block.delete", "Block-off deleted" },
	{ "block.move", "Block-off moved" },
	{ "booking.cancel", "Booking cancelled" },
	{ "booking.confirm", "Booking confirmed" },
	{ "booking.create", "Booking created" },
	{ "booking.delete", "Booking deleted" },
	{ "booking.update", "Booking changed" },
	{ "calendar.issue", "Calendar feed address made" },
	{ "calendar.rotate", "Calendar feed address replaced" },
	{ "contact.create", "Contact added" },
	{ "contact.delete", "Contact removed" },
	{ "contact.update", "Contact changed" },
	{ "customer.create", "Customer created" },
	{ "customer.delete", "Customer deleted" },
	{ "customer.update", "Customer changed" },
	{ "document.create", "Document added" },
	{ "document.delete", "Document deleted" },
	{ "document.download", "Document downloaded" },
	{ "document.file", "Document file replaced" },
	{ "document.update", "Document changed" },
	{ "export.bookings", "Bookings exported" },
	{ "export.statement_pdf", "Statement PDF downloaded" },
	{ "export.statements", "Statements exported" },
	{ "formula.add", "Formula added" },
	{ "formula.delete", "Formula deleted" },
	{ "formula.edit", "Formula changed" },
	{ "grant.add", "Access granted" },
	{ "grant.edit", "Access changed" },
	{ "grant.remove", "Access removed" },
	{ "group.create", "Group created" },
	{ "group.default", "Default group changed" },
	{ "group.delete", "Group deleted" },
	{ "group.update", "Group changed" },
	{ "ical_source.add", "Calendar import added" },
	{ "ical_source.remove", "Calendar import removed" },
	{ "impersonation.end", "Log in as ended" },
	{ "impersonation.start", "Log in as started" },
	{ "invite.accept", "Invitation accepted" },
	{ "invite.send", "Invitation sent" },
	{ "mail.notify_unmailed", "Booking mail not sent (no address)" },
	{ "mfa.disable", "Two-step sign-in turned off" },
	{ "mfa.enrol", "Two-step sign-in set up" },
	{ "mfa.failure", "Wrong sign-in code" },
	{ "mfa.recovery_codes", "New recovery codes" },
	{ "mfa.refused_locked", "Sign-in code refused (locked)" },
	{ "mfa.replay", "Sign-in code used twice" },
	{ "mfa.require", "Two-step sign-in required" },
	{ "mfa.reset", "Two-step sign-in reset" },
	{ "mfa.unrequire", "Two-step sign-in no longer required" },
	{ "note.add", "Note added" },
	{ "note.delete", "Note deleted" },
	{ "note.update", "Note changed" },
	{ "password.change", "Password changed" },
	{ "password.check_failure", "Wrong current password" },
	{ "password.set_onetime", "One-time password set" },
	{ "property.create", "Property created" },
	{ "property.delete", "Property deleted" },
	{ "property.update", "Property changed" },
	{ "reset.complete", "Password reset" },
	{ "reset.request", "Password reset asked for" },
	{ "reset.throttled", "Password reset refused (too many)" },
	{ "session.end", "Session ended" },
	{ "signin.failure", "Sign-in failed" },
	{ "signin.lock", "Sign-in locked" },
	{ "signin.password", "Signed in with a password" },
	{ "signin.refused_locked", "Sign-in refused (locked)" },
	{ "signin.success", "Signed in" },
	{ "signout", "Signed out" },
	{ "staff.admin", "Staff admin switched" },
	{ "staff.disable", "Staff member disabled" },
	{ "staff.enable", "Staff member enabled" },
	{ "staff.impersonate", "Staff log-in-as right switched" },
	{ "staff.invite", "Staff member invited" },
	{ "staff.mfa", "Staff two-step sign-in switched" },
	{ "statement.create", "Statement created" },
	{ "statement.delete", "Statement deleted" },
	{ "statement.update", "Statement changed" },
	{ "tenant.brand", "Brand changed" },
	{ "tenant.local", "Time zone and number format changed" },
	{ "throttle.unlock", "Sign-in unlocked" },
	{ "throttle.wait", "Sign-in slowed down" },
	{ "tokenlink.disable", "Token link disabled" },
	{ "tokenlink.enable", "Token link enabled" },
	{ "tokenlink.expiry", "Token link expiry changed" },
	{ "tokenlink.refused_has_users", "Token link refused (customer has users)" },
	{ "tokenlink.rotate", "Token link replaced" },
	{ "tokenlink.use", "Token link opened" },
	{ "user.create", "Portal user created" },
	{ "user.disable", "Portal user disabled" },
	{ "user.enable", "Portal user enabled" },
	{ "user.fin_override", "Financial figures of a user changed" },
	{ "user.portal_admin", "Portal admin changed" },
	{ "webhook.add", "Webhook added" },
	{ "webhook.remove", "Webhook removed" },
	{ "webhook.resend", "Webhook delivery sent again" },
};

const struct audit_action *
audit_actions(size_t *n)
{
	*n = sizeof(actions) / sizeof(actions[0]);
	return actions;
}

const char *
audit_action_label(const char *action)
{
	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (strcmp(action, actions[i].name) == 0)
			return actions[i].label;
	return NULL;
}

/* The day at p ("YYYY-MM-DD" not followed by a digit or letter) as people
 * write it: 1, or 0. */
static int
detail_day(const char *p, char day[DATE_HUMAN_LEN])
{
	char ymd[DATE_LEN];
	long days;

	if (strnlen(p, 10) < 10 || isalnum((unsigned char)p[10]))
		return 0;
	memcpy(ymd, p, 10);
	ymd[10] = '\0';
	if (date_parse(ymd, &days) < 0)
		return 0;
	date_human_of(days, day);
	return 1;
}

void
audit_detail_words(struct buf *out, const char *detail)
{
	const char *p = detail;

	while (*p != '\0') {
		size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz_.");
		char word[64], day[DATE_HUMAN_LEN];

		/* A day ("2027-03-05", not inside a longer word) as people write
		 * it, and "DAY..DAY" as "DAY to DAY". */
		if ((p == detail || !isalnum((unsigned char)p[-1])) &&
		    detail_day(p, day)) {
			buf_puts(out, day);
			p += 10;
			if (p[0] == '.' && p[1] == '.' && detail_day(p + 2, day)) {
				buf_puts(out, " to ");
				buf_puts(out, day);
				p += 12;
			}
			continue;
		}

		/* A catalog name (a run of those characters not inside a longer word)
		 * reads as its label; a dot closing a sentence is not part of it. */
		while (n > 0 && p[n - 1] == '.')
			n--;
		if (n > 0 && n < sizeof(word) && (p == detail || !isalnum((unsigned char)p[-1]))) {
			const char *label;

			memcpy(word, p, n);
			word[n] = '\0';
			label = authz_field_label(word);
			buf_puts(out, label);
			p += n;
			/* A list of labels reads "See the calendar, see guests' names". */
			if (label != word && *p == ',' && islower((unsigned char)p[1])) {
				buf_puts(out, ", ");
				p++;
			}
			continue;
		}
		n = n > 0 ? n : 1;
		buf_put(out, p, n);
		p += n;
	}
}
