/* porch — SPDX-License-Identifier: MIT
 * Making token links and reading back their sealed copies. The copy is bound to its
 * tenant and customer by the seal's context, so a copy moved to another row (by a bug,
 * or by someone with write access to the table) never shows up as that row's link.
 */
#include "config.h"

#include <stdio.h>

#include <openssl/crypto.h>

#include "store_tokenlink.h"
#include "tokenlink.h"

static void
seal_context(char *buf, size_t n, int64_t tenant, int64_t customer)
{
	snprintf(buf, n, "tokenlink:%lld:%lld", (long long)tenant, (long long)customer);
}

int
token_sealed_new(const unsigned char key[SEAL_KEY_BYTES], const char *context,
    unsigned char hash[32], unsigned char box[TOKEN_SEALED_BOX])
{
	unsigned char raw[TOKEN_BYTES];
	char text[TOKEN_B64_LEN + 1];
	int rc;

	token_new(raw, text);
	crypto_sha256(raw, sizeof(raw), hash);
	rc = crypto_seal(key, context, raw, sizeof(raw), box);
	OPENSSL_cleanse(raw, sizeof(raw));
	OPENSSL_cleanse(text, sizeof(text));
	return rc;
}

int
token_sealed_reveal(const unsigned char key[SEAL_KEY_BYTES], const char *context,
    const unsigned char *enc, size_t n, char text[TOKEN_B64_LEN + 1])
{
	unsigned char raw[TOKEN_SEALED_BOX];
	size_t len;
	int rc = -1;

	if (enc == NULL || n != TOKEN_SEALED_BOX)
		return -1;
	if (crypto_open(key, context, enc, n, raw, &len) == 0 && len == TOKEN_BYTES) {
		b64url_encode(raw, TOKEN_BYTES, text);
		rc = 0;
	}
	OPENSSL_cleanse(raw, sizeof(raw));
	return rc;
}

int
tokenlink_issue(struct arena *a, const unsigned char key[SEAL_KEY_BYTES],
    int64_t tenant, int64_t customer, int replace, int *issued)
{
	unsigned char hash[32], box[TOKEN_SEALED_BOX];
	char ctx[64];

	*issued = 0;
	seal_context(ctx, sizeof(ctx), tenant, customer);
	if (token_sealed_new(key, ctx, hash, box) < 0)
		return DB_ERROR;
	return store_tokenlink_set(a, tenant, customer, hash, box, sizeof(box), replace,
	    issued);
}

int
tokenlink_reveal(const unsigned char key[SEAL_KEY_BYTES], int64_t tenant,
    int64_t customer, const unsigned char *enc, size_t n, char text[TOKEN_B64_LEN + 1])
{
	char ctx[64];

	seal_context(ctx, sizeof(ctx), tenant, customer);
	return token_sealed_reveal(key, ctx, enc, n, text);
}
