/* porch — SPDX-License-Identifier: MIT
 * The tenant API's bookings, block-offs and booking notes, by external id: their
 * JSON input tables, their JSON, and the change functions behind them. A booking
 * and a block-off name their property, a note its booking, by external id.
 */
#include "config.h"

#include "api_resource.h"
#include "handlers.h"
#include "mail.h"
#include "store_booking_xid.h"

/* Rules of the input tables. */
static const char *
email_rule(const char *s)
{
	return mail_addr_problem(s) != NULL ? "guest_email must be one plain address, "
	    "like name@example.com." : NULL;
}

static const char *
time_rule(const char *s)
{
	return change_hhmm_ok(s) ? NULL : "A time of day is HH:MM, from 00:00 to 23:59.";
}

static const char *
status_rule(const char *s)
{
	return change_status_ok(s) ? NULL : "status is tentative, confirmed or "
	    "cancelled.";
}

static const char *
currency_rule(const char *s)
{
	return change_currency_ok(s) ? NULL : "currency is an ISO 4217 code of three "
	    "capital letters, like EUR.";
}

/* --- bookings --- */

enum booking_field { BF_PROPERTY, BF_REFERENCE, BF_ARRIVAL, BF_DEPARTURE, BF_CHECKIN,
	BF_CHECKOUT, BF_STATUS, BF_CHANNEL, BF_GUEST_NAME, BF_GUEST_EMAIL,
	BF_GUEST_PHONE, BF_GUEST_ADDRESS, BF_ADULTS, BF_CHILDREN, BF_INFANTS,
	BF_MONEY, BF_CURRENCY = BF_MONEY + FIN__MAX, BF__MAX };

#define MONEY(f, name)	[BF_MONEY + (f)] = { name, AF_INT, AF_NULLABLE, \
	-MONEY_CENTS_MAX, MONEY_CENTS_MAX, NULL }

static const struct api_field booking_fields[BF__MAX] = {
	[BF_PROPERTY] = { "property", AF_XID, AF_REQUIRED, 0, 0, NULL },
	[BF_REFERENCE] = { "reference", AF_STRING, AF_NULLABLE, 1, BOOKING_REF_MAX,
	    NULL },
	[BF_ARRIVAL] = { "arrival", AF_DATE, AF_REQUIRED, 0, 0, NULL },
	[BF_DEPARTURE] = { "departure", AF_DATE, AF_REQUIRED, 0, 0, NULL },
	[BF_CHECKIN] = { "checkin_time", AF_STRING, AF_NULLABLE, 5, 5, time_rule },
	[BF_CHECKOUT] = { "checkout_time", AF_STRING, AF_NULLABLE, 5, 5, time_rule },
	[BF_STATUS] = { "status", AF_STRING, AF_REQUIRED, 1, 16, status_rule },
	[BF_CHANNEL] = { "channel", AF_STRING, AF_NULLABLE, 1, CHANNEL_MAX, NULL },
	[BF_GUEST_NAME] = { "guest_name", AF_STRING, AF_NULLABLE, 1, PERSON_NAME_MAX,
	    NULL },
	[BF_GUEST_EMAIL] = { "guest_email", AF_STRING, AF_NULLABLE, 1, 254,
	    email_rule },
	[BF_GUEST_PHONE] = { "guest_phone", AF_STRING, AF_NULLABLE, 1, PHONE_MAX,
	    NULL },
	[BF_GUEST_ADDRESS] = { "guest_address", AF_STRING, AF_NULLABLE, 1,
	    ADDRESS_MAX, NULL },
	[BF_ADULTS] = { "adults", AF_INT, AF_NULLABLE, 0, GUESTS_MAX, NULL },
	[BF_CHILDREN] = { "children", AF_INT, AF_NULLABLE, 0, GUESTS_MAX, NULL },
	[BF_INFANTS] = { "infants", AF_INT, AF_NULLABLE, 0, GUESTS_MAX, NULL },
	/* Every money field of the financial catalog (enum fin_field), in cents. */
	MONEY(FIN_BASE_RATE, "base_rate_cents"),
	MONEY(FIN_CLEANING_FEE, "cleaning_fee_cents"),
	MONEY(FIN_TAXES, "taxes_cents"),
	MONEY(FIN_CHANNEL_COMMISSION, "channel_commission_cents"),
	MONEY(FIN_MANAGEMENT_FEE, "management_fee_cents"),
	MONEY(FIN_OWNER_REVENUE, "owner_revenue_cents"),
	MONEY(FIN_TOTAL_PRICE, "total_price_cents"),
	MONEY(FIN_PAYOUT, "payout_cents"),
	[BF_CURRENCY] = { "currency", AF_STRING, AF_REQUIRED, 3, 3, currency_rule },
};
#undef MONEY

static json_t *
booking_json(const void *row)
{
	const struct booking_row *b = row;
	json_t *o;

	o = json_pack("{s:s, s:o, s:s, s:s, s:s, s:o, s:o, s:s, s:o, s:o, s:o, s:o, "
	    "s:o, s:I, s:I, s:I, s:s}", "external_id", b->xid,
	    "property", api_json_str(b->property_xid), "reference", b->reference,
	    "arrival", b->arrival, "departure", b->departure,
	    "checkin_time", api_json_str(b->checkin),
	    "checkout_time", api_json_str(b->checkout), "status", b->status,
	    "channel", api_json_str(b->channel),
	    "guest_name", api_json_str(b->guest_name),
	    "guest_email", api_json_str(b->guest_email),
	    "guest_phone", api_json_str(b->guest_phone),
	    "guest_address", api_json_str(b->guest_address),
	    "adults", (json_int_t)b->adults, "children", (json_int_t)b->children,
	    "infants", (json_int_t)b->infants, "currency", b->currency);
	for (int f = 0; o != NULL && f < FIN__MAX; f++)
		json_object_set_new(o, booking_fields[BF_MONEY + f].name,
		    json_integer(b->cents[f]));
	return o;
}

/* The booking xid of in, as the change functions take it, into b. */
static void
booking_in(const char *xid, const struct api_value *in, struct booking_in *b)
{
	*b = (struct booking_in){
		.xid = xid, .property_xid = in[BF_PROPERTY].s,
		.reference = in[BF_REFERENCE].s, .arrival = (long)in[BF_ARRIVAL].i,
		.departure = (long)in[BF_DEPARTURE].i, .checkin = in[BF_CHECKIN].s,
		.checkout = in[BF_CHECKOUT].s, .status = in[BF_STATUS].s,
		.channel = in[BF_CHANNEL].s, .guest_name = in[BF_GUEST_NAME].s,
		.guest_email = in[BF_GUEST_EMAIL].s, .guest_phone = in[BF_GUEST_PHONE].s,
		.guest_address = in[BF_GUEST_ADDRESS].s,
		/* Not sent: one adult, no children or infants, as the table's defaults. */
		.adults = in[BF_ADULTS].set ? in[BF_ADULTS].i : 1,
		.children = in[BF_CHILDREN].i, .infants = in[BF_INFANTS].i,
		.currency = in[BF_CURRENCY].s,
	};

	for (int f = 0; f < FIN__MAX; f++)
		b->cents[f] = in[BF_MONEY + f].i;
}

static int
booking_put(struct api_call *c, const char *xid, const struct api_value *in,
    int *created, struct change_result *out)
{
	struct booking_in b;

	booking_in(xid, in, &b);
	return change_booking_put(&c->who, &b, created, out);
}

static int
booking_put_set(struct api_call *c, size_t n, const char *const *xid,
    const size_t *at, struct api_value *const *in, struct change_set_line *l)
{
	struct booking_in *b = arena_alloc(c->a, n * sizeof(*b));

	for (size_t j = 0; j < n; j++) {
		booking_in(xid[at[j]], in[j], &b[j]);
		l[j] = (struct change_set_line){ .in = &b[j], .xid = b[j].xid,
		    .parent_xid = b[j].property_xid };
	}
	return change_booking_put_set(&c->who, l, n);
}

static int
booking_del(struct api_call *c, const char *xid, struct change_result *out)
{
	return change_booking_delete(&c->who, xid, out);
}

const struct api_resource api_bookings = {
	.name = "bookings", .fields = booking_fields, .nfields = BF__MAX,
	.rows = &store_xid_bookings, .json = booking_json, .put = booking_put, .del = booking_del,
	.put_set = booking_put_set,
};

int
handle_api_bookings(struct req *r, struct resp *p)
{
	return api_resource_serve(r, p, &api_bookings);
}

/* --- block-offs --- */

enum block_field { KF_PROPERTY, KF_START, KF_END, KF_REASON, KF__MAX };

static const struct api_field block_fields[KF__MAX] = {
	[KF_PROPERTY] = { "property", AF_XID, AF_REQUIRED, 0, 0, NULL },
	[KF_START] = { "start", AF_DATE, AF_REQUIRED, 0, 0, NULL },
	[KF_END] = { "end", AF_DATE, AF_REQUIRED, 0, 0, NULL },
	[KF_REASON] = { "reason", AF_TEXT, AF_NULLABLE, 1, BLOCK_REASON_MAX, NULL },
};

static json_t *
block_json(const void *row)
{
	const struct block_row *k = row;

	return json_pack("{s:s, s:o, s:s, s:s, s:o}", "external_id", k->xid,
	    "property", api_json_str(k->property_xid), "start", k->start, "end", k->end,
	    "reason", api_json_str(k->reason));
}

static int
block_put(struct api_call *c, const char *xid, const struct api_value *in,
    int *created, struct change_result *out)
{
	struct block_put k = {
		.xid = xid, .property_xid = in[KF_PROPERTY].s,
		.start = (long)in[KF_START].i, .end = (long)in[KF_END].i,
		.reason = in[KF_REASON].s,
	};

	return change_block_put(&c->who, &k, created, out);
}

static int
block_del(struct api_call *c, const char *xid, struct change_result *out)
{
	return change_block_delete(&c->who, xid, out);
}

const struct api_resource api_blocks = {
	.name = "blocks", .fields = block_fields, .nfields = KF__MAX,
	.rows = &store_xid_blocks, .json = block_json, .put = block_put, .del = block_del,
};

int
handle_api_blocks(struct req *r, struct resp *p)
{
	return api_resource_serve(r, p, &api_blocks);
}

/* --- notes --- */

enum note_field { NF_BOOKING, NF_AUTHOR, NF_BODY, NF__MAX };

static const struct api_field note_fields[NF__MAX] = {
	[NF_BOOKING] = { "booking", AF_XID, AF_REQUIRED, 0, 0, NULL },
	[NF_AUTHOR] = { "author_name", AF_STRING, AF_REQUIRED, 1, PERSON_NAME_MAX,
	    NULL },
	[NF_BODY] = { "body", AF_TEXT, AF_REQUIRED, 1, NOTE_MAX, NULL },
};

static json_t *
note_json(const void *row)
{
	const struct note_row *n = row;

	return json_pack("{s:s, s:o, s:s, s:s, s:s}", "external_id", n->xid,
	    "booking", api_json_str(n->booking_xid), "author_name", n->author_name,
	    "body", n->body, "created_at", n->created);
}

static int
note_put(struct api_call *c, const char *xid, const struct api_value *in,
    int *created, struct change_result *out)
{
	struct note_in n = {
		.xid = xid, .booking_xid = in[NF_BOOKING].s,
		.author_name = in[NF_AUTHOR].s, .body = in[NF_BODY].s,
	};

	return change_note_put(&c->who, &n, created, out);
}

static int
note_del(struct api_call *c, const char *xid, struct change_result *out)
{
	return change_note_delete(&c->who, xid, out);
}

const struct api_resource api_notes = {
	.name = "notes", .fields = note_fields, .nfields = NF__MAX,
	.rows = &store_xid_notes, .json = note_json, .put = note_put, .del = note_del,
};

int
handle_api_notes(struct req *r, struct resp *p)
{
	return api_resource_serve(r, p, &api_notes);
}
