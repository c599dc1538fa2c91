/* porch — SPDX-License-Identifier: MIT
 * Random secrets, SHA-256 and base64url, on OpenSSL's libcrypto.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "crypto.h"

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

void
crypto_random(void *buf, size_t n)
{
	if (RAND_bytes(buf, (int)n) != 1) {
		fprintf(stderr, "porch: the random number generator failed\n");
		abort();
	}
}

void
crypto_sha256(const void *data, size_t n, unsigned char out[32])
{
	SHA256(data, n, out);
}

void
b64url_encode(const unsigned char *in, size_t n, char *out)
{
	size_t i, o = 0;

	for (i = 0; i + 2 < n; i += 3) {
		unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];

		out[o++] = b64[v >> 18 & 63];
		out[o++] = b64[v >> 12 & 63];
		out[o++] = b64[v >> 6 & 63];
		out[o++] = b64[v & 63];
	}
	if (n - i == 1) {
		unsigned v = (unsigned)in[i] << 16;

		out[o++] = b64[v >> 18 & 63];
		out[o++] = b64[v >> 12 & 63];
	} else if (n - i == 2) {
		unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8;

		out[o++] = b64[v >> 18 & 63];
		out[o++] = b64[v >> 12 & 63];
		out[o++] = b64[v >> 6 & 63];
	}
	out[o] = '\0';
}

static int
b64val(char c)
{
	const char *p = c != '\0' ? strchr(b64, c) : NULL;

	return p != NULL ? (int)(p - b64) : -1;
}

int
b64url_decode(const char *s, unsigned char *out, size_t outlen)
{
	size_t len = strlen(s), o = 0;
	unsigned acc = 0;
	int bits = 0;

	if (len != (outlen * 4 + 2) / 3)
		return -1;
	for (size_t i = 0; i < len; i++) {
		int v = b64val(s[i]);

		if (v < 0)
			return -1;
		acc = acc << 6 | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o < outlen)
				out[o++] = (unsigned char)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	/* Leftover bits must be zero, so each token has exactly one spelling. */
	return o == outlen && acc == 0 ? 0 : -1;
}

void
token_new(unsigned char raw[TOKEN_BYTES], char text[TOKEN_B64_LEN + 1])
{
	crypto_random(raw, TOKEN_BYTES);
	b64url_encode(raw, TOKEN_BYTES, text);
}

int
token_hash(const char *text, unsigned char hash[32])
{
	unsigned char raw[TOKEN_BYTES];

	if (b64url_decode(text, raw, sizeof(raw)) < 0)
		return -1;
	crypto_sha256(raw, sizeof(raw), hash);
	OPENSSL_cleanse(raw, sizeof(raw));
	return 0;
}
