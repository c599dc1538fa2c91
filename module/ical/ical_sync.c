/* porch — SPDX-License-Identifier: MIT
 * The calendar import's sync: claims the import URLs that are due, fetches each
 * channel's feed (ical_fetch()), reads it (ical_read()) and hands it to
 * change_ical_sync(), the one write of a feed's bookings; see ical.h.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cfg.h"
#include "change.h"
#include "ical.h"
#include "log.h"
#include "sender.h"
#include "store.h"
#include "store_ical.h"

/* A feed that could not be used: its reason recorded, nothing else. */
static int
sync_failed(struct arena *a, const struct ical_claimed *s, const char *claim,
    char *why, struct ical_pass_stats *st)
{
	int ours, rc;

	sender_clean_error(why, 500);
	log_warn("ical: import URL %lld (tenant %lld, %s): %s", (long long)s->id,
	    (long long)s->tenant, s->channel, why);
	st->failed++;
	SENDER_RETRY_DB(rc, store_ical_sync_failed(a, s->tenant, s->id, claim, why,
	    ICAL_SYNC_SECONDS, &ours));
	return rc;
}

/* One claimed import URL synced. */
static int
sync_one(const struct cfg *c, struct arena *a, const struct ical_claimed *s,
    const char *claim, struct ical_pass_stats *st)
{
	char err[512], etag[ICAL_VALIDATOR_MAX], lm[ICAL_VALIDATOR_MAX];
	struct change_result out;
	struct ical_counts counts;
	struct ical_sync sync;
	struct actor who = {
		.a = a, .cfg = c, .tenant = s->tenant, .kind = "system",
		.name = "iCal sync", .req_id = "", .tenant_name = s->tenant_name,
	};
	struct ical_item *items;
	struct buf body;
	size_t n;
	int status, ours, rc;

	buf_init(&body, 65536);
	status = ical_fetch(&c->ical, s->url, s->etag, s->last_modified, &body, etag, lm,
	    err, sizeof(err));
	if (status == 304) {
		buf_free(&body);
		st->same++;
		return store_ical_sync_same(a, s->tenant, s->id, claim, ICAL_SYNC_SECONDS,
		    &ours);
	}
	if (status < 0 || ical_read(a, body.data, body.len, &items, &n, err,
	    sizeof(err)) < 0) {
		buf_free(&body);
		return sync_failed(a, s, claim, err, st);
	}
	buf_free(&body);
	sync = (struct ical_sync){
		.source = s, .claim = claim, .items = items, .n = n,
		.etag = etag[0] != '\0' ? etag : NULL,
		.last_modified = lm[0] != '\0' ? lm : NULL, .again = ICAL_SYNC_SECONDS,
	};
	rc = change_ical_sync(&who, &sync, &counts, &out);
	if (rc < 0)
		return rc;
	if (rc == CHANGE_CONFLICT && strcmp(out.title, "Claim lost") == 0) {
		log_warn("ical: import URL %lld: %s", (long long)s->id, change_sentence(&out));
		return DB_OK;
	}
	if (rc != CHANGE_OK) {
		snprintf(err, sizeof(err), "an event was refused: %s", change_sentence(&out));
		return sync_failed(a, s, claim, err, st);
	}
	st->synced++;
	if (counts.created + counts.moved + counts.cancelled > 0)
		log_info("ical: import URL %lld (tenant %lld, %s): %lld events, %lld new, "
		    "%lld moved, %lld cancelled, %lld flagged", (long long)s->id,
		    (long long)s->tenant, s->channel, (long long)counts.events,
		    (long long)counts.created, (long long)counts.moved,
		    (long long)counts.cancelled, (long long)counts.flagged);
	return DB_OK;
}

int
ical_sync_pass(const struct cfg *c, struct arena *a, volatile sig_atomic_t *stop,
    struct ical_pass_stats *st)
{
	char claim[SENDER_CLAIM_MAX];
	struct arena batch = { 0 };
	struct ical_claimed *rows;
	sigset_t hold, prev;
	uint64_t n;
	size_t nrows;
	int rc;

	memset(st, 0, sizeof(*st));
	sender_hold_signals(&hold, &prev);
	/* A batch's last URL waits for the fetches of the others: a claim is
	 * stale only after all of them could have timed out. */
	if ((rc = store_ical_sync_requeue_stale(a,
	    ICAL_SYNC_BATCH * c->ical.timeout + 60, &n)) != DB_OK)
		goto out;
	for (;;) {
		sender_let_signals_in(&prev, &hold);
		if (*stop)
			break;
		sender_claim_id(claim, sizeof(claim));
		if ((rc = store_ical_sync_claim(&batch, claim, ICAL_SYNC_BATCH, &n)) !=
		    DB_OK || n == 0)
			break;
		if ((rc = store_ical_sync_claimed(&batch, claim, &rows, &nrows)) == DB_OK)
			for (size_t i = 0; i < nrows && rc == DB_OK && !*stop; i++) {
				rc = sync_one(c, &batch, &rows[i], claim, st);
				sender_let_signals_in(&prev, &hold);
			}
		/* What a stop or an error left claimed goes back. */
		if (store_ical_sync_release(&batch, claim) != DB_OK)
			log_warn("ical: claim %s not given back: %s", claim,
			    store_last_error());
		arena_reset(&batch);
		if (rc != DB_OK)
			break;
	}
out:
	arena_free(&batch);
	sigprocmask(SIG_SETMASK, &prev, NULL);
	return rc;
}
