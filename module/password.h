/* porch — SPDX-License-Identifier: MIT
 * Password hashing with argon2id and the rules a new password must meet.
 */
#ifndef PORCH_PASSWORD_H
#define PORCH_PASSWORD_H

#include <stddef.h>

#include "cfg.h"

#define PASSWORD_MIN_CHARS	12
#define PASSWORD_MAX_CHARS	128
#define PASSWORD_HASH_MAX	256

/* Returns NULL when pw may be used, else a sentence saying why not. */
const char	*password_problem(const char *pw);

/* Hashes pw into an encoded argon2id string (PASSWORD_HASH_MAX bytes). 0 or -1. */
int	password_hash(const struct cfg_argon2 *c, const char *pw, char *out, size_t outlen);

/* 1 when the hash was made with other parameters than c's (rehash at sign-in). */
int	password_needs_rehash(const struct cfg_argon2 *c, const char *encoded);

/* 1 when pw matches the encoded hash, else 0. */
int	password_verify(const char *encoded, const char *pw);

#endif
