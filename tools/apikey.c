/* porch — SPDX-License-Identifier: MIT
 * porchctl apikey add SLUG NAME [--read-only] | list SLUG | revoke SLUG ID: the
 * operator's way to the tenant API's keys, through the same change functions as
 * the staff page (audited as done by the system).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "api_key.h"
#include "change.h"
#include "porchctl.h"
#include "store.h"
#include "store_api.h"

static const char usage_text[] =
    "usage: porchctl apikey add SLUG NAME [--read-only] | list SLUG | revoke SLUG ID\n";

static int
apikey_add(const struct cfg *c, struct arena *a, const struct tenant *t,
    const char *name, int read_only)
{
	struct change_result out;
	struct actor who;
	char key[API_KEY_LEN + 1];
	int rc;

	porchctl_actor(c, a, t, &who);
	if ((rc = change_api_key_add(&who, name, read_only, key, &out)) != CHANGE_OK)
		return porchctl_change_failed("apikey add", rc, &out);
	/* The key alone on stdout, for scripts; what it is on stderr. */
	fprintf(stderr, "API key %lld (%s) of %s, %s; shown this once:\n",
	    (long long)out.id, name, t->slug, read_only ? "read-only" : "read-write");
	printf("%s\n", key);
	OPENSSL_cleanse(key, sizeof(key));
	return PORCHCTL_OK;
}

static int
apikey_list(struct arena *a, const struct tenant *t)
{
	struct api_key *keys;
	size_t n;
	int rc;

	if ((rc = store_api_key_list(a, t->id, &keys, &n)) != DB_OK)
		return porchctl_fail_db("apikey list", rc);
	printf("id\tprefix\tscope\tcreated\tlast used\trevoked\tname\n");
	for (size_t i = 0; i < n; i++)
		printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\n", (long long)keys[i].id,
		    keys[i].prefix, keys[i].read_only ? "read-only" : "read-write",
		    keys[i].created, keys[i].last_used != NULL ? keys[i].last_used : "-",
		    keys[i].revoked != NULL ? keys[i].revoked : "-", keys[i].name);
	return PORCHCTL_OK;
}

static int
apikey_revoke(const struct cfg *c, struct arena *a, const struct tenant *t,
    const char *id_text)
{
	struct change_result out;
	struct actor who;
	int64_t id = parse_id(id_text);
	int rc;

	if (id == 0) {
		fprintf(stderr, "porchctl: apikey revoke: ID must be a key's number (see: "
		    "porchctl apikey list %s)\n", t->slug);
		return PORCHCTL_USAGE;
	}
	porchctl_actor(c, a, t, &who);
	if ((rc = change_api_key_revoke(&who, id, &out)) != CHANGE_OK)
		return porchctl_change_failed("apikey revoke", rc, &out);
	printf("API key %lld of %s revoked\n", (long long)id, t->slug);
	return PORCHCTL_OK;
}

int
porchctl_apikey(const struct cfg *c, struct arena *a, int argc, char **argv)
{
	struct tenant t;
	int rc;

	if (argc >= 3 && strcmp(argv[1], "add") == 0 && (argc == 4 || (argc == 5 &&
	    strcmp(argv[4], "--read-only") == 0))) {
		if ((rc = porchctl_tenant(a, argv[2], &t)) != 0)
			return rc;
		return apikey_add(c, a, &t, argv[3], argc == 5);
	}
	if (argc == 3 && strcmp(argv[1], "list") == 0) {
		if ((rc = porchctl_tenant(a, argv[2], &t)) != 0)
			return rc;
		return apikey_list(a, &t);
	}
	if (argc == 4 && strcmp(argv[1], "revoke") == 0) {
		if ((rc = porchctl_tenant(a, argv[2], &t)) != 0)
			return rc;
		return apikey_revoke(c, a, &t, argv[3]);
	}
	fputs(usage_text, stderr);
	return PORCHCTL_USAGE;
}
