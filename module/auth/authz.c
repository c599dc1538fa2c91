/* porch — SPDX-License-Identifier: MIT
 * The authorization core: catalog names, SET text, financial visibility, rights on
 * a property and the shape of a price; see authz.h for the rules.
 */
#include "config.h"

#include <string.h>

#include "authz.h"
#include "util.h"

static const char *const perm_names[PERM__MAX] = {
	[PERM_CALENDAR_VIEW] = "calendar.view",
	[PERM_BOOKING_GUEST_NAME] = "booking.guest_name",
	[PERM_BOOKING_GUEST_CONTACT] = "booking.guest_contact",
	[PERM_NOTES_VIEW] = "notes.view",
	[PERM_NOTES_ADD] = "notes.add",
	[PERM_BLOCKS_CREATE] = "blocks.create",
	[PERM_BLOCKS_MODIFY] = "blocks.modify",
	[PERM_BOOKINGS_MANAGE] = "bookings.manage",
	[PERM_STATEMENTS_VIEW] = "statements.view",
	[PERM_DOCUMENTS_PUBLIC] = "documents.public",
	[PERM_DOCUMENTS_PRIVATE] = "documents.private",
	[PERM_REPORTS_VIEW] = "reports.view",
	[PERM_EXPORT_CSV] = "export.csv",
	[PERM_NOTIFY_BOOKINGS] = "notify.bookings",
	[PERM_BOOKINGS_CREATE] = "bookings.create",
	[PERM_BOOKING_GUEST_EDIT] = "booking.guest_edit",
	[PERM_CALENDAR_SYNC] = "calendar.sync",
};

static const char *const field_names[FIN__MAX] = {
	[FIN_BASE_RATE] = "base_rate",
	[FIN_CLEANING_FEE] = "cleaning_fee",
	[FIN_TAXES] = "taxes",
	[FIN_CHANNEL_COMMISSION] = "channel_commission",
	[FIN_MANAGEMENT_FEE] = "management_fee",
	[FIN_OWNER_REVENUE] = "owner_revenue",
	[FIN_TOTAL_PRICE] = "total_price",
	[FIN_PAYOUT] = "payout",
};

static const char *const level_names[FIN_LEVEL__MAX] = {
	[FIN_LEVEL_NONE] = "none",
	[FIN_LEVEL_OWNER_REVENUE] = "owner_revenue",
	[FIN_LEVEL_ALL] = "all",
};

static const char *const filter_names[FIN_FILTER__MAX] = {
	[FIN_FILTER_ALL] = "all",
	[FIN_FILTER_EXCEPT] = "except",
	[FIN_FILTER_ONLY] = "only",
};

/*
 * The names people read (docs/DESIGN.md "Words on pages"): every page, mail, PDF
 * and refusal says these, never the catalog names above, which stay the values
 * of forms, the tenant API and CSV columns.
 */
static const char *const perm_labels[PERM__MAX] = {
	[PERM_CALENDAR_VIEW] = "See the calendar",
	[PERM_BOOKING_GUEST_NAME] = "See guests' names",
	[PERM_BOOKING_GUEST_CONTACT] = "See guests' email and phone",
	[PERM_NOTES_VIEW] = "Read booking notes",
	[PERM_NOTES_ADD] = "Add booking notes",
	[PERM_BLOCKS_CREATE] = "Block off dates",
	[PERM_BLOCKS_MODIFY] = "Move and delete block-offs",
	[PERM_BOOKINGS_MANAGE] = "Manage bookings",
	[PERM_STATEMENTS_VIEW] = "Read owner statements",
	[PERM_DOCUMENTS_PUBLIC] = "Open public documents",
	[PERM_DOCUMENTS_PRIVATE] = "Open private documents",
	[PERM_REPORTS_VIEW] = "See reports",
	[PERM_EXPORT_CSV] = "Export CSV files",
	[PERM_NOTIFY_BOOKINGS] = "Receive booking emails",
	[PERM_BOOKINGS_CREATE] = "Create manual bookings",
	[PERM_BOOKING_GUEST_EDIT] = "Edit guests' details",
	[PERM_CALENDAR_SYNC] = "Manage calendar sync (iCal)",
};

/* What each permission gives, after its name on the group form. */
static const char *const perm_hints[PERM__MAX] = {
	[PERM_CALENDAR_VIEW] = "dates, status and guest counts, no names",
	[PERM_BOOKING_GUEST_NAME] = "on bookings they can see",
	[PERM_BOOKING_GUEST_CONTACT] = "on bookings they can see",
	[PERM_NOTES_VIEW] = "on bookings and block-offs",
	[PERM_NOTES_ADD] = "on bookings and block-offs",
	[PERM_BLOCKS_CREATE] = "owner stays and maintenance",
	[PERM_BLOCKS_MODIFY] = "any block-off of the property",
	[PERM_BOOKINGS_MANAGE] = "confirm, cancel and edit any booking",
	[PERM_STATEMENTS_VIEW] = "and their PDFs",
	[PERM_DOCUMENTS_PUBLIC] = "shared with everyone who can see the property",
	[PERM_DOCUMENTS_PRIVATE] = "kept for the owner",
	[PERM_REPORTS_VIEW] = "nights, occupancy and revenue",
	[PERM_EXPORT_CSV] = "bookings and statements",
	[PERM_NOTIFY_BOOKINGS] = "one portal user per property",
	[PERM_BOOKINGS_CREATE] = "and edit their own",
	[PERM_BOOKING_GUEST_EDIT] = "name, email, phone and address",
	[PERM_CALENDAR_SYNC] = "a property's import and export settings",
};

static const char *const field_labels[FIN__MAX] = {
	[FIN_BASE_RATE] = "Base rate",
	[FIN_CLEANING_FEE] = "Cleaning fee",
	[FIN_TAXES] = "Taxes",
	[FIN_CHANNEL_COMMISSION] = "Channel commission",
	[FIN_MANAGEMENT_FEE] = "Management fee",
	[FIN_OWNER_REVENUE] = "Owner revenue",
	[FIN_TOTAL_PRICE] = "Total price",
	[FIN_PAYOUT] = "Payout",
};

static const char *const level_labels[FIN_LEVEL__MAX] = {
	[FIN_LEVEL_NONE] = "No financial figures",
	[FIN_LEVEL_OWNER_REVENUE] = "Owner revenue and payout only",
	[FIN_LEVEL_ALL] = "All financial figures",
};

/* The guest fields of a booking, by their column names. */
static const char *const guest_fields[][2] = {
	{ "guest_name", "Guest's name" },
	{ "guest_email", "Guest's email" },
	{ "guest_phone", "Guest's phone" },
	{ "guest_address", "Guest's address" },
};

/* The index of the name s[0..len) in names, or -1. */
static int
name_index(const char *const *names, size_t n, const char *s, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0)
			return (int)i;
	return -1;
}

static const char *
name_of(const char *const *names, size_t n, unsigned v)
{
	return v < n ? names[v] : "?";
}

const char *
authz_perm_name(enum perm p)
{
	return name_of(perm_names, PERM__MAX, p);
}

const char *
authz_fin_field_name(enum fin_field f)
{
	return name_of(field_names, FIN__MAX, f);
}

const char *
authz_fin_level_name(enum fin_level l)
{
	return name_of(level_names, FIN_LEVEL__MAX, l);
}

const char *
authz_fin_filter_name(enum fin_filter f)
{
	return name_of(filter_names, FIN_FILTER__MAX, f);
}

const char *
authz_perm_label(enum perm p)
{
	return name_of(perm_labels, PERM__MAX, p);
}

const char *
authz_perm_hint(enum perm p)
{
	return name_of(perm_hints, PERM__MAX, p);
}

const char *
authz_fin_field_label(enum fin_field f)
{
	return name_of(field_labels, FIN__MAX, f);
}

const char *
authz_fin_level_label(enum fin_level l)
{
	return name_of(level_labels, FIN_LEVEL__MAX, l);
}

const char *
authz_field_label(const char *name)
{
	enum fin_field f;
	enum perm p;

	if (authz_fin_field_parse(name, &f) == 0)
		return field_labels[f];
	if (authz_perm_parse(name, &p) == 0)
		return perm_labels[p];
	for (size_t i = 0; i < sizeof(guest_fields) / sizeof(guest_fields[0]); i++)
		if (strcmp(name, guest_fields[i][0]) == 0)
			return guest_fields[i][1];
	return name;
}

/* The labels of set's bits, as authz_fin_fields_words() says. */
static void
words_of(const char *const *labels, int n, uint32_t set, char *out, size_t outlen)
{
	size_t k = 0;

	if (outlen == 0)
		return;
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		size_t len = strlen(labels[i]);

		if (!(set & ((uint32_t)1 << i)))
			continue;
		if (k + (k != 0 ? 2 : 0) + len >= outlen)
			break;
		if (k != 0) {
			memcpy(out + k, ", ", 2);
			k += 2;
		}
		memcpy(out + k, labels[i], len);
		/* After the first, "Cleaning fee" reads "cleaning fee". */
		if (k != 0 && out[k] >= 'A' && out[k] <= 'Z')
			out[k] = (char)(out[k] - 'A' + 'a');
		k += len;
		out[k] = '\0';
	}
}

void
authz_perms_words(perm_set set, char *out, size_t outlen)
{
	words_of(perm_labels, PERM__MAX, set, out, outlen);
}

void
authz_fin_fields_words(fin_set set, char *out, size_t outlen)
{
	words_of(field_labels, FIN__MAX, set, out, outlen);
}

/* Every *_parse() of a single name: the enum value through an int. */
static int
parse_one(const char *const *names, size_t n, const char *s, int *out)
{
	int i = name_index(names, n, s, strlen(s));

	if (i < 0)
		return -1;
	*out = i;
	return 0;
}

int
authz_perm_parse(const char *name, enum perm *out)
{
	int v;

	if (parse_one(perm_names, PERM__MAX, name, &v) < 0)
		return -1;
	*out = (enum perm)v;
	return 0;
}

int
authz_fin_field_parse(const char *name, enum fin_field *out)
{
	int v;

	if (parse_one(field_names, FIN__MAX, name, &v) < 0)
		return -1;
	*out = (enum fin_field)v;
	return 0;
}

int
authz_fin_level_parse(const char *name, enum fin_level *out)
{
	int v;

	if (parse_one(level_names, FIN_LEVEL__MAX, name, &v) < 0)
		return -1;
	*out = (enum fin_level)v;
	return 0;
}

int
authz_fin_filter_parse(const char *name, enum fin_filter *out)
{
	int v;

	if (parse_one(filter_names, FIN_FILTER__MAX, name, &v) < 0)
		return -1;
	*out = (enum fin_filter)v;
	return 0;
}

/* SET text over names to a bitmask; see authz_perms_parse(). */
static int
set_parse(const char *const *names, size_t n, const char *text, uint32_t *out)
{
	uint32_t set = 0;
	const char *s = text, *comma;
	int i;

	if (*s == '\0') {
		*out = 0;
		return 0;
	}
	for (;;) {
		comma = strchr(s, ',');
		i = name_index(names, n, s, comma != NULL ? (size_t)(comma - s) :
		    strlen(s));
		if (i < 0)
			return -1;
		set |= (uint32_t)1 << i;
		if (comma == NULL)
			break;
		s = comma + 1;
	}
	*out = set;
	return 0;
}

/* A bitmask to SET text in catalog order, truncated (never overrun) at outlen. */
static void
set_format(const char *const *names, size_t n, uint32_t set, char *out,
    size_t outlen)
{
	size_t len = 0, nl;

	if (outlen == 0)
		return;
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if ((set & ((uint32_t)1 << i)) == 0)
			continue;
		nl = strlen(names[i]);
		if (len + (len > 0) + nl + 1 > outlen)
			return;
		if (len > 0)
			out[len++] = ',';
		memcpy(out + len, names[i], nl + 1);
		len += nl;
	}
}

int
authz_perms_parse(const char *text, perm_set *out)
{
	return set_parse(perm_names, PERM__MAX, text, out);
}

void
authz_perms_format(perm_set set, char *out, size_t outlen)
{
	set_format(perm_names, PERM__MAX, set, out, outlen);
}

int
authz_fin_fields_parse(const char *text, fin_set *out)
{
	return set_parse(field_names, FIN__MAX, text, out);
}

void
authz_fin_fields_format(fin_set set, char *out, size_t outlen)
{
	set_format(field_names, FIN__MAX, set, out, outlen);
}

int
authz_fin_override_parse(const char *level, const char *filter, const char *fields,
    int *has, struct fin_policy *out)
{
	*has = level != NULL;
	if (level == NULL)
		return 0;
	return authz_fin_level_parse(level, &out->level) < 0 ||
	    authz_fin_filter_parse(filter != NULL ? filter : "all", &out->filter) < 0 ||
	    authz_fin_fields_parse(fields != NULL ? fields : "", &out->list) < 0 ? -1 : 0;
}

fin_set
authz_fin_visible(const struct fin_policy *p)
{
	fin_set v;

	switch (p->level) {
	case FIN_LEVEL_OWNER_REVENUE:
		v = FIN_BIT(FIN_OWNER_REVENUE) | FIN_BIT(FIN_PAYOUT);
		break;
	case FIN_LEVEL_ALL:
		v = FIN_ALL;
		break;
	default:
		/* none, and anything unknown: deny by default */
		return 0;
	}
	switch (p->filter) {
	case FIN_FILTER_ALL:
		return v;
	case FIN_FILTER_EXCEPT:
		return v & ~p->list;
	case FIN_FILTER_ONLY:
		return v & p->list;
	default:
		return 0;
	}
}

/*
 * The price model as equations over the fields, each row summing to zero:
 * total = base + cleaning + taxes, owner = total - commission - fee - taxes,
 * payout = owner.
 */
#define SEAL_ROWS	3
static const int seal_model[SEAL_ROWS][FIN__MAX] = {
	{ [FIN_TOTAL_PRICE] = 1, [FIN_BASE_RATE] = -1, [FIN_CLEANING_FEE] = -1,
	  [FIN_TAXES] = -1 },
	{ [FIN_OWNER_REVENUE] = 1, [FIN_TOTAL_PRICE] = -1,
	  [FIN_CHANNEL_COMMISSION] = 1, [FIN_MANAGEMENT_FEE] = 1, [FIN_TAXES] = 1 },
	{ [FIN_PAYOUT] = 1, [FIN_OWNER_REVENUE] = -1 },
};

/* The largest number of rows a rank is taken over: the model and the formulas. */
#define SEAL_MAX_ROWS	(SEAL_ROWS + FORMULA_MAX)

static int64_t
gcd64(int64_t a, int64_t b)
{
	a = a < 0 ? -a : a;
	b = b < 0 ? -b : b;
	while (b != 0) {
		int64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/*
 * The rank of the columns cols of the model and of the extra rows (each a
 * formula: its value, shown, is one more sum of the fields). Fraction-free
 * elimination, each row divided by the gcd of its entries so nothing grows.
 */
static int
seal_rank(fin_set cols, const struct authz_formula *const *extra, size_t nextra)
{
	int64_t m[SEAL_MAX_ROWS][FIN__MAX];
	int rows = SEAL_ROWS + (int)nextra, rank = 0;

	for (int i = 0; i < rows; i++)
		for (int j = 0; j < FIN__MAX; j++)
			m[i][j] = !(cols & FIN_BIT(j)) ? 0 : i < SEAL_ROWS ?
			    seal_model[i][j] : extra[i - SEAL_ROWS]->coef[j];
	for (int j = 0; j < FIN__MAX && rank < rows; j++) {
		int piv = -1;

		for (int i = rank; i < rows && piv < 0; i++)
			if (m[i][j] != 0)
				piv = i;
		if (piv < 0)
			continue;
		for (int k = 0; k < FIN__MAX; k++) {
			int64_t t = m[rank][k];

			m[rank][k] = m[piv][k];
			m[piv][k] = t;
		}
		for (int i = rank + 1; i < rows; i++) {
			int64_t a = m[rank][j], c = m[i][j], g = 0;

			if (c == 0)
				continue;
			for (int k = 0; k < FIN__MAX; k++) {
				m[i][k] = m[i][k] * a - m[rank][k] * c;
				g = gcd64(g, m[i][k]);
			}
			for (int k = 0; g > 1 && k < FIN__MAX; k++)
				m[i][k] /= g;
		}
		rank++;
	}
	return rank;
}

/*
 * Is no field of hidden determined by the others and the formulas shown? A
 * hidden field is worked out from the shown ones exactly when its column is
 * independent of the other hidden columns, that is when leaving it out lowers
 * the rank.
 */
static int
seal_holds_with(fin_set hidden, const struct authz_formula *const *extra,
    size_t nextra)
{
	int rank = seal_rank(hidden, extra, nextra);

	for (int f = 0; f < FIN__MAX; f++)
		if ((hidden & FIN_BIT(f)) &&
		    seal_rank(hidden & ~FIN_BIT(f), extra, nextra) != rank)
			return 0;
	return 1;
}

static int
seal_holds(fin_set hidden)
{
	return seal_holds_with(hidden, NULL, 0);
}

/* What hiding extra costs: totals first, then how many, then by preference. */
static uint32_t
seal_cost(fin_set extra)
{
	/* The order extra fields are taken in, first to last. */
	static const enum fin_field order[FIN__MAX] = {
		FIN_BASE_RATE, FIN_MANAGEMENT_FEE, FIN_CLEANING_FEE,
		FIN_CHANNEL_COMMISSION, FIN_TAXES, FIN_PAYOUT, FIN_OWNER_REVENUE,
		FIN_TOTAL_PRICE,
	};
	const fin_set totals = FIN_BIT(FIN_TOTAL_PRICE) | FIN_BIT(FIN_OWNER_REVENUE) |
	    FIN_BIT(FIN_PAYOUT);
	uint32_t ntotals = 0, n = 0, pref = 0;

	for (int i = 0; i < FIN__MAX; i++) {
		if (!(extra & FIN_BIT(order[i])))
			continue;
		n++;
		ntotals += (totals & FIN_BIT(order[i])) != 0;
		pref |= (uint32_t)1 << i;
	}
	return ntotals << 16 | n << 8 | pref;
}

fin_set
authz_fin_seal(fin_set visible)
{
	fin_set hidden = FIN_ALL & ~visible, best = visible;
	uint32_t best_cost = UINT32_MAX, c;

	visible &= FIN_ALL;
	if (seal_holds(hidden))
		return visible;
	/* Every subset of the visible fields, the cheapest that seals. With all
	 * of them hidden nothing is left to work from, so one always does. */
	for (fin_set extra = visible; extra != 0; extra = (extra - 1) & visible) {
		if ((c = seal_cost(extra)) < best_cost && seal_holds(hidden | extra)) {
			best = extra;
			best_cost = c;
		}
	}
	return visible & ~best;
}

int
authz_grant_covers(const struct authz_grant *g, const struct authz_property *p)
{
	switch (g->scope) {
	case SCOPE_ALL:
		return 1;
	case SCOPE_CUSTOMER:
		return g->customer_id == p->customer_id;
	case SCOPE_PROPERTY:
		return g->property_id == p->id;
	}
	return 0;
}

/* The formulas of catalog a setting lists; see authz.h. */
formula_set
authz_formulas_listed(const struct fin_policy *p, const struct authz_formula *catalog,
    size_t n)
{
	formula_set set = 0;

	if (p->level != FIN_LEVEL_OWNER_REVENUE && p->level != FIN_LEVEL_ALL)
		return 0;
	for (size_t i = 0; i < n && i < FORMULA_MAX; i++) {
		int named = 0;

		for (size_t k = 0; k < p->nformulas && !named; k++)
			named = p->formulas[k] == catalog[i].id;
		if (p->filter == FIN_FILTER_ALL ||
		    (p->filter == FIN_FILTER_EXCEPT && !named) ||
		    (p->filter == FIN_FILTER_ONLY && named))
			set |= FORMULA_BIT(i);
	}
	return set;
}

fin_set
authz_formula_inputs(const struct authz_formula *f)
{
	fin_set in = 0;

	for (int j = 0; j < FIN__MAX; j++)
		if (f->coef[j] != 0)
			in |= FIN_BIT(j);
	return in;
}

int
authz_formula_open(fin_set visible, const struct authz_formula *f)
{
	return (authz_formula_inputs(f) & ~visible) == 0;
}

formula_set
authz_formula_seal(fin_set visible, const struct authz_formula *catalog, size_t n,
    formula_set listed)
{
	const struct authz_formula *taken[FORMULA_MAX];
	fin_set hidden = FIN_ALL & ~visible;
	formula_set shown = 0;
	size_t ntaken = 0;

	for (size_t i = 0; i < n && i < FORMULA_MAX; i++) {
		if (!(listed & FORMULA_BIT(i)))
			continue;
		/* With every input shown, the value adds nothing to what is known. */
		if (authz_formula_open(visible, &catalog[i])) {
			shown |= FORMULA_BIT(i);
			continue;
		}
		taken[ntaken] = &catalog[i];
		if (seal_holds_with(hidden, taken, ntaken + 1)) {
			shown |= FORMULA_BIT(i);
			ntaken++;
		}
	}
	return shown;
}

int
authz_formula_value(const struct authz_formula *f, const int64_t cents[FIN__MAX],
    int64_t *value)
{
	int64_t v = 0;

	for (int j = 0; j < FIN__MAX; j++) {
		if (f->coef[j] == 0)
			continue;
		if (f->coef[j] > 0 ? __builtin_add_overflow(v, cents[j], &v) :
		    __builtin_sub_overflow(v, cents[j], &v))
			return -1;
	}
	*value = v;
	return 0;
}

/* 1 + the index of g's formula instead of the total when it is among shown. */
static int
instead_of(const struct authz_principal *who, const struct authz_group *g,
    formula_set shown)
{
	for (size_t i = 0; g->instead != 0 && i < who->nformulas && i < FORMULA_MAX;
	    i++)
		if (who->formulas[i].id == g->instead)
			return (shown & FORMULA_BIT(i)) ? (int)i + 1 : 0;
	return 0;
}

void
authz_resolve(const struct authz_principal *who, const struct authz_property *prop,
    struct authz_rights *out)
{
	formula_set listed = 0;
	int covered = 0;

	memset(out, 0, sizeof(*out));
	switch (who->kind) {
	case AUTHZ_PORTAL_ADMIN:
		/* Everything, whatever override is stored: not narrowed. */
		out->perms = PERM_ALL;
		if (who->hide_reports)
			out->perms &= ~PERM_BIT(PERM_REPORTS_VIEW);
		out->fin = FIN_ALL;
		out->formulas = who->nformulas >= FORMULA_MAX ? ~(formula_set)0 :
		    FORMULA_BIT(who->nformulas) - 1;
		return;
	case AUTHZ_PORTAL_USER:
		for (size_t i = 0; i < who->ngrants; i++) {
			const struct authz_grant *g = &who->grants[i];

			if (g->expired || !authz_grant_covers(g, prop))
				continue;
			covered = 1;
			out->perms |= g->group.perms;
			out->fin |= authz_fin_visible(&g->group.fin);
			listed |= authz_formulas_listed(&g->group.fin, who->formulas,
			    who->nformulas);
		}
		break;
	case AUTHZ_TOKEN_VISITOR:
		/* The override is a portal user's; a link has no user. */
		if (who->customer_id == 0 || who->customer_id != prop->customer_id)
			return;
		out->perms = who->system_group.perms;
		out->fin = authz_fin_seal(authz_fin_visible(&who->system_group.fin));
		out->formulas = authz_formula_seal(out->fin, who->formulas,
		    who->nformulas, authz_formulas_listed(&who->system_group.fin,
		    who->formulas, who->nformulas));
		out->instead = instead_of(who, &who->system_group, out->formulas);
		return;
	}
	if (covered && who->has_fin_override) {
		out->fin = authz_fin_visible(&who->fin_override);
		listed = authz_formulas_listed(&who->fin_override, who->formulas,
		    who->nformulas);
	}
	out->fin = authz_fin_seal(out->fin);
	out->formulas = authz_formula_seal(out->fin, who->formulas, who->nformulas,
	    listed);
	/* The first covering grant whose group names a formula shown here. */
	for (size_t i = 0; i < who->ngrants && out->instead == 0; i++) {
		const struct authz_grant *g = &who->grants[i];

		if (!g->expired && authz_grant_covers(g, prop))
			out->instead = instead_of(who, &g->group, out->formulas);
	}
}

/* One part of a price: its total and the components that add up to it. */
static void
part_view(fin_set visible, enum fin_field total, fin_set components,
    struct price_part_view *out)
{
	out->total = (visible & FIN_BIT(total)) != 0;
	out->itemised = out->total && (visible & components) == components;
	if (out->itemised)
		out->lines = components;
	else if (out->total)
		out->lines = 0;		/* collapsed to the total */
	else
		out->lines = visible & components;
}

void
authz_price_view(fin_set visible, struct price_view *out)
{
	struct price_part_view *guest = &out->part[PRICE_GUEST];
	struct price_part_view *owner = &out->part[PRICE_OWNER];

	part_view(visible, FIN_TOTAL_PRICE, FIN_BIT(FIN_BASE_RATE) |
	    FIN_BIT(FIN_CLEANING_FEE) | FIN_BIT(FIN_TAXES), guest);
	part_view(visible, FIN_OWNER_REVENUE, FIN_BIT(FIN_TOTAL_PRICE) |
	    FIN_BIT(FIN_CHANNEL_COMMISSION) | FIN_BIT(FIN_MANAGEMENT_FEE) |
	    FIN_BIT(FIN_TAXES), owner);
	out->payout = (visible & FIN_BIT(FIN_PAYOUT)) != 0;
	out->avg_nightly = (guest->lines & FIN_BIT(FIN_BASE_RATE)) != 0;
	out->revenue_per_night = owner->total;
}

fin_set
authz_price_fields(fin_set visible)
{
	struct price_view v;
	fin_set shown = 0;

	authz_price_view(visible, &v);
	if (v.part[PRICE_GUEST].total)
		shown |= FIN_BIT(FIN_TOTAL_PRICE);
	if (v.part[PRICE_OWNER].total)
		shown |= FIN_BIT(FIN_OWNER_REVENUE);
	shown |= v.part[PRICE_GUEST].lines | v.part[PRICE_OWNER].lines;
	if (v.payout)
		shown |= FIN_BIT(FIN_PAYOUT);
	return shown;
}

int
authz_booking_field_shown(const struct authz_rights *r, const char *field)
{
	static const char *const contact[] = { "guest_email", "guest_phone",
	    "guest_address" };
	enum fin_field f;

	if (strcmp(field, "guest_name") == 0)
		return (r->perms & PERM_BIT(PERM_BOOKING_GUEST_NAME)) != 0;
	for (size_t i = 0; i < NELEM(contact); i++)
		if (strcmp(field, contact[i]) == 0)
			return (r->perms & PERM_BIT(PERM_BOOKING_GUEST_CONTACT)) != 0;
	if (strcmp(field, "channel") == 0)
		return r->fin != 0 || (r->perms & (PERM_BIT(PERM_BOOKINGS_MANAGE) |
		    PERM_BIT(PERM_BOOKINGS_CREATE))) != 0;
	if (authz_fin_field_parse(field, &f) == 0)
		return (r->fin & FIN_BIT(f)) != 0;
	if (strcmp(field, "currency") == 0)
		return r->fin != 0;
	return (r->perms & PERM_BIT(PERM_CALENDAR_VIEW)) != 0;
}
