/* porch — SPDX-License-Identifier: MIT
 * The forms of owner block-offs under the calendar (portal_calendar.c): create,
 * move and delete. The change itself, with its checks, audit entry and
 * mail, is change_block() (module/change/block.c); these pages parse and answer.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "booking_view.h"
#include "change.h"
#include "date.h"
#include "handlers.h"
#include "html.h"
#include "portal.h"
#include "session.h"
#include "store_bookings.h"
#include "tenant.h"

/* Move and delete forms of each block-off of property shown, for blocks.modify. */
static void
block_forms(struct buf *b, const struct req *r, int64_t property,
    const struct occupancy *occ, size_t nocc)
{
	int any = 0;

	for (size_t i = 0; i < nocc; i++) {
		const struct occupancy *o = &occ[i];

		if (!o->is_block || o->property_id != property)
			continue;
		if (!any)
			html_raw(b, "<h2>Block-offs this month</h2>\n<ul class=\"blocks\">\n");
		any = 1;
		html_rawf(b, "<li class=\"block\" data-id=\"%" PRId64 "\">", o->id);
		html_day(b, o->start);
		html_raw(b, " to ");
		html_day(b, o->end);
		if (o->by_owner)
			html_raw(b, " <span class=\"by-owner\">(by the owner)</span>");
		if (o->reason != NULL && o->reason[0] != '\0') {
			html_raw(b, ": <span class=\"reason\">");
			html_text(b, o->reason);
			html_raw(b, "</span>");
		}
		html_raw(b, "\n");
		page_form(b, r->session->csrf_token, "block-move", "/portal/blocks/move");
		html_hidden(b, "block", "%" PRId64, o->id);
		html_rawf(b, "<label for=\"start-%" PRId64 "\">From</label> "
		    "<input id=\"start-%" PRId64 "\" name=\"start\" type=\"date\" required "
		    "value=\"", o->id, o->id);
		html_attr(b, o->start);
		html_rawf(b, "\"> <label for=\"end-%" PRId64 "\">To (first free day)</label> "
		    "<input id=\"end-%" PRId64 "\" name=\"end\" type=\"date\" required value=\"",
		    o->id, o->id);
		html_attr(b, o->end);
		html_raw(b, "\"> <button type=\"submit\">Move</button>\n</form>\n");
		page_form(b, r->session->csrf_token, "block-delete", "/portal/blocks/delete");
		html_hidden(b, "block", "%" PRId64, o->id);
		html_raw(b, "<button type=\"submit\">Delete</button>\n</form></li>\n");
	}
	if (any)
		html_raw(b, "</ul>\n");
}

static void
block_new_form(struct buf *b, const struct req *r, const struct property *pr)
{
	html_raw(b, "<h2>Block off dates</h2>\n");
	page_form(b, r->session->csrf_token, "block-new", "/portal/blocks/new");
	html_hidden(b, "property", "%" PRId64, pr->id);
	html_rawf(b, "<label for=\"new-start\">From</label> "
	    "<input id=\"new-start\" name=\"start\" type=\"date\" required>\n"
	    "<label for=\"new-end\">To (first free day)</label> "
	    "<input id=\"new-end\" name=\"end\" type=\"date\" required>\n"
	    "<label for=\"new-reason\">Reason (optional)</label> "
	    "<input id=\"new-reason\" name=\"reason\" maxlength=\"%d\">\n"
	    "<button type=\"submit\">Block off</button>\n</form>\n", BLOCK_REASON_MAX);
}

void
portal_block_section(struct buf *b, struct req *r, const struct property *pr,
    const struct occupancy *occ, size_t nocc)
{
	if (pr->rights.perms & PERM_BIT(PERM_BLOCKS_MODIFY))
		block_forms(b, r, pr->id, occ, nocc);
	if (pr->rights.perms & PERM_BIT(PERM_BLOCKS_CREATE))
		block_new_form(b, r, pr);
	if (pr->rights.perms & PERM_BIT(PERM_BOOKINGS_CREATE)) {
		html_raw(b, "<h2>New booking</h2>\n");
		booking_form(b, r, "/portal/bookings/new", NULL, pr->id, 0, &pr->rights,
		    NULL);
	}
}

/* A page with status and one message, e.g. for bad dates (400) or a clash (409). */
static int
message_page(struct req *r, struct resp *p, const struct access *acc, int status,
    const char *title, const char *message, int64_t property)
{
	struct buf *b = &p->body;

	portal_begin(r, p, acc, title);
	p->status = status;
	html_raw(b, "<h1>");
	html_text(b, title);
	html_raw(b, "</h1>\n");
	page_error_text(p, message);
	if (property != 0)
		html_rawf(b, "<p><a href=\"/portal/calendar?property=%" PRId64 "\">Back to "
		    "the calendar</a></p>\n", property);
	page_end(p);
	return 0;
}

/*
 * The three block-off forms: the form's keys into change_block() (module/change/
 * block.c), then the calendar of the month with the notice, or the refusal: 404
 * when the block-off or property is not the visitor's to change, else a page with
 * the reason and the way back to the calendar.
 */
static int
block_post(struct req *r, struct resp *p, enum block_op op)
{
	static const char *const done[] = { "block-added", "block-moved",
	    "block-deleted" };
	struct input_val in[PK__MAX];
	struct change_result out;
	struct block_change c;
	struct access acc;
	struct actor who;
	char start[DATE_LEN], path[128];
	int64_t property = 0;
	int rc;

	if ((rc = portal_need(r, p, &acc)) != PAGE_GO)
		return rc;
	portal_input(r, INPUT_FORM, in);
	memset(&c, 0, sizeof(c));
	c.op = op;
	c.property = in_int(&in[PK_PROPERTY]);
	c.block = in_int(&in[PK_BLOCK]);
	c.start = (long)in_int(&in[PK_START]);
	c.end = (long)in_int(&in[PK_END]);
	c.reason = in_str(&in[PK_REASON]);
	page_actor(r, &who);
	rc = change_block(&who, &acc, &c, &out, &property, start);
	if (rc == CHANGE_OK) {
		snprintf(path, sizeof(path), "/portal/calendar?property=%" PRId64
		    "&month=%.7s&done=%s", property, start, done[op]);
		resp_redirect(p, 303, path);
		return 0;
	}
	if (rc == CHANGE_INVALID || rc == CHANGE_CONFLICT)
		return message_page(r, p, &acc, status_for_change(rc), out.title, out.msg,
		    property);
	return status_for_change(rc);
}

/* POST /portal/blocks/new: property, start, end, reason (optional). */
int
handle_portal_block_new(struct req *r, struct resp *p)
{
	return block_post(r, p, BLOCK_NEW);
}

/* POST /portal/blocks/move: block, start, end. */
int
handle_portal_block_move(struct req *r, struct resp *p)
{
	return block_post(r, p, BLOCK_MOVE);
}

/* POST /portal/blocks/delete: block. */
int
handle_portal_block_delete(struct req *r, struct resp *p)
{
	return block_post(r, p, BLOCK_DELETE);
}

/*
 * /portal/blocks/ID (GET: the block-off with its notes; calendar.view) and
 * /portal/blocks/ID/notes (POST body: a note; notes.add). A block-off the visitor
 * may not see is the same 404 as one that does not exist.
 */
int
handle_portal_block(struct req *r, struct resp *p)
{
	struct view_frame f = { 0 };
	struct access acc;
	int rc;

	if ((rc = portal_need(r, p, &acc)) != PAGE_GO)
		return rc;
	f.acc = &acc;
	return block_view(r, p, &f);
}
