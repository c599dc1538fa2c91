/* porch — SPDX-License-Identifier: MIT
 * Which tenant a request is for, from the host the web server routed on. Answers are
 * cached per worker for tenant_cache_seconds, misses included.
 */
#ifndef PORCH_TENANT_H
#define PORCH_TENANT_H

#include "store.h"

/*
 * Sets *t to the active tenant serving host, or to NULL when none does (unknown host,
 * disabled tenant). The tenant is owned by the cache and valid until the next call.
 * Returns DB_OK, or DB_GONE / DB_ERROR when the database could not say.
 */
int	tenant_for_host(const char *host, int ttl_seconds, const struct tenant **t);

/* Forgets every cached answer (after a reload). */
void	tenant_cache_clear(void);
/* Marks every cached answer stale, so the next request reads its tenant again
 * (after a change of a tenant's row); the tenant at hand stays valid. */
void	tenant_cache_expire(void);

#endif
