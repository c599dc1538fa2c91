/* porch — SPDX-License-Identifier: MIT
 * What the sender processes share (the outbox's and the webhooks'): claim ids no
 * other sender has, short pauses, error text fit to list and log, stop signals let
 * in only between two deliveries, and the retry delay.
 */
#ifndef PORCH_SENDER_H
#define PORCH_SENDER_H

#include <signal.h>
#include <stddef.h>

#define SENDER_CLAIM_MAX	128	/* a claim id, as the claimed_by columns */
#define SENDER_DB_TRIES		3	/* a claim or mark that fails is tried this often */

/*
 * A claim id no other sender can have: host, pid and 64 random bits of this
 * process, and a counter for each claim it makes.
 */
void	sender_claim_id(char *out, size_t outlen);

/* Pauses ms milliseconds (a Galera conflict or a reconnect needs a moment). */
void	sender_pause_ms(long ms);

/* Keeps printable ASCII of an error text (it is listed and logged), at most max
 * bytes. */
void	sender_clean_error(char *s, size_t max);

/*
 * Holds SIGINT and SIGTERM for a pass (prev: the mask before it, to restore at its
 * end), so a stop never interrupts a database call or a delivery: the one in hand
 * is always finished and marked. sender_let_signals_in() lets them in between two.
 */
void	sender_hold_signals(sigset_t *hold, sigset_t *prev);

/* How old a claim is before another sender takes it back: claim_seconds, and at
 * least twice timeout (a claim is renewed before each delivery). */
int	sender_stale_seconds(int claim_seconds, int timeout);

/* Lets a held SIGINT or SIGTERM through (its handler sets the stop flag), then
 * holds them again. */
void	sender_let_signals_in(const sigset_t *prev, const sigset_t *hold);

/* The delay before try attempts + 1: base, doubling each try, at most max. */
int	sender_backoff(int base, int max, int attempts);

/* Runs a mark statement again after a lost connection or a conflict: what was
 * delivered must be marked, or it goes out again. */
#define SENDER_RETRY_DB(rc, call) do {					\
	for (int try_ = 0; try_ < SENDER_DB_TRIES; try_++) {		\
		if (((rc) = (call)) == DB_OK)				\
			break;						\
		sender_pause_ms(600);					\
	}								\
} while (0)

#endif
