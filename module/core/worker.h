/* porch — SPDX-License-Identifier: MIT
 * A worker process: accepts FastCGI connections on the shared listening socket and
 * serves one request at a time until told to stop.
 */
#ifndef PORCH_WORKER_H
#define PORCH_WORKER_H

#include "cfg.h"

/*
 * Serves requests on listen_fd until SIGTERM or SIGINT, finishing the request in
 * hand first. Never returns.
 */
void	worker_run(const struct cfg *cfg, int listen_fd) __attribute__((noreturn));

#endif
