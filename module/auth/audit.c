/* porch — SPDX-License-Identifier: MIT
 * The audit log writer.
 */
#include "config.h"

#include <string.h>

#include "audit.h"
#include "log.h"
#include "session.h"
#include "tenant.h"

static int
write_entry(struct req *r, struct audit_entry *e)
{
	int rc;

	e->tenant = r->tenant != NULL ? r->tenant->id : 0;
	e->ip = r->remote_addr[0] ? r->remote_addr : NULL;
	if (e->detail != NULL && strlen(e->detail) > 1000)
		e->detail = arena_strndup(&r->arena, e->detail, 1000);
	if ((rc = store_audit_add(&r->arena, e)) != DB_OK)
		log_error("req=%s audit entry %s not written", r->id, e->action);
	return rc;
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
