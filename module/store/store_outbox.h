/* porch — SPDX-License-Identifier: MIT
 * Typed access to the mail outbox: enqueueing, the sender's claims and marks, and the
 * operator's listing. Every function returns DB_OK or a DB_* error from db.h.
 * Only mail.c and porchctl call these; handlers enqueue through mail_enqueue().
 */
#ifndef PORCH_STORE_OUTBOX_H
#define PORCH_STORE_OUTBOX_H

#include <stdint.h>

#include "db.h"

/* A claimed outbox row; strings in the caller's arena. */
struct outbox_row {
	int64_t	 id;
	const char	*to_addr;
	const char	*to_name;
	const char	*subject;
	const char	*body;
	int	 attempts;	/* attempts begun before this one */
	int64_t	 created;	/* seconds since the epoch */
	/* the tenant's brand; NULL for operator mail (no tenant) */
	const char	*tenant_name;
	const char	*from_name;	/* its sender name, else its name */
	const char	*brand_color;	/* as stored; NULL: none */
	const char	*logo_path;	/* under documents.dir; NULL: none */
	int		 logo_width, logo_height;
};

/* tenant_id 0 stores NULL (no tenant). *id gets the new row's id. */
int	store_outbox_add(struct arena *a, int64_t tenant_id, const char *to,
	    const char *to_name, const char *subject, const char *body, int64_t *id);

/* The database's UTC clock, "YYYY-MM-DD HH:MM:SS.ffffff", in a. */
int	store_outbox_now(struct arena *a, char **now);

/* Claims older than stale_seconds go back to queued (failed at max_attempts). */
int	store_outbox_requeue_stale(struct arena *a, int stale_seconds, int max_attempts,
	    uint64_t *n);

/* Claims up to limit queued rows due at or before due (a store_outbox_now() value). */
int	store_outbox_claim(struct arena *a, const char *claim, const char *due, int limit,
	    uint64_t *n);

/* The rows held by claim, oldest first; *rows in a. */
int	store_outbox_claimed(struct arena *a, const char *claim, struct outbox_row **rows,
	    size_t *n);

/* Counts an attempt and renews the claim; *ours 0 when the row is no longer ours. */
int	store_outbox_begin_attempt(struct arena *a, int64_t id, const char *claim,
	    int *ours);
int	store_outbox_mark_sent(struct arena *a, int64_t id, const char *claim);

/* Queued again in delay seconds, or failed when attempts reached max_attempts. */
int	store_outbox_mark_retry(struct arena *a, int64_t id, const char *claim,
	    int max_attempts, int delay, const char *error);

/* Every row still held by claim goes back to queued, attempts unchanged. */
int	store_outbox_release(struct arena *a, const char *claim, uint64_t *n);

/* A mail as the operator's listing shows it; never the body. Strings in the arena. */
struct outbox_entry {
	int64_t		 id;
	const char	*status;
	int64_t		 attempts;
	const char	*next_attempt;	/* UTC, "YYYY-MM-DD HH:MM:SS"; NULL: none */
	const char	*tenant;	/* the tenant's slug, or "-" */
	const char	*to_addr;
	const char	*subject;
	const char	*last_error;	/* or "-" */
};

/* Unsent mail (all: sent mail too), by id, into *rows (n of them, in a). */
int	store_outbox_list(struct arena *a, int all, struct outbox_entry **rows,
	    size_t *n);

/* A failed mail is queued again with a fresh count; *found 0 when id is no failed
 * mail. */
int	store_outbox_requeue_failed(struct arena *a, int64_t id, int *found);

#endif
