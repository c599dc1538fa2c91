/* porch — SPDX-License-Identifier: MIT
 * GET /api/v1/events: what portal users and staff did, oldest first, after a
 * cursor that is the id of the last event a client has taken. The same JSON as
 * every webhook body (event_json()).
 */
#include "config.h"

#include <string.h>

#include "api.h"
#include "event.h"
#include "handlers.h"
#include "input.h"
#include "store_events.h"
#include "tenant.h"

#define EVENTS_DEFAULT	100
#define EVENTS_MAX	1000

enum events_key { EK_AFTER, EK_LIMIT, EK__MAX };

static const struct input_key events_keys[EK__MAX] = {
	[EK_AFTER] = { "after", IN_INT, 0, 0, INT64_MAX },
	[EK_LIMIT] = { "limit", IN_INT, 0, 1, EVENTS_MAX },
};

int
handle_api_events(struct req *r, struct resp *p)
{
	const struct kvlist *q = &r->query;
	struct input_val in[EK__MAX];
	struct event *rows;
	struct api_err e;
	json_t *items;
	size_t n;
	int rc;

	/* Only the two parameters: a typo is refused, not ignored. */
	for (size_t i = 0; i < q->n; i++)
		if (strcmp(q->v[i].key, "after") != 0 && strcmp(q->v[i].key, "limit") != 0) {
			api_err_set(&e, 400, "invalid_parameter", NULL, "%s: not a "
			    "parameter of the events feed (after, limit).", q->v[i].key);
			return api_error(p, &e);
		}
	input_read(r, INPUT_QUERY, events_keys, EK__MAX, in);
	if (in[EK_AFTER].st == INPUT_BAD || in[EK_LIMIT].st == INPUT_BAD) {
		api_err_set(&e, 400, "invalid_parameter", NULL, "%s", in[EK_AFTER].st ==
		    INPUT_BAD ? "after: the id of the last event taken, 0 or more." :
		    "limit: a whole number from 1 to 1000.");
		return api_error(p, &e);
	}
	if ((rc = store_events_after(&r->arena, r->tenant->id,
	    in[EK_AFTER].st == INPUT_OK ? in[EK_AFTER].i : 0,
	    in[EK_LIMIT].st == INPUT_OK ? (int)in[EK_LIMIT].i : EVENTS_DEFAULT, &rows,
	    &n)) != DB_OK)
		return status_for_db(rc);
	if ((items = json_array()) == NULL)
		return 500;
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, event_json(&rows[i]));
	/* The next cursor: the last id given, or the one sent when none was new. */
	return api_send(p, 200, json_pack("{s:o, s:I}", "items", items, "next",
	    (json_int_t)(n > 0 ? rows[n - 1].id : in[EK_AFTER].st == INPUT_OK ?
	    in[EK_AFTER].i : 0)));
}
