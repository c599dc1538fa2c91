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
	long		 start, end;	/* days since the epoch, end excluded (not DELETE);
					 * 0: not given as a real day (date.h's
					 * years start after it) */
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

/* --- Bookings (booking.c) --- */
#define NOTE_MAX	2000	/* characters */

struct booking;

/*
 * Adds the actor's note to booking k (as read for the actor, with their rights
 * there; staff during "log in as" write as themselves), audited (note.add).
 * Refused: CHANGE_NOT_FOUND without notes.add, CHANGE_INVALID when body is
 * NULL, blank or longer than NOTE_MAX characters.
 */
int	change_note_add(const struct actor *who, const struct booking *k,
	    const char *body, struct change_result *out);

enum booking_op { BOOKING_CONFIRM, BOOKING_CANCEL, BOOKING_OP__MAX };

/*
 * Confirms tentative booking k or cancels it (k as read for the actor, with
 * bookings.manage there), audited (booking.confirm, booking.cancel, the old
 * status as detail) and mailed. Refused: CHANGE_NOT_FOUND without the right,
 * CHANGE_INVALID for an op not above, CHANGE_CONFLICT when its status (now)
 * does not allow the change.
 */
int	change_booking_status(const struct actor *who, const struct booking *k,
	    enum booking_op op, struct change_result *out);

#endif
