/* porch — SPDX-License-Identifier: MIT
 * The portal's shared parts: rights, navigation, money (the dashboard is in
 * portal_dashboard.c).
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "handlers.h"
#include "html.h"
#include "portal.h"
#include "store_formulas.h"
#include "session.h"
#include "tenant.h"

/* Text a change function checks itself: any length here (see portal.h). */
#define AS_SENT		INT64_MAX

static const struct input_key portal_keys[PK__MAX] = {
	[PK_PROPERTY] = { "property", IN_ID, 0, 0, 0 },
	[PK_MONTH] = { "month", IN_MONTH, 0, 0, 0 },
	[PK_YEAR] = { "year", IN_INT, 0, 1970, 9000 },
	[PK_DONE] = { "done", IN_LINE, 0, 0, 32 },
	[PK_BLOCK] = { "block", IN_ID, 0, 0, 0 },
	[PK_START] = { "start", IN_DATE, 0, 0, 0 },
	[PK_END] = { "end", IN_DATE, 0, 0, 0 },
	[PK_REASON] = { "reason", IN_RAW, 0, 0, AS_SENT },
	[PK_BODY] = { "body", IN_RAW, 0, 0, AS_SENT },
	[PK_DO] = { "do", IN_LINE, 0, 0, 16 },
	[PK_VIEW] = { "view", IN_LINE, 0, 0, 16 },
};

void
portal_input(struct req *r, enum input_src src, struct input_val in[PK__MAX])
{
	input_read(r, src, portal_keys, PK__MAX, in);
}

int
portal_need(struct req *r, struct resp *p, struct access *acc)
{
	struct session *s = r->session;
	int found, rc;

	if (s == NULL || s->row.kind == PRINCIPAL_STAFF || !sess_signed_in(r)) {
		resp_redirect(p, 303, "/login");
		return 0;
	}
	/* A portal user's rights came with the session (store_session_get()). */
	if (s->row.kind == PRINCIPAL_TOKEN) {
		if ((rc = store_access_token(&r->arena, r->tenant->id,
		    s->row.customer_id, s->row.rights_version, acc, &found)) != DB_OK)
			return status_for_db(rc);
		if (found > 0)
			acc->customer_name = s->row.customer_name;
	} else {
		*acc = s->access;
		found = s->access_found;
	}
	if (found < 0)
		return 500;		/* rights in the database that do not parse */
	if (!found && acc->link_closed) {
		/* As /t/ answers now: sign in (the session ends here). */
		if ((rc = sess_end(r, p)) != DB_OK)
			return status_for_db(rc);
		resp_redirect(p, 303, "/login?link=1");
		return 0;
	}
	if (!found)
		return 404;
	/* Portal pages name properties and bookings: keep them out of Referer. */
	p->no_referrer = 1;
	return PAGE_GO;
}

int
portal_list_need(struct req *r, struct resp *p, struct access *acc, perm_set need,
    int all, struct property *prop)
{
	struct input_val in[PK__MAX], *v = &in[PK_PROPERTY];
	perm_set held;
	int found, rc;

	memset(prop, 0, sizeof(*prop));
	if ((rc = portal_need(r, p, acc)) != PAGE_GO)
		return rc;
	portal_input(r, INPUT_QUERY, in);
	held = acc->any & need;
	if (all ? held != need : held == 0)
		return 404;
	if (v->st == INPUT_ABSENT)
		return PAGE_GO;
	if ((rc = store_property_get(&r->arena, r->tenant->id, acc, in_int(v), prop,
	    &found)) != DB_OK)
		return status_for_db(rc);
	held = found ? prop->rights.perms & need : 0;
	if (all ? held != need : held == 0)
		return 404;
	return PAGE_GO;
}

const char *
portal_visitor_name(struct req *r)
{
	const struct session *s = r->session;
	const char *staff = s->row.impersonator_name;
	size_t n;
	char *out;

	if (s->row.kind == PRINCIPAL_TOKEN || s->row.login == NULL)
		return "Link visitor";
	if (s->row.impersonator_id == 0)
		return s->row.login;
	if (staff == NULL)
		staff = "Staff";
	n = strlen(staff) + strlen(s->row.login) + sizeof(" (staff, as )");
	out = arena_alloc(&r->arena, n);
	snprintf(out, n, "%s (staff, as %s)", staff, s->row.login);
	return out;
}

static const struct {
	const char	*path;
	const char	*label;
	perm_set	 needs;		/* any of these; 0: always */
} portal_links[] = {
	{ "/portal", "Overview", 0 },
	{ "/portal/calendar", "Calendar", PERM_BIT(PERM_CALENDAR_VIEW) },
	{ "/portal/bookings", "Bookings", PERM_BIT(PERM_CALENDAR_VIEW) },
	{ "/portal/statements", "Statements", PERM_BIT(PERM_STATEMENTS_VIEW) },
	{ "/portal/documents", "Documents", PERM_BIT(PERM_DOCUMENTS_PUBLIC) |
	    PERM_BIT(PERM_DOCUMENTS_PRIVATE) },
	{ "/portal/reports", "Reports", PERM_BIT(PERM_REPORTS_VIEW) },
	{ "/portal/calendar-sync", "Calendar sync", PERM_BIT(PERM_CALENDAR_SYNC) },
};

void
portal_begin(struct req *r, struct resp *p, const struct access *acc,
    const char *title)
{
	struct buf *b = &p->body;

	page_begin(r, p, title);
	html_raw(b, "<nav class=\"portal\" aria-label=\"Portal\">");
	for (size_t i = 0; i < NELEM(portal_links); i++) {
		if (portal_links[i].needs != 0 && !(acc->any & portal_links[i].needs))
			continue;
		html_raw(b, "<a href=\"");
		html_attr(b, portal_links[i].path);
		html_raw(b, "\"");
		if (strcmp(r->path, portal_links[i].path) == 0)
			html_raw(b, " class=\"current\"");
		html_raw(b, ">");
		html_text(b, portal_links[i].label);
		html_raw(b, "</a> ");
	}
	html_raw(b, "</nav>\n");
}

const char *
portal_fin_label(enum fin_field f)
{
	return (unsigned)f < FIN__MAX ? authz_fin_field_label(f) : "";
}

void
portal_money_text(char out[PORTAL_MONEY_LEN], int64_t cents, const char *currency)
{
	money_format(out, cents, currency, local_numfmt());
}

void
portal_money(struct buf *b, int64_t cents, const char *currency)
{
	char s[PORTAL_MONEY_LEN];

	portal_money_text(s, cents, currency);
	html_text(b, s);
}

int64_t
portal_occupancy_tenths(int64_t nights, int64_t days)
{
	return days > 0 ? (nights * 1000 + days / 2) / days : 0;
}

void
portal_percent(struct buf *b, int64_t tenths)
{
	html_number(b, tenths, 1);
	html_raw(b, "%");
}

fin_set
portal_price_fields(fin_set visible)
{
	return authz_price_fields(visible);
}

/* The next line of a price: class after "fin-", label, figure. */
static void
price_line(struct price_lines *pl, int part, const char *cls, const char *label,
    int64_t cents, const char *currency, int total)
{
	struct price_line *l;

	if (pl->n == PRICE_LINES_MAX)
		return;
	l = &pl->line[pl->n++];
	l->part = part;
	l->total = total;
	snprintf(l->cls, sizeof(l->cls), "%s", cls);
	snprintf(l->label, sizeof(l->label), "%s", label);
	portal_money_text(l->value, cents, currency);
}

static void
field_line(struct price_lines *pl, int part, enum fin_field f,
    const int64_t cents[FIN__MAX], const char *currency, int total)
{
	price_line(pl, part, authz_fin_field_name(f), portal_fin_label(f), cents[f],
	    currency, total);
}

/* A deduction of the owner part: "Less management fee". */
static void
deduction_line(struct price_lines *pl, enum fin_field f, const int64_t cents[FIN__MAX],
    const char *currency)
{
	char cls[64], label[64];
	const char *name = portal_fin_label(f);

	snprintf(cls, sizeof(cls), "%s deduction", authz_fin_field_name(f));
	snprintf(label, sizeof(label), "Less %c%s", name[0] + ('a' - 'A'), name + 1);
	price_line(pl, PRICE_OWNER, cls, label, cents[f], currency, 0);
}

void
portal_price_lines(struct price_lines *pl, fin_set visible,
    const int64_t cents[FIN__MAX], const char *currency, int nights)
{
	static const enum fin_field guest_lines[] = {
		FIN_BASE_RATE, FIN_CLEANING_FEE, FIN_TAXES,
	};
	static const enum fin_field owner_lines[] = {
		FIN_TOTAL_PRICE, FIN_CHANNEL_COMMISSION, FIN_MANAGEMENT_FEE, FIN_TAXES,
	};
	const struct price_part_view *guest, *owner;
	struct price_view v;

	pl->n = 0;
	pl->shown = visible != 0;
	if (visible == 0)
		return;
	authz_price_view(visible, &v);
	guest = &v.part[PRICE_GUEST];
	owner = &v.part[PRICE_OWNER];
	if (guest->total || guest->lines != 0) {
		for (size_t i = 0; i < NELEM(guest_lines); i++)
			if (guest->lines & FIN_BIT(guest_lines[i]))
				field_line(pl, PRICE_GUEST, guest_lines[i], cents, currency,
				    0);
		if (guest->total)
			field_line(pl, PRICE_GUEST, FIN_TOTAL_PRICE, cents, currency, 1);
	}
	if (owner->total || (owner->lines & ~guest->lines &
	    ~(guest->total ? FIN_BIT(FIN_TOTAL_PRICE) : 0)) != 0) {
		for (size_t i = 0; i < NELEM(owner_lines); i++) {
			enum fin_field f = owner_lines[i];

			if (!(owner->lines & FIN_BIT(f)))
				continue;
			/* The gross, when the guest part does not end with it. */
			if (f == FIN_TOTAL_PRICE) {
				if (!guest->total)
					field_line(pl, PRICE_OWNER, f, cents, currency, 0);
				continue;
			}
			/* Itemised: every deduction, so the lines add up to the
			 * owner revenue (taxes too, though shown above). */
			if (owner->itemised)
				deduction_line(pl, f, cents, currency);
			else if (!(guest->lines & FIN_BIT(f)))
				field_line(pl, PRICE_OWNER, f, cents, currency, 0);
		}
		if (owner->total)
			field_line(pl, PRICE_OWNER, FIN_OWNER_REVENUE, cents, currency, 1);
	}
	if (v.payout)
		field_line(pl, -1, FIN_PAYOUT, cents, currency, 1);
	if (nights > 0 && v.avg_nightly)
		price_line(pl, -1, "avg_nightly", "Average nightly rate",
		    cents[FIN_BASE_RATE] / nights, currency, 0);
	if (nights > 0 && v.revenue_per_night)
		price_line(pl, -1, "revenue_per_night", "Owner revenue per night",
		    cents[FIN_OWNER_REVENUE] / nights, currency, 0);
}

void
portal_price_html(struct buf *b, const struct price_lines *pl)
{
	static const char *const parts[PRICE_PART__MAX] = {
		[PRICE_GUEST] = "price-guest", [PRICE_OWNER] = "price-owner",
	};
	int part = -1;

	if (!pl->shown)
		return;
	html_raw(b, "<table class=\"price\">\n");
	for (size_t i = 0; i < pl->n; i++) {
		const struct price_line *l = &pl->line[i];

		if (l->part != part) {
			if (part >= 0)
				html_raw(b, "</tbody>\n");
			part = l->part;
			if (part >= 0) {
				html_raw(b, "<tbody class=\"");
				html_attr(b, parts[part]);
				html_raw(b, "\">\n");
			}
		}
		html_raw(b, "<tr class=\"fin-");
		html_attr(b, l->cls);
		if (l->total)
			html_raw(b, " total");
		html_raw(b, "\"><th scope=\"row\">");
		html_text(b, l->label);
		html_raw(b, "</th><td>");
		html_text(b, l->value);
		html_raw(b, "</td></tr>\n");
	}
	if (part >= 0)
		html_raw(b, "</tbody>\n");
	html_raw(b, "</table>\n");
}

void
portal_price(struct buf *b, fin_set visible, const int64_t cents[FIN__MAX],
    const char *currency, int nights)
{
	struct price_lines pl;

	portal_price_lines(&pl, visible, cents, currency, nights);
	portal_price_html(b, &pl);
}

/* Between a formula's terms: " - " before a term taken away, " + " before others. */
static const char *
term_sign(const struct formula *f, size_t i)
{
	if (f->terms[i].sign < 0)
		return " \xe2\x88\x92 ";
	return i > 0 ? " + " : "";
}

void
portal_formula_terms(struct buf *b, const struct formula *f, const int64_t *cents,
    const char *currency)
{
	char money[PORTAL_MONEY_LEN];

	for (size_t i = 0; i < f->nterms; i++) {
		const struct formula_term *t = &f->terms[i];

		html_text(b, term_sign(f, i));
		html_raw(b, "<span class=\"fin-");
		html_attr(b, authz_fin_field_name(t->field));
		html_raw(b, "\">");
		html_text(b, portal_fin_label(t->field));
		if (cents != NULL) {
			portal_money_text(money, cents[t->field], currency);
			html_raw(b, " (");
			html_text(b, money);
			html_raw(b, ")");
		}
		html_raw(b, "</span>");
	}
}

void
portal_formula_terms_text(struct buf *text, const struct formula *f,
    const int64_t *cents, const char *currency)
{
	char money[PORTAL_MONEY_LEN];

	for (size_t i = 0; i < f->nterms; i++) {
		const struct formula_term *t = &f->terms[i];

		buf_puts(text, term_sign(f, i));
		buf_puts(text, portal_fin_label(t->field));
		if (cents != NULL) {
			portal_money_text(money, cents[t->field], currency);
			buf_printf(text, " (%s)", money);
		}
	}
}

size_t
portal_formula_lines(const struct access *acc, const struct authz_rights *rights,
    const int64_t cents[FIN__MAX], const char *currency,
    struct formula_line out[FORMULA_MAX])
{
	fin_set shown = portal_price_fields(rights->fin);
	size_t n = 0;
	int64_t v;

	for (size_t i = 0; i < acc->nformulas && i < FORMULA_MAX; i++) {
		const struct formula *f = &acc->formulas[i];
		struct formula_line *l;

		if (!(rights->formulas & FORMULA_BIT(i)))
			continue;
		l = &out[n++];
		l->f = f;
		/* The terms only to who may see each of them. */
		l->open = authz_formula_open(shown, &f->f);
		l->value[0] = '\0';
		if (authz_formula_value(&f->f, cents, &v) == 0)
			portal_money_text(l->value, v, currency);
	}
	return n;
}

void
portal_formulas_html(struct buf *b, const struct formula_line *l, size_t n,
    const int64_t cents[FIN__MAX], const char *currency)
{
	html_raw(b, "<h2>Formulas</h2>\n<table class=\"formulas\">\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		html_rawf(b, "<tr class=\"formula\" data-formula=\"%" PRId64 "\">"
		    "<th scope=\"row\">", l[i].f->id);
		html_text(b, l[i].f->name);
		html_raw(b, "</th><td class=\"terms\">");
		if (l[i].open)
			portal_formula_terms(b, l[i].f, cents, currency);
		html_raw(b, "</td><td class=\"value\">");
		html_text(b, l[i].value);
		html_raw(b, "</td></tr>\n");
	}
	html_raw(b, "</tbody>\n</table>\n");
}

void
portal_formulas(struct buf *b, const struct access *acc,
    const struct authz_rights *rights, const int64_t cents[FIN__MAX],
    const char *currency)
{
	struct formula_line l[FORMULA_MAX];
	size_t n;

	if (rights->formulas == 0)
		return;
	n = portal_formula_lines(acc, rights, cents, currency, l);
	portal_formulas_html(b, l, n, cents, currency);
}

void
portal_formulas_th(struct buf *b, const struct access *acc, formula_set cols)
{
	for (size_t i = 0; i < acc->nformulas && i < FORMULA_MAX; i++)
		if (cols & FORMULA_BIT(i)) {
			html_rawf(b, "<th scope=\"col\" class=\"formula\" "
			    "data-formula=\"%" PRId64 "\">", acc->formulas[i].id);
			html_text(b, acc->formulas[i].name);
			html_raw(b, "</th>");
		}
}

void
portal_formulas_td(struct buf *b, const struct access *acc, formula_set cols,
    formula_set shown, const int64_t cents[FIN__MAX], const char *currency)
{
	int64_t v;

	for (size_t i = 0; i < acc->nformulas && i < FORMULA_MAX; i++) {
		if (!(cols & FORMULA_BIT(i)))
			continue;
		html_rawf(b, "<td class=\"formula\" data-formula=\"%" PRId64 "\">",
		    acc->formulas[i].id);
		if ((shown & FORMULA_BIT(i)) &&
		    authz_formula_value(&acc->formulas[i].f, cents, &v) == 0)
			portal_money(b, v, currency);
		html_raw(b, "</td>");
	}
}

void
portal_csv_formulas_head(struct buf *csv, const struct access *acc, formula_set set)
{
	for (size_t i = 0; i < acc->nformulas && i < FORMULA_MAX; i++)
		if (set & FORMULA_BIT(i)) {
			buf_putc(csv, ',');
			csv_field(csv, acc->formulas[i].name);
		}
}

void
portal_csv_formulas_row(struct buf *csv, const struct access *acc, formula_set set,
    const int64_t cents[FIN__MAX])
{
	int64_t v;

	for (size_t i = 0; i < acc->nformulas && i < FORMULA_MAX; i++)
		if (set & FORMULA_BIT(i)) {
			buf_putc(csv, ',');
			if (authz_formula_value(&acc->formulas[i].f, cents, &v) == 0)
				csv_money(csv, v);
		}
}

void
portal_fin_th(struct buf *b, enum fin_field f)
{
	html_raw(b, "<th scope=\"col\" class=\"fin-");
	html_attr(b, authz_fin_field_name(f));
	html_raw(b, "\">");
	html_text(b, portal_fin_label(f));
	html_raw(b, "</th>");
}

void
portal_fin_td(struct buf *b, enum fin_field f, int shown, int64_t cents,
    const char *currency)
{
	html_raw(b, "<td class=\"fin-");
	html_attr(b, authz_fin_field_name(f));
	html_raw(b, "\">");
	if (shown)
		portal_money(b, cents, currency);
	html_raw(b, "</td>");
}
