/* porch — SPDX-License-Identifier: MIT
 * Typed writes behind the admins' staff page: staff invited, their rights (admin,
 * "log in as", MFA required) set, disabled and enabled. Every function takes the
 * tenant and returns DB_OK or a DB_* error; the caller holds the transaction.
 */
#ifndef PORCH_STORE_STAFF_H
#define PORCH_STORE_STAFF_H

#include <stdint.h>

#include "db.h"

/*
 * Takes the tenant's row and staff member actor's row for update (first in every
 * change of staff accounts); *admin 1 when actor is still an active admin.
 */
int	store_staff_admin_lock(struct arena *a, int64_t tenant, int64_t actor,
	    int *admin);

/* What an admin sets on a staff account. */
struct staff_rights {
	int	 admin;		/* role admin, else staff */
	int	 impersonate;	/* can_impersonate */
	int	 mfa_required;
};

/* A new invited staff member without a password: DB_CONFLICT when the email is
 * taken in the tenant. */
int	store_staff_invite(struct arena *a, int64_t tenant, const char *email,
	    const char *name, const struct staff_rights *rights, int64_t *id);
int	store_staff_set_rights(struct arena *a, int64_t tenant, int64_t id,
	    const struct staff_rights *rights);
/* enable 0: disabled (*changed 0 when they were already); else back to active
 * (invited while no password is set; *changed 0 when they were not disabled). */
int	store_staff_enable(struct arena *a, int64_t tenant, int64_t id, int enable,
	    int *changed);
/* Ends the "log in as" sessions staff member id opened. */
int	store_sessions_del_impersonator(struct arena *a, int64_t tenant, int64_t id);

#endif
