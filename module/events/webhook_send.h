/* porch — SPDX-License-Identifier: MIT
 * The webhook sender (porchctl webhooks send): claims endpoints with an event to
 * send, POSTs each endpoint its events in order, signed, and marks them delivered,
 * or the endpoint waiting after a growing delay (docs/DESIGN.md "Webhooks").
 */
#ifndef PORCH_WEBHOOK_SEND_H
#define PORCH_WEBHOOK_SEND_H

#include <signal.h>

#include "cfg.h"
#include "util.h"

struct webhook_pass_stats {
	unsigned	 delivered;	/* events a receiver took */
	unsigned	 deferred;	/* tries that failed: their endpoint waits */
	unsigned	 requeued;	/* stale claims given up */
};

/*
 * One pass: every endpoint due when it began gets its waiting events, up to
 * webhooks.batch per claim, until none is left or a delivery fails (the endpoint
 * then waits). Stops between two deliveries once *stop is set. Returns DB_OK or the
 * DB_* error that ended it.
 */
int	webhook_send_pass(const struct cfg *c, struct arena *a,
	    volatile sig_atomic_t *stop, struct webhook_pass_stats *st);

#endif
