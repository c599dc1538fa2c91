/* porch — SPDX-License-Identifier: MIT
 * Sessions: the cookie, the server-side row it names, rotation at sign-in, ending,
 * and the CSRF checks every POST passes.
 */
#ifndef PORCH_SESSION_H
#define PORCH_SESSION_H

#include "crypto.h"
#include "req.h"
#include "store_access.h"
#include "store_auth.h"

struct session {
	unsigned char		 hash[32];	/* SHA-256 of the cookie's token */
	struct session_row	 row;
	char			 csrf_token[TOKEN_B64_LEN + 1];
	struct access		 access;	/* a portal user's rights */
	int			 access_found;	/* as store_session_get() says */
};

/*
 * Loads the session named by the request's cookie into r->session (NULL when there
 * is none, it expired, or its user was disabled). Returns DB_OK or a DB_* error.
 * With kept (a GET of a page that reads in one round trip), a session the worker
 * keeps is taken as kept, its check held until the page's first statement
 * (store_session_kept()); sess_settle() then says whether it held.
 */
int	sess_load(struct req *r, int kept);

/*
 * After the handler: the check of a session taken as kept, run now if no
 * statement carried it, and the idle time written when a minute old. DB_OK when
 * the page stands (or nothing was held); else the page must be made again, from
 * sess_load(r, 0) on (DB_STALE: the session changed or went).
 */
int	sess_settle(struct req *r);

/*
 * Signs a principal in: ends the session the request came with (a planted cookie
 * never survives sign-in), makes a new one and sets its cookie. impersonator is the
 * staff id behind a "log in as", else 0.
 */
int	sess_start(struct req *r, struct resp *p, enum principal k, int64_t user_id,
	    int64_t customer_id, int64_t impersonator);

/*
 * A token visitor's session for customer, tied to the link it came through
 * (link_hash, the SHA-256 of its token): it ends when that link is rotated,
 * disabled or expires.
 */
int	sess_start_token(struct req *r, struct resp *p, int64_t customer,
	    const unsigned char link_hash[32]);
/*
 * The same for the link with link_hash whoever its customer, with its audit line
 * e, in one statement that is its own transaction (store_session_add_link()):
 * made only if the link opens the portal now; *landed is 1, or 0 when no session
 * was made (nor cookie set, nor audit line written). Not inside a transaction.
 */
int	sess_start_link(struct req *r, struct resp *p, const unsigned char link_hash[32],
	    const struct audit_entry *e, int *landed);

/*
 * The same for a sign-in that goes through MFA: MFA_PENDING and MFA_ENROL make a
 * half-signed session that lives MFA_STEP_SECONDS and opens only the MFA pages
 * (worker.c); MFA_DONE a full one after the code was given.
 */
#define MFA_STEP_SECONDS	300
int	sess_start_mfa(struct req *r, struct resp *p, enum principal k, int64_t user_id,
	    enum mfa_state state);

/* Is s a tenant admin's session? */
int	sess_is_admin(const struct session *s);

/* Is the request's session signed in (not half-way through MFA)? */
int	sess_signed_in(const struct req *r);

/* Ends the request's session on the server and clears the cookie. */
int	sess_end(struct req *r, struct resp *p);

/*
 * CSRF for a POST: the Origin / Sec-Fetch-Site headers must not name another site,
 * and the form's "csrf" field must match the session's token (presession: the
 * sign-in form's cookie). Returns 0 or 403.
 */
int	csrf_check(const struct req *r, int presession);

/* The sign-in form's token: reuses the request's pre-session cookie or sets one. */
const char	*csrf_presession_token(struct req *r, struct resp *p);

/* Writes the hidden input carrying the session's CSRF token. */
void	csrf_field(struct buf *b, const char *token);

#endif
