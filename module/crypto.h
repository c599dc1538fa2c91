/* porch — SPDX-License-Identifier: MIT
 * Random secrets, SHA-256 and base64url: the primitives behind session tokens, CSRF
 * tokens and action links. Secrets are stored only as their SHA-256.
 */
#ifndef PORCH_CRYPTO_H
#define PORCH_CRYPTO_H

#include <stddef.h>

#define TOKEN_BYTES	32			/* 256 random bits */
#define TOKEN_B64_LEN	43			/* base64url of 32 bytes, no padding */

/* Fills buf with n bytes from the CSPRNG; aborts if it cannot (no weak fallback). */
void	crypto_random(void *buf, size_t n);
void	crypto_sha256(const void *data, size_t n, unsigned char out[32]);

/* base64url without padding; out holds 4 * ceil(n / 3) + 1 bytes. */
void	b64url_encode(const unsigned char *in, size_t n, char *out);
/* Decodes exactly outlen bytes from s; returns 0, or -1 when s is not that. */
int	b64url_decode(const char *s, unsigned char *out, size_t outlen);

/* A new random token: raw bytes in raw, text form in text (TOKEN_B64_LEN + 1). */
void	token_new(unsigned char raw[TOKEN_BYTES], char text[TOKEN_B64_LEN + 1]);
/* The stored form of a token's text: SHA-256 of its raw bytes. 0, or -1 if malformed. */
int	token_hash(const char *text, unsigned char hash[32]);

#endif
