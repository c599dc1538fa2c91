/* porch — SPDX-License-Identifier: MIT
 * Sign-in throttling: failures counted per account and per client address; after a few,
 * each further try must wait longer, and many lock the account for a while. The state
 * lives in MariaDB so every porchd host sees the same counts.
 */
#ifndef PORCH_THROTTLE_H
#define PORCH_THROTTLE_H

#include "req.h"

/*
 * *locked is 1 while the account or the client's address may not try; *counted is
 * 0 when neither has a failure on record (throttle_success() then has nothing to do).
 */
int	throttle_check(struct req *r, const char *account, int *locked, int *counted);
/* Counts a failure; *locked is 1 when it started a lock. */
int	throttle_failure(struct req *r, const char *account, int *locked);
/* Clears the counters of the account and the address after a success. */
int	throttle_success(struct req *r, const char *account, int counted);

#endif
