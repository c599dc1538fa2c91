/* porch — SPDX-License-Identifier: MIT
 * What the portal's and the staff's booking pages share: the booking's facts and
 * history as the viewer's rights allow, the notes of a booking or block-off, and the
 * form of a manual booking (new, edited, or its guest details alone) with its keys.
 */
#ifndef PORCH_BOOKING_VIEW_H
#define PORCH_BOOKING_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "change.h"
#include "req.h"
#include "store_bookings.h"

/* A booking and what its page shows with it. */
struct booking_shown {
	const struct access		*acc;
	const struct booking		*k;
	const struct note		*notes;
	size_t				 nnotes;
	const struct booking_event	*history;
	size_t				 nhistory;
};

/*
 * The booking of the path PREFIX<id>[/MORE] (*rest at "/MORE" or "") as acc may see
 * it, into k and v with its notes and history: 0, 404 (no such id, or not the
 * visitor's), or a database error's status.
 */
int	booking_load(struct req *r, const struct access *acc, const char *prefix,
	    struct booking *k, struct booking_shown *v, const char **rest);

/* The form's fields into in (unset ones NULL, a bad count -1) and its property. */
void	booking_form_read(struct req *r, struct booking_manual *in, int64_t *property);

/*
 * The form of a manual booking posting to action: new on property (k NULL), else
 * k's fields filled in; guest_only for its guest details alone. Only the fields
 * the rights r show are in it (the change keeps the others). sent, when not NULL,
 * is a refused form's values to fill in again.
 */
void	booking_form(struct buf *b, const struct req *r, const char *action,
	    const struct booking *k, int64_t property, int guest_only,
	    const struct authz_rights *rights, const struct booking_manual *sent);

/*
 * The edit form the visitor may use, posting to PREFIX<id>/edit: the whole booking
 * (one they may change in full, change_booking_editable()) or its guest details
 * (booking.guest_edit); nothing without either. sent: a refused form's values.
 */
void	booking_edit_section(struct buf *b, struct req *r,
	    const struct booking_shown *v, const char *prefix,
	    const struct booking_manual *sent);

/* The booking's facts (<dl class="booking">), each as k->rights allow. */
void	booking_facts(struct buf *b, const struct booking *k);

/*
 * The booking's history (<table class="history">): who did what and when, each
 * change naming only the fields k->rights show; notes only with notes.view; an
 * entry with nothing left to show is left out.
 */
void	booking_history(struct buf *b, const struct booking *k,
	    const struct booking_event *h, size_t n);

/*
 * Notes (<ul class="notes">) when the viewer may read them (may_view), and the
 * form adding one posting to action when may_add; draft is a refused note's text.
 */
void	notes_html(struct buf *b, const struct req *r, const struct note *notes,
	    size_t n, int may_view, int may_add, const char *action, const char *draft);

/* A block-off's facts (<dl class="block">): property, dates, reason, who made it
 * (the owner: a portal user, else the office). */
void	block_facts(struct buf *b, const struct block *k);

/* Which side a shared page is on: the portal's frame and paths, or the staff's. */
struct view_frame {
	const struct access	*acc;	/* the visitor's (staff: access_staff()) */
	int			 staff;
};

/*
 * POST /portal/bookings/new, /staff/bookings/new: change_booking_manual() with the
 * form, then 303 to the booking's page (done=created); a refusal is a page with
 * its sentence and the form filled in again (400, 409), else the status.
 */
int	booking_new(struct req *r, struct resp *p, const struct view_frame *f);

/*
 * /portal/blocks/ID, /staff/blocks/ID (GET: the block-off with its notes when the
 * visitor may read them; calendar.view) and .../ID/notes (POST body: a note,
 * change_block_note_add()). A block-off the visitor may not see is a 404.
 */
int	block_view(struct req *r, struct resp *p, const struct view_frame *f);

#endif
