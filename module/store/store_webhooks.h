/* porch — SPDX-License-Identifier: MIT
 * Webhook endpoints and their deliveries (schema/007_events.sql): what staff and
 * porchctl register, list and send again, and what the sender claims and marks
 * (docs/DESIGN.md "Webhooks").
 */
#ifndef PORCH_STORE_WEBHOOKS_H
#define PORCH_STORE_WEBHOOKS_H

#include <stdint.h>

#include "db.h"

/* An endpoint as the sender and the change functions read it. */
struct webhook {
	int64_t		 id;
	int64_t		 tenant;
	const char	*url;
	const unsigned char *secret_enc;	/* the sealed signing secret */
	size_t		 secret_len;		/* 0: none (removed) */
	int64_t		 position;		/* the last event it is done with */
	int		 active;
};

/* An endpoint as the staff page and porchctl list it. */
struct webhook_line {
	int64_t		 id;
	const char	*url;
	int64_t		 position;
	const char	*created;	/* "YYYY-MM-DD HH:MM" */
	int64_t		 waiting;	/* events after position */
	int64_t		 failing;	/* the first event not delivered after a try, or 0 */
	int64_t		 attempts;	/* its tries */
	const char	*last_error;	/* its last failure, or NULL */
	const char	*next_try;	/* "YYYY-MM-DD HH:MM:SS", or NULL */
};

/* One event's delivery to one endpoint. */
struct webhook_delivery {
	int64_t		 event;
	const char	*type;
	int64_t		 attempts;
	int64_t		 last_status;	/* the receiver's HTTP status, 0: none */
	const char	*last_error;	/* NULL: none */
	const char	*next_try;	/* NULL: none planned */
	const char	*delivered;	/* NULL: not delivered */
	int		 resend;	/* queued again */
};

/* A new endpoint of the tenant after its last event; *id is its id. Its secret is
 * set by store_webhook_set_secret() in the same transaction. */
int	store_webhook_add(struct arena *a, int64_t tenant, const char *url,
	    int64_t *id);
int	store_webhook_set_secret(struct arena *a, int64_t tenant, int64_t id,
	    const unsigned char *enc, size_t len);
/* The tenant's active endpoints, by id. */
int	store_webhook_list(struct arena *a, int64_t tenant, struct webhook_line **rows,
	    size_t *n);
int	store_webhook_get(struct arena *a, int64_t tenant, int64_t id, struct webhook *w,
	    int *found);
/* Deactivates the endpoint and forgets its secret; *found 0: no active one. */
int	store_webhook_remove(struct arena *a, int64_t tenant, int64_t id, int *found);
/* The endpoint's latest limit deliveries, newest event first. */
int	store_webhook_deliveries(struct arena *a, int64_t tenant, int64_t endpoint,
	    int limit, struct webhook_delivery **rows, size_t *n);
/*
 * Queues event again for the tenant's active endpoint (0: each one) that is past
 * it, and lets the endpoint be tried at once; *n is how many endpoints will get
 * it again.
 */
int	store_webhook_resend(struct arena *a, int64_t tenant, int64_t endpoint,
	    int64_t event, uint64_t *n);

/* --- The sender (module/events/webhook_send.c), over every tenant --- */

/* Claims older than stale_seconds are given up. */
int	store_webhook_requeue_stale(struct arena *a, int stale_seconds, uint64_t *n);
/* Claims up to limit endpoints due by due with something to send; *n claimed. */
int	store_webhook_claim(struct arena *a, const char *claim, const char *due,
	    int limit, uint64_t *n);
int	store_webhook_claimed(struct arena *a, const char *claim, struct webhook **rows,
	    size_t *n);
/* Renews the claim before a delivery; *ours is 0 when another sender has it. */
int	store_webhook_renew(struct arena *a, int64_t id, const char *claim, int *ours);
/* The first event queued again for the endpoint, or 0. */
int	store_webhook_resend_next(struct arena *a, int64_t tenant, int64_t endpoint,
	    int64_t *event);
/* Counts a try of event at the endpoint: *attempts is its tries with this one. */
int	store_webhook_try(struct arena *a, int64_t tenant, int64_t endpoint,
	    int64_t event, int *attempts);
/* Marks it delivered (status: the receiver's) and, for an event of the stream,
 * moves the endpoint past it: call inside one transaction. */
int	store_webhook_delivered(struct arena *a, int64_t tenant, int64_t endpoint,
	    int64_t event, int status);
int	store_webhook_advance(struct arena *a, int64_t endpoint, const char *claim,
	    int64_t event);
/* Marks a failed try, and the endpoint waiting delay seconds, its claim given up. */
int	store_webhook_failed(struct arena *a, int64_t tenant, int64_t endpoint,
	    int64_t event, int status, const char *error, int delay);
int	store_webhook_backoff(struct arena *a, int64_t endpoint, const char *claim,
	    int delay);
/* Gives up what is left of a claim; *n endpoints. */
int	store_webhook_release(struct arena *a, const char *claim, uint64_t *n);

#endif
