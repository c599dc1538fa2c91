/* porch — SPDX-License-Identifier: MIT
 * porchctl purge: removes the rows nothing will read again (store_purge.h). The
 * outbox sender's loop runs the same pass every hour (tools/outbox.c).
 */
#include "config.h"

#include <stdio.h>

#include "porchctl.h"
#include "store.h"
#include "store_auth.h"
#include "store_purge.h"

int
porchctl_purge_pass(const struct cfg *c, struct arena *a, struct purge_counts *n)
{
	int rc;

	if ((rc = store_purge(a, c->session.idle_seconds, n)) != DB_OK)
		return rc;
	return store_throttle_purge(a, c->signin.window_seconds, &n->throttle);
}

int
porchctl_purge(const struct cfg *c, struct arena *a, int argc, char **argv)
{
	struct purge_counts n;
	int rc;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: porchctl purge\n");
		return PORCHCTL_USAGE;
	}
	if ((rc = porchctl_purge_pass(c, a, &n)) != DB_OK)
		return porchctl_fail_db("purge", rc);
	printf("purged %llu session%s, %llu link%s, %llu sent mail%s, "
	    "%llu throttle record%s\n",
	    (unsigned long long)n.sessions, n.sessions == 1 ? "" : "s",
	    (unsigned long long)n.links, n.links == 1 ? "" : "s",
	    (unsigned long long)n.mail, n.mail == 1 ? "" : "s",
	    (unsigned long long)n.throttle, n.throttle == 1 ? "" : "s");
	return PORCHCTL_OK;
}
