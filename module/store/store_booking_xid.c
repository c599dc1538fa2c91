/* porch — SPDX-License-Identifier: MIT
 * Bookings, block-offs and notes by external id (see store_booking_xid.h); SQL
 * text in store_sql.c.
 */
#include "config.h"

#include <string.h>

#include "store.h"
#include "store_booking_xid.h"

/* A booking from row i of BOOKING_XID_SELECT. */
static int
booking_fill(const struct db_res *r, size_t i, const void *ctx, void *out)
{
	struct booking_row *b = out;

	b->id = db_cell_i64(r, i, 0);
	b->xid = DB_CELL(r, i, 1);
	b->property_id = db_cell_i64(r, i, 2);
	b->property_xid = DB_CELL(r, i, 3);
	b->reference = DB_CELL(r, i, 4);
	b->arrival = DB_CELL(r, i, 5);
	b->departure = DB_CELL(r, i, 6);
	b->checkin = DB_CELL(r, i, 7);
	b->checkout = DB_CELL(r, i, 8);
	b->status = DB_CELL(r, i, 9);
	b->channel = DB_CELL(r, i, 10);
	b->guest_name = DB_CELL(r, i, 11);
	b->guest_email = DB_CELL(r, i, 12);
	b->guest_phone = DB_CELL(r, i, 13);
	b->guest_address = DB_CELL(r, i, 14);
	b->adults = db_cell_i64(r, i, 15);
	b->children = db_cell_i64(r, i, 16);
	b->infants = db_cell_i64(r, i, 17);
	for (int f = 0; f < FIN__MAX; f++)
		b->cents[f] = db_cell_i64(r, i, 18 + (size_t)f);
	b->currency = DB_CELL(r, i, 18 + FIN__MAX);
	return 0;
}

/* A block-off from row i of BLOCK_XID_SELECT. */
static int
block_fill(const struct db_res *r, size_t i, const void *ctx, void *out)
{
	struct block_row *k = out;

	k->id = db_cell_i64(r, i, 0);
	k->xid = DB_CELL(r, i, 1);
	k->property_id = db_cell_i64(r, i, 2);
	k->property_xid = DB_CELL(r, i, 3);
	k->start = DB_CELL(r, i, 4);
	k->end = DB_CELL(r, i, 5);
	k->reason = DB_CELL(r, i, 6);
	return 0;
}

/* A note from row i of NOTE_XID_SELECT. */
static int
note_fill(const struct db_res *r, size_t i, const void *ctx, void *out)
{
	struct note_row *n = out;

	n->id = db_cell_i64(r, i, 0);
	n->xid = DB_CELL(r, i, 1);
	n->booking_id = db_cell_i64(r, i, 2);
	n->booking_xid = DB_CELL(r, i, 3);
	n->author_name = DB_CELL(r, i, 4);
	n->body = DB_CELL(r, i, 5);
	n->created = DB_CELL(r, i, 6);
	return 0;
}

const struct store_xid_kind store_xid_bookings = {
	ST_BOOKING_BY_XID, ST_BOOKING_BY_XID_LOCK, ST_BOOKINGS_AFTER,
	ST_BOOKING_XID_DEL, sizeof(struct booking_row), booking_fill,
};
static size_t	booking_add_params(int64_t tenant, const void *row,
		    struct db_param *p);
/* Bookings are referred to one by one (a note names its booking). */
const struct store_xid_set store_set_bookings = {
	&store_xid_bookings, ST_BOOKINGS_BY_XIDS_LOCK, ST__MAX, ST_BOOKING_XID_PUT_SET,
	ST_BOOKING_IDS, 2 + 16 + FIN__MAX, booking_add_params,
};
/* Block-offs are deleted by the portal's statement (change_block()). */
const struct store_xid_kind store_xid_blocks = {
	ST_BLOCK_BY_XID, ST_BLOCK_BY_XID_LOCK, ST_BLOCKS_AFTER,
	ST_BLOCK_DEL, sizeof(struct block_row), block_fill,
};
const struct store_xid_kind store_xid_notes = {
	ST_NOTE_BY_XID, ST_NOTE_BY_XID_LOCK, ST_NOTES_AFTER,
	ST_NOTE_XID_DEL, sizeof(struct note_row), note_fill,
};

/* The parameters a booking's add and update share, from property on, into p. */
static size_t
booking_params(const struct booking_row *b, struct db_param *p)
{
	size_t n = 0;

	p[n++] = DP_I(b->property_id);
	p[n++] = DP_S(b->reference);
	p[n++] = DP_S(b->arrival);
	p[n++] = DP_S(b->departure);
	p[n++] = DP_SN(b->checkin);
	p[n++] = DP_SN(b->checkout);
	p[n++] = DP_S(b->status);
	p[n++] = DP_SN(b->channel);
	p[n++] = DP_SN(b->guest_name);
	p[n++] = DP_SN(b->guest_email);
	p[n++] = DP_SN(b->guest_phone);
	p[n++] = DP_SN(b->guest_address);
	p[n++] = DP_I(b->adults);
	p[n++] = DP_I(b->children);
	p[n++] = DP_I(b->infants);
	for (int f = 0; f < FIN__MAX; f++)
		p[n++] = DP_I(b->cents[f]);
	p[n++] = DP_S(b->currency);
	return n;
}

/* The parameters of ST_BOOKING_XID_ADD (and of ST_BOOKING_XID_PUT_SET, a row of
 * a set) for row (a struct booking_row) into p; returns their number. */
static size_t
booking_add_params(int64_t tenant, const void *row, struct db_param *p)
{
	const struct booking_row *b = row;

	p[0] = DP_I(tenant);
	p[1] = DP_S(b->xid);
	return 2 + booking_params(b, p + 2);
}

int
store_booking_xid_add(struct arena *a, int64_t tenant, const struct booking_row *b,
    int64_t *id)
{
	struct db_param p[2 + 16 + FIN__MAX];

	return store_insert(a, ST_BOOKING_XID_ADD, p, booking_add_params(tenant, b, p),
	    id);
}

int
store_booking_xid_update(struct arena *a, int64_t tenant, const struct booking_row *b)
{
	struct db_param p[16 + FIN__MAX + 2];
	size_t n = booking_params(b, p);

	p[n++] = DP_I(tenant);
	p[n++] = DP_I(b->id);
	return store_change(a, ST_BOOKING_XID_UPDATE, p, n, NULL);
}

int
store_booking_statement_lines(struct arena *a, int64_t tenant, int64_t id, int64_t *n)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };
	struct db_res r;
	int rc;

	*n = 0;
	if ((rc = db_exec(ST_BOOKING_STATEMENT_LINES, p, NELEM(p), a, &r)) == DB_OK &&
	    r.nrows == 1)
		*n = db_cell_i64(&r, 0, 0);
	return rc;
}

int
store_note_xid_add(struct arena *a, int64_t tenant, const struct note_row *n,
    int64_t *id)
{
	struct db_param p[] = {
		DP_I(tenant), DP_S(n->xid), DP_I(n->booking_id), DP_S(n->author_name),
		DP_S(n->body),
	};

	return store_insert(a, ST_NOTE_XID_ADD, p, NELEM(p), id);
}

int
store_note_xid_update(struct arena *a, int64_t tenant, const struct note_row *n)
{
	struct db_param p[] = {
		DP_I(n->booking_id), DP_S(n->author_name), DP_S(n->body), DP_I(tenant),
		DP_I(n->id),
	};

	return store_change(a, ST_NOTE_XID_UPDATE, p, NELEM(p), NULL);
}
