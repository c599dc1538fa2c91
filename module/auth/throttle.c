/* porch — SPDX-License-Identifier: MIT
 * Throttling of password and code checks. A wait is not slept on: while it lasts the
 * client's attempts are refused, before any argon2 work, with the answer a wrong
 * secret gets, so no worker is tied up and a flood costs one indexed read a try.
 *
 * The rule (docs/DESIGN.md): failures count per (account, client), per client and
 * per account within signin.window_seconds of the last one. A pair gets
 * signin.delay_after free failures, then waits of signin.first_delay seconds,
 * doubling at each failure up to signin.max_delay; a client address likewise after signin.address_delay_after
 * failures over all logins. Past signin.account_slow_after failures of an account
 * (from anywhere), a failing client of that account gets no free failure and waits
 * at least as long as the account's own growing wait. A client with no failure on
 * record is never refused: the owner's right password always gets through.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "crypto.h"
#include "db.h"
#include "store_auth.h"
#include "tenant.h"
#include "throttle.h"

/*
 * The client as the throttle counts it: an IPv4 address as is, an IPv6 address by its
 * /64 (one subscriber's whole network), anything else by a hash.
 */
static void
client_of(const char *addr, char out[THROTTLE_CLIENT_MAX])
{
	unsigned char a6[16], h[32];
	struct in_addr a4;
	size_t n;

	if (addr == NULL)
		addr = "";
	if (inet_pton(AF_INET, addr, &a4) == 1) {
		inet_ntop(AF_INET, &a4, out, THROTTLE_CLIENT_MAX);
		return;
	}
	if (inet_pton(AF_INET6, addr, a6) == 1) {
		static const unsigned char mapped[12] = { [10] = 0xff, [11] = 0xff };

		if (memcmp(a6, mapped, sizeof(mapped)) == 0) {
			memcpy(&a4, a6 + 12, 4);
			inet_ntop(AF_INET, &a4, out, THROTTLE_CLIENT_MAX);
			return;
		}
		memset(a6 + 8, 0, 8);
		inet_ntop(AF_INET6, a6, out, THROTTLE_CLIENT_MAX - 3);
		n = strlen(out);
		snprintf(out + n, THROTTLE_CLIENT_MAX - n, "/64");
		return;
	}
	crypto_sha256(addr, strlen(addr), h);
	snprintf(out, THROTTLE_CLIENT_MAX, "?%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x"
	    "%02x%02x%02x%02x%02x%02x", h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7],
	    h[8], h[9], h[10], h[11], h[12], h[13], h[14], h[15]);
}

void
throttle_key_user(struct req *r, enum throttle_what w, enum principal k, int64_t id,
    struct throttle_key *t)
{
	t->what = w;
	t->known = 1;
	throttle_user_tag(r->cfg, w, k, id, t->account);
	client_of(r->remote_addr, t->client);
}

void
throttle_key_login(struct req *r, enum principal k, const char *login,
    struct throttle_key *t)
{
	t->what = THROTTLE_PASSWORD;
	t->known = 0;
	throttle_login_tag(r->cfg, k, login, t->account);
	client_of(r->remote_addr, t->client);
}

int
throttle_check(struct req *r, const struct throttle_key *t, int *refused, int *counted)
{
	return store_throttle_check(&r->arena, r->tenant->id, t->account, t->client,
	    refused, counted);
}

/* The n-th wait: first_delay, then twice as long each time, at most max_delay. */
static long
grow(const struct cfg_signin *c, long n)
{
	long w;

	if (n <= 0)
		return 0;
	w = n > 20 ? c->max_delay : (long)c->first_delay << (n - 1);
	return w > c->max_delay ? c->max_delay : w;
}

static int
wait_start(struct req *r, const struct throttle_key *t, enum throttle_scope scope,
    long failures, long seconds, const char *target_kind, int64_t target_id)
{
	char detail[160];
	int rc;

	if ((rc = store_throttle_wait(&r->arena, r->tenant->id, scope, t->account,
	    t->client, seconds)) != DB_OK)
		return rc;
	snprintf(detail, sizeof(detail), "check=%s scope=%s failures=%ld wait=%lds",
	    throttle_what_name(t->what), scope == THROTTLE_PAIR ? "login+address" : "address",
	    failures, seconds);
	return audit_as(r, "throttle.wait", NULL, 0, target_kind, target_id, detail);
}

int
throttle_failure(struct req *r, const struct throttle_key *t, const char *target_kind,
    int64_t target_id, long *wait)
{
	const struct cfg_signin *c = &r->cfg->signin;
	struct throttle_counts n;
	long pair_wait, addr_wait;
	int pressed, rc;

	if (wait != NULL)
		*wait = 0;
	if ((rc = store_throttle_record(&r->arena, r->tenant->id, t->account, t->client,
	    c->window_seconds, &n)) != DB_OK)
		return rc;
	/* An account under attack: every client failing on it waits from the first. */
	pressed = n.account > c->account_slow_after;
	pair_wait = grow(c, n.pair - (pressed ? 0 : c->delay_after));
	if (pressed && grow(c, n.account - c->account_slow_after) > pair_wait)
		pair_wait = grow(c, n.account - c->account_slow_after);
	addr_wait = grow(c, n.address - c->address_delay_after);
	if (pair_wait > 0 && (rc = wait_start(r, t, THROTTLE_PAIR, n.pair, pair_wait,
	    target_kind, target_id)) != DB_OK)
		return rc;
	if (addr_wait > 0 && (rc = wait_start(r, t, THROTTLE_ADDRESS, n.address,
	    addr_wait, target_kind, target_id)) != DB_OK)
		return rc;
	if (wait != NULL)
		*wait = pair_wait > addr_wait ? pair_wait : addr_wait;
	return DB_OK;
}

int
throttle_success(struct req *r, const struct throttle_key *t, int counted)
{
	if (!counted)
		return DB_OK;		/* nothing on record: spare the DELETE */
	return store_throttle_pass(&r->arena, r->tenant->id, t->account, t->client);
}
