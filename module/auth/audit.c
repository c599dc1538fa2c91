/* porch — SPDX-License-Identifier: MIT
 * The audit log writer.
 */
#include "config.h"

#include <string.h>

#include "audit.h"
#include "change.h"
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
