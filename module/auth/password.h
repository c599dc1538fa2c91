/* porch — SPDX-License-Identifier: MIT
 * Password hashing with argon2id, the cap on how many hashes run at once, and the
 * rules a new password must meet.
 */
#ifndef PORCH_PASSWORD_H
#define PORCH_PASSWORD_H

#include <stddef.h>

#include "cfg.h"

#define PASSWORD_MIN_CHARS	12
#define PASSWORD_MAX_CHARS	128
#define PASSWORD_HASH_MAX	256

/* password_check() answers; password_hash() returns 0, -1 or PASSWORD_BUSY. */
#define PASSWORD_MATCH		1
#define PASSWORD_WRONG		0
#define PASSWORD_BUSY		(-2)	/* every argon2 slot taken: answer 503 */

/* Returns NULL when pw may be used, else a sentence saying why not. */
const char	*password_problem(const char *pw);

/*
 * Hashes pw into an encoded argon2id string (PASSWORD_HASH_MAX bytes). 0, -1 on
 * error, or PASSWORD_BUSY when the cap is reached (nothing was hashed).
 */
int	password_hash(const struct cfg_argon2 *c, const char *pw, char *out, size_t outlen);

/* 1 when the hash was made with other parameters than c's (rehash at sign-in). */
int	password_needs_rehash(const struct cfg_argon2 *c, const char *encoded);

/*
 * PASSWORD_MATCH when pw matches the encoded hash, PASSWORD_WRONG when it does not
 * (or the hash is malformed), PASSWORD_BUSY when the cap is reached (nothing was
 * checked). Compare with PASSWORD_MATCH: BUSY is not a match.
 */
int	password_check(const char *encoded, const char *pw);

/*
 * The cap on argon2 work in progress across all workers of one porchd. The master
 * calls password_gate_setup() before it forks workers (again with each new
 * generation, on SIGHUP): the workers inherit the gate and its cap. Without it
 * (porchctl, unit tests) there is no cap. 0, or -1 with errno set.
 */
int	password_gate_setup(int cap);

/*
 * Takes a slot: 0, or PASSWORD_BUSY when all cap slots are taken. A process holds at
 * most one slot; the kernel gives it back if the process dies holding it.
 * password_gate_leave() gives it back. password_hash() and password_check() use these;
 * they are public for the tests.
 */
int	password_gate_enter(void);
void	password_gate_leave(void);
/* For the metrics endpoint: the slots other processes hold now, and the cap. */
int	password_gate_busy(void);
int	password_gate_cap(void);

/*
 * argon2.max_concurrent = 0 ("auto"): half the CPUs over the lanes of one hash, at
 * most one less than the workers (one is always free for pages), at least 1.
 */
int	password_cap_auto(int workers, int cpus, int parallelism);

#endif
