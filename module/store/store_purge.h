/* porch — SPDX-License-Identifier: MIT
 * Housekeeping in the database: removing the rows nothing will read again (ended
 * sessions, spent or expired one-time links, delivered mail). Used by porchctl purge
 * and the outbox sender's loop. Every function returns DB_OK or a DB_* error.
 */
#ifndef PORCH_STORE_PURGE_H
#define PORCH_STORE_PURGE_H

#include <stdint.h>

#include "db.h"

/*
 * A used or expired invitation/reset link is kept this long after it was made: the
 * self-serve reset form counts the links of the last hour (handlers/auth/invite.c).
 */
#define PURGE_LINK_KEEP_SECONDS		3600
/* Delivered mail is kept this long after sending (porchctl outbox list --all). */
#define PURGE_SENT_KEEP_SECONDS		(7 * 86400)

struct purge_counts {
	uint64_t	 sessions;	/* expired, idle or their token link gone */
	uint64_t	 links;		/* used or expired action tokens */
	uint64_t	 mail;		/* delivered outbox rows */
	uint64_t	 throttle;	/* throttle rows past their window and wait */
};

/*
 * Removes, across all tenants, the rows the request path already refuses by the
 * same rules: sessions past their absolute expiry, idle for idle_seconds or more
 * (the config's session.idle_seconds), or a token visitor's whose link was
 * rotated, disabled or expired; action tokens used or expired and older than
 * PURGE_LINK_KEEP_SECONDS; mail sent more than PURGE_SENT_KEEP_SECONDS ago. Queued
 * and failed mail, the audit log and live rows stay. Deletes in small batches, each
 * its own short transaction. *n counts what went (also on error, so far).
 */
int	store_purge(struct arena *a, long idle_seconds, struct purge_counts *n);

#endif
