/* porch — SPDX-License-Identifier: MIT
 * Counters for the metrics endpoint (metrics.listen): requests by route family and
 * status, their latency, database errors, reconnects and conflict retries, argon2
 * refusals, worker restarts. porchd's master maps them shared before it forks, so
 * every worker adds to the same numbers (atomic adds); in any other process
 * (porchctl) they count in the process alone and nobody reads them.
 */
#ifndef PORCH_METRICS_H
#define PORCH_METRICS_H

#include <stdint.h>

#include "util.h"

enum metric {
	METRIC_DB_ERROR,	/* a statement failed (a 500) */
	METRIC_DB_GONE,		/* MariaDB unreachable or the connection lost (a 503) */
	METRIC_DB_BUSY,		/* a deadlock, a lock wait too long, a certification
				 * conflict */
	METRIC_DB_RECONNECT,	/* a connection made again after one was lost */
	METRIC_DB_RETRY,	/* a transaction run again after a conflict */
	METRIC_ARGON2_BUSY,	/* a password check refused: argon2.max_concurrent */
	METRIC_WORKER_RESTART,	/* a worker died and the master started another */
	METRIC__MAX
};

/* Makes the counters shared with the processes forked after it; 0 or -1. */
int	metrics_setup(void);

/* Adds one to m. Safe in any process, at any time. */
void	metrics_count(enum metric m);

/* One request served: its path (the family is taken from it), status, duration. */
void	metrics_request(const char *path, int status, uint64_t us);

/* The route family of a path: "auth", "staff", "portal", "api"... */
const char *metrics_family(const char *path);

/* Appends every counter in the Prometheus text format (version 0.0.4). */
void	metrics_render(struct buf *b);

#endif
