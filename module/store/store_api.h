/* porch — SPDX-License-Identifier: MIT
 * The tenant API's keys (stored as the SHA-256 of their random bytes) and the
 * per-key request count behind the rate limit; SQL text in store_sql.c.
 */
#ifndef PORCH_STORE_API_H
#define PORCH_STORE_API_H

#include <stdint.h>

#include "db.h"

struct api_key {
	int64_t		 id;
	char		*name;
	char		*prefix;	/* the key's first characters, to tell keys apart */
	int		 read_only;
	char		*created;	/* "YYYY-MM-DD HH:MM" (UTC) */
	char		*last_used;	/* the same, NULL when never used */
	char		*revoked;	/* the same, NULL while the key works */
	unsigned char	 hash[32];
	int		 touch_due;	/* last use a minute old or never: write it */
};

int	store_api_key_add(struct arena *a, int64_t tenant, const char *name,
	    const char *prefix, const unsigned char hash[32], int read_only,
	    int64_t *id);
/* The tenant's key with this hash; *found 0 when none (or another tenant's). */
int	store_api_key_find(struct arena *a, int64_t tenant, const unsigned char hash[32],
	    struct api_key *k, int *found);
int	store_api_key_get(struct arena *a, int64_t tenant, int64_t id,
	    struct api_key *k, int *found);
/* Every key of the tenant, revoked ones too, oldest first, into *keys (in a). */
int	store_api_key_list(struct arena *a, int64_t tenant, struct api_key **keys,
	    size_t *n);
/* *one 1 when the key was live and is now revoked. */
int	store_api_key_revoke(struct arena *a, int64_t tenant, int64_t id, int *one);
int	store_api_key_touch(struct arena *a, int64_t tenant, int64_t id);
/* Counts one request of the key in the database's current minute: *hits, with it. */
int	store_api_rate_hit(struct arena *a, int64_t tenant, int64_t key,
	    uint64_t *hits);

#endif
