/* porch — SPDX-License-Identifier: MIT
 * The tenant API's request side: the key gate every /api/ route passes (bearer key
 * of the host's tenant, per-key rate, read-only scope), the one JSON writer of
 * answers and errors, the JSON body reader and the key as the actor of changes.
 * A handler under handlers/api/ answers only through api_send() and api_error().
 */
#ifndef PORCH_API_H
#define PORCH_API_H

#include <stdint.h>

#include <jansson.h>

#include "api_json.h"
#include "req.h"

/* The API key a request came with, set by api_gate(). */
struct api_caller {
	int64_t		 key_id;
	const char	*name;
	int		 read_only;
};

/*
 * Lets an API request through to its handler: PAGE_GO; 0 when p holds the JSON
 * error instead (401 without a working key of the host's tenant, audited as
 * apikey.refused when a key was sent; 429 past api.rate_per_minute, with
 * Retry-After; 403 for a read-only key on anything but GET and HEAD, audited); or
 * a status for api_error_status() (503 when the database is away).
 */
int	api_gate(struct req *r, struct resp *p);

/* Writes body (a reference api_send() takes over) as the answer with status. 0. */
int	api_send(struct resp *p, int status, json_t *body);
/* Appends body (taken over) to the answer as one line of NDJSON (the batch). */
void	api_send_line(struct resp *p, json_t *body);
/* Writes e as the answer (its status). Returns 0, for a handler to return. */
int	api_error(struct resp *p, const struct api_err *e);
/* The JSON error for a bare status (a route's 404, 405, the database's 503). */
void	api_error_status(const struct req *r, struct resp *p, int status);

/*
 * The request's JSON object: 0 with *root (json_decref() it), or the status of the
 * error in e: 415 unless Content-Type is application/json, 413 past api.body_limit,
 * 400 for a body that is not one JSON object.
 */
int	api_body(struct req *r, json_t **root, struct api_err *e);

/* The request's key as the actor of a change (module/change). */
struct actor;
void	api_actor(struct req *r, struct actor *who);

/*
 * The JSON error for the outcome rc of a change function that is not CHANGE_OK:
 * CHANGE_INVALID is 422 (a rule refused it; out->field names the field),
 * CHANGE_NOT_FOUND 404, CHANGE_CONFLICT 409, CHANGE_BUSY and DB_GONE 503. Returns 0.
 */
struct change_result;
int	api_change_error(struct resp *p, int rc, const struct change_result *out);
/*
 * The same error into e, its field (out->field, a pointer into the item) under
 * base ("" for a body that is the item, "/data" for a batch line's). Returns the
 * status.
 */
int	api_change_err(struct api_err *e, int rc, const struct change_result *out,
	    const char *base);

#endif
