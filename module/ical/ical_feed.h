/* porch — SPDX-License-Identifier: MIT
 * Calendar feeds' secret addresses (https://HOST/ical/TOKEN.ics): the context that
 * binds a token's sealed copy to its portal user or property, and reading that
 * copy back. The token is made by token_sealed_new() (tokenlink.h) and kept by
 * store_ical.h; the change that makes or replaces one is change_calendar_feed().
 */
#ifndef PORCH_ICAL_FEED_H
#define PORCH_ICAL_FEED_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "crypto.h"
#include "store_ical.h"
#include "util.h"

#define ICAL_FEED_PREFIX	"/ical/"
#define ICAL_FEED_SUFFIX	".ics"

/* "calendar:TENANT:user:ID" or "calendar:TENANT:property:ID" (user 0) into buf. */
void	ical_feed_context(char *buf, size_t n, int64_t tenant, int64_t user,
	    int64_t property);

/*
 * Opens the sealed copy enc (n bytes) of the token of a user's or a property's
 * feed into text. 0, or -1 when it does not open (another key, another row).
 */
int	ical_feed_reveal(const unsigned char key[SEAL_KEY_BYTES], int64_t tenant,
	    int64_t user, int64_t property, const unsigned char *enc, size_t n,
	    char text[TOKEN_B64_LEN + 1]);

/*
 * A feed's calendar, named name, of n items into b: each booking and block-off an
 * all-day event from its first day to the day after its last (DTEND exclusive),
 * with a UID that stays the same across requests ("booking-ID@HOST",
 * "block-ID@HOST"). A booking shows its reference, status and guest counts, and
 * the guest's name only where the item's rights hold booking.guest_name (always
 * when names is set: staff feeds); a block-off its reason, as the portal's
 * calendar does. Never a guest's contact, never money.
 */
void	ical_feed_write(struct buf *b, const char *name, const char *host,
	    const struct calendar_item *items, size_t n, int names);

/*
 * A feed's entity tag (ETag, quoted, ICAL_ETAG_LEN + 1 bytes) from what its
 * content depends on: the feed, the host (its UIDs), the calendar's name, the
 * tag of its rows (store_calendar_tag(): count and last change) and, for a
 * portal user (acc; NULL for a property's feed), their admin switch and every
 * grant (group permissions, scope, expiry), so that a change of rights changes
 * the tag as a change of data does.
 */
#define ICAL_ETAG_LEN	34
void	ical_feed_etag(const struct access *acc, int64_t feed, const char *host,
	    const char *name, int64_t count, const char *last,
	    char etag[ICAL_ETAG_LEN + 1]);

/*
 * Is the client's copy still current? With If-None-Match (inm, "" when not
 * sent): when it names etag or is "*"; otherwise with If-Modified-Since (ims):
 * when it is an HTTP date at or after last_modified (0: unknown, never).
 */
int	ical_feed_fresh(const char *inm, const char *ims, const char *etag,
	    time_t last_modified);

/* t as an HTTP date ("Tue, 01 Dec 2026 10:03:16 GMT") into out (32 bytes). */
void	ical_http_date(time_t t, char out[32]);

#endif
