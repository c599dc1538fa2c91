/* porch — SPDX-License-Identifier: MIT
 * Tenant API keys as admins and the operator make and revoke them (see change.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "api_key.h"
#include "change.h"
#include "store.h"
#include "store_api.h"

/* Inside the transaction: the key's row (its id in *id) and the audit entry. */
static int
create_apply(const struct actor *who, const char *name, const char *prefix,
    const unsigned char hash[32], int read_only, const char *detail, int64_t *id)
{
	int rc;

	rc = store_api_key_add(who->a, who->tenant, name, prefix, hash, read_only, id);
	if (rc == DB_OK)
		rc = change_audit(who, "apikey.create", "api_key", *id, detail);
	return rc;
}

/* Inside the transaction: key id revoked, and the audit entry. */
static int
revoke_apply(const struct actor *who, int64_t id, struct change_result *out)
{
	struct api_key k;
	int found, one, rc;

	if ((rc = store_api_key_get(who->a, who->tenant, id, &k, &found)) != DB_OK)
		return rc;
	if (!found)
		return change_refuse(out, CHANGE_NOT_FOUND, "No such key",
		    "There is no API key %lld here.", (long long)id);
	if ((rc = store_api_key_revoke(who->a, who->tenant, id, &one)) != DB_OK)
		return rc;
	if (!one)
		return change_refuse(out, CHANGE_CONFLICT, "Revoked already",
		    "The key %s was revoked already.", k.prefix);
	return change_audit(who, "apikey.revoke", "api_key", id, k.prefix);
}

int
change_api_key_add(const struct actor *who, const char *name, int read_only,
    char *text, struct change_result *out)
{
	char prefix[API_KEY_PREFIX_LEN + 1], detail[160];
	unsigned char hash[32];
	size_t chars;
	int rc;

	memset(out, 0, sizeof(*out));
	text[0] = '\0';
	chars = name != NULL && utf8_valid(name, strlen(name)) ? utf8_chars(name) : 0;
	if (chars == 0 || chars > API_KEY_NAME_MAX || has_control(name, 0))
		return change_refuse(out, CHANGE_INVALID, "Name the key",
		    "A key needs a name of 1 to %d characters, on one line, to tell it "
		    "apart from the others.", API_KEY_NAME_MAX);
	api_key_new(text, hash, prefix);
	snprintf(detail, sizeof(detail), "prefix=%s scope=%s", prefix,
	    read_only ? "read-only" : "read-write");
	STORE_TXN(rc, create_apply(who, name, prefix, hash, read_only, detail,
	    &out->id));
	OPENSSL_cleanse(hash, sizeof(hash));
	if (rc != DB_OK)
		OPENSSL_cleanse(text, API_KEY_LEN + 1);
	return rc;
}

int
change_api_key_revoke(const struct actor *who, int64_t id, struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->id = id;
	STORE_TXN(rc, revoke_apply(who, id, out));
	return rc;
}
