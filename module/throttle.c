/* porch — SPDX-License-Identifier: MIT
 * Sign-in throttling. A "delay" is a short lock: the attempt is refused (with the same
 * answer as a wrong password) rather than slept on, so no worker is tied up waiting.
 */
#include "config.h"

#include "db.h"
#include "store_auth.h"
#include "tenant.h"
#include "throttle.h"

int
throttle_check(struct req *r, const char *account, int *locked, int *counted)
{
	return store_authfail_locked(&r->arena, r->tenant->id, account, r->remote_addr,
	    locked, counted);
}

int
throttle_failure(struct req *r, const char *account, int *locked)
{
	const struct cfg_signin *c = &r->cfg->signin;
	long n, wait = 0;
	int rc;

	*locked = 0;
	if ((rc = store_authfail_record(&r->arena, r->tenant->id, "account", account,
	    c->window_seconds, &n)) != DB_OK)
		return rc;
	if (n >= c->lock_after) {
		wait = c->lock_seconds;
		*locked = n == c->lock_after;
	} else if (n > c->delay_after) {
		int shift = (int)(n - c->delay_after);

		wait = shift >= 20 ? c->max_delay : 1L << shift;
		if (wait > c->max_delay)
			wait = c->max_delay;
	}
	if (wait > 0 && (rc = store_authfail_lock(&r->arena, r->tenant->id, "account",
	    account, wait)) != DB_OK)
		return rc;
	if ((rc = store_authfail_record(&r->arena, r->tenant->id, "address",
	    r->remote_addr, c->window_seconds, &n)) != DB_OK)
		return rc;
	if (n >= c->address_lock_after) {
		*locked |= n == c->address_lock_after;
		rc = store_authfail_lock(&r->arena, r->tenant->id, "address", r->remote_addr,
		    c->lock_seconds);
	}
	return rc;
}

int
throttle_success(struct req *r, const char *account, int counted)
{
	if (!counted)
		return DB_OK;		/* nothing on record: spare the DELETE */
	return store_authfail_clear(&r->arena, r->tenant->id, account, r->remote_addr);
}
