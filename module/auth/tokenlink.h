/* porch — SPDX-License-Identifier: MIT
 * Token links (https://HOST/t/<token>): making a customer's link — its SHA-256 for
 * look-up and a copy sealed under the config's secret_key so staff can show it again —
 * and reading that copy back. Shared by porchd and porchctl.
 */
#ifndef PORCH_TOKENLINK_H
#define PORCH_TOKENLINK_H

#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "db.h"

#define TOKENLINK_PREFIX	"/t/"

/*
 * A secret address kept as its SHA-256 and a copy sealed under key, bound to
 * context (e.g. "tokenlink:TENANT:CUSTOMER"), so it can be shown again: the token
 * links and the calendar feeds. token_sealed_new() makes a new token into hash
 * and box (TOKEN_SEALED_BOX bytes); 0, or -1 when sealing failed.
 * token_sealed_reveal() opens a copy enc (n bytes) into text: 0, or -1 when it
 * does not open (another key, or a copy taken from another row).
 */
#define TOKEN_SEALED_BOX	(TOKEN_BYTES + SEAL_OVERHEAD)
int	token_sealed_new(const unsigned char key[SEAL_KEY_BYTES], const char *context,
	    unsigned char hash[32], unsigned char box[TOKEN_SEALED_BOX]);
int	token_sealed_reveal(const unsigned char key[SEAL_KEY_BYTES],
	    const char *context, const unsigned char *enc, size_t n,
	    char text[TOKEN_B64_LEN + 1]);

/*
 * Gives the customer a new link: replace 1 rotates (the old link dies at once),
 * replace 0 only issues a first one. *issued 0 when nothing changed (the customer is
 * not the tenant's, or already had a link). Returns DB_OK or a DB_* error.
 */
int	tokenlink_issue(struct arena *a, const unsigned char key[SEAL_KEY_BYTES],
	    int64_t tenant, int64_t customer, int replace, int *issued);

/*
 * Opens the sealed copy enc (n bytes) of the customer's link into text. Returns 0, or
 * -1 when it does not open: another key, or a copy taken from another customer's row.
 */
int	tokenlink_reveal(const unsigned char key[SEAL_KEY_BYTES], int64_t tenant,
	    int64_t customer, const unsigned char *enc, size_t n,
	    char text[TOKEN_B64_LEN + 1]);

#endif
