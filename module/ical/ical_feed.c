/* porch — SPDX-License-Identifier: MIT
 * Calendar feeds' secret addresses: the seal's context and the copy read back.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ical.h"
#include "ical_feed.h"
#include "tokenlink.h"

void
ical_feed_context(char *buf, size_t n, int64_t tenant, int64_t user, int64_t property)
{
	if (user != 0)
		snprintf(buf, n, "calendar:%lld:user:%lld", (long long)tenant,
		    (long long)user);
	else
		snprintf(buf, n, "calendar:%lld:property:%lld", (long long)tenant,
		    (long long)property);
}

int
ical_feed_reveal(const unsigned char key[SEAL_KEY_BYTES], int64_t tenant, int64_t user,
    int64_t property, const unsigned char *enc, size_t n, char text[TOKEN_B64_LEN + 1])
{
	char ctx[80];

	ical_feed_context(ctx, sizeof(ctx), tenant, user, property);
	return token_sealed_reveal(key, ctx, enc, n, text);
}

/* "N adults" and the like into t, after a comma when t holds something. */
static void
count_words(struct buf *t, int n, const char *one, const char *many)
{
	if (n > 0)
		buf_printf(t, ", %d %s", n, n == 1 ? one : many);
}

/* The event of one item; t is scratch space. */
static void
item_event(struct buf *b, struct buf *t, const char *host,
    const struct calendar_item *k, int names)
{
	char uid[320], summary[512];
	struct ical_event e = {
		.uid = uid, .stamp = k->stamp, .start = k->start, .end = k->end,
		.summary = summary,
	};
	const char *prop = k->property != NULL ? k->property : "";

	snprintf(uid, sizeof(uid), "%s-%lld@%s", k->is_block ? "block" : "booking",
	    (long long)k->id, host);
	buf_reset(t);
	if (k->is_block) {
		snprintf(summary, sizeof(summary), "Blocked (%s)", prop);
		if (k->reason != NULL && k->reason[0] != '\0') {
			buf_puts(t, k->reason);
			e.description = t->data;
		}
		ical_event(b, &e);
		return;
	}
	if ((names || (k->rights.perms & PERM_BIT(PERM_BOOKING_GUEST_NAME))) &&
	    k->guest_name != NULL && k->guest_name[0] != '\0')
		snprintf(summary, sizeof(summary), "%s (%s)", k->guest_name, prop);
	else
		snprintf(summary, sizeof(summary), "Booked (%s)", prop);
	buf_printf(t, "Booking %s at %s", k->reference != NULL ? k->reference : "",
	    prop);
	count_words(t, k->adults, "adult", "adults");
	count_words(t, k->children, "child", "children");
	count_words(t, k->infants, "infant", "infants");
	if (k->status != NULL && strcmp(k->status, "tentative") == 0) {
		buf_puts(t, " (tentative)");
		e.status = "TENTATIVE";
	} else
		e.status = "CONFIRMED";
	buf_putc(t, '.');
	e.description = t->data;
	ical_event(b, &e);
}

void
ical_feed_write(struct buf *b, const char *name, const char *host,
    const struct calendar_item *items, size_t n, int names)
{
	struct buf t;

	buf_init(&t, 256);
	ical_begin(b, name);
	for (size_t i = 0; i < n; i++)
		item_event(b, &t, host, &items[i], names);
	ical_end(b);
	buf_free(&t);
}

/* The fingerprint of the rights a feed is shown under (see ical_feed_etag()). */
static void
rights_text(struct buf *t, const struct access *acc)
{
	if (acc == NULL) {
		buf_puts(t, "staff;");
		return;
	}
	buf_printf(t, "kind=%d,%d;", (int)acc->who.kind, acc->who.hide_reports);
	for (size_t i = 0; i < acc->who.ngrants; i++) {
		const struct authz_grant *g = &acc->who.grants[i];

		buf_printf(t, "g=%lu,%d,%lld,%lld,%d;", (unsigned long)g->group.perms,
		    (int)g->scope, (long long)g->customer_id, (long long)g->property_id,
		    g->expired);
	}
}

void
ical_feed_etag(const struct access *acc, int64_t feed, const char *host,
    const char *name, int64_t count, const char *last, char etag[ICAL_ETAG_LEN + 1])
{
	unsigned char hash[32];
	struct buf t;

	buf_init(&t, 256);
	buf_printf(&t, "feed=%lld;count=%lld;last=%s;host=", (long long)feed,
	    (long long)count, last != NULL ? last : "-");
	buf_put(&t, host, strlen(host) + 1);
	buf_put(&t, name, strlen(name) + 1);
	rights_text(&t, acc);
	crypto_sha256(t.data, t.len, hash);
	buf_free(&t);
	etag[0] = '"';
	hex_encode(hash, 16, etag + 1);
	etag[ICAL_ETAG_LEN - 1] = '"';
	etag[ICAL_ETAG_LEN] = '\0';
}

void
ical_http_date(time_t t, char out[32])
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, 32, "%a, %d %b %Y %H:%M:%S GMT", &tm) == 0)
		out[0] = '\0';
}

int
ical_feed_fresh(const char *inm, const char *ims, const char *etag,
    time_t last_modified)
{
	struct tm tm;
	const char *end;

	if (inm != NULL && inm[0] != '\0') {
		while (*inm == ' ' || *inm == '\t')
			inm++;
		return strcmp(inm, "*") == 0 || strstr(inm, etag) != NULL;
	}
	if (ims == NULL || ims[0] == '\0' || last_modified == 0)
		return 0;
	memset(&tm, 0, sizeof(tm));
	if ((end = strptime(ims, "%a, %d %b %Y %H:%M:%S GMT", &tm)) == NULL ||
	    *end != '\0')
		return 0;
	return last_modified <= timegm(&tm);
}
