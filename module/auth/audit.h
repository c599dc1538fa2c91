/* porch — SPDX-License-Identifier: MIT
 * The audit log: who did what to whom, from where, as whom. Entries never carry a
 * secret (no passwords, tokens or codes).
 */
#ifndef PORCH_AUDIT_H
#define PORCH_AUDIT_H

#include <stdint.h>

#include "req.h"
#include "store_auth.h"

/*
 * Records action in the request's tenant with the given actor (kind NULL: nobody
 * known, e.g. a failed sign-in) and target. Returns DB_OK or a DB_* error.
 */
int	audit_as(struct req *r, const char *action, const char *actor_kind,
	    int64_t actor_id, const char *target_kind, int64_t target_id,
	    const char *detail);

/* The same with the signed-in session as actor (and its impersonator, if any). */
int	audit(struct req *r, const char *action, const char *target_kind,
	    int64_t target_id, const char *detail);

/*
 * "Log in as" start and end: actor the staff member, target the portal user, and the
 * staff member as impersonator, whichever session the request carries.
 */
int	audit_impersonation(struct req *r, const char *action, int64_t staff_id,
	    int64_t portal_user_id);

/* An action's name as stored and the phrase people read on the audit page. */
struct audit_action {
	const char	*name;
	const char	*label;
};

/* Every action porch records, by name, as [0..*n). */
const struct audit_action	*audit_actions(size_t *n);

/* The phrase of action ("signin.success": "Signed in"), NULL for one unknown. */
const char	*audit_action_label(const char *action);

/*
 * An entry's detail as people read it, appended to out: each catalog or booking
 * field name in it ("perms=calendar.view", "guest_email") by its label
 * (authz_field_label()), each day as "Sat 20 Mar 2027" (date_human(), a range
 * "DAY..DAY" as "DAY to DAY"), the rest as it is.
 */
void	audit_detail_words(struct buf *out, const char *detail);

#endif
