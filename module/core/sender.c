/* porch — SPDX-License-Identifier: MIT
 * What the sender processes share: claim ids, pauses, clean error text, signals
 * between deliveries, the retry delay (sender.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "sender.h"
#include "util.h"

void
sender_pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

void
sender_claim_id(char *out, size_t outlen)
{
	static char prefix[96];
	static unsigned long seq;

	if (prefix[0] == '\0') {
		unsigned char rnd[8];
		char host[64], hex[sizeof(rnd) * 2 + 1];

		if (RAND_bytes(rnd, sizeof(rnd)) != 1) {
			uint64_t t = now_ms() ^ ((uint64_t)getpid() << 32);

			memcpy(rnd, &t, sizeof(rnd));
		}
		hex_encode(rnd, sizeof(rnd), hex);
		if (gethostname(host, sizeof(host)) != 0)
			host[0] = '\0';
		host[sizeof(host) - 1] = '\0';
		for (char *p = host; *p != '\0'; p++)
			if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			    (*p >= '0' && *p <= '9') || *p == '.' || *p == '-'))
				*p = '_';
		snprintf(prefix, sizeof(prefix), "%s/%ld/%s", host, (long)getpid(), hex);
	}
	snprintf(out, outlen, "%s/%lu", prefix, ++seq);
}

void
sender_clean_error(char *s, size_t max)
{
	size_t n = 0;

	for (char *p = s; *p != '\0' && n < max; p++, n++)
		s[n] = (*p >= 0x20 && *p < 0x7f) ? *p : '?';
	s[n] = '\0';
}

void
sender_hold_signals(sigset_t *hold, sigset_t *prev)
{
	sigemptyset(hold);
	sigaddset(hold, SIGINT);
	sigaddset(hold, SIGTERM);
	sigprocmask(SIG_BLOCK, hold, prev);
}

int
sender_stale_seconds(int claim_seconds, int timeout)
{
	return claim_seconds > 2 * timeout ? claim_seconds : 2 * timeout;
}

void
sender_let_signals_in(const sigset_t *prev, const sigset_t *hold)
{
	sigprocmask(SIG_SETMASK, prev, NULL);
	sigprocmask(SIG_BLOCK, hold, NULL);
}

int
sender_backoff(int base, int max, int attempts)
{
	long long d = base;

	for (int i = 1; i < attempts && d < max; i++)
		d *= 2;
	return d < max ? (int)d : max;
}
