/* porch — SPDX-License-Identifier: MIT
 * The write path: one function per change of the data model, called alike by the
 * staff pages, the portal pages and (to come) the tenant API and the imports. Each
 * one validates its input again, makes the change in one transaction, writes its
 * audit entry and its mail, and says what happened; the caller parses its own
 * input and renders the outcome. No change function sees a request or writes HTML.
 */
#ifndef PORCH_CHANGE_H
#define PORCH_CHANGE_H

#include <stdint.h>

#include "cfg.h"
#include "date.h"
#include "store_auth.h"	/* enum principal */
#include "util.h"

/* Who makes a change, and what the change needs to know of where it comes from. */
struct actor {
	struct arena	*a;		/* memory for the change's work */
	const struct cfg *cfg;
	int64_t		 tenant;
	const char	*kind;		/* audit actor kind ("portal", "staff", "token"...);
					 * NULL: nobody known */
	int64_t		 id;
	int64_t		 impersonator;	/* the staff member during "log in as", else 0 */
	const char	*ip;		/* the client's address; NULL outside a request */
	const char	*name;		/* how mail and notes name the actor */
	const char	*req_id;	/* for log lines; "" outside a request */
};

/*
 * The outcome of a change function: CHANGE_OK (DB_OK), a refusal below with its
 * title and sentence in struct change_result, or a DB_* error (negative) from the
 * store. Nothing is written unless CHANGE_OK.
 */
enum change_rc {
	CHANGE_OK = 0,
	CHANGE_INVALID = 1,	/* the input is not acceptable: 400 */
	CHANGE_NOT_FOUND = 2,	/* nothing the actor may change by that name: 404 */
	CHANGE_CONFLICT = 3,	/* refused by the data as it is: 409 */
	CHANGE_BUSY = 4		/* the cap on argon2 work is reached, nothing done: 503 */
};

struct change_result {
	int64_t		 id;		/* the row made or changed */
	const char	*title;		/* a refusal's heading */
	char		 msg[300];	/* a refusal's sentence */
};

/* Sets out's refusal (title and printf-style sentence) and returns rc. */
int	change_refuse(struct change_result *out, int rc, const char *title,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Writes the actor's audit entry about target. Returns DB_OK or a DB_* error. */
int	change_audit(const struct actor *who, const char *action,
	    const char *target_kind, int64_t target_id, const char *detail);

/*
 * Mails subject and body about a property's bookings or block-offs to the tenant's
 * admins and the property's notify user, inside the caller's transaction. A notify
 * user with no address of their own is named in the admins' copy and audited
 * (mail.notify_unmailed). Another address that cannot be mailed is skipped.
 * Returns DB_OK or a DB_* error.
 */
int	change_booking_mail(const struct actor *who, int64_t property,
	    const char *subject, const char *body);

/* --- Block-offs (block.c) --- */
#define BLOCK_REASON_MAX	255	/* characters, as blocks.reason */

enum block_op { BLOCK_NEW, BLOCK_MOVE, BLOCK_DELETE };

struct access;
struct block_change {
	enum block_op	 op;
	int64_t		 property;	/* BLOCK_NEW: where */
	int64_t		 block;		/* BLOCK_MOVE, BLOCK_DELETE: which */
	long		 start, end;	/* days since the epoch, end excluded (not DELETE) */
	const char	*reason;	/* BLOCK_NEW, optional */
};

/*
 * Adds, moves or deletes a block-off within acc's rights (blocks.create for a new
 * one, blocks.modify otherwise), refused where a booking or another block-off is
 * in the way; audited (block.create, block.move, block.delete) and mailed. On
 * CHANGE_OK out->id is the block-off and *property and start (YYYY-MM-DD) say
 * where it is (or was); *property is set as soon as the block-off or property is
 * found, for the caller's way back.
 */
int	change_block(const struct actor *who, const struct access *acc,
	    const struct block_change *in, struct change_result *out,
	    int64_t *property, char start[11]);

/* --- The user's own account (account.c): password, sessions, links --- */

struct password_change {
	enum principal	 kind;		/* the actor's kind: who->id is theirs */
	const char	*current;	/* the current password, checked by the caller */
	const char	*pw;		/* the new one, twice */
	const char	*again;
	const unsigned char *keep;	/* the session that stays (32 bytes) */
};

/*
 * Sets the actor's new password: refused (CHANGE_INVALID, the sentence in
 * out->msg) when the two differ, equal the current one or are too weak. Ends the
 * actor's other sessions; audited (password.change).
 */
int	change_password(const struct actor *who, const struct password_change *in,
	    struct change_result *out);

/*
 * Ends one of the actor's own sessions, named by its token hash; CHANGE_NOT_FOUND
 * when they have none by that hash. Audited (session.end).
 */
int	change_session_end(const struct actor *who, enum principal kind,
	    const unsigned char hash[32], struct change_result *out);

struct portal_user;
struct link_accept {
	const char	*kind;		/* action_tokens.kind: "invite" or "reset" */
	const char	*audit;		/* its audit action */
	const unsigned char *hash;	/* the link's token, hashed */
	const struct portal_user *user;	/* the link's user */
	const char	*pw;		/* the password chosen, twice */
	const char	*again;
	const char	*tenant_name;	/* for the mail */
};

/*
 * An invitation or reset link used: the user's password set (and the account
 * active), the link and any other of theirs spent, their sessions and sign-in
 * waits ended; audited as the user (in->audit) and, for a reset, mailed.
 * CHANGE_INVALID (out->msg) for a password refused, CHANGE_NOT_FOUND when the
 * link was used meanwhile.
 */
int	change_link_accept(const struct actor *who, const struct link_accept *in,
	    struct change_result *out);

/* --- The user's own two-step sign-in (mfa.c) --- */
#define RECOVERY_CODES	10
#define RECOVERY_LEN	10	/* characters, 50 bits; shown as xxxxx-xxxxx */

struct mfa_account;
struct mfa_own {
	enum principal	 kind;		/* the actor's kind: who->id is theirs */
	const struct mfa_account *m;	/* as read before */
	const char	*tenant_name;	/* for the mail */
	int64_t		 step;		/* change_mfa_enrol: the confirming code's step */
};

/* Recovery codes as shown once, "xxxxx-xxxxx". */
typedef char recovery_code[RECOVERY_LEN + 2];

/*
 * Mails the user of m about an MFA change (what: the sentence saying it) when
 * they have an address of their own; inside the caller's transaction.
 */
int	change_mfa_notify(const struct actor *who, const char *tenant_name,
	    const struct mfa_account *m, const char *what);

/*
 * Confirms the actor's pending secret and makes their recovery codes (codes, shown
 * once): CHANGE_CONFLICT when nothing was pending any more. Audited (mfa.enrol),
 * mailed.
 */
int	change_mfa_enrol(const struct actor *who, const struct mfa_own *in,
	    recovery_code codes[RECOVERY_CODES], struct change_result *out);

/* Turns the actor's MFA off: CHANGE_CONFLICT when it is not on or is required.
 * Audited (mfa.disable), mailed. */
int	change_mfa_disable(const struct actor *who, const struct mfa_own *in,
	    struct change_result *out);

/* New recovery codes in place of the actor's old ones: CHANGE_CONFLICT when MFA is
 * not on. Audited (mfa.recovery_codes), mailed. */
int	change_mfa_codes(const struct actor *who, const struct mfa_own *in,
	    recovery_code codes[RECOVERY_CODES], struct change_result *out);

/* --- A customer's token link, changed by staff (tokenlink.c) --- */
enum tokenlink_op { TOKENLINK_ROTATE, TOKENLINK_EXPIRY, TOKENLINK_DISABLE,
	TOKENLINK_ENABLE, TOKENLINK__MAX };

struct tokenlink_change {
	enum tokenlink_op op;
	int64_t		 customer;	/* found in the actor's tenant by the caller */
	int		 first;		/* TOKENLINK_ROTATE: the customer has no link yet */
	long		 expires;	/* TOKENLINK_EXPIRY: the last day (days since the
					 * epoch), or -1 for none */
};

/*
 * Rotates (or first issues), sets or removes the expiry of, disables or enables
 * the customer's link; a change that ends the link (rotated, disabled, a last day
 * already over) ends the sessions of its visitors too. Audited (tokenlink.rotate,
 * .expiry, .disable, .enable).
 */
int	change_tokenlink(const struct actor *who, const struct tokenlink_change *in,
	    struct change_result *out);

#endif
