/* porch — SPDX-License-Identifier: MIT
 * The authorization core: the permission catalog, the financial fields and their
 * visibility policy, what a principal may do on a property, and how a booking's
 * price is shown for a set of visible fields. Pure functions: no database, no I/O,
 * so every rule here is unit-tested (tests/unit/test_authz.c).
 */
#ifndef PORCH_AUTHZ_H
#define PORCH_AUTHZ_H

#include <stddef.h>
#include <stdint.h>

/*
 * The permission catalog (docs/DESIGN.md "Authorization"). The order and the names are
 * those of the SET column permission_groups.permissions; a new permission is added
 * at the end of both.
 */
enum perm {
	PERM_CALENDAR_VIEW,		/* dates, status, guest counts (no names) */
	PERM_BOOKING_GUEST_NAME,
	PERM_BOOKING_GUEST_CONTACT,
	PERM_NOTES_VIEW,
	PERM_NOTES_ADD,
	PERM_BLOCKS_CREATE,
	PERM_BLOCKS_MODIFY,		/* move and delete */
	PERM_BOOKINGS_MANAGE,
	PERM_STATEMENTS_VIEW,
	PERM_DOCUMENTS_PUBLIC,
	PERM_DOCUMENTS_PRIVATE,
	PERM_REPORTS_VIEW,
	PERM_EXPORT_CSV,
	PERM_NOTIFY_BOOKINGS,		/* receives booking emails */
	PERM_BOOKINGS_CREATE,		/* manual bookings: create, edit own */
	PERM_BOOKING_GUEST_EDIT,	/* a booking's guest details */
	PERM_CALENDAR_SYNC,		/* a property's iCal import and export settings */
	PERM__MAX
};

/* A set of permissions: bit p for enum perm p. */
typedef uint32_t perm_set;

#define PERM_BIT(p)	((uint32_t)1 << (p))
#define PERM_ALL	(PERM_BIT(PERM__MAX) - 1)

/* The financial fields, in the order of the SET columns field_list and friends. */
enum fin_field {
	FIN_BASE_RATE,
	FIN_CLEANING_FEE,
	FIN_TAXES,
	FIN_CHANNEL_COMMISSION,
	FIN_MANAGEMENT_FEE,
	FIN_OWNER_REVENUE,
	FIN_TOTAL_PRICE,
	FIN_PAYOUT,
	FIN__MAX
};

/* A set of financial fields: bit f for enum fin_field f. */
typedef uint32_t fin_set;

#define FIN_BIT(f)	((uint32_t)1 << (f))
#define FIN_ALL		(FIN_BIT(FIN__MAX) - 1)

/* How much money a group (or a user's override) shows. */
enum fin_level {
	FIN_LEVEL_NONE,			/* no financial field at all */
	FIN_LEVEL_OWNER_REVENUE,	/* owner revenue and payout only */
	FIN_LEVEL_ALL,			/* every field */
	FIN_LEVEL__MAX
};

/* Which fields of the level stay visible. */
enum fin_filter {
	FIN_FILTER_ALL,			/* all of them; the list is ignored */
	FIN_FILTER_EXCEPT,		/* all but the list: a field added later shows */
	FIN_FILTER_ONLY,		/* just the list: a field added later is hidden */
	FIN_FILTER__MAX
};

/*
 * A setting of a group or a user's override. formulas are the ids of the
 * formulas its filter lists (docs/DESIGN.md "Formulas"), read like list: with
 * "except" all but those, with "only" just those; none at level none.
 */
struct fin_policy {
	enum fin_level	 level;
	enum fin_filter	 filter;
	fin_set		 list;
	const int64_t	*formulas;
	size_t		 nformulas;
};

/*
 * A tenant's formulas are at most FORMULA_MAX, each a list of terms: + or - a
 * field, each field at most once. A set of formulas is a bitmask over the
 * tenant's formulas in id order (the catalog a page loads).
 */
#define FORMULA_MAX	64
typedef uint64_t formula_set;
#define FORMULA_BIT(i)	((uint64_t)1 << (i))

struct authz_formula {
	int64_t		 id;
	int		 coef[FIN__MAX];	/* -1, 0 or +1 per field */
};

/* The longest text the *_format() functions write, NUL included. */
#define AUTHZ_SET_TEXT_MAX	320

/* Names as in the schema ("calendar.view", "base_rate", "owner_revenue", "except"). */
const char	*authz_perm_name(enum perm p);
const char	*authz_fin_field_name(enum fin_field f);
const char	*authz_fin_level_name(enum fin_level l);
const char	*authz_fin_filter_name(enum fin_filter f);

/*
 * The names people read ("See the calendar", "Owner revenue", "All financial
 * figures"): every page, mail, PDF and message uses these; the names above are
 * for forms' values, the API, CSV columns and the audit log's data. A hint is
 * what a permission gives, said after its label. authz_field_label() takes any
 * catalog or booking field name ("owner_revenue", "calendar.view", "guest_email")
 * and returns its label, or name itself when it knows none.
 */
const char	*authz_perm_label(enum perm p);
const char	*authz_perm_hint(enum perm p);
const char	*authz_fin_field_label(enum fin_field f);
const char	*authz_fin_level_label(enum fin_level l);
const char	*authz_field_label(const char *name);

/*
 * The labels of set in catalog order, the first capitalised and the rest in
 * lower case ("Base rate, cleaning fee"), into out; "" for the empty set.
 * AUTHZ_WORDS_MAX bytes always suffice.
 */
#define AUTHZ_WORDS_MAX	640
void	authz_perms_words(perm_set set, char *out, size_t outlen);
void	authz_fin_fields_words(fin_set set, char *out, size_t outlen);

/*
 * Single names to values: 0 and *out set, or -1 for a name not in the catalog.
 * Names match exactly (the database returns SET and ENUM values in their
 * declared spelling).
 */
int	authz_perm_parse(const char *name, enum perm *out);
int	authz_fin_field_parse(const char *name, enum fin_field *out);
int	authz_fin_level_parse(const char *name, enum fin_level *out);
int	authz_fin_filter_parse(const char *name, enum fin_filter *out);

/*
 * MariaDB SET text ("a,b,c"; "" is the empty set) to a bitmask and back. Parsing
 * fails (-1, *out untouched) on an unknown name or an empty element ("a,,b", "a,");
 * a repeated name is accepted, as MariaDB does. Formatting writes the names in
 * catalog order, the way MariaDB returns a SET, into out (AUTHZ_SET_TEXT_MAX bytes
 * always suffice); bits beyond the catalog are ignored.
 */
int	authz_perms_parse(const char *text, perm_set *out);
void	authz_perms_format(perm_set set, char *out, size_t outlen);
int	authz_fin_fields_parse(const char *text, fin_set *out);
void	authz_fin_fields_format(fin_set set, char *out, size_t outlen);

/*
 * A user's financial override from its three columns: *has 0 when level is NULL
 * (their groups apply); a NULL filter reads as "all", NULL fields as none.
 * -1 on a name not in the catalog.
 */
int	authz_fin_override_parse(const char *level, const char *filter,
	    const char *fields, int *has, struct fin_policy *out);

/*
 * The fields one policy shows: none for level none; owner revenue and payout for
 * level owner_revenue (payout is what the owner is paid, the same money); every
 * field for level all. The filter then narrows that set: all keeps it, except
 * removes the list, only keeps just the list. A level never widens by its filter
 * (level owner_revenue with "only base_rate" shows nothing).
 */
fin_set	authz_fin_visible(const struct fin_policy *p);

/*
 * The arithmetic rule (docs/DESIGN.md): a hidden figure must not be
 * recoverable from the shown ones. The figures are bound by the price model
 *   total_price   = base_rate + cleaning_fee + taxes
 *   owner_revenue = total_price - channel_commission - management_fee - taxes
 *   payout        = owner_revenue
 * and any sum or difference of these, so with total_price hidden and its three
 * components shown, or owner_revenue hidden and payout shown, the hidden figure
 * is in plain sight. authz_fin_seal() returns visible less the fewest extra
 * fields that leave every hidden figure undetermined by the shown ones: a
 * total (total_price, owner_revenue, payout) is taken only when no choice of
 * components does it; among equal choices base_rate goes first, then
 * management_fee, cleaning_fee, channel_commission, taxes. Unchanged when
 * nothing hidden can be worked out (every level and "all" filter). So: hiding
 * total_price also hides taxes; owner_revenue or payout hides the other and
 * management_fee; base_rate and cleaning_fee hide each other, so do
 * channel_commission and management_fee; taxes hides base_rate and
 * management_fee. Two sealed sets intersected stay sealed; a union does not,
 * which is why authz_resolve() seals after taking its union.
 */
fin_set	authz_fin_seal(fin_set visible);

/* What a permission group gives. */
struct authz_group {
	perm_set		 perms;
	struct fin_policy	 fin;
	int64_t			 instead;	/* a formula shown instead of the
						   total price, 0 for none */
};

enum grant_scope {
	SCOPE_CUSTOMER,			/* all properties of customer_id */
	SCOPE_ALL,			/* every property of the tenant */
	SCOPE_PROPERTY,			/* property_id only */
};

/* One access grant of a portal user, with its group's settings. */
struct authz_grant {
	struct authz_group	 group;
	enum grant_scope	 scope;
	int64_t			 customer_id;	/* SCOPE_CUSTOMER */
	int64_t			 property_id;	/* SCOPE_PROPERTY */
	int			 expired;	/* expires_at is past: gives nothing */
	int64_t			 id;		/* the grant's row, to keep them in order */
};

struct authz_property {
	int64_t	 id;
	int64_t	 customer_id;
};

enum principal_kind {
	AUTHZ_PORTAL_USER,		/* rights from grants */
	AUTHZ_PORTAL_ADMIN,		/* everything in the tenant */
	AUTHZ_TOKEN_VISITOR,		/* a token link: the system group */
};

struct authz_principal {
	enum principal_kind	 kind;
	/* AUTHZ_PORTAL_USER */
	const struct authz_grant *grants;
	size_t			 ngrants;
	/* AUTHZ_PORTAL_ADMIN: reports.view is withheld */
	int			 hide_reports;
	/* Portal users and admins: the per-user financial override, when set. */
	int			 has_fin_override;
	struct fin_policy	 fin_override;
	/* AUTHZ_TOKEN_VISITOR: the customer of the link and the tenant's
	 * "Non-Portal Users" group. */
	int64_t			 customer_id;
	struct authz_group	 system_group;
	/* The tenant's formulas in id order, when the page loaded them (else
	 * none is shown). */
	const struct authz_formula *formulas;
	size_t			 nformulas;
};

/* What a principal may do on one property. */
struct authz_rights {
	perm_set	 perms;
	fin_set		 fin;		/* financial fields visible there */
	formula_set	 formulas;	/* formulas whose value is shown there */
	int		 instead;	/* 1 + the catalog index of the formula
					   shown instead of the total, or 0 */
};

/* Does the grant reach the property (ignoring expiry)? */
int	authz_grant_covers(const struct authz_grant *g, const struct authz_property *p);

/*
 * A principal's rights on a property. Deny by default: no covering grant, no
 * rights and no financial field.
 *  - Portal user: perms are the union of the perms of every unexpired grant that
 *    covers the property. Financial fields are the union of what each such grant's
 *    group shows (authz_fin_visible): the most permissive reading, so adding a
 *    grant never hides a figure another grant shows. Unions are taken over the
 *    visible sets, not over levels and filters, because "owner revenue only" and
 *    "all except payout" have no common filter that means both.
 *  - Portal admin: every permission (reports.view withheld when hide_reports) and
 *    every field, on every property of the tenant.
 *  - Token visitor: the system group's perms and fields on the properties of the
 *    link's customer, nothing elsewhere.
 * The per-user override, when set, replaces the groups' financial settings (it
 * never adds permissions) wherever the user has any rights at all; with no
 * covering grant there is nothing for it to widen. Token visitors have none.
 * The fields are sealed last (authz_fin_seal), so no page, export or report can
 * show a set from which a hidden figure is worked out.
 */
void	authz_resolve(const struct authz_principal *who,
	    const struct authz_property *prop, struct authz_rights *out);

/*
 * Formulas (docs/DESIGN.md "Formulas"). authz_formulas_listed(): the formulas of
 * catalog (n of them) a setting lists: none at level none, else every one with
 * filter all, all but p->formulas with except, just those with only.
 * authz_formula_seal(): of listed, those whose value may be shown beside the
 * visible fields: taken in catalog order, each only when, with the ones taken
 * before it, it leaves every hidden field undetermined (a formula is one more
 * sum of fields; "total price - commission" beside the total gives the
 * commission away). authz_formula_open(): the composition (its terms and their
 * values) is shown only when every input field is visible.
 * authz_formula_value(): the value in cents; -1 when it does not fit.
 */
formula_set	authz_formulas_listed(const struct fin_policy *p,
		    const struct authz_formula *catalog, size_t n);
formula_set	authz_formula_seal(fin_set visible,
		    const struct authz_formula *catalog, size_t n, formula_set listed);
int	authz_formula_open(fin_set visible, const struct authz_formula *f);
fin_set	authz_formula_inputs(const struct authz_formula *f);
int	authz_formula_value(const struct authz_formula *f,
	    const int64_t cents[FIN__MAX], int64_t *value);

/*
 * Does a visitor with rights r see a booking's field, by its name in the
 * bookings table without "_cents" (as the history names changes)? guest_name
 * needs booking.guest_name; guest_email, guest_phone and guest_address need
 * booking.guest_contact; the channel is shown with a financial field or to those
 * who handle bookings (bookings.manage, bookings.create), as the seeds keep it
 * from the availability-only view; a financial field when it is in r->fin, the
 * currency with any; anything else (dates, times, status, counts, reference,
 * property) with calendar.view.
 */
int	authz_booking_field_shown(const struct authz_rights *r, const char *field);

/*
 * How a booking's price is shown for a set of visible fields (docs/DESIGN.md): a price
 * is shown in two parts, each a breakdown of its total —
 *   guest part: total_price = base_rate + cleaning_fee + taxes
 *   owner part: owner_revenue = total_price - channel_commission - management_fee
 *               - taxes
 * and payout on its own. For each part: with its total and every component
 * visible, the total is shown with its component lines; with the total visible and
 * any component hidden, it collapses to its total alone (visible components too
 * are left out, so no hidden one can be worked out by subtraction); with the total
 * hidden, the total and breakdown disappear and the visible components stay as
 * figures of their own. Derived figures hide with their sources, that is they show
 * only when the figure they come from is shown: the average nightly rate (base
 * rate / nights) needs the base_rate line of the guest part, revenue per night
 * needs the owner part's total. total_price among the owner part's lines is the
 * gross its deductions start from; a page showing it as the guest total already
 * need not repeat it.
 */
enum price_part {
	PRICE_GUEST,
	PRICE_OWNER,
	PRICE_PART__MAX
};

struct price_part_view {
	int	 total;		/* the part's total is shown */
	int	 itemised;	/* lines are its breakdown (total and all lines shown) */
	fin_set	 lines;		/* components shown in this part */
};

struct price_view {
	struct price_part_view	 part[PRICE_PART__MAX];
	int			 payout;
	int			 avg_nightly;
	int			 revenue_per_night;
};

void	authz_price_view(fin_set visible, struct price_view *out);

/* The fields a price shows for the visible set: each part's total and lines,
 * and payout (portal_price_fields(); a formula's terms are shown against it). */
fin_set	authz_price_fields(fin_set visible);

#endif
