/* porch — SPDX-License-Identifier: MIT
 * The metrics endpoint's process (metrics.listen): Prometheus text on GET /metrics.
 */
#ifndef PORCH_METRICS_SERVE_H
#define PORCH_METRICS_SERVE_H

#include "cfg.h"

/* Answers scrapes on listen_fd until the master stops it. Never returns. */
void	metrics_serve(const struct cfg *cfg, int listen_fd) __attribute__((noreturn));

#endif
