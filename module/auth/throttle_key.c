/* porch — SPDX-License-Identifier: MIT
 * The names the throttle keeps accounts by: keyed hashes (HMAC-SHA256 under
 * secret_key) of an account, or of a login that names none, so what was typed into
 * the login field is stored nowhere. Also the unlock that forgets an account's
 * failures. Shared by porchd and porchctl.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "throttle.h"

static const char *const what_names[THROTTLE__MAX] = { "password", "mfa" };

const char *
throttle_what_name(enum throttle_what w)
{
	return w < THROTTLE__MAX ? what_names[w] : "?";
}

static void
tag(const struct cfg *c, const char *text, size_t n, unsigned char out[THROTTLE_TAG_BYTES])
{
	unsigned int len = THROTTLE_TAG_BYTES;

	if (HMAC(EVP_sha256(), c->secret_key, sizeof(c->secret_key),
	    (const unsigned char *)text, n, out, &len) == NULL)
		memset(out, 0, THROTTLE_TAG_BYTES);
}

void
throttle_user_tag(const struct cfg *c, enum throttle_what w, enum principal k,
    int64_t id, unsigned char out[THROTTLE_TAG_BYTES])
{
	char text[96];
	int n;

	n = snprintf(text, sizeof(text), "porch throttle %s %s #%lld", what_names[w],
	    principal_name(k), (long long)id);
	tag(c, text, (size_t)n, out);
}

void
throttle_login_tag(const struct cfg *c, enum principal k, const char *login,
    unsigned char out[THROTTLE_TAG_BYTES])
{
	static const char prefix[] = "porch throttle login ";
	size_t kn = strlen(principal_name(k)), n = strlen(login);
	size_t len = sizeof(prefix) - 1 + kn + 1 + n;
	char *text = OPENSSL_malloc(len);

	if (text == NULL) {
		memset(out, 0, THROTTLE_TAG_BYTES);
		return;
	}
	memcpy(text, prefix, sizeof(prefix) - 1);
	memcpy(text + sizeof(prefix) - 1, principal_name(k), kn);
	text[sizeof(prefix) - 1 + kn] = ' ';
	/* Logins are matched without regard to case: so are their tags. */
	for (size_t i = 0; i < n; i++) {
		char ch = login[i];

		text[sizeof(prefix) + kn + i] = ch >= 'A' && ch <= 'Z' ?
		    (char)(ch - 'A' + 'a') : ch;
	}
	tag(c, text, len, out);
	OPENSSL_clear_free(text, len);
}

void
throttle_login_label(const struct cfg *c, enum principal k, const char *login,
    char *out, size_t outlen)
{
	unsigned char t[THROTTLE_TAG_BYTES];

	throttle_login_tag(c, k, login, t);
	snprintf(out, outlen, "login#%02x%02x%02x%02x%02x%02x%02x%02x", t[0], t[1], t[2],
	    t[3], t[4], t[5], t[6], t[7]);
}

int
throttle_unlock(struct arena *a, const struct cfg *c, int64_t tenant, enum principal k,
    int64_t id, uint64_t *cleared)
{
	unsigned char pw[THROTTLE_TAG_BYTES], mfa[THROTTLE_TAG_BYTES];

	throttle_user_tag(c, THROTTLE_PASSWORD, k, id, pw);
	throttle_user_tag(c, THROTTLE_MFA, k, id, mfa);
	return store_throttle_clear_account(a, tenant, pw, mfa, cleared);
}
