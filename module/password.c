/* porch — SPDX-License-Identifier: MIT
 * Password hashing with argon2id (libargon2) and the rules for new passwords: length
 * alone, counted in characters, never truncated.
 */
#include "config.h"

#include <string.h>

#include <argon2.h>
#include <openssl/rand.h>

#include "password.h"
#include "util.h"

static size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

const char *
password_problem(const char *pw)
{
	size_t n;

	if (!utf8_valid(pw, strlen(pw)))
		return "The password contains characters that are not allowed.";
	n = utf8_chars(pw);
	if (n < PASSWORD_MIN_CHARS)
		return "The password must be at least 12 characters long.";
	if (n > PASSWORD_MAX_CHARS)
		return "The password must be at most 128 characters long.";
	return NULL;
}

int
password_hash(const struct cfg_argon2 *c, const char *pw, char *out, size_t outlen)
{
	unsigned char salt[16];

	if (RAND_bytes(salt, sizeof(salt)) != 1)
		return -1;
	if (argon2id_hash_encoded((uint32_t)c->t_cost, (uint32_t)c->m_cost,
	    (uint32_t)c->parallelism, pw, strlen(pw), salt, sizeof(salt), 32, out,
	    outlen) != ARGON2_OK)
		return -1;
	return 0;
}

int
password_verify(const char *encoded, const char *pw)
{
	return argon2id_verify(encoded, pw, strlen(pw)) == ARGON2_OK;
}
