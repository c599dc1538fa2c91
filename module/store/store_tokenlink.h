/* porch — SPDX-License-Identifier: MIT
 * Typed access to customers' token links: the hash a visitor's link is looked up by,
 * the sealed copy staff are shown, expiry and the disabled switch, and the token-visitor
 * sessions a change ends. Every function takes the tenant and returns DB_OK or a DB_*
 * error; SQL text in store_sql.c.
 */
#ifndef PORCH_STORE_TOKENLINK_H
#define PORCH_STORE_TOKENLINK_H

#include <stdint.h>

#include "db.h"

/* A customer's token link as staff see it; strings and the copy live in the arena. */
struct tokenlink {
	int64_t		 customer_id;
	char		*name;		/* the customer's */
	unsigned char	*enc;		/* sealed copy; NULL: no link issued yet */
	size_t		 enc_len;
	char		*created;	/* "YYYY-MM-DD HH:MM" (UTC) or NULL */
	char		*expires;	/* last day it works, "YYYY-MM-DD", or NULL */
	int		 disabled;
	int		 expired;
	int		 has_users;	/* the customer has an active portal user */
};

/* *found 0 when the customer is not one of the tenant's. */
int	store_tokenlink_get(struct arena *a, int64_t tenant, int64_t customer,
	    struct tokenlink *out, int *found);
/*
 * The customer whose live link (issued, enabled, unexpired) has this hash, 0 when
 * none; *has_users: whether that customer has an active portal user.
 */
int	store_tokenlink_find(struct arena *a, int64_t tenant,
	    const unsigned char hash[32], int64_t *customer, int *has_users);
/*
 * Stores a new link (hash and sealed copy). replace 0: only when the customer has
 * none yet. *changed 0 when no row was updated.
 */
int	store_tokenlink_set(struct arena *a, int64_t tenant, int64_t customer,
	    const unsigned char hash[32], const unsigned char *enc, size_t enc_len,
	    int replace, int *changed);
/* The ids of the tenant's customers without a link, into *ids (n of them, in a). */
int	store_tokenlink_missing(struct arena *a, int64_t tenant, int64_t **ids,
	    size_t *n);
/* date: the last day the link works, "YYYY-MM-DD", or NULL for no expiry. */
int	store_tokenlink_set_expiry(struct arena *a, int64_t tenant, int64_t customer,
	    const char *date);
int	store_tokenlink_set_disabled(struct arena *a, int64_t tenant, int64_t customer,
	    int disabled);
/* Ends every token-visitor session of the customer. */
int	store_token_sessions_del(struct arena *a, int64_t tenant, int64_t customer);

#endif
