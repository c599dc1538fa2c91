/* porch — SPDX-License-Identifier: MIT
 * Password hashing with argon2id (libargon2) and the rules for new passwords: length
 * alone, counted in characters, never truncated.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

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

/*
 * Common passwords long enough to pass the length rule; compared without regard to
 * case. Not a substitute for a long passphrase, a floor under the worst choices.
 */
static const char *const blocklist[] = {
	"123456789012", "1234567890123", "12345678901234", "123456123456",
	"111111111111", "000000000000", "123123123123", "112233445566",
	"password1234", "password12345", "password123456", "passwordpassword",
	"qwertyuiopas", "qwerty123456", "qwertyqwerty", "1q2w3e4r5t6y",
	"1qaz2wsx3edc", "q1w2e3r4t5y6", "asdfghjkl123", "zxcvbnm12345",
	"iloveyou1234", "iloveyouiloveyou", "welcome12345", "letmein12345",
	"abc123abc123", "abcdefghijkl", "abcd1234abcd", "monkey123456",
	"dragon123456", "football1234", "baseball1234", "sunshine1234",
	"princess1234", "starwars1234", "superman1234", "trustno1trustno1",
	"changeme1234", "changemenow!", "administrator", "adminadmin123",
	"correcthorsebatterystaple", "passw0rd1234", "p@ssw0rd1234", "p@ssword1234",
	"qazwsxedcrfv", "1234qwerasdf", "password!123", "welcomewelcome",
	"portalpassword", "mypassword123", "secretpassword", "letmeinletmein",
};

static int
blocked(const char *pw)
{
	for (size_t i = 0; i < NELEM(blocklist); i++)
		if (strcasecmp(pw, blocklist[i]) == 0)
			return 1;
	return 0;
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
	if (blocked(pw))
		return "This password is too common. Please choose another one.";
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

int
password_needs_rehash(const struct cfg_argon2 *c, const char *encoded)
{
	char want[64];

	snprintf(want, sizeof(want), "$argon2id$v=19$m=%d,t=%d,p=%d$", c->m_cost,
	    c->t_cost, c->parallelism);
	return strncmp(encoded, want, strlen(want)) != 0;
}
