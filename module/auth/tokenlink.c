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

#define TOKENLINK_BOX	(TOKEN_BYTES + SEAL_OVERHEAD)

static void
seal_context(char *buf, size_t n, int64_t tenant, int64_t customer)
{
	snprintf(buf, n, "tokenlink:%lld:%lld", (long long)tenant, (long long)customer);
}

int
tokenlink_issue(struct arena *a, const unsigned char key[SEAL_KEY_BYTES],
    int64_t tenant, int64_t customer, int replace, int *issued)
{
	unsigned char raw[TOKEN_BYTES], hash[32], box[TOKENLINK_BOX];
	char text[TOKEN_B64_LEN + 1], ctx[64];
	int rc = DB_ERROR;

	*issued = 0;
	token_new(raw, text);
	crypto_sha256(raw, sizeof(raw), hash);
	seal_context(ctx, sizeof(ctx), tenant, customer);
	if (crypto_seal(key, ctx, raw, sizeof(raw), box) == 0)
		rc = store_tokenlink_set(a, tenant, customer, hash, box, sizeof(box),
		    replace, issued);
	OPENSSL_cleanse(raw, sizeof(raw));
	OPENSSL_cleanse(text, sizeof(text));
	return rc;
}

int
tokenlink_reveal(const unsigned char key[SEAL_KEY_BYTES], int64_t tenant,
    int64_t customer, const unsigned char *enc, size_t n, char text[TOKEN_B64_LEN + 1])
{
	unsigned char raw[TOKENLINK_BOX];
	char ctx[64];
	size_t len;
	int rc = -1;

	if (enc == NULL || n != TOKENLINK_BOX)
		return -1;
	seal_context(ctx, sizeof(ctx), tenant, customer);
	if (crypto_open(key, ctx, enc, n, raw, &len) == 0 && len == TOKEN_BYTES) {
		b64url_encode(raw, TOKEN_BYTES, text);
		rc = 0;
	}
	OPENSSL_cleanse(raw, sizeof(raw));
	return rc;
}
