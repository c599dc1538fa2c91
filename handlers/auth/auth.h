/* porch — SPDX-License-Identifier: MIT
 * The sign-in and account pages' input: every form and query key of handlers/auth,
 * with its type, read by auth_input(). Passwords, codes and tokens are IN_RAW: as
 * sent, never trimmed; a page that answers a missing field differently from an
 * empty one reads the value as sent (.s, NULL when not sent).
 */
#ifndef PORCH_HANDLERS_AUTH_H
#define PORCH_HANDLERS_AUTH_H

#include "input.h"

enum auth_key {
	AK_LOGIN,	/* sign-in: the login as typed */
	AK_PASSWORD,	/* sign-in, /account/mfa: the (current) password */
	AK_CURRENT,	/* /account/password */
	AK_NEW,		/* every form that sets a password, with AK_CONFIRM */
	AK_CONFIRM,
	AK_SESSION,	/* /account/sessions/end: a session's token hash, 64 hex digits */
	AK_CODE,	/* an authentication or recovery code */
	AK_DO,		/* what a form's button does */
	AK_TOKEN,	/* a link's token, posted back from its page */
	AK_EMAIL,	/* /reset */
	AK_EXPIRES,	/* a token link's last day */
	AK_MAIL_STATEMENTS,	/* /account/mail: the two check boxes */
	AK_MAIL_DOCUMENTS,
	AK_TIME_ZONE,	/* /account/zone: an IANA name; empty: the tenant's */
	/* the query's notices after a redirect: present at all (.s != NULL), or named */
	AK_CHANGED,
	AK_WELCOME,
	AK_RESET,
	AK_LINK,
	AK_RECOVERY,
	AK_DONE,
	AK_MAIL,
	AK_ZONE,
	AK__MAX
};

static const struct input_key auth_keys[AK__MAX] = {
	[AK_LOGIN] = { "login", IN_RAW, 0, 0, 0 },
	[AK_PASSWORD] = { "password", IN_RAW, 0, 0, 0 },
	[AK_CURRENT] = { "current", IN_RAW, 0, 0, 0 },
	[AK_NEW] = { "new", IN_RAW, 0, 0, 0 },
	[AK_CONFIRM] = { "confirm", IN_RAW, 0, 0, 0 },
	[AK_SESSION] = { "session", IN_RAW, 0, 0, 64 },
	[AK_CODE] = { "code", IN_RAW, 0, 0, 32 },
	[AK_DO] = { "do", IN_LINE, 0, 0, 16 },
	[AK_TOKEN] = { "token", IN_RAW, 0, 0, 0 },
	[AK_EMAIL] = { "email", IN_RAW, 0, 0, 0 },
	[AK_EXPIRES] = { "expires", IN_DATE, 0, 0, 0 },
	[AK_MAIL_STATEMENTS] = { "mail_statements", IN_FLAG, 0, 0, 0 },
	[AK_MAIL_DOCUMENTS] = { "mail_documents", IN_FLAG, 0, 0, 0 },
	[AK_TIME_ZONE] = { "time_zone", IN_LINE, 0, 0, 63 },
	[AK_CHANGED] = { "changed", IN_FLAG, 0, 0, 0 },
	[AK_WELCOME] = { "welcome", IN_FLAG, 0, 0, 0 },
	[AK_RESET] = { "reset", IN_FLAG, 0, 0, 0 },
	[AK_LINK] = { "link", IN_FLAG, 0, 0, 0 },
	[AK_RECOVERY] = { "recovery", IN_FLAG, 0, 0, 0 },
	[AK_DONE] = { "done", IN_LINE, 0, 0, 16 },
	[AK_MAIL] = { "mail", IN_FLAG, 0, 0, 0 },
	[AK_ZONE] = { "zone", IN_FLAG, 0, 0, 0 },
};

/* Reads the request's form (POST) or query (src) against auth_keys into in. */
static inline void
auth_input(struct req *r, enum input_src src, struct input_val in[AK__MAX])
{
	input_read(r, src, auth_keys, AK__MAX, in);
}

#endif
