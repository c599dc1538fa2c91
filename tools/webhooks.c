/* porch — SPDX-License-Identifier: MIT
 * porchctl's events and webhook commands: the event list of a tenant, endpoints
 * registered, listed and removed, their deliveries, an event sent again (through
 * module/change, audited as the operator), and the webhook sender (one pass or a
 * loop until SIGTERM).
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "change.h"
#include "log.h"
#include "porchctl.h"
#include "store.h"
#include "store_events.h"
#include "store_webhooks.h"
#include "webhook_send.h"

/* An id argument named what; 0 (after the message) when it is not one. */
static int64_t
id_arg(const char *s, const char *what)
{
	int64_t id = parse_id(s);

	if (id == 0)
		fprintf(stderr, "porchctl: \"%s\" is not %s (a number from 1)\n", s, what);
	return id;
}

int
porchctl_events(const struct cfg *c, struct arena *a, int argc, char **argv)
{
	long long after = 0, limit = 100;
	struct tenant t;
	struct event *e;
	size_t n;
	int rc;

	(void)c;
	for (int i = 2; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--after") == 0 &&
		    parse_int(argv[i + 1], 0, INT64_MAX, &after) == 0)
			continue;
		if (strcmp(argv[i], "--limit") == 0 &&
		    parse_int(argv[i + 1], 1, 1000, &limit) == 0)
			continue;
		argc = 0;	/* refused below */
	}
	if (argc < 2 || argc % 2 != 0) {
		fprintf(stderr, "usage: porchctl events SLUG [--after ID] [--limit N] "
		    "(ID from 0, N from 1 to 1000)\n");
		return PORCHCTL_USAGE;
	}
	if ((rc = porchctl_tenant(a, argv[1], &t)) != 0)
		return rc;
	if ((rc = store_events_after(a, t.id, after, (int)limit, &e, &n)) != DB_OK)
		return porchctl_fail_db("events", rc);
	for (size_t i = 0; i < n; i++)
		printf("%" PRId64 "\t%s\t%s\t%s:%" PRId64 "\t%s:%" PRId64 "\t%s\n", e[i].id,
		    e[i].created_at, e[i].type, e[i].subject_kind, e[i].subject_id,
		    e[i].actor_kind != NULL ? e[i].actor_kind : "-", e[i].actor_id,
		    e[i].payload);
	return PORCHCTL_OK;
}

static int
webhook_add(const struct cfg *c, struct arena *a, const struct tenant *t,
    const char *url)
{
	char secret[WEBHOOK_SECRET_SIZE];
	struct change_result out;
	struct actor who;
	int rc;

	porchctl_actor(c, a, t, &who);
	if ((rc = change_webhook_add(&who, url, secret, &out)) != CHANGE_OK)
		return porchctl_change_failed("webhook add", rc, &out);
	printf("endpoint %" PRId64 " added for %s\nsigning secret (shown once): %s\n",
	    out.id, t->slug, secret);
	OPENSSL_cleanse(secret, sizeof(secret));
	return PORCHCTL_OK;
}

static int
webhook_list(struct arena *a, const struct tenant *t)
{
	struct webhook_line *w;
	size_t n;
	int rc;

	if ((rc = store_webhook_list(a, t->id, &w, &n)) != DB_OK)
		return porchctl_fail_db("webhook list", rc);
	for (size_t i = 0; i < n; i++)
		printf("%" PRId64 "\t%s\tafter=%" PRId64 "\twaiting=%" PRId64
		    "\tfailing=%" PRId64 "\tattempts=%" PRId64 "\tnext=%s\t%s\n", w[i].id,
		    w[i].url, w[i].position, w[i].waiting, w[i].failing, w[i].attempts,
		    w[i].next_try != NULL ? w[i].next_try : "-",
		    w[i].last_error != NULL ? w[i].last_error : "-");
	return PORCHCTL_OK;
}

static int
webhook_deliveries(struct arena *a, const struct tenant *t, int64_t id)
{
	struct webhook_delivery *d;
	struct webhook w;
	size_t n;
	int found, rc;

	if ((rc = store_webhook_get(a, t->id, id, &w, &found)) != DB_OK)
		return porchctl_fail_db("webhook deliveries", rc);
	if (!found) {
		fprintf(stderr, "porchctl: no endpoint %" PRId64 " in %s (see: porchctl "
		    "webhook list %s)\n", id, t->slug, t->slug);
		return PORCHCTL_FAIL;
	}
	if ((rc = store_webhook_deliveries(a, t->id, id, 100, &d, &n)) != DB_OK)
		return porchctl_fail_db("webhook deliveries", rc);
	for (size_t i = 0; i < n; i++)
		printf("%" PRId64 "\t%s\t%s\tattempts=%" PRId64 "\tstatus=%" PRId64
		    "\tnext=%s\t%s%s\n", d[i].event, d[i].type, d[i].delivered != NULL ?
		    d[i].delivered : "not-delivered", d[i].attempts, d[i].last_status,
		    d[i].next_try != NULL ? d[i].next_try : "-",
		    d[i].last_error != NULL ? d[i].last_error : "-",
		    d[i].resend ? "\tresend" : "");
	return PORCHCTL_OK;
}

int
porchctl_webhook(const struct cfg *c, struct arena *a, int argc, char **argv)
{
	struct change_result out;
	struct actor who;
	struct tenant t;
	uint64_t n;
	int64_t id;
	int rc;

	if (argc < 3 || !((argc == 4 && (strcmp(argv[1], "add") == 0 ||
	    strcmp(argv[1], "remove") == 0 || strcmp(argv[1], "deliveries") == 0 ||
	    strcmp(argv[1], "resend") == 0)) ||
	    (argc == 3 && strcmp(argv[1], "list") == 0))) {
		fprintf(stderr, "usage: porchctl webhook add SLUG URL | list SLUG | "
		    "remove SLUG ID | deliveries SLUG ID | resend SLUG EVENT_ID\n");
		return PORCHCTL_USAGE;
	}
	if ((rc = porchctl_tenant(a, argv[2], &t)) != 0)
		return rc;
	if (strcmp(argv[1], "add") == 0)
		return webhook_add(c, a, &t, argv[3]);
	if (strcmp(argv[1], "list") == 0)
		return webhook_list(a, &t);
	if ((id = id_arg(argv[3], strcmp(argv[1], "resend") == 0 ? "an event id" :
	    "an endpoint id")) == 0)
		return PORCHCTL_USAGE;
	if (strcmp(argv[1], "deliveries") == 0)
		return webhook_deliveries(a, &t, id);
	porchctl_actor(c, a, &t, &who);
	if (strcmp(argv[1], "remove") == 0) {
		if ((rc = change_webhook_remove(&who, id, &out)) != CHANGE_OK)
			return porchctl_change_failed("webhook remove", rc, &out);
		printf("endpoint %" PRId64 " removed\n", id);
		return PORCHCTL_OK;
	}
	if ((rc = change_webhook_resend(&who, 0, id, &out, &n)) != CHANGE_OK)
		return porchctl_change_failed("webhook resend", rc, &out);
	if (n > 0)
		printf("event %" PRId64 " queued again\n", id);
	else
		printf("event %" PRId64 ": no endpoint has sent it yet; each sends it in its "
		    "turn\n", id);
	return PORCHCTL_OK;
}

int
porchctl_webhooks(const struct cfg *c, struct arena *a, int argc, char **argv)
{
	struct webhook_pass_stats st;
	int rc, loop, failing = 0;

	if (argc < 2 || argc > 3 || strcmp(argv[1], "send") != 0 ||
	    (argc == 3 && strcmp(argv[2], "--once") != 0 &&
	    strcmp(argv[2], "--loop") != 0)) {
		fprintf(stderr, "usage: porchctl webhooks send [--once | --loop]\n");
		return PORCHCTL_USAGE;
	}
	loop = argc == 3 && strcmp(argv[2], "--loop") == 0;
	porchctl_catch_stop();
	log_open("porchctl", c->log_syslog, c->log_level);
	if (!c->secret_key_set) {
		fprintf(stderr, "porchctl: webhooks send: the config has no secret_key to "
		    "open the signing secrets with\n");
		return PORCHCTL_USAGE;
	}
	if (loop)
		log_info("webhooks: sender started, a pass every %d s",
		    c->webhooks.poll_seconds);
	for (;;) {
		rc = webhook_send_pass(c, a, &porchctl_stop_requested, &st);
		arena_reset(a);
		if (!loop) {
			if (rc != DB_OK)
				return porchctl_fail_db("webhooks send", rc);
			printf("delivered %u, deferred %u\n", st.delivered, st.deferred);
			return PORCHCTL_OK;
		}
		if (rc != DB_OK && !failing)
			log_warn("webhooks: %s; trying again every %d s", store_last_error(),
			    c->webhooks.poll_seconds);
		else if (rc == DB_OK && failing)
			log_info("webhooks: the database answers again");
		failing = rc != DB_OK;
		if (st.delivered + st.deferred > 0)
			log_info("webhooks: pass done: delivered %u, deferred %u",
			    st.delivered, st.deferred);
		porchctl_nap(c->webhooks.poll_seconds * 1000L);
		if (porchctl_stop_requested)
			break;
	}
	log_info("webhooks: sender stopped");
	return PORCHCTL_OK;
}
