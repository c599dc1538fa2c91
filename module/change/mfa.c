/* porch — SPDX-License-Identifier: MIT
 * The user's own two-step sign-in: enrolment confirmed, turned off, new recovery
 * codes; and the mail every MFA change sends (see change.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "change.h"
#include "crypto.h"
#include "mail.h"
#include "store.h"
#include "store_mfa.h"
#include "totp.h"

/* Crockford's base32, lower case: no i, l, o or u to misread. */
static const char recovery_alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

/* Ten new codes for the actor, replacing the old ones; the text is shown once. */
static int
recovery_new(const struct actor *who, enum principal k,
    recovery_code codes[RECOVERY_CODES])
{
	unsigned char hashes[RECOVERY_CODES][32], raw[RECOVERY_LEN], sha[32];
	char plain[RECOVERY_LEN + 1];

	for (int i = 0; i < RECOVERY_CODES; i++) {
		crypto_random(raw, sizeof(raw));
		for (int j = 0; j < RECOVERY_LEN; j++)
			plain[j] = recovery_alphabet[raw[j] & 31];
		plain[RECOVERY_LEN] = '\0';
		crypto_sha256(plain, RECOVERY_LEN, sha);
		totp_recovery_hash(who->cfg->secret_key, principal_name(k), who->tenant,
		    who->id, sha, hashes[i]);
		snprintf(codes[i], RECOVERY_LEN + 2, "%.5s-%s", plain, plain + 5);
	}
	OPENSSL_cleanse(plain, sizeof(plain));
	OPENSSL_cleanse(raw, sizeof(raw));
	OPENSSL_cleanse(sha, sizeof(sha));
	return store_recovery_replace(who->a, k, who->tenant, who->id,
	    (const unsigned char (*)[32])hashes, RECOVERY_CODES);
}

int
change_mfa_notify(const struct actor *who, const struct mfa_account *m,
    const char *what)
{
	char subject[300];
	struct buf body;
	int rc;

	if (m->email == NULL || mail_addr_problem(m->email) != NULL)
		return DB_OK;	/* not the person's own address: the audit log has it */
	snprintf(subject, sizeof(subject), "Two-step sign-in for %s changed",
	    who->tenant_name);
	buf_init(&body, 512);
	buf_puts(&body, "Hello");
	if (m->name != NULL && m->name[0] != '\0') {
		buf_putc(&body, ' ');
		mail_one_line(&body, m->name, MAIL_QUOTE_WHO_MAX);
	}
	buf_printf(&body, ",\n\n%s\n\nIf you did not expect this, contact %s "
	    "at once.\n", what, who->tenant_name);
	rc = mail_enqueue(who->a, who->tenant, m->email, "", subject, body.data);
	buf_free(&body);
	return rc == MAIL_INVALID ? DB_OK : rc;
}

/* The actor's own change, audited as action and mailed with what, in one transaction
 * with store calls the caller made before (rc: their outcome). */
static int
own_change(const struct actor *who, const struct mfa_own *in, int rc,
    const char *action, const char *what)
{
	if (rc == DB_OK &&
	    (rc = change_audit(who, action, principal_name(in->kind), who->id, NULL)) ==
	    DB_OK)
		rc = change_mfa_notify(who, in->m, what);
	return rc;
}

/* Inside the transaction: the enrolment confirmed (its step used once), codes made. */
static int
enrol_apply(const struct actor *who, const struct mfa_own *in,
    recovery_code codes[RECOVERY_CODES])
{
	int done, rc;

	if ((rc = store_mfa_confirm(who->a, in->kind, who->tenant, who->id, in->step,
	    &done)) == DB_OK && !done)
		rc = CHANGE_CONFLICT;
	if (rc == DB_OK)
		rc = recovery_new(who, in->kind, codes);
	return own_change(who, in, rc, "mfa.enrol", "Two-step sign-in was turned on for "
	    "your account. From now on you sign in with your password and a code from "
	    "your authenticator app.");
}

int
change_mfa_enrol(const struct actor *who, const struct mfa_own *in,
    recovery_code codes[RECOVERY_CODES], struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	/* Confirmed: the step is used, codes made, audited and mailed together. */
	STORE_TXN(rc, enrol_apply(who, in, codes));
	return rc;
}

int
change_mfa_disable(const struct actor *who, const struct mfa_own *in,
    struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if (!in->m->enrolled)
		return change_refuse(out, CHANGE_CONFLICT, NULL, "Two-step sign-in is not "
		    "on.");
	if (in->m->required)
		return change_refuse(out, CHANGE_CONFLICT, NULL, "Two-step sign-in is "
		    "required for your account; only the office can change that.");
	STORE_TXN(rc, own_change(who, in, store_mfa_clear(who->a, in->kind, who->tenant,
	    who->id), "mfa.disable", "Two-step sign-in was turned off for your account: "
	    "a password alone now signs you in."));
	return rc;
}

int
change_mfa_codes(const struct actor *who, const struct mfa_own *in,
    recovery_code codes[RECOVERY_CODES], struct change_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if (!in->m->enrolled)
		return change_refuse(out, CHANGE_CONFLICT, NULL, "Two-step sign-in is not "
		    "on.");
	STORE_TXN(rc, own_change(who, in, recovery_new(who, in->kind, codes),
	    "mfa.recovery_codes", "New recovery codes were made for your account; the "
	    "old ones no longer work."));
	return rc;
}
