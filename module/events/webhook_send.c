/* porch — SPDX-License-Identifier: MIT
 * The webhook sender: claims endpoints, POSTs each its next event (a resend queued
 * by staff first, then the stream after its position), signed with its secret, over
 * HTTPS with libcurl to a checked address, and marks it delivered, or the endpoint
 * waiting after a doubling delay. An endpoint's next event waits for the one before.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <curl/curl.h>
#include <openssl/crypto.h>

#include "crypto.h"
#include "event.h"
#include "log.h"
#include "sender.h"
#include "store.h"
#include "store_events.h"
#include "store_outbox.h"
#include "store_webhooks.h"
#include "webhook_send.h"

#define ERROR_MAX	400	/* of webhook_deliveries.last_error's 500 */
#define CLAIM_ENDPOINTS	8	/* endpoints claimed at a time */
#define ROUNDS_MAX	10000	/* claims in one pass, a bound on the pass */

/* The receiver's answer body is not kept. */
static size_t
discard(char *p, size_t size, size_t nmemb, void *arg)
{
	(void)p;
	(void)arg;
	return size * nmemb;
}

/*
 * POSTs body (event id, type) to url signed with secret. Returns 0 when the
 * receiver answered 2xx, else -1 with the reason in err; *status is its HTTP
 * status (0: no answer).
 */
static int
post(CURL *h, const struct cfg_webhooks *c, const char *url, const char *secret,
    const struct event *e, const char *body, long *status, char *err, size_t errlen)
{
	struct net_conn_check cc = { .allow_private = c->allow_private,
	    .allow = &c->allow };
	char cerr[CURL_ERROR_SIZE] = "", sig[WEBHOOK_SIGNATURE_MAX], line[160];
	struct curl_slist *hdr = NULL;
	CURLcode rc;

	webhook_signature(secret, (int64_t)time(NULL), body, strlen(body), sig);
	hdr = curl_slist_append(hdr, "Content-Type: application/json");
	hdr = curl_slist_append(hdr, "Expect:");
	snprintf(line, sizeof(line), "Porch-Event-Id: %lld", (long long)e->id);
	hdr = curl_slist_append(hdr, line);
	snprintf(line, sizeof(line), "Porch-Event-Type: %s", e->type);
	hdr = curl_slist_append(hdr, line);
	snprintf(line, sizeof(line), "Porch-Signature: %s", sig);
	hdr = curl_slist_append(hdr, line);

	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_URL, url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, c->allow_private ? "http,https" :
	    "https");
#else
	curl_easy_setopt(h, CURLOPT_PROTOCOLS, c->allow_private ?
	    (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS) : (long)CURLPROTO_HTTPS);
#endif
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
	curl_easy_setopt(h, CURLOPT_USERAGENT, "porch-webhooks/" PACKAGE_VERSION);
	/* No proxy from the environment and no redirect: the checked address is the
	 * one the event goes to. */
	curl_easy_setopt(h, CURLOPT_PROXY, "");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, net_open_socket);
	curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, &cc);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	if (c->ca_file[0] != '\0')
		curl_easy_setopt(h, CURLOPT_CAINFO, c->ca_file);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)c->timeout);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)c->timeout);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, cerr);

	rc = curl_easy_perform(h);
	curl_slist_free_all(hdr);
	*status = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
	if (rc == CURLE_OK && *status >= 200 && *status < 300)
		return 0;
	if (cc.refused[0] != '\0')
		snprintf(err, errlen, "refused: %s is a loopback, link-local or private "
		    "address (webhooks.allow_private is off and it is not in "
		    "webhooks.allow_addresses)", cc.refused);
	else if (rc == CURLE_OK)
		snprintf(err, errlen, "the receiver answered %ld", *status);
	else
		snprintf(err, errlen, "%s", cerr[0] != '\0' ? cerr : curl_easy_strerror(rc));
	sender_clean_error(err, ERROR_MAX);
	return -1;
}

/* The endpoint's next event: one staff queued again, else the one after its
 * position. *found 0: nothing to send; *stream 1 for the stream's. */
static int
next_event(struct arena *a, const struct webhook *w, struct event *e, int *found,
    int *stream)
{
	struct event *rows;
	int64_t again;
	size_t n;
	int rc;

	*found = 0;
	if ((rc = store_webhook_resend_next(a, w->tenant, w->id, &again)) != DB_OK)
		return rc;
	*stream = again == 0;
	if (again != 0)
		return store_event_get(a, w->tenant, again, e, found);
	if ((rc = store_events_after(a, w->tenant, w->position, 1, &rows, &n)) != DB_OK)
		return rc;
	if ((*found = n == 1))
		*e = rows[0];
	return DB_OK;
}

/* Inside the transaction: e delivered to w, and w past it for the stream's. */
static int
delivered_apply(struct arena *a, const struct webhook *w, const char *claim,
    const struct event *e, int stream, long status)
{
	int rc;

	if ((rc = store_webhook_delivered(a, w->tenant, w->id, e->id, (int)status)) ==
	    DB_OK && stream)
		rc = store_webhook_advance(a, w->id, claim, e->id);
	return rc;
}

/* Marks e delivered to w (and w past it, for the stream's), in one transaction. */
static int
mark_delivered(struct arena *a, struct webhook *w, const char *claim,
    const struct event *e, int stream, long status)
{
	int rc;

	STORE_TXN(rc, delivered_apply(a, w, claim, e, stream, status));
	if (rc == DB_OK && stream)
		w->position = e->id;
	return rc;
}

/* The endpoint's failed try: the delivery and the endpoint wait delay seconds. */
static int
mark_failed(struct arena *a, const struct cfg_webhooks *c, const struct webhook *w,
    const char *claim, int64_t event, int attempts, long status, const char *err)
{
	int delay = sender_backoff(c->retry_base_seconds, c->retry_max_seconds,
	    attempts);
	int rc;

	SENDER_RETRY_DB(rc, store_webhook_failed(a, w->tenant, w->id, event, (int)status,
	    err, delay));
	if (rc == DB_OK)
		SENDER_RETRY_DB(rc, store_webhook_backoff(a, w->id, claim, delay));
	log_warn("webhooks: event %lld to endpoint %lld deferred (attempt %d, next in "
	    "%d s): %s", (long long)event, (long long)w->id, attempts, delay, err);
	return rc;
}

/*
 * Sends claimed endpoint w its next events, one after the other, up to
 * webhooks.batch, stopping at the first failure. Returns DB_OK or a DB_* error.
 */
static int
send_endpoint(const struct cfg *cfg, struct arena *a, CURL *h, const char *claim,
    struct webhook *w, volatile sig_atomic_t *stop, const sigset_t *prev,
    const sigset_t *hold, struct webhook_pass_stats *st)
{
	const struct cfg_webhooks *c = &cfg->webhooks;
	char secret[WEBHOOK_SECRET_LEN + 1], context[64], err[512];
	size_t slen = 0;
	struct event e;
	int rc = DB_OK, ours, found, stream, attempts;
	long status;
	char *body;

	webhook_secret_context(w->tenant, w->id, context, sizeof(context));
	if (w->secret_len != WEBHOOK_SECRET_LEN + SEAL_OVERHEAD ||
	    crypto_open(cfg->secret_key, context, w->secret_enc, w->secret_len,
	    (unsigned char *)secret, &slen) < 0 || slen != WEBHOOK_SECRET_LEN) {
		/* A key changed under it: nothing can be signed until the key is back. */
		log_error("webhooks: endpoint %lld: its signing secret does not open with "
		    "this secret_key; waiting %d s", (long long)w->id,
		    c->retry_max_seconds);
		SENDER_RETRY_DB(rc, store_webhook_backoff(a, w->id, claim,
		    c->retry_max_seconds));
		return rc;
	}
	secret[slen] = '\0';
	for (int i = 0; i < c->batch; i++) {
		sender_let_signals_in(prev, hold);
		if (*stop)
			break;
		/* The claim is renewed before each delivery: a stale one is given up. */
		if ((rc = store_webhook_renew(a, w->id, claim, &ours)) != DB_OK || !ours)
			break;
		if ((rc = next_event(a, w, &e, &found, &stream)) != DB_OK || !found)
			break;
		if ((body = event_body(&e)) == NULL) {
			rc = DB_ERROR;
			break;
		}
		if ((rc = store_webhook_try(a, w->tenant, w->id, e.id, &attempts)) !=
		    DB_OK) {
			free(body);
			break;
		}
		if (post(h, c, w->url, secret, &e, body, &status, err, sizeof(err)) == 0) {
			free(body);
			SENDER_RETRY_DB(rc, mark_delivered(a, w, claim, &e, stream, status));
			if (rc != DB_OK)
				break;
			log_info("webhooks: event %lld delivered to endpoint %lld",
			    (long long)e.id, (long long)w->id);
			st->delivered++;
			continue;
		}
		free(body);
		rc = mark_failed(a, c, w, claim, e.id, attempts, status, err);
		st->deferred++;
		break;
	}
	OPENSSL_cleanse(secret, sizeof(secret));
	return rc;
}

/* Claims a batch, trying again after a conflict (Galera reports a certification
 * failure as a deadlock, which reaches here as DB_ERROR). */
static int
claim_batch(struct arena *a, const char *claim, const char *due, uint64_t *n)
{
	int rc = DB_ERROR;

	for (int try = 0; try < SENDER_DB_TRIES; try++) {
		if ((rc = store_webhook_claim(a, claim, due, CLAIM_ENDPOINTS, n)) !=
		    DB_ERROR)
			break;
		sender_pause_ms(50 + 100 * try);
	}
	return rc;
}

int
webhook_send_pass(const struct cfg *cfg, struct arena *a, volatile sig_atomic_t *stop,
    struct webhook_pass_stats *st)
{
	const struct cfg_webhooks *c = &cfg->webhooks;
	char claim[SENDER_CLAIM_MAX], due[40], *now;
	struct arena batch = { 0 };
	struct webhook *rows;
	sigset_t hold, prev;
	uint64_t n, left;
	size_t nrows;
	CURL *h = NULL;
	int rc;

	memset(st, 0, sizeof(*st));
	/* Stop signals get in only between two deliveries. */
	sender_hold_signals(&hold, &prev);
	if ((rc = store_webhook_requeue_stale(a, sender_stale_seconds(c->claim_seconds,
	    c->timeout), &n)) != DB_OK)
		goto out;
	st->requeued = (unsigned)n;
	/* Endpoints due when the pass began: one waiting a second longer waits for the
	 * next pass. */
	if ((rc = store_outbox_now(a, &now)) != DB_OK)
		goto out;
	snprintf(due, sizeof(due), "%s", now);
	if ((h = curl_easy_init()) == NULL) {
		log_error("webhooks: curl_easy_init failed");
		rc = DB_ERROR;
		goto out;
	}
	for (int round = 0; round < ROUNDS_MAX; round++) {
		sender_let_signals_in(&prev, &hold);
		if (*stop)
			break;
		sender_claim_id(claim, sizeof(claim));
		if ((rc = claim_batch(&batch, claim, due, &n)) != DB_OK || n == 0)
			break;
		if ((rc = store_webhook_claimed(&batch, claim, &rows, &nrows)) != DB_OK)
			break;
		for (size_t i = 0; i < nrows && rc == DB_OK && !*stop; i++)
			rc = send_endpoint(cfg, &batch, h, claim, &rows[i], stop, &prev,
			    &hold, st);
		/* What a stop, an error or the batch's end left claimed goes back. */
		if (store_webhook_release(&batch, claim, &left) != DB_OK)
			log_warn("webhooks: claim %s not given back: %s", claim,
			    store_last_error());
		arena_reset(&batch);
		if (rc != DB_OK)
			break;
	}
out:
	if (h != NULL)
		curl_easy_cleanup(h);
	arena_free(&batch);
	sigprocmask(SIG_SETMASK, &prev, NULL);
	return rc;
}
