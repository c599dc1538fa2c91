/* porch — SPDX-License-Identifier: MIT
 * A worker's portal visitors' rights, kept between requests (docs/DESIGN.md,
 * "Rights in the worker"): the rows of a principal's rights statement, kept with
 * the tenant's rights version they were read at, and the principal behind each
 * session seen. Used only by the store (store_auth.c, store_access.c); a kept row
 * is used only while the session's own statement reads the same version.
 */
#ifndef PORCH_STORE_RIGHTS_H
#define PORCH_STORE_RIGHTS_H

#include <stdint.h>

#include "db.h"
#include "store_auth.h"

/* Whose rights: a portal user (id: the user) or a token visitor (the customer). */
struct rights_key {
	int64_t		 tenant;
	enum principal	 kind;
	int64_t		 id;
};

/* The principal of the session with SHA-256 hash in tenant, when seen: 1 and *k. */
int	rights_session(const unsigned char hash[32], int64_t tenant,
	    struct rights_key *k);

/*
 * The same with the session's own row as it was last read (one row, the
 * columns kept), copied into a: 1, or 0 when neither is kept.
 */
int	rights_session_row(const unsigned char hash[32], int64_t tenant,
	    struct rights_key *k, struct arena *a, struct db_res *row);

/* Remembers that session hash is k's, and the first ncols columns of r's row 0
 * as its own row (none when r has no row). */
void	rights_session_keep(const unsigned char hash[32], const struct rights_key *k,
	    const struct db_res *r, size_t ncols);

/* Forgets the session hash (its principal's rights stay kept). */
void	rights_session_forget(const unsigned char hash[32]);

/* Are rows kept for k (at any version) whose time is not up? */
int	rights_have(const struct rights_key *k);

/*
 * The rows kept for k at version, copied into a (columns as kept): 1, or 0 when
 * none are kept, they were kept at another version or their time is up.
 */
int	rights_get(const struct rights_key *k, uint64_t version, struct arena *a,
	    struct db_res *out);

/* The version k's rows are kept at: 1 and *version, or 0 when none are kept. */
int	rights_version_kept(const struct rights_key *k, uint64_t *version);

/*
 * Keeps columns col.. of r's rows for k at version, for at most ttl_ms (0: until
 * the version moves).
 */
void	rights_keep(const struct rights_key *k, uint64_t version, uint64_t ttl_ms,
	    const struct db_res *r, size_t col);

/*
 * What the request's rights came from, for its log line: "kept" (used as kept),
 * "read" (none kept), "moved" (kept at an older version, read again); NULL when
 * the request read none. rights_outcome_reset() per request.
 */
void		 rights_outcome_reset(void);
void		 rights_outcome(const char *what);
const char	*rights_outcome_get(void);

#endif
