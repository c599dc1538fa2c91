/* porch — SPDX-License-Identifier: MIT
 * The text of a tenant API key: "porch_" and 43 base64url characters (256 random
 * bits). porch keeps only the SHA-256 of the random bytes and the first
 * API_KEY_PREFIX_LEN characters, which tell keys apart on the staff page.
 */
#ifndef PORCH_API_KEY_H
#define PORCH_API_KEY_H

#include "crypto.h"

#define API_KEY_TAG		"porch_"
#define API_KEY_LEN		(6 + TOKEN_B64_LEN)	/* characters of a key */
#define API_KEY_PREFIX_LEN	14			/* "porch_" and 8 more */

/* A new key: its text (API_KEY_LEN + 1), stored hash and prefix (+ 1 each). */
void	api_key_new(char text[API_KEY_LEN + 1], unsigned char hash[32],
	    char prefix[API_KEY_PREFIX_LEN + 1]);
/* The stored hash of key text s: 0, or -1 when s is not a key's form. */
int	api_key_hash(const char *s, unsigned char hash[32]);

#endif
