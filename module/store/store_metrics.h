/* porch — SPDX-License-Identifier: MIT
 * The senders' queues for the metrics endpoint, over every tenant.
 */
#ifndef PORCH_STORE_METRICS_H
#define PORCH_STORE_METRICS_H

#include <stdint.h>

#include "util.h"

struct store_queue {
	const char	*name;		/* "outbox", "outbox_failed", "webhooks", "ical" */
	int64_t		 depth;		/* what waits */
	int64_t		 oldest;	/* seconds the oldest has waited, 0 if none */
};

/* Fills *qs (in a) with *n queues. DB_OK or a DB_* error. */
int	store_metrics_queues(struct arena *a, struct store_queue **qs, size_t *n);

#endif
