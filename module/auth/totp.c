/* porch — SPDX-License-Identifier: MIT
 * TOTP on liboath. Codes are compared in constant time (liboath's own validate uses
 * strcmp), and the step that matched is returned so it can be accepted only once.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <liboath/oath.h>
#include <openssl/crypto.h>

#include "crypto.h"
#include "totp.h"

static void
init(void)
{
	static int done;

	if (!done && oath_init() == OATH_OK)
		done = 1;
}

void
totp_secret_new(unsigned char secret[TOTP_SECRET_BYTES])
{
	crypto_random(secret, TOTP_SECRET_BYTES);
}

int
totp_base32(const unsigned char secret[TOTP_SECRET_BYTES],
    char out[TOTP_BASE32_LEN + 1])
{
	char *enc = NULL;
	size_t len = 0;

	init();
	if (oath_base32_encode((const char *)secret, TOTP_SECRET_BYTES, &enc, &len) !=
	    OATH_OK || enc == NULL)
		return -1;
	/* 20 bytes are exactly 32 base32 characters: no '=' padding to strip. */
	if (len != TOTP_BASE32_LEN) {
		free(enc);
		return -1;
	}
	memcpy(out, enc, TOTP_BASE32_LEN);
	out[TOTP_BASE32_LEN] = '\0';
	OPENSSL_cleanse(enc, len);
	free(enc);
	return 0;
}

int
totp_hotp(const unsigned char *secret, size_t n, uint64_t counter, unsigned digits,
    char *out)
{
	init();
	return oath_hotp_generate((const char *)secret, n, counter, digits, false,
	    OATH_HOTP_DYNAMIC_TRUNCATION, out) == OATH_OK ? 0 : -1;
}

int
totp_at(const unsigned char *secret, size_t n, time_t t, unsigned digits, char *out)
{
	init();
	return oath_totp_generate((const char *)secret, n, t, TOTP_STEP, 0, digits,
	    out) == OATH_OK ? 0 : -1;
}

/* liboath's comparison callback: 0 when equal, in constant time. */
static int
code_cmp(void *handle, const char *test_otp)
{
	const char *code = handle;

	return strlen(test_otp) == TOTP_DIGITS &&
	    CRYPTO_memcmp(code, test_otp, TOTP_DIGITS) == 0 ? 0 : 1;
}

int
totp_check(const unsigned char *secret, size_t n, time_t now, const char *code,
    int64_t *step)
{
	char digits[TOTP_DIGITS + 1];
	size_t k = 0;
	uint64_t counter = 0;
	int pos = 0, rc;

	for (; *code != '\0'; code++) {
		if (*code == ' ')
			continue;
		if (*code < '0' || *code > '9' || k == TOTP_DIGITS)
			return -1;
		digits[k++] = *code;
	}
	if (k != TOTP_DIGITS)
		return -1;
	digits[k] = '\0';
	init();
	rc = oath_totp_validate3_callback((const char *)secret, n, now, TOTP_STEP, 0,
	    TOTP_DIGITS, TOTP_WINDOW, &pos, &counter, code_cmp, digits);
	OPENSSL_cleanse(digits, sizeof(digits));
	if (rc < 0)
		return -1;
	*step = (int64_t)counter;
	return 0;
}

/* Percent-encodes everything but RFC 3986's unreserved characters. */
static void
uri_part(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~')
			buf_putc(b, (char)c);
		else
			buf_printf(b, "%%%02X", c);
	}
}

void
totp_uri(struct buf *b, const char *issuer, const char *account, const char *base32)
{
	buf_puts(b, "otpauth://totp/");
	uri_part(b, issuer);
	buf_putc(b, ':');
	uri_part(b, account);
	buf_puts(b, "?secret=");
	buf_puts(b, base32);
	buf_puts(b, "&issuer=");
	uri_part(b, issuer);
	buf_printf(b, "&algorithm=SHA1&digits=%d&period=%d", TOTP_DIGITS, TOTP_STEP);
}

void
totp_recovery_hash(const unsigned char key[32], const char *kind, int64_t tenant,
    int64_t user, const unsigned char sha256[32], unsigned char out[32])
{
	char ctx[80];

	snprintf(ctx, sizeof(ctx), "%s:%" PRId64 ":%" PRId64, kind, tenant, user);
	crypto_keyed_hash(key, "recovery-code", ctx, sha256, 32, out);
}
