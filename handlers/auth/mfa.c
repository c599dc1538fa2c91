/* porch — SPDX-License-Identifier: MIT
 * Two-step sign-in for portal users and staff: the code step after the password
 * (/login/mfa), enrolment with a QR code (/mfa/enrol), recovery codes, and the user's
 * own MFA settings (/account/mfa). Secrets are sealed with the config's key, bound to
 * the user; a TOTP step is accepted once; tries are throttled like passwords. The
 * user's own changes are module/change/mfa.c's.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "audit.h"
#include "auth.h"
#include "change.h"
#include "handlers.h"
#include "html.h"
#include "log.h"
#include "password.h"
#include "qr.h"
#include "session.h"
#include "store_mfa.h"
#include "tenant.h"
#include "throttle.h"
#include "totp.h"

/* Crockford's base32, lower case, as recovery codes are made (change/mfa.c). */
static const char recovery_alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

static const char wrong_code[] = "That code is not right, or sign-in is paused for a "
    "few minutes after too many tries. Check the time on your device and try the "
    "next code.";

/* The context a user's secret is sealed under: it opens for this user only. */
static void
seal_context(const struct req *r, enum principal k, int64_t id, char *out, size_t n)
{
	snprintf(out, n, "totp:%s:%lld:%lld", principal_name(k),
	    (long long)r->tenant->id, (long long)id);
}

static int
secret_open(const struct req *r, enum principal k, int64_t id,
    const struct mfa_account *m, unsigned char secret[TOTP_SECRET_BYTES])
{
	unsigned char out[64];
	char ctx[80];
	size_t n = 0;

	seal_context(r, k, id, ctx, sizeof(ctx));
	if (m->boxlen != TOTP_SECRET_BYTES + SEAL_OVERHEAD ||
	    crypto_open(r->cfg->secret_key, ctx, m->box, m->boxlen, out, &n) < 0 ||
	    n != TOTP_SECRET_BYTES) {
		log_warn("req=%s: the TOTP secret of %s user %lld does not open (another "
		    "secret_key?)", r->id, principal_name(k), (long long)id);
		return -1;
	}
	memcpy(secret, out, TOTP_SECRET_BYTES);
	OPENSSL_cleanse(out, sizeof(out));
	return 0;
}

/*
 * A recovery code as typed, to the canonical form that is hashed: lower case,
 * without "-" or spaces, o read as 0 and i, l as 1. Returns 0, or -1 when it is not
 * a recovery code.
 */
static int
recovery_normalize(const char *in, char out[RECOVERY_LEN + 1])
{
	size_t n = 0;

	for (; *in != '\0'; in++) {
		char c = *in;

		if (c == '-' || c == ' ')
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c == 'o')
			c = '0';
		else if (c == 'i' || c == 'l')
			c = '1';
		if (strchr(recovery_alphabet, c) == NULL || c == '\0' || n == RECOVERY_LEN)
			return -1;
		out[n++] = c;
	}
	out[n] = '\0';
	return n == RECOVERY_LEN ? 0 : -1;
}

/* The recovery codes, shown once, with the way on. */
static void
codes_page(struct req *r, struct resp *p, recovery_code codes[RECOVERY_CODES],
    const char *next)
{
	struct buf *b = &p->body;

	page_begin(r, p, "Recovery codes");
	html_raw(b, "<h1>Your recovery codes</h1>\n<p>Each code signs you in once "
	    "instead of an authentication code, if you lose your device. Keep them "
	    "somewhere safe, away from your device: <strong>they are shown only "
	    "now</strong>.</p>\n<ul class=\"recovery-codes\">\n");
	for (int i = 0; i < RECOVERY_CODES; i++) {
		html_raw(b, "<li><code>");
		html_text(b, codes[i]);
		html_raw(b, "</code></li>\n");
	}
	html_raw(b, "</ul>\n<p><a href=\"");
	html_attr(b, next);
	html_raw(b, "\">Continue</a></p>\n");
	page_end(p);
}

static void
code_field(struct buf *b)
{
	html_raw(b, "<label for=\"code\">Authentication code</label>\n"
	    "<input id=\"code\" name=\"code\" type=\"text\" autocomplete=\"one-time-code\" "
	    "required maxlength=\"32\" autofocus>\n");
}

/* ---- the code step after the password ---------------------------------- */

static int
code_form(struct req *r, struct resp *p, const char *error)
{
	struct buf *b = &p->body;

	page_begin(r, p, "Two-step sign-in");
	html_raw(b, "<h1>Two-step sign-in</h1>\n");
	if (error != NULL)
		page_error_text(p, error);
	html_raw(b, "<p>Enter the 6-digit code your authenticator app shows for this "
	    "account.</p>\n");
	page_form(b, r->session->csrf_token, "signin", "/login/mfa");
	code_field(b);
	html_raw(b, "<p class=\"hint\">Lost your device? Enter one of your recovery "
	    "codes instead.</p>\n<p><button type=\"submit\">Sign in</button></p>\n"
	    "</form>\n");
	page_end(p);
	return 0;
}

/*
 * Checks code (a TOTP code or a recovery code) for the user. *how is "totp" or
 * "recovery" on success. Returns DB_OK with *ok, or a DB_* error.
 */
static int
code_verify(struct req *r, enum principal k, int64_t id, const struct mfa_account *m,
    const char *code, const char **how, int *ok)
{
	unsigned char secret[TOTP_SECRET_BYTES], hash[32], sha[32];
	char norm[RECOVERY_LEN + 1];
	int64_t step;
	int accepted = 0, rc = DB_OK;

	*ok = 0;
	if (strspn(code, "0123456789 ") == strlen(code)) {
		*how = "totp";
		if (secret_open(r, k, id, m, secret) < 0)
			return DB_OK;
		if (totp_check(secret, TOTP_SECRET_BYTES, totp_now(), code, &step) == 0) {
			rc = store_mfa_use_step(&r->arena, k, r->tenant->id, id, step,
			    &accepted);
			if (rc == DB_OK && !accepted)
				rc = audit(r, "mfa.replay", principal_name(k), id, NULL);
			*ok = accepted;
		}
		OPENSSL_cleanse(secret, sizeof(secret));
		return rc;
	}
	*how = "recovery";
	if (recovery_normalize(code, norm) < 0)
		return DB_OK;
	crypto_sha256(norm, RECOVERY_LEN, sha);
	totp_recovery_hash(r->cfg->secret_key, principal_name(k), r->tenant->id, id, sha,
	    hash);
	OPENSSL_cleanse(norm, sizeof(norm));
	OPENSSL_cleanse(sha, sizeof(sha));
	return store_recovery_use(&r->arena, k, r->tenant->id, id, hash, ok);
}

int
handle_login_mfa(struct req *r, struct resp *p)
{
	struct session *s = r->session;
	struct input_val in[AK__MAX];
	const char *code, *how = "totp";
	struct mfa_account m;
	struct throttle_key tk;
	char detail[32];
	int found, locked, counted, ok, rc;

	if (s == NULL || s->row.mfa != MFA_PENDING) {
		resp_redirect(p, 303, s != NULL && sess_signed_in(r) ?
		    signin_home(s->row.kind) : "/login");
		return 0;
	}
	if (r->method != METHOD_POST)
		return code_form(r, p, NULL);
	auth_input(r, INPUT_FORM, in);
	/* Absent, empty or longer than any code (32 bytes): asked for again. */
	if ((code = in_str(&in[AK_CODE])) == NULL)
		return code_form(r, p, "Please enter the code.");
	throttle_key_user(r, THROTTLE_MFA, s->row.kind, s->row.user_id, &tk);
	if ((rc = throttle_check(r, &tk, &locked, &counted)) != DB_OK ||
	    (rc = store_mfa_get(&r->arena, s->row.kind, r->tenant->id, s->row.user_id, &m,
	    &found)) != DB_OK)
		return status_for_db(rc);
	ok = 0;
	if (found && m.enrolled && !locked &&
	    (rc = code_verify(r, s->row.kind, s->row.user_id, &m, code, &how, &ok)) !=
	    DB_OK)
		return status_for_db(rc);
	if (!ok) {
		if (!locked && (rc = throttle_failure(r, &tk, principal_name(s->row.kind),
		    s->row.user_id, NULL)) != DB_OK)
			return status_for_db(rc);
		if ((rc = audit(r, locked ? "mfa.refused_locked" : "mfa.failure",
		    principal_name(s->row.kind), s->row.user_id, how)) != DB_OK)
			return status_for_db(rc);
		return code_form(r, p, wrong_code);
	}
	if ((rc = throttle_success(r, &tk, counted)) != DB_OK)
		return status_for_db(rc);
	snprintf(detail, sizeof(detail), "mfa=%s", how);
	if ((rc = signin_finish(r, p, s->row.kind, s->row.user_id, MFA_DONE, detail,
	    -1)) != 0)
		return rc;
	resp_redirect(p, 303, strcmp(how, "recovery") == 0 ? "/account/mfa?recovery=1" :
	    signin_home(s->row.kind));
	return 0;
}

/* ---- enrolment ----------------------------------------------------------- */

/*
 * The enrolment page for the user's pending secret, making one when there is none
 * (or it no longer opens). Returns 0 or an error status.
 */
static int
enrol_page(struct req *r, struct resp *p, enum principal k, int64_t id,
    const char *error)
{
	unsigned char secret[TOTP_SECRET_BYTES], box[TOTP_SECRET_BYTES + SEAL_OVERHEAD];
	char b32[TOTP_BASE32_LEN + 1], ctx[80];
	struct buf *b = &p->body, uri;
	struct mfa_account m;
	int found, rc;

	if ((rc = store_mfa_get(&r->arena, k, r->tenant->id, id, &m, &found)) != DB_OK)
		return status_for_db(rc);
	if (!found)
		return 404;
	if (m.enrolled) {
		resp_redirect(p, 303, "/account/mfa");
		return 0;
	}
	if (m.boxlen == 0 || secret_open(r, k, id, &m, secret) < 0) {
		totp_secret_new(secret);
		seal_context(r, k, id, ctx, sizeof(ctx));
		if (crypto_seal(r->cfg->secret_key, ctx, secret, sizeof(secret), box) < 0)
			return 500;
		if ((rc = store_mfa_set_pending(&r->arena, k, r->tenant->id, id, box,
		    sizeof(box))) != DB_OK)
			return status_for_db(rc);
	}
	if (totp_base32(secret, b32) < 0)
		return 500;
	OPENSSL_cleanse(secret, sizeof(secret));
	buf_init(&uri, 256);
	totp_uri(&uri, r->tenant->name, m.login != NULL ? m.login : "", b32);

	page_begin(r, p, "Set up two-step sign-in");
	html_raw(b, "<h1>Set up two-step sign-in</h1>\n");
	if (error != NULL)
		page_error_text(p, error);
	if (m.required && r->session->row.mfa == MFA_ENROL)
		html_raw(b, "<p class=\"notice\">Your account needs two-step sign-in. "
		    "Set it up now to continue.</p>\n");
	html_raw(b, "<ol class=\"steps\">\n<li>Scan this QR code with an authenticator "
	    "app on your phone (any app for \xe2\x80\x9cTOTP\xe2\x80\x9d codes).\n"
	    "<figure class=\"qr\">");
	if (qr_svg(b, uri.data, "QR code for your authenticator app") < 0)
		html_raw(b, "<p>(The QR code could not be made; type the key below.)</p>");
	html_raw(b, "</figure></li>\n<li>Or type this key into the app: <code id=\"secret\" "
	    "class=\"secret\">");
	for (int i = 0; i < TOTP_BASE32_LEN; i += 4)
		html_textf(b, "%s%.4s", i ? " " : "", b32 + i);
	html_raw(b, "</code> (time-based, 6 digits).</li>\n<li>Enter the code the app "
	    "shows, to confirm.</li>\n</ol>\n");
	page_form(b, r->session->csrf_token, "signin", "/mfa/enrol");
	code_field(b);
	html_raw(b, "<p><button type=\"submit\">Turn on two-step sign-in</button></p>\n"
	    "</form>\n");
	page_end(p);
	OPENSSL_cleanse(b32, sizeof(b32));
	OPENSSL_cleanse(uri.data, uri.len);
	buf_free(&uri);
	return 0;
}

int
handle_mfa_enrol(struct req *r, struct resp *p)
{
	struct session *s = r->session;
	recovery_code codes[RECOVERY_CODES];
	unsigned char secret[TOTP_SECRET_BYTES];
	struct input_val in[AK__MAX];
	struct change_result out;
	struct mfa_account m;
	struct throttle_key tk;
	struct mfa_own ch;
	struct actor who;
	const char *code;
	int64_t step;
	int found, locked, counted, rc, ok;

	if (s == NULL || s->row.kind == PRINCIPAL_TOKEN) {
		resp_redirect(p, 303, "/login");
		return 0;
	}
	if ((rc = refuse_if_impersonating(s)) != 0)
		return rc;
	/* Signed-in users start from /account/mfa, which asks for the password. */
	if (r->method != METHOD_POST) {
		if (s->row.mfa != MFA_ENROL) {
			resp_redirect(p, 303, "/account/mfa");
			return 0;
		}
		return enrol_page(r, p, s->row.kind, s->row.user_id, NULL);
	}
	auth_input(r, INPUT_FORM, in);
	code = in[AK_CODE].s;
	throttle_key_user(r, THROTTLE_MFA, s->row.kind, s->row.user_id, &tk);
	if ((rc = throttle_check(r, &tk, &locked, &counted)) != DB_OK ||
	    (rc = store_mfa_get(&r->arena, s->row.kind, r->tenant->id, s->row.user_id, &m,
	    &found)) != DB_OK)
		return status_for_db(rc);
	if (!found)
		return 404;
	if (m.enrolled || m.boxlen == 0) {
		resp_redirect(p, 303, "/account/mfa");
		return 0;
	}
	ok = !locked && code != NULL &&
	    secret_open(r, s->row.kind, s->row.user_id, &m, secret) == 0 &&
	    totp_check(secret, TOTP_SECRET_BYTES, totp_now(), code, &step) == 0;
	OPENSSL_cleanse(secret, sizeof(secret));
	if (!ok) {
		if (!locked && (rc = throttle_failure(r, &tk, principal_name(s->row.kind),
		    s->row.user_id, NULL)) != DB_OK)
			return status_for_db(rc);
		return enrol_page(r, p, s->row.kind, s->row.user_id, wrong_code);
	}
	page_actor(r, &who);
	ch = (struct mfa_own){ .kind = s->row.kind, .m = &m,
	    .tenant_name = r->tenant->name, .step = step };
	if ((rc = change_mfa_enrol(&who, &ch, codes, &out)) != CHANGE_OK)
		return status_for_change(rc);
	if ((rc = throttle_success(r, &tk, counted)) != DB_OK)
		return status_for_db(rc);
	/* Enrolment during sign-in completes it, in a fresh session. */
	if (s->row.mfa == MFA_ENROL && (rc = signin_finish(r, p, s->row.kind,
	    s->row.user_id, MFA_DONE, "mfa=enrolled", -1)) != 0)
		return rc;
	codes_page(r, p, codes, s->row.mfa == MFA_ENROL ? signin_home(s->row.kind) :
	    "/account/mfa");
	OPENSSL_cleanse(codes, sizeof(codes));
	return 0;
}

/* ---- the user's own settings -------------------------------------------- */

static void
password_form(struct buf *b, const struct session *s, const char *act,
    const char *button)
{
	page_form(b, s->csrf_token, NULL, "/account/mfa");
	html_hidden(b, "do", "%s", act);
	html_raw(b, "<label for=\"pw-");
	html_attr(b, act);
	html_raw(b, "\">Current password</label>\n<input id=\"pw-");
	html_attr(b, act);
	html_raw(b, "\" name=\"password\" type=\"password\" "
	    "autocomplete=\"current-password\" required maxlength=\"512\">\n"
	    "<p><button type=\"submit\">");
	html_text(b, button);
	html_raw(b, "</button></p>\n</form>\n");
}

static int
settings(struct req *r, struct resp *p, int status, const char *error)
{
	struct session *s = r->session;
	struct buf *b = &p->body;
	struct input_val in[AK__MAX];
	struct mfa_account m;
	const char *done;
	int found, rc;

	if ((rc = store_mfa_get(&r->arena, s->row.kind, r->tenant->id, s->row.user_id, &m,
	    &found)) != DB_OK)
		return status_for_db(rc);
	if (!found)
		return 404;
	auth_input(r, INPUT_QUERY, in);
	done = in_str(&in[AK_DONE]);
	page_begin(r, p, "Two-step sign-in");
	if (status != 0)
		p->status = status;
	html_raw(b, "<h1>Two-step sign-in</h1>\n");
	if (error != NULL)
		page_error_text(p, error);
	if (done != NULL && strcmp(done, "off") == 0)
		page_notice_text(p, "Two-step sign-in was turned off.");
	if (in[AK_RECOVERY].s != NULL)
		page_notice_textf(p, NULL, "You signed in with a recovery code; %ld left. "
		    "Make new ones below if you are running out.", m.codes_left);
	if (m.enrolled)
		html_rawf(b, "<p id=\"mfa-state\">Two-step sign-in is <strong>on"
		    "</strong>. You have %ld unused recovery codes.</p>\n", m.codes_left);
	else
		html_raw(b, "<p id=\"mfa-state\">Two-step sign-in is <strong>off"
		    "</strong>.</p>\n");
	if (m.required)
		html_raw(b, "<p>It is required for your account by the office.</p>\n");
	if (s->row.impersonator_id != 0) {
		html_raw(b, "<p class=\"notice\">MFA changes are not available while staff "
		    "view the portal as this user.</p>\n");
	} else if (!m.enrolled) {
		html_raw(b, "<h2>Turn on</h2>\n<p>You will scan a QR code with an "
		    "authenticator app, then give a code from it at each sign-in.</p>\n");
		password_form(b, s, "on", "Set up two-step sign-in");
	} else {
		html_raw(b, "<h2>New recovery codes</h2>\n<p>Replaces all your recovery "
		    "codes with ten new ones.</p>\n");
		password_form(b, s, "codes", "Make new recovery codes");
		if (!m.required) {
			html_raw(b, "<h2>Turn off</h2>\n");
			password_form(b, s, "off", "Turn off two-step sign-in");
		}
	}
	html_raw(b, "<p><a href=\"/account\">Back to your account</a></p>\n");
	page_end(p);
	return 0;
}

int
handle_account_mfa(struct req *r, struct resp *p)
{
	struct session *s = r->session;
	recovery_code codes[RECOVERY_CODES];
	struct input_val in[AK__MAX];
	struct change_result out;
	struct mfa_account m;
	const char *act, *pw;
	struct mfa_own ch;
	struct actor who;
	int found, ok, rc;

	if (s == NULL || s->row.kind == PRINCIPAL_TOKEN) {
		resp_redirect(p, 303, "/login");
		return 0;
	}
	if (r->method != METHOD_POST)
		return settings(r, p, 0, NULL);
	if ((rc = refuse_if_impersonating(s)) != 0)
		return rc;
	auth_input(r, INPUT_FORM, in);
	act = in[AK_DO].s;
	pw = in[AK_PASSWORD].s;
	if (act == NULL || pw == NULL)
		return 400;
	if ((rc = store_mfa_get(&r->arena, s->row.kind, r->tenant->id, s->row.user_id, &m,
	    &found)) != DB_OK)
		return status_for_db(rc);
	if (!found)
		return 404;
	if ((rc = current_password_check(r, "/account/mfa", pw, &ok)) != DB_OK)
		return status_for_db(rc);
	if (ok == PASSWORD_BUSY)
		return 503;
	if (ok != PASSWORD_MATCH)
		return settings(r, p, 400, current_password_wrong);
	if (strcmp(act, "on") == 0) {
		if (m.enrolled)
			return settings(r, p, 409, "Two-step sign-in is already on.");
		return enrol_page(r, p, s->row.kind, s->row.user_id, NULL);
	}
	page_actor(r, &who);
	ch = (struct mfa_own){ .kind = s->row.kind, .m = &m,
	    .tenant_name = r->tenant->name };
	if (strcmp(act, "off") == 0)
		rc = change_mfa_disable(&who, &ch, &out);
	else if (strcmp(act, "codes") == 0)
		rc = change_mfa_codes(&who, &ch, codes, &out);
	else
		return m.enrolled ? 400 : settings(r, p, 409, "Two-step sign-in is not on.");
	if (rc == CHANGE_CONFLICT)
		return settings(r, p, 409, out.msg);
	if (rc != CHANGE_OK)
		return status_for_change(rc);
	if (strcmp(act, "off") == 0) {
		resp_redirect(p, 303, "/account/mfa?done=off");
		return 0;
	}
	codes_page(r, p, codes, "/account/mfa");
	OPENSSL_cleanse(codes, sizeof(codes));
	return 0;
}
