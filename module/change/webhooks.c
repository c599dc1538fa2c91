/* porch — SPDX-License-Identifier: MIT
 * Webhook endpoints: registered with their signing secret, removed, an event sent
 * again. Made here only, whoever asks (see change.h); the sender is
 * module/events/webhook_send.c.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "change.h"
#include "crypto.h"
#include "event.h"
#include "store.h"
#include "store_events.h"
#include "store_webhooks.h"

/* The endpoint, its secret sealed to it, and the audit entry: in the transaction. */
static int
add(const struct actor *who, const char *url, const char *secret, int64_t *id)
{
	unsigned char enc[WEBHOOK_SECRET_LEN + SEAL_OVERHEAD];
	char context[64], detail[WEBHOOK_URL_MAX + 8];
	int rc;

	if ((rc = store_webhook_add(who->a, who->tenant, url, id)) != DB_OK)
		return rc;
	webhook_secret_context(who->tenant, *id, context, sizeof(context));
	if (crypto_seal(who->cfg->secret_key, context, (const unsigned char *)secret,
	    WEBHOOK_SECRET_LEN, enc) < 0)
		return DB_ERROR;
	if ((rc = store_webhook_set_secret(who->a, who->tenant, *id, enc,
	    sizeof(enc))) != DB_OK)
		return rc;
	snprintf(detail, sizeof(detail), "url=%s", url);
	return change_audit(who, "webhook.add", "webhook", *id, detail);
}

int
change_webhook_add(const struct actor *who, const char *url,
    char secret[WEBHOOK_SECRET_SIZE], struct change_result *out)
{
	const char *why;
	int rc;

	memset(out, 0, sizeof(*out));
	secret[0] = '\0';
	if ((why = webhook_url_problem(url, who->cfg->webhooks.allow_private,
	    &who->cfg->webhooks.allow)) != NULL)
		return change_refuse(out, CHANGE_INVALID, "Endpoint not added", "%s", why);
	if (!who->cfg->secret_key_set)
		return change_refuse(out, CHANGE_CONFLICT, "Endpoint not added", "porch "
		    "has no secret_key in its config to keep the signing secret with.");
	webhook_secret_new(secret);
	STORE_TXN(rc, add(who, url, secret, &out->id));
	if (rc != DB_OK)
		OPENSSL_cleanse(secret, WEBHOOK_SECRET_SIZE);
	return rc;
}

/* Inside the transaction: the endpoint removed, and its audit entry (detail). */
static int
remove_apply(const struct actor *who, int64_t id, const char *detail)
{
	int found, rc;

	if ((rc = store_webhook_remove(who->a, who->tenant, id, &found)) == DB_OK)
		rc = found ? change_audit(who, "webhook.remove", "webhook", id, detail) :
		    CHANGE_NOT_FOUND;
	return rc;
}

/* Inside the transaction: event queued again for endpoint (0: every one). */
static int
resend_apply(const struct actor *who, int64_t endpoint, int64_t event, uint64_t *n)
{
	char detail[40];
	int rc;

	snprintf(detail, sizeof(detail), "event=%" PRId64, event);
	if ((rc = store_webhook_resend(who->a, who->tenant, endpoint, event, n)) == DB_OK)
		rc = change_audit(who, "webhook.resend", "webhook", endpoint, detail);
	return rc;
}

int
change_webhook_remove(const struct actor *who, int64_t id, struct change_result *out)
{
	struct webhook w;
	char detail[WEBHOOK_URL_MAX + 8];
	int found, rc;

	memset(out, 0, sizeof(*out));
	out->id = id;
	if ((rc = store_webhook_get(who->a, who->tenant, id, &w, &found)) != DB_OK)
		return rc;
	if (!found || !w.active)
		return CHANGE_NOT_FOUND;
	snprintf(detail, sizeof(detail), "url=%s", w.url);
	STORE_TXN(rc, remove_apply(who, id, detail));
	return rc;
}

int
change_webhook_resend(const struct actor *who, int64_t endpoint, int64_t event,
    struct change_result *out, uint64_t *n)
{
	struct webhook w;
	struct event e;
	int found, rc;

	memset(out, 0, sizeof(*out));
	*n = 0;
	out->id = endpoint;
	if ((rc = store_event_get(who->a, who->tenant, event, &e, &found)) != DB_OK)
		return rc;
	if (!found)
		return change_refuse(out, CHANGE_NOT_FOUND, "No such event", "There is no "
		    "event %" PRId64 ".", event);
	if (endpoint != 0) {
		if ((rc = store_webhook_get(who->a, who->tenant, endpoint, &w, &found)) !=
		    DB_OK)
			return rc;
		if (!found || !w.active)
			return change_refuse(out, CHANGE_NOT_FOUND, "No such endpoint",
			    "There is no webhook endpoint %" PRId64 ".", endpoint);
	}
	STORE_TXN(rc, resend_apply(who, endpoint, event, n));
	return rc;
}
