/* porch — SPDX-License-Identifier: MIT
 * Random secrets, SHA-256, base64url and sealed boxes: the primitives behind session
 * tokens, CSRF tokens and action links (stored only as their SHA-256), and behind the
 * secrets porch must read back (TOTP secrets, token-link copies), which it stores
 * encrypted with AES-256-GCM under the key from the config.
 */
#ifndef PORCH_CRYPTO_H
#define PORCH_CRYPTO_H

#include <stddef.h>

#define TOKEN_BYTES	32			/* 256 random bits */
#define TOKEN_B64_LEN	43			/* base64url of 32 bytes, no padding */

/* Fills buf with n bytes from the CSPRNG; aborts if it cannot (no weak fallback). */
void	crypto_random(void *buf, size_t n);
void	crypto_sha256(const void *data, size_t n, unsigned char out[32]);
/*
 * SHA-256 of data that comes in pieces (an upload): begin, add each piece,
 * end (which frees h and writes the hash). Aborts when OpenSSL cannot start one.
 */
struct crypto_sha256_run;
struct crypto_sha256_run *crypto_sha256_begin(void);
void	crypto_sha256_add(struct crypto_sha256_run *h, const void *data, size_t n);
void	crypto_sha256_end(struct crypto_sha256_run *h, unsigned char out[32]);

/*
 * A keyed hash for values too guessable to store as a plain SHA-256 (recovery
 * codes): HMAC-SHA256 under a key derived from key for purpose alone, over
 * context, a NUL and data. The context (e.g. "portal:TENANT:ID") binds the hash to
 * its row, so a copy under another user, purpose or key does not match.
 */
void	crypto_keyed_hash(const unsigned char key[32], const char *purpose,
	    const char *context, const void *data, size_t n, unsigned char out[32]);

/* base64url without padding; out holds 4 * ceil(n / 3) + 1 bytes. */
void	b64url_encode(const unsigned char *in, size_t n, char *out);
/* Decodes exactly outlen bytes from s; returns 0, or -1 when s is not that. */
int	b64url_decode(const char *s, unsigned char *out, size_t outlen);

/* A new random token: raw bytes in raw, text form in text (TOKEN_B64_LEN + 1). */
void	token_new(unsigned char raw[TOKEN_BYTES], char text[TOKEN_B64_LEN + 1]);
/* The stored form of a token's text: SHA-256 of its raw bytes. 0, or -1 if malformed. */
int	token_hash(const char *text, unsigned char hash[32]);

/*
 * A sealed box: version byte, 96-bit random nonce, ciphertext, 128-bit GCM tag. The
 * context (e.g. "totp:portal:TENANT:ID") is authenticated but not stored, so a box
 * copied to another row or another purpose does not open.
 */
#define SEAL_KEY_BYTES	32
#define SEAL_OVERHEAD	(1 + 12 + 16)

/* Seals n bytes of plain into out (n + SEAL_OVERHEAD bytes). Returns 0, or -1. */
int	crypto_seal(const unsigned char key[SEAL_KEY_BYTES], const char *context,
	    const unsigned char *plain, size_t n, unsigned char *out);
/*
 * Opens the box in (n bytes) into out (n - SEAL_OVERHEAD bytes, set in *outlen).
 * Returns 0, or -1 when the box is malformed, altered, or sealed under another key
 * or context.
 */
int	crypto_open(const unsigned char key[SEAL_KEY_BYTES], const char *context,
	    const unsigned char *in, size_t n, unsigned char *out, size_t *outlen);

#endif
