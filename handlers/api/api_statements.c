/* porch — SPDX-License-Identifier: MIT
 * The tenant API's owner statements, by external id, with their lines as one
 * array (a PUT replaces them as a whole): the JSON input table, the JSON of a
 * statement, and the store and change functions behind them. Money in cents.
 */
#include "config.h"

#include "api_resource.h"
#include "handlers.h"
#include "store_papers.h"

#define CENTS_MAX	((int64_t)1 << 50)
#define LINES_MAX	500

/* The input of one money field: whole cents, null or absent as 0. */
#define MONEY_FIELD(name) \
	{ name, AF_INT, AF_NULLABLE, -CENTS_MAX, CENTS_MAX, NULL, NULL }
#define MONEY_FIELDS(base) \
	[base + FIN_BASE_RATE] = MONEY_FIELD("base_rate_cents"), \
	[base + FIN_CLEANING_FEE] = MONEY_FIELD("cleaning_fee_cents"), \
	[base + FIN_TAXES] = MONEY_FIELD("taxes_cents"), \
	[base + FIN_CHANNEL_COMMISSION] = MONEY_FIELD("channel_commission_cents"), \
	[base + FIN_MANAGEMENT_FEE] = MONEY_FIELD("management_fee_cents"), \
	[base + FIN_OWNER_REVENUE] = MONEY_FIELD("owner_revenue_cents"), \
	[base + FIN_TOTAL_PRICE] = MONEY_FIELD("total_price_cents"), \
	[base + FIN_PAYOUT] = MONEY_FIELD("payout_cents")

enum line_field { LF_DESCRIPTION, LF_MONEY, LF__MAX = LF_MONEY + FIN__MAX };

static const struct api_field line_fields[LF__MAX] = {
	[LF_DESCRIPTION] = { "description", AF_STRING, AF_REQUIRED, 1, 255, NULL },
	MONEY_FIELDS(LF_MONEY),
};

static const struct api_list lines = { line_fields, LF__MAX };

enum statement_field {
	SF_CUSTOMER, SF_PROPERTY, SF_PERIOD_START, SF_PERIOD_END, SF_ISSUED,
	SF_CURRENCY, SF_LINES, SF_MONEY, SF__MAX = SF_MONEY + FIN__MAX
};

static const struct api_field statement_fields[SF__MAX] = {
	[SF_CUSTOMER] = { "customer", AF_XID, AF_REQUIRED, 0, 0, NULL },
	[SF_PROPERTY] = { "property", AF_XID, AF_NULLABLE, 0, 0, NULL },
	[SF_PERIOD_START] = { "period_start", AF_DATE, AF_REQUIRED, 0, 0, NULL },
	[SF_PERIOD_END] = { "period_end", AF_DATE, AF_REQUIRED, 0, 0, NULL },
	[SF_ISSUED] = { "issued", AF_DATE, AF_REQUIRED, 0, 0, NULL },
	[SF_CURRENCY] = { "currency", AF_STRING, AF_REQUIRED, 3, 3, NULL },
	[SF_LINES] = { "lines", AF_LIST, AF_NULLABLE, 0, LINES_MAX, NULL, &lines },
	MONEY_FIELDS(SF_MONEY),
};

/* Sets the eight money fields of cents on object o, named as the input names them. */
static void
money_json(json_t *o, const int64_t cents[FIN__MAX])
{
	for (int f = 0; f < FIN__MAX; f++)
		json_object_set_new(o, statement_fields[SF_MONEY + f].name,
		    json_integer(cents[f]));
}

static json_t *
statement_json(const struct statement_xid *s)
{
	json_t *o, *items = json_array();

	for (size_t i = 0; i < s->nlines; i++) {
		json_t *l = json_pack("{s:s}", "description", s->lines[i].description);

		money_json(l, s->lines[i].cents);
		json_array_append_new(items, l);
	}
	o = json_pack("{s:s, s:o, s:o, s:s, s:s, s:s, s:s}", "external_id", s->xid,
	    "customer", api_json_str(s->customer_xid),
	    "property", api_json_str(s->property_xid), "period_start", s->period_start,
	    "period_end", s->period_end, "issued", s->issued, "currency", s->currency);
	money_json(o, s->cents);
	json_object_set_new(o, "lines", items);
	return o;
}

static int
statement_get(struct api_call *c, const char *xid, json_t **out)
{
	struct statement_xid row;
	int found, rc;

	*out = NULL;
	if ((rc = store_statement_by_xid(c->a, c->tenant, xid, 0, &row, &found)) ==
	    DB_OK && found)
		*out = statement_json(&row);
	return rc;
}

static int
statement_list(struct api_call *c, const char *after, size_t limit, json_t *items)
{
	struct statement_xid *rows;
	size_t n;
	int rc;

	if ((rc = store_statements_after(c->a, c->tenant, after, limit, &rows, &n)) !=
	    DB_OK)
		return rc;
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, statement_json(&rows[i]));
	return DB_OK;
}

/* The amounts of fields money[0..FIN__MAX) into cents (0 when not sent). */
static void
cents_in(const struct api_value *money, int64_t cents[FIN__MAX])
{
	for (int f = 0; f < FIN__MAX; f++)
		cents[f] = money[f].set ? money[f].i : 0;
}

static int
statement_put(struct api_call *c, const char *xid, const struct api_value *in,
    int *created, struct change_result *out)
{
	struct statement_xid s = {
		.xid = (char *)xid, .customer_xid = (char *)in[SF_CUSTOMER].s,
		.property_xid = (char *)in[SF_PROPERTY].s,
		.period_start = (char *)in[SF_PERIOD_START].s,
		.period_end = (char *)in[SF_PERIOD_END].s,
		.issued = (char *)in[SF_ISSUED].s, .currency = (char *)in[SF_CURRENCY].s,
	};

	cents_in(&in[SF_MONEY], s.cents);
	s.nlines = in[SF_LINES].set ? (size_t)in[SF_LINES].i : 0;
	s.lines = arena_alloc(c->a, (s.nlines + 1) * sizeof(*s.lines));
	for (size_t i = 0; i < s.nlines; i++) {
		const struct api_value *l = &in[SF_LINES].items[i * LF__MAX];

		s.lines[i].description = (char *)l[LF_DESCRIPTION].s;
		cents_in(&l[LF_MONEY], s.lines[i].cents);
	}
	return change_statement_put(&c->who, &s, created, out);
}

static int
statement_del(struct api_call *c, const char *xid, struct change_result *out)
{
	return change_statement_delete(&c->who, xid, out);
}

const struct api_resource api_statements = {
	.name = "statements", .fields = statement_fields, .nfields = SF__MAX,
	.put = statement_put, .del = statement_del,
	.get = statement_get, .list = statement_list,
};

int
handle_api_statements(struct req *r, struct resp *p)
{
	return api_resource_serve(r, p, &api_statements);
}
