/* porch — SPDX-License-Identifier: MIT
 * The configuration file: one libconfig file, every setting with a default.
 */
#ifndef PORCH_CFG_H
#define PORCH_CFG_H

#include <stddef.h>

#include "log.h"

struct cfg_db {
	char	*socket;
	char	*host;
	int	 port;
	char	*name;
	char	*user;
	char	*password;
	int	 connect_timeout;
};

struct cfg_limits {
	int	 body_max;	/* bytes of request body */
	int	 fields_max;	/* fields in a query string, form or cookie header */
	int	 field_max;	/* bytes of one decoded field value */
	int	 param_max;	/* bytes of one FastCGI param (header) */
};

struct cfg_argon2 {
	int	 t_cost;	/* passes */
	int	 m_cost;	/* KiB */
	int	 parallelism;
};

struct cfg {
	char		*path;
	char		*listen;	/* "unix:PATH", "HOST:PORT" or "fd:N" */
	int		 socket_mode;
	char		*socket_group;
	int		 workers;
	int		 shutdown_timeout;
	int		 log_syslog;
	enum log_level	 log_level;
	char		*pid_file;
	char		*schema_dir;
	int		 tenant_cache_seconds;
	struct cfg_db	 db;
	struct cfg_limits limits;
	struct cfg_argon2 argon2;
};

/*
 * Loads path into *c, filling every unset key with its default. Returns 0, or -1 with
 * "FILE:LINE: message" (or "FILE: message") in err. The caller frees *c with cfg_free()
 * either way.
 */
int	cfg_load(const char *path, struct cfg *c, char *err, size_t errlen);
void	cfg_free(struct cfg *c);

/* Fills *c with the defaults alone (for tools run without a config file). */
void	cfg_defaults(struct cfg *c);

#endif
