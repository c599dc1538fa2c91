/* porch — SPDX-License-Identifier: MIT
 * Dropping root: porchd started as root serves as the unprivileged user and group of
 * its config. The master resolves them once (and refuses root); each worker switches
 * to them before it reads a request and checks that it cannot switch back.
 */
#ifndef PORCH_PRIV_H
#define PORCH_PRIV_H

#include <stddef.h>
#include <sys/types.h>

#include "cfg.h"

#define PRIV_GROUPS_MAX	64

struct priv {
	int	 drop;		/* started as root: workers switch to the ids below */
	uid_t	 uid;
	gid_t	 gid;
	gid_t	 groups[PRIV_GROUPS_MAX];	/* the user's supplementary groups */
	int	 ngroups;
	char	 user[64];
	char	 group[64];
};

/*
 * Fills *p from the config's user and group when this process runs as root (else
 * p->drop stays 0: porchd serves as whoever started it). Returns 0, or -1 with
 * "FILE: message" in err when the account is missing or privileged (uid or gid 0).
 */
int	priv_resolve(const struct cfg *c, struct priv *p, char *err, size_t errlen);

/*
 * Switches this process to p's group list, group and user (real, effective and
 * saved) and checks the result, root included no more. Returns 0 (also when
 * p->drop is 0), or -1 with the reason in err.
 */
int	priv_drop(const struct priv *p, char *err, size_t errlen);

/*
 * The config file's problem when local users other than its owner and group may
 * read it (it holds the database password and secret_key), or NULL.
 */
const char *priv_file_problem(const char *path);

#endif
