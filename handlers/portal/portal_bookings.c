/* porch — SPDX-License-Identifier: MIT
 * The portal's bookings: the list, the booking page with its notes and the
 * bookings.manage actions, and the CSV export, each showing only what the
 * visitor's rights on the booking's property allow. A note or a status change is
 * made by module/change/booking.c; these pages parse and answer.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "booking_view.h"
#include "change.h"
#include "handlers.h"
#include "html.h"
#include "portal.h"
#include "session.h"
#include "store_bookings.h"
#include "store_formulas.h"
#include "tenant.h"

#define BOOKINGS_PREFIX	"/portal/bookings/"

#define HAS(rights, perm)	(((rights).perms & PERM_BIT(perm)) != 0)

/* Does a row show its total price? */
static int
shows_total(const struct booking *k)
{
	return (portal_price_fields(k->rights.fin) & FIN_BIT(FIN_TOTAL_PRICE)) != 0;
}

/*
 * The list's one money column of a row: its group's formula instead of the
 * total price when one is shown there (*f set), else the total when shown (*f
 * NULL). 0 when the row shows neither.
 */
static int
list_money(const struct access *acc, const struct booking *k,
    const struct formula **f, int64_t *cents)
{
	*f = NULL;
	if (k->rights.instead > 0 && (size_t)k->rights.instead <= acc->nformulas) {
		*f = &acc->formulas[k->rights.instead - 1];
		return authz_formula_value(&(*f)->f, k->cents, cents) == 0;
	}
	*cents = k->cents[FIN_TOTAL_PRICE];
	return shows_total(k);
}

/* The list's money column: its head is the formula's name when every row with
 * money shows the same one instead of the total (then head is that formula). */
struct list_money_col {
	int			 any;
	const struct formula	*head;
	int			 mixed;
};

/* The list's head: the guest and money columns when some row shows them. */
static void
list_head(struct buf *b, int any_name, const struct list_money_col *m)
{
	html_raw(b, "<table class=\"bookings\">\n<thead><tr><th scope=\"col\">Reference"
	    "</th><th scope=\"col\">Property</th><th scope=\"col\">Arrival</th>"
	    "<th scope=\"col\">Departure</th><th scope=\"col\">Nights</th>"
	    "<th scope=\"col\">Status</th><th scope=\"col\">Adults</th>"
	    "<th scope=\"col\">Children</th>");
	if (any_name)
		html_raw(b, "<th scope=\"col\" class=\"guest\">Guest</th>");
	if (m->any && m->head != NULL && !m->mixed) {
		html_raw(b, "<th scope=\"col\" class=\"formula\">");
		html_text(b, m->head->name);
		html_raw(b, "</th>");
	} else if (m->any)
		portal_fin_th(b, FIN_TOTAL_PRICE);
	html_raw(b, "</tr></thead>\n<tbody>\n");
}

/* One row of the list; the guest and money cells empty where k may not show them. */
static void
list_row(struct buf *b, const struct access *acc, const struct booking *k,
    int any_name, const struct list_money_col *m)
{
	const struct formula *f;
	int64_t cents;
	int shown;

	html_raw(b, "<tr class=\"");
	html_attr(b, strcmp(k->status, "cancelled") == 0 ? "cancelled" : "live");
	html_rawf(b, "\"><td><a href=\"/portal/bookings/%" PRId64 "\">", k->id);
	html_text(b, k->reference);
	html_raw(b, "</a></td>");
	html_cells(b, k->property, (const char *)NULL);
	html_day_cell(b, k->start);
	html_day_cell(b, k->end);
	html_rawf(b, "<td>%d</td><td>", k->nights);
	html_text(b, k->status);
	html_rawf(b, "</td><td>%d</td><td>%d</td>", k->adults, k->children);
	if (any_name) {
		html_raw(b, "<td class=\"guest\">");
		if (HAS(k->rights, PERM_BOOKING_GUEST_NAME) && k->guest_name != NULL)
			html_text(b, k->guest_name);
		html_raw(b, "</td>");
	}
	if (!m->any) {
		html_raw(b, "</tr>\n");
		return;
	}
	shown = list_money(acc, k, &f, &cents);
	if (f == NULL) {
		portal_fin_td(b, FIN_TOTAL_PRICE, shown, cents, k->currency);
		html_raw(b, "</tr>\n");
		return;
	}
	html_rawf(b, "<td class=\"formula\" data-formula=\"%" PRId64 "\">", f->id);
	if (m->head != f || m->mixed) {
		html_text(b, f->name);
		html_raw(b, ": ");
	}
	if (shown)
		portal_money(b, cents, k->currency);
	html_raw(b, "</td></tr>\n");
}

/* GET /portal/bookings[?property=ID] */
int
handle_portal_bookings(struct req *r, struct resp *p)
{
	struct buf *b = &p->body;
	struct list_money_col money = { 0 };
	struct booking *rows;
	struct property about;
	struct access acc;
	int any_name = 0, csv = 0, rc;
	size_t n;

	if ((rc = portal_list_need(r, p, &acc, PERM_BIT(PERM_CALENDAR_VIEW), 0,
	    &about)) != PAGE_GO)
		return rc;
	if ((rc = store_access_formulas(&r->arena, r->tenant->id, &acc)) != DB_OK ||
	    (rc = store_bookings_list(&r->arena, r->tenant->id, &acc, about.id,
	    PERM_BIT(PERM_CALENDAR_VIEW), &rows, &n)) != DB_OK)
		return status_for_db(rc);
	for (size_t i = 0; i < n; i++) {
		const struct formula *f;
		int64_t cents;

		any_name |= HAS(rows[i].rights, PERM_BOOKING_GUEST_NAME);
		csv |= HAS(rows[i].rights, PERM_EXPORT_CSV);
		if (!list_money(&acc, &rows[i], &f, &cents) && f == NULL)
			continue;
		if (money.any && f != money.head)
			money.mixed = 1;
		money.head = f;
		money.any = 1;
	}
	if (about.id == 0)
		csv = (acc.any & PERM_BIT(PERM_EXPORT_CSV)) != 0;

	portal_begin(r, p, &acc, "Bookings");
	html_raw(b, "<h1>Bookings</h1>\n");
	if (csv) {
		html_raw(b, "<p><a class=\"csv\" href=\"/portal/bookings.csv");
		if (about.id != 0)
			html_rawf(b, "?property=%" PRId64, about.id);
		html_raw(b, "\">Download as CSV</a></p>\n");
	}
	if (n == 0) {
		html_raw(b, "<p class=\"empty\">No bookings to show.</p>\n");
		page_end(p);
		return 0;
	}
	list_head(b, any_name, &money);
	for (size_t i = 0; i < n; i++)
		list_row(b, &acc, &rows[i], any_name, &money);
	html_raw(b, "</tbody>\n</table>\n");
	page_end(p);
	return 0;
}

/* The export's optional columns: those every row may show (none without rows). */
struct csv_cols {
	int		 name;
	int		 contact;
	fin_set		 fin;
	formula_set	 formulas;	/* shown on every row too */
	const struct access *acc;
};

static void
csv_cols(const struct access *acc, const struct booking *rows, size_t n,
    struct csv_cols *c)
{
	c->acc = acc;
	c->name = c->contact = n > 0;
	c->fin = n > 0 ? FIN_ALL : 0;
	c->formulas = n > 0 ? ~(formula_set)0 : 0;
	for (size_t i = 0; i < n; i++) {
		c->name &= HAS(rows[i].rights, PERM_BOOKING_GUEST_NAME);
		c->contact &= HAS(rows[i].rights, PERM_BOOKING_GUEST_CONTACT);
		c->fin &= portal_price_fields(rows[i].rights.fin);
		c->formulas &= rows[i].rights.formulas;
	}
}

static void
csv_head(struct buf *csv, const struct csv_cols *c)
{
	buf_puts(csv, "reference,property,start,end,nights,status,adults,children");
	if (c->name)
		buf_puts(csv, ",guest_name");
	if (c->contact)
		buf_puts(csv, ",guest_email,guest_phone");
	for (int f = 0; f < FIN__MAX; f++)
		if (c->fin & FIN_BIT(f))
			buf_printf(csv, ",%s", authz_fin_field_name((enum fin_field)f));
	portal_csv_formulas_head(csv, c->acc, c->formulas);
	if (c->fin != 0 || c->formulas != 0)
		buf_puts(csv, ",currency");
	buf_puts(csv, "\r\n");
}

/* The next cell of a row: a comma, then the text or the number. */
static void
csv_next(struct buf *csv, const char *s)
{
	buf_putc(csv, ',');
	csv_field(csv, s);
}

static void
csv_next_int(struct buf *csv, long long v)
{
	buf_putc(csv, ',');
	csv_int(csv, v);
}

static void
csv_row(struct buf *csv, const struct booking *k, const struct csv_cols *c)
{
	csv_field(csv, k->reference);
	csv_next(csv, k->property);
	csv_next(csv, k->start);
	csv_next(csv, k->end);
	csv_next_int(csv, k->nights);
	csv_next(csv, k->status);
	csv_next_int(csv, k->adults);
	csv_next_int(csv, k->children);
	if (c->name)
		csv_next(csv, k->guest_name);
	if (c->contact) {
		csv_next(csv, k->guest_email);
		csv_next(csv, k->guest_phone);
	}
	for (int f = 0; f < FIN__MAX; f++)
		if (c->fin & FIN_BIT(f)) {
			buf_putc(csv, ',');
			csv_money(csv, k->cents[f]);
		}
	portal_csv_formulas_row(csv, c->acc, c->formulas, k->cents);
	if (c->fin != 0 || c->formulas != 0)
		csv_next(csv, k->currency);
	buf_puts(csv, "\r\n");
}

/*
 * GET /portal/bookings.csv[?property=ID]: the rows of the bookings page on
 * properties that allow the export, audited (export.bookings).
 */
int
handle_portal_bookings_csv(struct req *r, struct resp *p)
{
	const perm_set need = PERM_BIT(PERM_CALENDAR_VIEW) | PERM_BIT(PERM_EXPORT_CSV);
	struct booking *rows;
	struct property about;
	struct csv_cols c;
	struct access acc;
	char detail[64];
	size_t n;
	int rc;

	if ((rc = portal_list_need(r, p, &acc, need, 1, &about)) != PAGE_GO)
		return rc;
	if ((rc = store_access_formulas(&r->arena, r->tenant->id, &acc)) != DB_OK ||
	    (rc = store_bookings_list(&r->arena, r->tenant->id, &acc, about.id,
	    need, &rows, &n)) != DB_OK)
		return status_for_db(rc);
	csv_cols(&acc, rows, n, &c);
	snprintf(detail, sizeof(detail), "%zu rows", n);
	if ((rc = audit(r, "export.bookings", "property", about.id, detail)) != DB_OK)
		return status_for_db(rc);

	p->content_type = "text/csv; charset=utf-8";
	resp_header(p, "Content-Disposition", "attachment; filename=\"bookings.csv\"");
	csv_head(&p->body, &c);
	for (size_t i = 0; i < n; i++)
		csv_row(&p->body, &rows[i], &c);
	return 0;
}

static const char *const notices[][2] = {
	{ "note", "Your note was added." },
	{ "confirmed", "The booking is confirmed." },
	{ "cancelled", "The booking is cancelled." },
	{ "created", "The booking was added." },
	{ "saved", "The booking was saved." },
};

static void
manage_section(struct buf *b, const struct req *r, const struct booking *k)
{
	int tentative = strcmp(k->status, "tentative") == 0;

	if (!HAS(k->rights, PERM_BOOKINGS_MANAGE) || strcmp(k->status, "cancelled") == 0)
		return;
	html_raw(b, "<h2>Manage</h2>\n");
	if (tentative) {
		page_form(b, r->session->csrf_token, "booking-confirm",
		    "/portal/bookings/%" PRId64 "/status", k->id);
		html_hidden(b, "do", "confirm");
		html_raw(b, "<button type=\"submit\">Confirm booking</button>\n</form>\n");
	}
	page_form(b, r->session->csrf_token, "booking-cancel",
	    "/portal/bookings/%" PRId64 "/status", k->id);
	html_hidden(b, "do", "cancel");
	html_raw(b, "<button type=\"submit\">Cancel booking</button>\n</form>\n");
}


/*
 * The booking page: with status and error for a refused change (status 0: 200,
 * with the notice of ?done=), and the draft of a refused note or edit.
 */
static int
booking_page(struct req *r, struct resp *p, const struct booking_shown *v, int status,
    const char *error, const char *draft, const struct booking_manual *sent)
{
	const struct booking *k = v->k;
	struct input_val in[PK__MAX];
	struct buf *b = &p->body;
	char action[64];

	portal_begin(r, p, v->acc, "Booking");
	if (status != 0)
		p->status = status;
	html_raw(b, "<h1>Booking <span class=\"reference\">");
	html_text(b, k->reference);
	html_raw(b, "</span></h1>\n");
	if (error != NULL)
		page_error_text(p, error);
	else {
		portal_input(r, INPUT_QUERY, in);
		page_notice(p, notices, NELEM(notices), in_str(&in[PK_DONE]));
	}
	booking_facts(b, k);
	if (k->rights.fin != 0) {
		html_raw(b, "<h2>Price</h2>\n");
		portal_price(b, k->rights.fin, k->cents, k->currency, k->nights);
	}
	portal_formulas(b, v->acc, &k->rights, k->cents, k->currency);
	booking_history(b, k, v->history, v->nhistory);
	snprintf(action, sizeof(action), BOOKINGS_PREFIX "%" PRId64 "/notes", k->id);
	notes_html(b, r, v->notes, v->nnotes, HAS(k->rights, PERM_NOTES_VIEW),
	    HAS(k->rights, PERM_NOTES_ADD), action, draft);
	booking_edit_section(b, r, v, BOOKINGS_PREFIX, sent);
	manage_section(b, r, k);
	html_rawf(b, "<p><a href=\"/portal/calendar?property=%" PRId64 "&amp;month=",
	    k->property_id);
	html_attrf(b, "%.7s", k->start);
	html_rawf(b, "\">Calendar</a> <a href=\"/portal/bookings?property=%" PRId64
	    "\">All bookings of this property</a></p>\n", k->property_id);
	page_end(p);
	return 0;
}

/*
 * The answer to a change of the booking: back to its page with the notice done,
 * the page again with the refusal's sentence (and the draft note or edit), or the
 * status.
 */
static int
booking_changed(struct req *r, struct resp *p, const struct booking_shown *v, int rc,
    const struct change_result *out, const char *done, const char *draft,
    const struct booking_manual *sent)
{
	char path[64];

	if (rc == CHANGE_INVALID || rc == CHANGE_CONFLICT)
		return booking_page(r, p, v, status_for_change(rc), out->msg, draft, sent);
	if (rc != CHANGE_OK)
		return status_for_change(rc);
	snprintf(path, sizeof(path), "/portal/bookings/%" PRId64 "?done=%s", v->k->id,
	    done);
	resp_redirect(p, 303, path);
	return 0;
}

/* POST /portal/bookings/ID/notes: body. */
static int
note_add(struct req *r, struct resp *p, const struct booking_shown *v)
{
	struct input_val in[PK__MAX];
	struct change_result out;
	struct actor who;
	const char *body;
	int rc;

	portal_input(r, INPUT_FORM, in);
	body = in_str(&in[PK_BODY]);
	page_actor(r, &who);
	rc = change_note_add(&who, v->k, body, &out);
	return booking_changed(r, p, v, rc, &out, "note", body, NULL);
}

/* POST /portal/bookings/ID/status: do=confirm or do=cancel. */
static int
status_change(struct req *r, struct resp *p, const struct booking_shown *v)
{
	static const char *const done[] = { "confirmed", "cancelled" };
	struct input_val in[PK__MAX];
	struct change_result out;
	enum booking_op op = BOOKING_OP__MAX;
	struct actor who;
	const char *act;
	int rc;

	portal_input(r, INPUT_FORM, in);
	act = in_str(&in[PK_DO]);
	if (act != NULL && strcmp(act, "confirm") == 0)
		op = BOOKING_CONFIRM;
	else if (act != NULL && strcmp(act, "cancel") == 0)
		op = BOOKING_CANCEL;
	page_actor(r, &who);
	rc = change_booking_status(&who, v->k, op, &out);
	/* Anything but confirm or cancel is a bad request, not a page. */
	if (rc == CHANGE_INVALID)
		return 400;
	return booking_changed(r, p, v, rc, &out, rc == CHANGE_OK ? done[op] : NULL,
	    NULL, NULL);
}

/*
 * POST /portal/bookings/ID/edit: the booking form; the whole booking when the
 * visitor made it (bookings.create), else its guest details (booking.guest_edit).
 */
static int
booking_edit(struct req *r, struct resp *p, const struct booking_shown *v)
{
	struct booking_manual in;
	struct change_result out;
	struct actor who;
	int64_t property;
	int rc;

	booking_form_read(r, &in, &property);
	page_actor(r, &who);
	rc = change_booking_manual(&who, v->acc, v->k,
	    !change_booking_editable(&who, v->acc, v->k), &in, &out);
	return booking_changed(r, p, v, rc, &out, "saved", NULL, &in);
}

/*
 * /portal/bookings/ID (GET: the page), /portal/bookings/ID/notes (POST: add a
 * note), /portal/bookings/ID/status (POST: confirm or cancel),
 * /portal/bookings/ID/edit (POST: the booking or its guest details). A booking
 * the visitor may not see is the same 404 as one that does not exist.
 */
int
handle_portal_booking(struct req *r, struct resp *p)
{
	struct booking_shown v;
	struct booking k;
	struct access acc;
	const char *rest = "";
	int rc;

	if ((rc = portal_need(r, p, &acc)) != PAGE_GO)
		return rc;
	if (r->method != METHOD_POST && (rc = store_access_formulas(&r->arena,
	    r->tenant->id, &acc)) != DB_OK)
		return status_for_db(rc);
	if ((rc = booking_load(r, &acc, BOOKINGS_PREFIX, &k, &v, &rest)) != 0)
		return rc;
	if (rest[0] == '\0')
		return r->method == METHOD_POST ? 404 :
		    booking_page(r, p, &v, 0, NULL, NULL, NULL);
	if (r->method != METHOD_POST)
		return 404;
	if (strcmp(rest, "/notes") == 0)
		return note_add(r, p, &v);
	if (strcmp(rest, "/status") == 0)
		return status_change(r, p, &v);
	if (strcmp(rest, "/edit") == 0)
		return booking_edit(r, p, &v);
	return 404;
}

/*
 * POST /portal/bookings/new: a manual booking on property (bookings.create), then
 * its page; a refusal is a page with the sentence (409 when the dates are taken).
 */
int
handle_portal_booking_new(struct req *r, struct resp *p)
{
	struct view_frame f = { 0 };
	struct access acc;
	int rc;

	if ((rc = portal_need(r, p, &acc)) != PAGE_GO)
		return rc;
	f.acc = &acc;
	return booking_new(r, p, &f);
}
