/* porch — SPDX-License-Identifier: MIT
 * porchctl's calendar sync commands: "ical check URL [--etag TAG]" fetches a
 * channel's feed (conditional on TAG when given) as
 * the sync will (ical_fetch(): the config's address rule, time, size and redirect
 * bounds) and reads it with libical (ical_read()), printing its events or why it
 * cannot be used. It changes nothing. "ical sync [--loop]" syncs the import URLs
 * that are due (ical_sync_pass()), once or every ICAL_SYNC_PAUSE seconds.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "date.h"
#include "ical.h"
#include "log.h"
#include "store.h"
#include "porchctl.h"

#define ICAL_SYNC_PAUSE	60	/* seconds between two passes of --loop */

/* porchctl ical check URL [--etag TAG] */
static int
ical_check(const struct cfg *c, struct arena *a, const char *url, const char *tag)
{
	char err[512], etag[ICAL_VALIDATOR_MAX], lm[ICAL_VALIDATOR_MAX];
	char start[DATE_LEN], end[DATE_LEN];
	struct ical_item *it;
	struct buf body;
	size_t n;
	int status;

	buf_init(&body, 65536);
	status = ical_fetch(&c->ical, url, tag, NULL, &body, etag, lm, err, sizeof(err));
	if (status == 304) {
		printf("not modified, ETag %s\n", etag[0] != '\0' ? etag : "-");
		buf_free(&body);
		return PORCHCTL_OK;
	}
	if (status < 0 || ical_read(a, body.data, body.len, &it, &n, err,
	    sizeof(err)) < 0) {
		fprintf(stderr, "porchctl: %s: %s\n", url, err);
		buf_free(&body);
		return PORCHCTL_FAIL;
	}
	buf_free(&body);
	printf("%zu events", n);
	if (etag[0] != '\0')
		printf(", ETag %s", etag);
	if (lm[0] != '\0')
		printf(", Last-Modified %s", lm);
	printf("\n");
	for (size_t i = 0; i < n; i++) {
		date_format(it[i].start, start);
		date_format(it[i].end, end);
		printf("%s\t%s\t%s\t%s\t%s\n", start, end, it[i].block ? "block" : "booking",
		    it[i].cancelled ? "cancelled" : "active", it[i].uid);
	}
	return PORCHCTL_OK;
}

/* porchctl ical sync [--loop]: one pass over the import URLs due, or a pass every
 * minute until SIGTERM. */
static int
ical_sync(const struct cfg *c, struct arena *a, int loop)
{
	struct ical_pass_stats st;
	int rc, failing = 0;

	porchctl_catch_stop();
	log_open("porchctl", c->log_syslog, c->log_level);
	if (loop)
		log_info("ical: sync started, a pass every %d s", ICAL_SYNC_PAUSE);
	for (;;) {
		rc = ical_sync_pass(c, a, &porchctl_stop_requested, &st);
		arena_reset(a);
		if (!loop) {
			if (rc != DB_OK)
				return porchctl_fail_db("ical sync", rc);
			printf("synced %u, not modified %u, failed %u\n", st.synced, st.same,
			    st.failed);
			return PORCHCTL_OK;
		}
		if (rc != DB_OK && !failing)
			log_warn("ical: %s; trying again every %d s", store_last_error(),
			    ICAL_SYNC_PAUSE);
		else if (rc == DB_OK && failing)
			log_info("ical: the database answers again");
		failing = rc != DB_OK;
		porchctl_nap(ICAL_SYNC_PAUSE * 1000L);
		if (porchctl_stop_requested)
			break;
	}
	log_info("ical: sync stopped");
	return PORCHCTL_OK;
}

int
porchctl_ical(const struct cfg *c, struct arena *a, int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "sync") == 0)
		return ical_sync(c, a, 0);
	if (argc == 3 && strcmp(argv[1], "sync") == 0 && strcmp(argv[2], "--loop") == 0)
		return ical_sync(c, a, 1);
	if (argc == 3 && strcmp(argv[1], "check") == 0)
		return ical_check(c, a, argv[2], NULL);
	if (argc == 5 && strcmp(argv[1], "check") == 0 && strcmp(argv[3], "--etag") == 0)
		return ical_check(c, a, argv[2], argv[4]);
	fprintf(stderr, "usage: porchctl ical check URL [--etag TAG] | "
	    "ical sync [--loop]\n");
	return PORCHCTL_USAGE;
}
