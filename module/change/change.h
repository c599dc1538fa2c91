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
#include "store_auth.h"
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
	const char	*tenant_name;	/* how mail names the tenant */
	const char	*origin;	/* "https://host[:port]" of links in mail; NULL
					 * outside a request (no link can be mailed) */
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
	CHANGE_CONFLICT = 3	/* refused by the data as it is: 409 */
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


/* --- Portal users as staff manage them (users.c) --- */
#define USER_LOGIN_MAX	254	/* bytes, as portal_users.login */

struct person;
struct portal_user;

struct user_new {
	int64_t		 customer;
	int64_t		 contact;	/* 0: the customer's own user */
	const char	*login;		/* NULL or blank: the person's email address */
	int		 invite;	/* mail an invitation when the login is one */
};

/*
 * Creates a portal user for a customer or one of its contacts, with the default
 * group's grant over the customer and, for an email login when in->invite is set,
 * an invitation: one transaction, audited (user.create, invite.send). Refused with
 * CHANGE_INVALID (no customer, without title; or no login, or one that is not one
 * word or not a valid email address), CHANGE_NOT_FOUND (no title: no such person)
 * or CHANGE_CONFLICT (the login is taken). On CHANGE_OK out->id is the user;
 * *nogroup is set when the tenant has no default group, *invited when an
 * invitation was sent.
 */
int	change_user_new(const struct actor *who, const struct user_new *in,
	    struct change_result *out, int *nogroup, int *invited);

/* What creating users for chosen customers and their contacts did for one person. */
enum user_made {
	USER_MADE,		/* created and invited */
	USER_NO_EMAIL,		/* skipped: no usable email address */
	USER_NO_ANSWER,		/* skipped: the database did not answer */
	USER_EXISTS,		/* skipped: already a portal user */
	USER_TAKEN,		/* skipped: the login is taken by another user */
	USER_FAILED		/* not created */
};

struct user_made_line {
	const struct person *who;
	enum user_made	 made;
};

/*
 * Creates and invites a portal user for each of customers[0..n) and its contacts
 * that have an email address and no user yet, each in a transaction of its own
 * (as change_user_new()). Every customer is looked up first: one that is not the
 * tenant's is CHANGE_NOT_FOUND with nothing written. On CHANGE_OK, lines[0..nlines)
 * say what happened to whom (in who->a) and *nogroup is set when a user was made
 * without access because the tenant has no default group. A DB_* error reading a
 * customer's contacts ends the run (the users made until then stay).
 */
int	change_users_invite(const struct actor *who, const int64_t *customers,
	    size_t n, struct user_made_line **lines, size_t *nlines, int *nogroup);

/* A staff member's change to one portal user. */
enum user_op {
	USER_INVITE,		/* mail an invitation link */
	USER_RESET,		/* mail a password-reset link */
	USER_DISABLE,		/* disable, sign out everywhere, retire their links */
	USER_ENABLE,
	USER_UNLOCK,		/* forget their failed sign-ins and waits */
	USER_ONETIME,		/* set a one-time password (see change_user()) */
	USER_OP__MAX		/* not a change: CHANGE_INVALID once the user is found */
};

extern const char *const user_op_names[USER_OP__MAX];	/* "invite", "reset"... */

#define USER_ONETIME_LEN	24	/* a one-time password, with its NUL */

/*
 * Makes op on portal user id, audited (invite.send, reset.request, user.disable,
 * user.enable, throttle.unlock, password.set_onetime). CHANGE_NOT_FOUND (no
 * title) for a user that is not the tenant's, CHANGE_INVALID (no title) for
 * USER_OP__MAX, CHANGE_CONFLICT when the user's state refuses op (links only to
 * enabled users with an email login; a one-time password only to an enabled
 * user). USER_ONETIME sets onetime to the new password (the caller shows it once
 * and wipes it) and *login to the user's; DB_GONE also when every argon2 slot is
 * taken. A mail that cannot be sent is MAIL_INVALID.
 */
int	change_user(const struct actor *who, enum user_op op, int64_t id,
	    struct change_result *out, char onetime[USER_ONETIME_LEN],
	    const char **login);

/*
 * Mails u (whose login must be an email address) an action link of kind ("invite"
 * or "reset") on who->origin, inside the caller's transaction. Returns DB_OK,
 * MAIL_INVALID or a DB_* error.
 */
int	change_link_send(const struct actor *who, const struct portal_user *u,
	    const char *kind);

/*
 * Forgets the failed sign-ins and waits of principal k's account id, inside the
 * caller's transaction, audited as throttle.unlock with by in its detail when
 * something was forgotten or always is set. Returns DB_OK or a DB_* error.
 */
int	change_signin_unlock(const struct actor *who, enum principal k, int64_t id,
	    const char *by, int always);

/*
 * "Log in as": who (a staff member) starts to act as active portal user id. One
 * transaction holds the audit entry (impersonation.start) and the session that
 * open(ctx, id) makes (the caller's: a session is a cookie); CHANGE_NOT_FOUND
 * when there is no such active user. Returns open()'s DB_* error if it fails.
 */
int	change_impersonation_start(const struct actor *who, int64_t id,
	    int (*open)(void *ctx, int64_t id), void *ctx);

/*
 * The end of it: the audit entry (impersonation.end), with who->impersonator as
 * actor and who->id as target, then close(ctx), which ends the session.
 */
int	change_impersonation_end(const struct actor *who, int (*close)(void *ctx),
	    void *ctx);

/* --- MFA as staff change it for others (mfa.c) --- */
struct mfa_account;

enum mfa_op { MFA_OP_REQUIRE, MFA_OP_UNREQUIRE, MFA_OP_RESET, MFA_OP__MAX };

extern const char *const mfa_op_names[MFA_OP__MAX];	/* "require"... */

/* The portal users an MFA change is for. */
enum mfa_scope {
	MFA_SELECTED,		/* users[0..n) */
	MFA_CUSTOMER,		/* every user of customer */
	MFA_GROUP		/* every user holding a grant of group */
};

struct mfa_change {
	enum mfa_op	 op;
	enum mfa_scope	 scope;
	const int64_t	*users;
	size_t		 n;
	int64_t		 customer;
	int64_t		 group;
};

/*
 * Requires MFA of, stops requiring it of, or resets the MFA of the chosen portal
 * users: all of them or none, in one transaction; each one changed is audited
 * (mfa.require, mfa.unrequire, mfa.reset) and mailed; requiring and resetting
 * end their sessions. CHANGE_NOT_FOUND (no title) when a user, the customer or
 * the group is not the tenant's. On CHANGE_OK *changed is how many users changed.
 */
int	change_users_mfa(const struct actor *who, const struct mfa_change *in,
	    size_t *changed);

/*
 * An admin resets another staff member's MFA (CHANGE_CONFLICT, no title, for
 * their own: that takes their password, on /account/mfa), or forgets their
 * failed sign-ins (change_signin_unlock(), always audited). CHANGE_NOT_FOUND (no
 * title) when id is not the tenant's staff.
 */
int	change_staff_mfa_reset(const struct actor *who, int64_t id);
int	change_staff_unlock(const struct actor *who, int64_t id);

/*
 * Removes the MFA secret and recovery codes of principal k's account id (its state
 * in m), ends its sessions, audits (mfa.reset) and mails what (change_mfa_notify()),
 * inside the caller's transaction. Returns DB_OK or a DB_* error.
 */
int	change_mfa_reset(const struct actor *who, enum principal k, int64_t id,
	    const struct mfa_account *m, const char *what);
/*
 * Mails the account of m about an MFA change (what: the sentence saying it), when it
 * has an address of its own; inside the caller's transaction. DB_OK or a DB_* error.
 */
int	change_mfa_notify(const struct actor *who, const struct mfa_account *m,
	    const char *what);

#endif
