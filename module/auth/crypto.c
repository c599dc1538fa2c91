/* porch — SPDX-License-Identifier: MIT
 * Random secrets, SHA-256, base64url and AES-256-GCM sealed boxes, on OpenSSL's
 * libcrypto.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "crypto.h"
#include "util.h"

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

/* A struct crypto_sha256_run is OpenSSL's EVP_MD_CTX. */
struct crypto_sha256_run *
crypto_sha256_begin(void)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();

	if (c == NULL || EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1) {
		fprintf(stderr, "porch: cannot start a SHA-256\n");
		abort();
	}
	return (struct crypto_sha256_run *)c;
}

void
crypto_sha256_add(struct crypto_sha256_run *h, const void *data, size_t n)
{
	EVP_DigestUpdate((EVP_MD_CTX *)h, data, n);
}

void
crypto_sha256_end(struct crypto_sha256_run *h, unsigned char out[32])
{
	unsigned int len = 32;

	EVP_DigestFinal_ex((EVP_MD_CTX *)h, out, &len);
	EVP_MD_CTX_free((EVP_MD_CTX *)h);
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

void
crypto_keyed_hash(const unsigned char key[32], const char *purpose,
    const char *context, const void *data, size_t n, unsigned char out[32])
{
	size_t plen = strlen(purpose), clen = strlen(context);
	unsigned char sub[32], *msg;
	unsigned int len = 32;

	/* The purpose's own key, HMAC-SHA256(key, "porch:" purpose), then the hash. */
	msg = xmalloc(6 + plen + clen + 1 + n);
	memcpy(msg, "porch:", 6);
	memcpy(msg + 6, purpose, plen);
	if (HMAC(EVP_sha256(), key, 32, msg, 6 + plen, sub, &len) == NULL)
		goto fail;
	memcpy(msg, context, clen + 1);
	memcpy(msg + clen + 1, data, n);
	if (HMAC(EVP_sha256(), sub, 32, msg, clen + 1 + n, out, &len) == NULL)
		goto fail;
	OPENSSL_cleanse(msg, clen + 1 + n);
	OPENSSL_cleanse(sub, sizeof(sub));
	free(msg);
	return;
fail:
	fprintf(stderr, "porch: HMAC-SHA256 failed\n");
	abort();
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

#define SEAL_VERSION	1
#define SEAL_NONCE	12
#define SEAL_TAG	16

int
crypto_seal(const unsigned char key[SEAL_KEY_BYTES], const char *context,
    const unsigned char *plain, size_t n, unsigned char *out)
{
	EVP_CIPHER_CTX *ctx;
	unsigned char *nonce = out + 1, *ct = out + 1 + SEAL_NONCE;
	int len, rc = -1;

	if (n > 4096 || (ctx = EVP_CIPHER_CTX_new()) == NULL)
		return -1;
	out[0] = SEAL_VERSION;
	crypto_random(nonce, SEAL_NONCE);
	if (EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, nonce) != 1 ||
	    EVP_EncryptUpdate(ctx, NULL, &len, (const unsigned char *)context,
	    (int)strlen(context)) != 1 ||
	    EVP_EncryptUpdate(ctx, ct, &len, plain, (int)n) != 1 ||
	    EVP_EncryptFinal_ex(ctx, ct + len, &len) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, SEAL_TAG, ct + n) != 1)
		goto out;
	rc = 0;
out:
	EVP_CIPHER_CTX_free(ctx);
	return rc;
}

int
crypto_open(const unsigned char key[SEAL_KEY_BYTES], const char *context,
    const unsigned char *in, size_t n, unsigned char *out, size_t *outlen)
{
	EVP_CIPHER_CTX *ctx;
	const unsigned char *nonce = in + 1, *ct = in + 1 + SEAL_NONCE;
	size_t ctlen;
	int len, rc = -1;

	if (n < SEAL_OVERHEAD || n > 4096 + SEAL_OVERHEAD || in[0] != SEAL_VERSION)
		return -1;
	ctlen = n - SEAL_OVERHEAD;
	if ((ctx = EVP_CIPHER_CTX_new()) == NULL)
		return -1;
	if (EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, nonce) != 1 ||
	    EVP_DecryptUpdate(ctx, NULL, &len, (const unsigned char *)context,
	    (int)strlen(context)) != 1 ||
	    EVP_DecryptUpdate(ctx, out, &len, ct, (int)ctlen) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, SEAL_TAG,
	    (void *)(ct + ctlen)) != 1 ||
	    EVP_DecryptFinal_ex(ctx, out + len, &len) != 1) {
		OPENSSL_cleanse(out, ctlen);
		goto out;
	}
	*outlen = ctlen;
	rc = 0;
out:
	EVP_CIPHER_CTX_free(ctx);
	return rc;
}
