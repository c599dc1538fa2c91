/* porch — SPDX-License-Identifier: MIT
 * TOTP (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps) on liboath: new secrets,
 * their base32 form, checking a code and the otpauth:// URI an authenticator app
 * reads from the enrolment QR code.
 */
#ifndef PORCH_TOTP_H
#define PORCH_TOTP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "util.h"

#define TOTP_SECRET_BYTES	20	/* 160 bits, as RFC 4226 recommends */
#define TOTP_BASE32_LEN		32	/* base32 of 20 bytes, no padding */
#define TOTP_DIGITS		6
#define TOTP_STEP		30
#define TOTP_WINDOW		1	/* steps accepted either side of now */

void	totp_secret_new(unsigned char secret[TOTP_SECRET_BYTES]);
/* The secret in base32 (RFC 4648, no padding): out holds TOTP_BASE32_LEN + 1. */
int	totp_base32(const unsigned char secret[TOTP_SECRET_BYTES],
	    char out[TOTP_BASE32_LEN + 1]);

/* HOTP (RFC 4226) of counter with digits digits into out (digits + 1). 0 or -1. */
int	totp_hotp(const unsigned char *secret, size_t n, uint64_t counter,
	    unsigned digits, char *out);
/* The TOTP code of time t with digits digits into out (digits + 1). 0 or -1. */
int	totp_at(const unsigned char *secret, size_t n, time_t t, unsigned digits,
	    char *out);

/*
 * The time codes are checked against: the system clock (module/auth/totp_clock.c, alone
 * in its file so that the test build of porchd links tests/lib/totp_clock.c instead).
 */
time_t	totp_now(void);

/*
 * Checks a 6-digit code against the steps around now (±TOTP_WINDOW), comparing in
 * constant time. Returns 0 with the matching step in *step, or -1. Spaces in code
 * are ignored ("123 456"). Replay is the caller's to refuse: a step is used once.
 */
int	totp_check(const unsigned char *secret, size_t n, time_t now, const char *code,
	    int64_t *step);

/*
 * Writes otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=ISSUER&algorithm=SHA1&
 * digits=6&period=30 into b, each part percent-encoded.
 */
void	totp_uri(struct buf *b, const char *issuer, const char *account,
	    const char *base32);

/*
 * The stored form of a recovery code (recovery_codes.code_hash, hash_version 2):
 * crypto_keyed_hash() under secret_key for the purpose "recovery-code", over the
 * SHA-256 of the code's canonical text, bound to its owner ("portal" or "staff",
 * tenant, user id). Taking the SHA-256 lets porchctl migrate convert rows stored
 * before (hash_version 1, the bare SHA-256) without knowing the codes.
 */
void	totp_recovery_hash(const unsigned char key[32], const char *kind,
	    int64_t tenant, int64_t user, const unsigned char sha256[32],
	    unsigned char out[32]);

#endif
