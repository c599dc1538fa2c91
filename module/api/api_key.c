/* porch — SPDX-License-Identifier: MIT
 * API key text, hash and prefix (see api_key.h).
 */
#include "config.h"

#include <string.h>

#include <openssl/crypto.h>

#include "api_key.h"

void
api_key_new(char text[API_KEY_LEN + 1], unsigned char hash[32],
    char prefix[API_KEY_PREFIX_LEN + 1])
{
	unsigned char raw[TOKEN_BYTES];
	char b64[TOKEN_B64_LEN + 1];

	token_new(raw, b64);
	crypto_sha256(raw, sizeof(raw), hash);
	memcpy(text, API_KEY_TAG, 6);
	memcpy(text + 6, b64, TOKEN_B64_LEN + 1);
	memcpy(prefix, text, API_KEY_PREFIX_LEN);
	prefix[API_KEY_PREFIX_LEN] = '\0';
	OPENSSL_cleanse(raw, sizeof(raw));
	OPENSSL_cleanse(b64, sizeof(b64));
}

int
api_key_hash(const char *s, unsigned char hash[32])
{
	if (strlen(s) != API_KEY_LEN || strncmp(s, API_KEY_TAG, 6) != 0)
		return -1;
	return token_hash(s + 6, hash);
}
