/* porch — SPDX-License-Identifier: MIT
 * The master process: owns the listening socket, keeps N workers alive, reloads on
 * SIGHUP and shuts down gracefully on SIGTERM.
 */
#ifndef PORCH_MASTER_H
#define PORCH_MASTER_H

#include "cfg.h"
#include "priv.h"

/*
 * Opens (or inherits) the socket of cfg->listen; returns the descriptor or -1 with a
 * message logged. *created is set when porchd made a unix socket it must remove.
 */
int	master_listen(const struct cfg *cfg, int *created);

/*
 * Runs the master until shutdown; takes ownership of *cfg. Workers switch to *priv
 * (from priv_resolve) before serving. Returns the exit status.
 */
int	master_run(struct cfg *cfg, const struct priv *priv, int listen_fd, int created);

#endif
