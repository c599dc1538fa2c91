/* porch — SPDX-License-Identifier: MIT
 * Bookings, notes, block-offs and who is mailed about them; SQL text in store_sql.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store_bookings.h"

/* The columns of BOOKING_COLUMNS. */
#define BOOKING_COLS	30

/* Row i of BOOKING_COLUMNS, kept by store_reach_keep() with reach. */
static int
booking_fill(const struct db_res *r, size_t i, const void *reach, void *booking)
{
	struct booking *out = booking;

	memset(out, 0, sizeof(*out));
	out->id = db_cell_i64(r, i, 0);
	out->property_id = db_cell_i64(r, i, 1);
	out->customer_id = db_cell_i64(r, i, 2);
	out->property = DB_CELL(r, i, 3);
	out->reference = DB_CELL(r, i, 4);
	out->start = DB_CELL(r, i, 5);
	out->end = DB_CELL(r, i, 6);
	out->nights = (int)db_cell_i64(r, i, 7);
	out->status = DB_CELL(r, i, 8);
	out->adults = (int)db_cell_i64(r, i, 9);
	out->children = (int)db_cell_i64(r, i, 10);
	out->guest_name = DB_CELL(r, i, 11);
	out->guest_email = DB_CELL(r, i, 12);
	out->guest_phone = DB_CELL(r, i, 13);
	for (int f = 0; f < FIN__MAX; f++)
		out->cents[f] = db_cell_i64(r, i, 14 + (size_t)f);
	out->currency = DB_CELL(r, i, 22);
	out->channel = DB_CELL(r, i, 23);
	out->guest_address = DB_CELL(r, i, 24);
	out->infants = (int)db_cell_i64(r, i, 25);
	out->checkin = DB_CELL(r, i, 26);
	out->checkout = DB_CELL(r, i, 27);
	out->by_portal_user = db_cell_i64(r, i, 28);
	out->by_staff_user = db_cell_i64(r, i, 29);
	return store_reach_keep(reach, out->property_id, out->customer_id, &out->rights);
}

int
store_bookings_list(struct arena *a, int64_t tenant, const struct access *acc,
    int64_t property, perm_set need, struct booking **rows, size_t *n)
{
	struct db_param params[] = {
		DP_I(tenant), DP_I(property), DP_I(property), ACCESS_REACH(acc),
	};
	struct store_reach reach = { acc, need };
	int rc;

	*n = 0;
	*rows = NULL;
	if ((acc->any & need) != need)
		return DB_OK;
	*rows = store_rows(a, ST_BOOKINGS_LIST, params, NELEM(params), sizeof(**rows),
	    booking_fill, &reach, n, &rc);
	return rc;
}

int
store_bookings_upcoming(struct arena *a, int64_t tenant, const struct access *acc,
    const char *from, const char *to, struct booking **rows, size_t *n)
{
	struct store_reach reach = { acc, PERM_BIT(PERM_CALENDAR_VIEW) };
	struct reach seen;
	int rc;

	*n = 0;
	*rows = NULL;
	if (!(acc->any & PERM_BIT(PERM_CALENDAR_VIEW)))
		return DB_OK;
	/* Only properties with calendar.view, so the LIMIT counts rows shown. */
	store_reach_for(a, acc, PERM_BIT(PERM_CALENDAR_VIEW), &seen);
	struct db_param params[] = {
		DP_I(tenant), DP_S(from), DP_S(to), DP_S(from), DP_S(to),
		REACH_PARAMS(&seen),
	};
	*rows = store_rows(a, ST_BOOKINGS_UPCOMING, params, NELEM(params),
	    sizeof(**rows), booking_fill, &reach, n, &rc);
	return rc;
}

/*
 * The note of row i from column *first on (ST_BOOKING_PAGE after the booking,
 * ST_BLOCK_NOTES from 0), left out when the row has none.
 */
static int
note_fill(const struct db_res *r, size_t i, const void *first, void *note)
{
	size_t c = *(const size_t *)first;
	struct note *out = note;

	if (DB_CELL(r, i, c) == NULL)
		return STORE_SKIP;
	out->author_kind = DB_CELL(r, i, c);
	out->author_name = DB_CELL(r, i, c + 1);
	out->created = DB_CELL(r, i, c + 2);
	out->body = DB_CELL(r, i, c + 3);
	out->at = DB_CELL(r, i, c + 4);
	out->id = db_cell_i64(r, i, c + 5);
	return 0;
}

/* Oldest first, as written: by time (as it sorts), then by id within one
 * microsecond. */
static int
written_cmp(const char *at_a, int64_t id_a, const char *at_b, int64_t id_b)
{
	int c = strcmp(at_a, at_b);

	return c != 0 ? c : (id_a > id_b) - (id_a < id_b);
}

static int
note_cmp(const void *x, const void *y)
{
	const struct note *a = x, *b = y;

	return written_cmp(a->at, a->id, b->at, b->id);
}

/* The columns of ST_BOOKING_PAGE: the booking, a note, an entry of its history. */
#define PAGE_NOTE	BOOKING_COLS
#define PAGE_EVENT	(PAGE_NOTE + 6)

/* The history entry of row i of ST_BOOKING_PAGE, left out when the row has none. */
static int
history_fill(const struct db_res *r, size_t i, const void *ctx, void *row)
{
	struct booking_event *out = row;

	(void)ctx;
	if (DB_CELL(r, i, PAGE_EVENT) == NULL)
		return STORE_SKIP;
	out->action = DB_CELL(r, i, PAGE_EVENT);
	out->at = DB_CELL(r, i, PAGE_EVENT + 1);
	out->actor_kind = DB_CELL(r, i, PAGE_EVENT + 2);
	out->actor = DB_CELL(r, i, PAGE_EVENT + 3);
	out->detail = DB_CELL(r, i, PAGE_EVENT + 4);
	out->order = DB_CELL(r, i, PAGE_EVENT + 5);
	out->id = db_cell_i64(r, i, PAGE_EVENT + 6);
	return 0;
}

static int
history_cmp(const void *x, const void *y)
{
	const struct booking_event *a = x, *b = y;

	return written_cmp(a->order, a->id, b->order, b->id);
}

int
store_booking_get(struct arena *a, int64_t tenant, const struct access *acc,
    int64_t id, struct booking *out, struct note **notes, size_t *nnotes,
    struct booking_event **history, size_t *nhistory, int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id), DP_I(tenant), DP_I(id) };
	struct store_reach reach = { acc, PERM_BIT(PERM_CALENDAR_VIEW) };
	static const size_t first = PAGE_NOTE;
	struct db_res r;
	size_t row;
	int rc;

	*found = 0;
	*nnotes = *nhistory = 0;
	*notes = NULL;
	*history = NULL;
	if ((rc = db_exec(ST_BOOKING_PAGE, p, NELEM(p), a, &r)) != DB_OK)
		return rc;
	/* The booking's rows are those with its id; the history's have none. */
	for (row = 0; row < r.nrows && DB_CELL(&r, row, 0) == NULL; row++)
		;
	if (row == r.nrows || booking_fill(&r, row, &reach, out) != 0)
		return DB_OK;
	if ((*notes = store_res_rows(a, &r, sizeof(**notes), note_fill, &first, nnotes,
	    &rc)) == NULL ||
	    (*history = store_res_rows(a, &r, sizeof(**history), history_fill, NULL,
	    nhistory, &rc)) == NULL)
		return rc;
	qsort(*notes, *nnotes, sizeof(**notes), note_cmp);
	qsort(*history, *nhistory, sizeof(**history), history_cmp);
	*found = 1;
	return DB_OK;
}

/* A note on a booking or block-off (of, by the statement st). */
static int
note_insert(struct arena *a, enum stmt_id st, int64_t tenant, int64_t of,
    const char *author_kind, int64_t author_id, const char *author_name,
    const char *body, int64_t *id)
{
	struct db_param p[] = {
		DP_I(tenant), DP_I(of), DP_S(author_kind), DP_ID(author_id),
		DP_S(author_name), DP_S(body),
	};

	return store_insert(a, st, p, NELEM(p), id);
}

int
store_note_add(struct arena *a, int64_t tenant, int64_t booking,
    const char *author_kind, int64_t author_id, const char *author_name,
    const char *body, int64_t *id)
{
	return note_insert(a, ST_NOTE_ADD, tenant, booking, author_kind, author_id,
	    author_name, body, id);
}

int
store_booking_set_status(struct arena *a, int64_t tenant, int64_t id,
    const char *from, const char *to, int *changed)
{
	struct db_param p[] = { DP_S(to), DP_I(tenant), DP_I(id), DP_S(from) };

	return store_change_one(a, ST_BOOKING_SET_STATUS, p, NELEM(p), changed);
}

/* A booking or block-off row of ST_CALENDAR_MONTH (kind 0 or 1) into out. */
static void
occupancy_row(const struct db_res *r, size_t i, struct occupancy *out)
{
	out->is_block = db_cell_i64(r, i, 0) != 0;
	out->id = db_cell_i64(r, i, 1);
	out->reference = DB_CELL(r, i, 2);
	out->start = DB_CELL(r, i, 3);
	out->end = DB_CELL(r, i, 4);
	out->status = DB_CELL(r, i, 5);
	out->guest_name = DB_CELL(r, i, 6);
	out->reason = DB_CELL(r, i, 7);
	out->by_owner = out->is_block && out->status != NULL;
	out->overlap = !out->is_block && db_cell_i64(r, i, 8) != 0;
	out->property_id = db_cell_i64(r, i, 9);
	if (out->is_block)
		out->status = NULL;
}

/* The calendar of property, or of every reachable property when all is 1. */
static int
calendar_read(struct arena *a, int64_t tenant, const struct access *acc, int all,
    int64_t property, const char *from, const char *to, struct calendar *out)
{
	struct db_param p[] = {
		DP_I(tenant), ACCESS_REACH(acc),
		DP_I(tenant), DP_I(all), DP_I(property), ACCESS_REACH(acc), DP_S(to),
		DP_S(from),
		DP_I(tenant), DP_I(all), DP_I(property), ACCESS_REACH(acc), DP_S(to),
		DP_S(from),
	};
	struct db_res r;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = db_exec(ST_CALENDAR_MONTH, p, NELEM(p), a, &r)) != DB_OK)
		return rc;
	out->props = arena_alloc(a, (r.nrows + 1) * sizeof(*out->props));
	out->occ = arena_alloc(a, (r.nrows + 1) * sizeof(*out->occ));
	for (size_t i = 0; i < r.nrows; i++) {
		int64_t kind = db_cell_i64(&r, i, 0);

		if (kind == 2) {
			struct property *pr = &out->props[out->nprops];

			memset(pr, 0, sizeof(*pr));
			pr->id = db_cell_i64(&r, i, 1);
			pr->name = DB_CELL(&r, i, 2);
			pr->customer_id = db_cell_i64(&r, i, 8);
			access_rights(acc, pr->id, pr->customer_id, &pr->rights);
			if (pr->rights.perms & PERM_BIT(PERM_CALENDAR_VIEW))
				out->nprops++;
		} else
			occupancy_row(&r, i, &out->occ[out->nocc++]);
	}
	return DB_OK;
}

int
store_calendar(struct arena *a, int64_t tenant, const struct access *acc,
    int64_t property, const char *from, const char *to, struct calendar *out)
{
	return calendar_read(a, tenant, acc, 0, property, from, to, out);
}

int
store_calendar_every(struct arena *a, int64_t tenant, const struct access *acc,
    const char *from, const char *to, struct calendar *out)
{
	return calendar_read(a, tenant, acc, 1, 0, from, to, out);
}

/* Row i of ST_BLOCK_GET into out. */
static int
block_fill(const struct db_res *r, size_t i, const void *ctx, void *block)
{
	struct block *out = block;

	out->id = db_cell_i64(r, i, 0);
	out->property_id = db_cell_i64(r, i, 1);
	out->customer_id = db_cell_i64(r, i, 2);
	out->property = DB_CELL(r, i, 3);
	out->start = DB_CELL(r, i, 4);
	out->end = DB_CELL(r, i, 5);
	out->reason = DB_CELL(r, i, 6);
	out->by_owner = strcmp(DB_CELL(r, i, 7), "0") != 0;
	return 0;
}

int
store_block_get(struct arena *a, int64_t tenant, int64_t id, struct block *out,
    int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };

	return store_one(a, ST_BLOCK_GET, p, NELEM(p), block_fill, NULL, out, found);
}

int
store_property_lock(struct arena *a, int64_t tenant, int64_t property, int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_I(property) };
	struct db_res r;
	int rc;

	*found = 0;
	if ((rc = db_exec(ST_PROPERTY_LOCK, p, NELEM(p), a, &r)) == DB_OK)
		*found = r.affected == 1;
	return rc;
}

int
store_block_conflict(struct arena *a, int64_t tenant, int64_t property,
    const char *start, const char *end, int64_t except_block, int64_t except_booking,
    int *found, struct block_conflict *out)
{
	struct db_param p[] = {
		DP_I(tenant), DP_I(property), DP_I(except_booking), DP_S(end), DP_S(start),
		DP_I(tenant), DP_I(property), DP_I(except_block), DP_S(end), DP_S(start),
	};
	struct db_res r;
	int rc;

	*found = 0;
	if ((rc = db_exec(ST_BLOCK_CONFLICT, p, NELEM(p), a, &r)) != DB_OK ||
	    r.nrows == 0)
		return rc;
	*found = 1;
	out->is_booking = strcmp(DB_CELL(&r, 0, 0), "booking") == 0;
	out->ref = DB_CELL(&r, 0, 1);
	out->start = DB_CELL(&r, 0, 2);
	out->end = DB_CELL(&r, 0, 3);
	return DB_OK;
}

int
store_booking_manual_add(struct arena *a, int64_t tenant,
    const struct booking_manual_row *b, int64_t portal_user, int64_t staff_user,
    int64_t *id)
{
	struct db_param p[] = {
		DP_I(tenant), DP_I(b->property_id), DP_S(b->reference != NULL ?
		b->reference : ""), DP_S(b->start), DP_S(b->end), DP_SN(b->checkin),
		DP_SN(b->checkout), DP_SN(b->channel), DP_SN(b->guest_name),
		DP_SN(b->guest_email), DP_SN(b->guest_phone), DP_SN(b->guest_address),
		DP_I(b->adults), DP_I(b->children), DP_I(b->infants), DP_ID(portal_user),
		DP_ID(staff_user),
	};
	struct db_param own[] = { DP_I(tenant), DP_I(0) };
	int rc;

	if ((rc = store_insert(a, ST_BOOKING_MANUAL_ADD, p, NELEM(p), id)) != DB_OK ||
	    b->reference != NULL)
		return rc;
	own[1] = DP_I(*id);
	return store_change(a, ST_BOOKING_REFERENCE_OWN, own, NELEM(own), NULL);
}

int
store_booking_manual_update(struct arena *a, int64_t tenant, int64_t id,
    const struct booking_manual_row *b)
{
	struct db_param p[] = {
		DP_S(b->reference), DP_S(b->start), DP_S(b->end), DP_SN(b->checkin),
		DP_SN(b->checkout), DP_SN(b->channel), DP_SN(b->guest_name),
		DP_SN(b->guest_email), DP_SN(b->guest_phone), DP_SN(b->guest_address),
		DP_I(b->adults), DP_I(b->children), DP_I(b->infants), DP_I(tenant),
		DP_I(id),
	};

	return store_change(a, ST_BOOKING_MANUAL_UPDATE, p, NELEM(p), NULL);
}

int
store_block_notes(struct arena *a, int64_t tenant, int64_t block, struct note **rows,
    size_t *n)
{
	struct db_param p[] = { DP_I(tenant), DP_I(block) };
	static const size_t first = 0;
	int rc;

	*rows = store_rows(a, ST_BLOCK_NOTES, p, NELEM(p), sizeof(**rows), note_fill,
	    &first, n, &rc);
	return rc;
}

int
store_block_note_add(struct arena *a, int64_t tenant, int64_t block,
    const char *author_kind, int64_t author_id, const char *author_name,
    const char *body, int64_t *id)
{
	return note_insert(a, ST_BLOCK_NOTE_ADD, tenant, block, author_kind, author_id,
	    author_name, body, id);
}

int
store_block_add(struct arena *a, int64_t tenant, int64_t property, const char *start,
    const char *end, const char *reason, int64_t portal_user, const char *xid,
    int64_t *id)
{
	struct db_param p[] = {
		DP_I(tenant), DP_I(property), DP_S(start), DP_S(end), DP_SN(reason),
		DP_ID(portal_user), DP_SN(xid),
	};

	return store_insert(a, ST_BLOCK_ADD, p, NELEM(p), id);
}

int
store_block_move(struct arena *a, int64_t tenant, int64_t id, int64_t property,
    const char *start, const char *end, const char *reason)
{
	struct db_param p[] = {
		DP_I(property), DP_S(start), DP_S(end), DP_SN(reason), DP_I(tenant),
		DP_I(id),
	};

	return store_change(a, ST_BLOCK_MOVE, p, NELEM(p), NULL);
}

int
store_block_del(struct arena *a, int64_t tenant, int64_t id)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };

	return store_change(a, ST_BLOCK_DEL, p, NELEM(p), NULL);
}

int
store_booking_mail_to(struct arena *a, int64_t tenant, int64_t property,
    struct mail_to **to, size_t *n, struct notify_user *nu)
{
	struct db_param p[] = { DP_I(tenant), DP_I(property), DP_I(tenant) };
	struct db_res r;
	int rc;

	*n = 0;
	*to = NULL;
	memset(nu, 0, sizeof(*nu));
	if ((rc = db_exec(ST_BOOKING_MAIL_TO, p, NELEM(p), a, &r)) != DB_OK)
		return rc;
	*to = arena_alloc(a, (r.nrows + 1) * sizeof(**to));
	for (size_t i = 0; i < r.nrows; i++) {
		const char *addr = DB_CELL(&r, i, 0);
		int dup = 0;

		if (strcmp(DB_CELL(&r, i, 2), "1") == 0) {
			nu->id = db_cell_i64(&r, i, 4);
			nu->login = DB_CELL(&r, i, 3);
			nu->addr = DB_CELL(&r, i, 0);
			continue;
		}
		if (addr == NULL)
			continue;
		for (size_t j = 0; j < *n; j++)
			dup |= strcmp((*to)[j].addr, addr) == 0;
		if (dup)
			continue;
		(*to)[*n].addr = DB_CELL(&r, i, 0);
		(*to)[*n].name = DB_CELL(&r, i, 1);
		(*n)++;
	}
	return DB_OK;
}

int
store_booking_notify_set(struct arena *a, int64_t tenant, const char *ids,
    const int64_t *props, size_t n, struct notify_user *nu)
{
	struct db_param p[] = { DP_S(ids), DP_I(tenant) };
	struct db_res r;
	int rc;

	memset(nu, 0, n * sizeof(*nu));
	if ((rc = db_exec(ST_BOOKING_NOTIFY_SET, p, NELEM(p), a, &r)) != DB_OK)
		return rc;
	/* Each property's holders by id: the first one is its holder. */
	for (size_t i = 0; i < r.nrows; i++)
		for (size_t k = 0; k < n; k++)
			if (props[k] == db_cell_i64(&r, i, 0) && nu[k].id == 0) {
				nu[k].id = db_cell_i64(&r, i, 1);
				nu[k].addr = DB_CELL(&r, i, 2);
				nu[k].login = DB_CELL(&r, i, 3);
			}
	return DB_OK;
}
