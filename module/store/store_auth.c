/* porch — SPDX-License-Identifier: MIT
 * Accounts, sessions, sign-in throttling and the audit log: the store functions behind
 * sign-in. Statements are picked by principal kind from pairs in store_sql.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store_access.h"
#include "store.h"
#include "store_auth.h"
#include "store_rights.h"

static const struct stmt_pair by_login = { ST_PORTAL_USER_BY_LOGIN, ST_STAFF_USER_BY_EMAIL };
static const struct stmt_pair pw_get = { ST_PORTAL_USER_PASSWORD_GET, ST_STAFF_USER_PASSWORD_GET };
static const struct stmt_pair pw_set = { ST_PORTAL_USER_PASSWORD_SET, ST_STAFF_USER_PASSWORD_SET };
static const struct stmt_pair links_retire = { ST_ACTION_TOKENS_RETIRE,
	ST_STAFF_ACTION_TOKENS_RETIRE };
static const struct stmt_pair touch = { ST_PORTAL_USER_TOUCH, ST_STAFF_USER_TOUCH };
static const struct stmt_pair sess_list = { ST_SESSIONS_OF_PORTAL_USER, ST_SESSIONS_OF_STAFF_USER };
static const struct stmt_pair sess_del = { ST_SESSION_DEL_OF_PORTAL_USER,
	ST_SESSION_DEL_OF_STAFF_USER };
static const struct stmt_pair link_add = { ST_ACTION_TOKEN_ADD, ST_STAFF_ACTION_TOKEN_ADD };
static const struct stmt_pair link_user = { ST_ACTION_TOKEN_GET, ST_STAFF_ACTION_TOKEN_GET };
static const struct stmt_pair activate = { ST_PORTAL_USER_SET_PASSWORD_ACTIVATE,
	ST_STAFF_SET_PASSWORD_ACTIVATE };
static const struct stmt_pair sess_others = { ST_SESSIONS_DEL_OTHERS_PORTAL,
	ST_SESSIONS_DEL_OTHERS_STAFF };
static const struct stmt_pair zone_lock = { ST_PORTAL_USER_ZONE_LOCK,
	ST_STAFF_USER_ZONE_LOCK };
static const struct stmt_pair zone_set = { ST_PORTAL_USER_ZONE_SET,
	ST_STAFF_USER_ZONE_SET };

enum stmt_id
stmt_for(const struct stmt_pair *p, enum principal k)
{
	return k == PRINCIPAL_STAFF ? p->staff : p->portal;
}

static struct db_param
str_or_null(const char *s)
{
	return s != NULL ? DP_S(s) : DP_NUL;
}

const char *
principal_name(enum principal k)
{
	static const char *const names[PRINCIPAL__MAX] = { "portal", "staff", "token" };

	return k < PRINCIPAL__MAX ? names[k] : "unknown";
}

const char *
mfa_state_name(enum mfa_state m)
{
	static const char *const names[MFA__MAX] = { "none", "pending", "enrol", "done" };

	return m < MFA__MAX ? names[m] : "none";
}

/* Row i of a sign-in look-up by login. */
static int
account_fill(const struct db_res *r, size_t i, const void *ctx, void *account)
{
	struct account *acc = account;

	acc->id = db_cell_i64(r, i, 0);
	acc->password_hash = DB_CELL(r, i, 1);
	acc->active = strcmp(DB_CELL(r, i, 2), "active") == 0;
	acc->must_change_password = db_cell_i64(r, i, 3) != 0;
	acc->mfa_required = db_cell_i64(r, i, 4) != 0;
	acc->mfa_enrolled = db_cell_i64(r, i, 5) != 0;
	acc->first_signin = r->ncols > 6 && db_cell_i64(r, i, 6) != 0;
	return 0;
}

int
store_account_by_login(struct arena *a, enum principal k, int64_t tenant,
    const char *login, struct account *acc, int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_S(login) };

	return store_one(a, stmt_for(&by_login, k), p, NELEM(p), account_fill, NULL, acc,
	    found);
}

int
store_password_get(struct arena *a, enum principal k, int64_t tenant, int64_t id,
    char **hash)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };
	struct db_res r;
	int rc;

	*hash = NULL;
	if ((rc = db_exec(stmt_for(&pw_get, k), p, NELEM(p), a, &r)) == DB_OK && r.nrows == 1)
		*hash = DB_CELL(&r, 0, 0);
	return rc;
}

int
store_password_rehash(struct arena *a, enum principal k, int64_t tenant, int64_t id,
    const char *hash, int must_change)
{
	struct db_param p[] = { DP_S(hash), DP_I(must_change), DP_I(tenant), DP_I(id) };

	return store_change(a, stmt_for(&pw_set, k), p, NELEM(p), NULL);
}

int
store_password_set(struct arena *a, enum principal k, int64_t tenant, int64_t id,
    const char *hash, int must_change)
{
	int rc;

	if ((rc = store_password_rehash(a, k, tenant, id, hash, must_change)) != DB_OK)
		return rc;
	/* A one-time link dies with the password it was sent to replace. */
	return store_links_retire(a, k, tenant, id);
}

int
store_links_retire(struct arena *a, enum principal k, int64_t tenant, int64_t id)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };

	return store_change(a, stmt_for(&links_retire, k), p, NELEM(p), NULL);
}

int
store_link_add(struct arena *a, enum principal k, int64_t tenant, const char *kind,
    const unsigned char hash[32], int64_t id, long ttl_seconds)
{
	struct db_param p[] = { DP_B(hash, 32), DP_I(tenant), DP_S(kind), DP_I(id),
		DP_I(ttl_seconds) };

	return store_change(a, stmt_for(&link_add, k), p, NELEM(p), NULL);
}

int
store_link_user(struct arena *a, enum principal k, int64_t tenant, const char *kind,
    const unsigned char hash[32], int64_t *id)
{
	struct db_param p[] = { DP_B(hash, 32), DP_I(tenant), DP_S(kind) };
	struct db_res r;
	int rc;

	*id = 0;
	if ((rc = db_exec(stmt_for(&link_user, k), p, NELEM(p), a, &r)) == DB_OK &&
	    r.nrows == 1)
		*id = db_cell_i64(&r, 0, 0);
	return rc;
}

int
store_user_activate(struct arena *a, enum principal k, int64_t tenant, int64_t id,
    const char *hash)
{
	struct db_param p[] = { DP_S(hash), DP_I(tenant), DP_I(id) };
	int rc;

	if ((rc = store_change(a, stmt_for(&activate, k), p, NELEM(p), NULL)) != DB_OK)
		return rc;
	/* Like every password set: the user's other open links die with it. */
	return store_links_retire(a, k, tenant, id);
}

int
store_user_touch(struct arena *a, enum principal k, int64_t tenant, int64_t id)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };

	return store_change(a, stmt_for(&touch, k), p, NELEM(p), NULL);
}

int
store_session_add(struct arena *a, const struct session_new *s)
{
	struct db_param p[] = {
		DP_B(s->hash, 32), DP_I(s->tenant), DP_S(principal_name(s->kind)),
		DP_ID(s->kind == PRINCIPAL_PORTAL ? s->user_id : 0),
		DP_ID(s->kind == PRINCIPAL_STAFF ? s->user_id : 0),
		DP_ID(s->customer_id),
		s->link_hash != NULL ? DP_B(s->link_hash, 32) : DP_NUL,
		DP_ID(s->impersonator_id),
		DP_B(s->csrf, 32), DP_I(s->ttl_seconds), str_or_null(s->ip),
		str_or_null(s->user_agent), DP_S(mfa_state_name(s->mfa)),
	};

	return store_change(a, ST_SESSION_ADD, p, NELEM(p), NULL);
}

/* The parameters of ST_AUDIT_ADD for an audit entry (audit_params() below). */
#define AUDIT_PARAMS	9
static void	audit_params(const struct audit_entry *, struct db_param *);

int
store_session_add_link(struct arena *a, const struct session_new *s,
    const struct audit_entry *e, int *landed)
{
	struct db_param p[] = {
		DP_B(s->hash, 32), DP_S(principal_name(PRINCIPAL_TOKEN)),
		DP_B(s->csrf, 32), DP_I(s->ttl_seconds), str_or_null(s->ip),
		str_or_null(s->user_agent), DP_S(mfa_state_name(MFA_NONE)),
		DP_B(s->link_hash, 32), DP_I(s->tenant),
		DP_B(s->hash, 32), DP_I(s->tenant),
		/* the audit line's nine (audit_params()) */
		DP_NUL, DP_NUL, DP_NUL, DP_NUL, DP_NUL, DP_NUL, DP_NUL, DP_NUL, DP_NUL,
	};
	struct db_res r;
	int rc;

	*landed = 0;
	/* Its own START TRANSACTION would commit a caller's transaction. */
	if (db_in_transaction())
		return DB_ERROR;
	audit_params(e, p + 11);	/* after the session's eleven */
	if ((rc = db_exec(ST_SESSION_ADD_LINK, p, NELEM(p), a, &r)) == DB_OK)
		*landed = r.affected > 0;
	return rc;
}

/* The columns of ST_SESSION_GET before the visitor's rights (all of
 * ST_SESSION_LIGHT's), and the column after them that ends a grant's keeping. */
#define SESSION_COLS	17
#define ACCESS_EXPIRES	21
/* The session's idle time, the one column of its row that may differ between
 * two reads of a session that did not change. */
#define SESSION_IDLE	6

/* The session's own columns of r into s. Returns DB_OK or DB_ERROR. */
static int
session_cells(const struct db_res *r, struct session_row *s)
{
	const char *kind = DB_CELL(r, 0, 0);

	memset(s, 0, sizeof(*s));
	s->kind = strcmp(kind, "staff") == 0 ? PRINCIPAL_STAFF :
	    strcmp(kind, "token") == 0 ? PRINCIPAL_TOKEN : PRINCIPAL_PORTAL;
	s->user_id = db_cell_i64(r, 0, s->kind == PRINCIPAL_STAFF ? 2 : 1);
	s->customer_id = db_cell_i64(r, 0, 3);
	s->impersonator_id = db_cell_i64(r, 0, 4);
	if (r->len[5] != 32)
		return DB_ERROR;
	memcpy(s->csrf, DB_CELL(r, 0, 5), 32);
	s->idle_seconds = (long)db_cell_i64(r, 0, SESSION_IDLE);
	s->login = DB_CELL(r, 0, 7);
	s->name = DB_CELL(r, 0, 8);
	s->role = DB_CELL(r, 0, 9);
	s->must_change_password = db_cell_i64(r, 0, 10) != 0;
	/* A token visitor's: their link is still the customer's, on and unexpired. */
	s->active = DB_CELL(r, 0, 11) != NULL && strcmp(DB_CELL(r, 0, 11), "active") == 0;
	s->impersonator_name = DB_CELL(r, 0, 12);
	s->mfa = MFA_NONE;
	for (int m = 0; m < MFA__MAX; m++)
		if (DB_CELL(r, 0, 13) != NULL &&
		    strcmp(DB_CELL(r, 0, 13), mfa_state_name(m)) == 0)
			s->mfa = m;
	s->rights_version = (uint64_t)strtoull(DB_CELL(r, 0, 14), NULL, 10);
	s->customer_name = DB_CELL(r, 0, 15);
	s->time_zone = DB_CELL(r, 0, 16);
	return DB_OK;
}

/* How long rights read at r may be kept: until the first live grant expires. */
static uint64_t
keep_ms(const struct db_res *r)
{
	long long first = 0;

	for (size_t i = 0; i < r->nrows; i++) {
		const char *c = DB_CELL(r, i, SESSION_COLS + ACCESS_EXPIRES);
		long long left = c != NULL ? strtoll(c, NULL, 10) : 0;

		/* Whole seconds, cut toward 0: a grant within a second of its end,
		 * either side, says 0. Such rights are not kept (a millisecond). */
		if (c != NULL && left == 0)
			return 1;
		if (left > 0 && (first == 0 || left < first))
			first = left;
	}
	/* A second early: the worker's clock and the server's need not agree. */
	return first > 1 ? (uint64_t)(first - 1) * 1000 : first > 0 ? 1 : 0;
}

/*
 * A portal user's rights from the rows r (their columns from col) into acc, with
 * what the session s read: DB_OK (*acc_found -1 when they do not parse) or a
 * DB_* error.
 */
static int
session_access(struct arena *a, const struct db_res *r, size_t col,
    const struct session_row *s, struct access *acc, int *acc_found)
{
	int rc = access_of_user(a, r, col, s->user_id, acc, acc_found);

	if (acc->customer_name != NULL)
		acc->customer_name = s->customer_name;
	acc->rights_version = s->rights_version;
	acc->versioned = 1;
	/* Rights that do not parse fail the portal's pages, not the session. */
	if (rc == DB_ERROR) {
		*acc_found = -1;
		rc = DB_OK;
	}
	return rc;
}

/*
 * Runs session statement id (params p) for the session of hash: its row in s and
 * r, kept for the worker, k its principal; *row 0 when there is none (forgotten).
 */
static int
session_read(struct arena *a, enum stmt_id id, const struct db_param *p, size_t n,
    const unsigned char hash[32], int64_t tenant, struct rights_key *k,
    struct db_res *r, struct session_row *s, int *row)
{
	int rc;

	*row = 0;
	if ((rc = db_exec(id, p, n, a, r)) != DB_OK)
		return rc;
	if (r->nrows == 0) {
		rights_session_forget(hash);
		return DB_OK;
	}
	if (session_cells(r, s) != DB_OK)
		return DB_ERROR;
	k->tenant = tenant;
	k->kind = s->kind;
	k->id = s->kind == PRINCIPAL_TOKEN ? s->customer_id : s->user_id;
	rights_session_keep(hash, k, r, SESSION_COLS);
	*row = 1;
	return DB_OK;
}

int
store_session_get(struct arena *a, const unsigned char hash[32], int64_t tenant,
    long idle_seconds, struct session_row *s, struct access *acc, int *acc_found,
    int *found)
{
	struct db_param p[] = { DP_B(hash, 32), DP_I(tenant), DP_I(idle_seconds) };
	struct rights_key k;
	struct db_res r, kept;
	uint64_t was;
	int known, light, row, rc;

	*found = 0;
	*acc_found = 0;
	memset(acc, 0, sizeof(*acc));
	/*
	 * A session seen before whose rights this worker keeps (or that has none
	 * here: staff, a token visitor) needs only its own row; any other reads the
	 * portal user's rights with it.
	 */
	known = rights_session(hash, tenant, &k);
	light = known && (k.kind != PRINCIPAL_PORTAL || rights_have(&k));
	if ((rc = session_read(a, light ? ST_SESSION_LIGHT : ST_SESSION_GET, p,
	    NELEM(p), hash, tenant, &k, &r, s, &row)) != DB_OK || !row)
		return rc;
	if (s->kind != PRINCIPAL_PORTAL) {
		*found = 1;
		return DB_OK;
	}
	if (light && rights_get(&k, s->rights_version, a, &kept)) {
		rights_outcome("kept");
		rc = session_access(a, &kept, 0, s, acc, acc_found);
	} else {
		/* Kept at an older version: read again, with the rights. */
		if (light && ((rc = session_read(a, ST_SESSION_GET, p, NELEM(p), hash,
		    tenant, &k, &r, s, &row)) != DB_OK || !row))
			return rc;
		/* Kept at another version before: the version moved. */
		rights_outcome(rights_version_kept(&k, &was) && was != s->rights_version ?
		    "moved" : "read");
		rc = session_access(a, &r, SESSION_COLS, s, acc, acc_found);
		if (rc == DB_OK)
			rights_keep(&k, s->rights_version, keep_ms(&r), &r, SESSION_COLS);
	}
	*found = rc == DB_OK;
	return rc;
}

/*
 * The check held for a session the request goes on with as this worker kept it
 * (store_session_kept()): the row it went on with and, once the check passed,
 * the idle time the check read.
 */
static struct {
	unsigned char	 hash[32];
	struct db_res	 row;
	long		 idle;
} held;

/* Is the session's row (row of r, its columns from col; r NULL: none) the one
 * held, but for its idle time? When not, the worker forgets it. */
static int
session_same(const struct db_res *r, size_t row, size_t col, void *ctx)
{
	(void)ctx;
	for (size_t c = 0; r != NULL && c < SESSION_COLS; c++) {
		const char *x = DB_CELL(r, row, col + c), *y = DB_CELL(&held.row, 0, c);
		size_t n = DB_LEN(r, row, col + c);

		if (c == SESSION_IDLE)
			continue;
		if ((x == NULL) != (y == NULL) || (x != NULL &&
		    (n != DB_LEN(&held.row, 0, c) || memcmp(x, y, n) != 0)))
			break;
		if (c == SESSION_COLS - 1) {
			held.idle = (long)db_cell_i64(r, row, col + SESSION_IDLE);
			return 1;
		}
	}
	rights_session_forget(held.hash);
	return 0;
}

int
store_session_kept(struct arena *a, const unsigned char hash[32], int64_t tenant,
    long idle_seconds, struct session_row *s, struct access *acc, int *acc_found)
{
	struct db_check c = {
		.stmt = ST_SESSION_LIGHT,
		.p = { DP_B(held.hash, 32), DP_I(tenant), DP_I(idle_seconds) },
		.np = 3, .ncols = SESSION_COLS, .same = session_same,
	};
	struct rights_key k;
	struct db_res kept;

	*acc_found = 0;
	memset(acc, 0, sizeof(*acc));
	if (!rights_session_row(hash, tenant, &k, a, &held.row) ||
	    held.row.ncols != SESSION_COLS || session_cells(&held.row, s) != DB_OK)
		return 0;
	/* A visitor's session, signed in, as it stood when it was last read. */
	if (s->kind == PRINCIPAL_STAFF || !s->active ||
	    (s->mfa != MFA_NONE && s->mfa != MFA_DONE) ||
	    (s->impersonator_id != 0 && s->impersonator_name == NULL))
		return 0;
	if (s->kind == PRINCIPAL_PORTAL) {
		if (!rights_get(&k, s->rights_version, a, &kept) ||
		    session_access(a, &kept, 0, s, acc, acc_found) != DB_OK)
			return 0;
		rights_outcome("kept");
	}
	memcpy(held.hash, hash, 32);
	held.idle = -1;
	db_check_hold(&c);
	return 1;
}

int
store_session_settle(long *idle)
{
	int rc;

	*idle = -1;
	if (db_check_state() == DB_CHECK_NONE)
		return DB_OK;
	if ((rc = db_check_settle()) == DB_OK)
		*idle = held.idle;
	return rc;
}

int
store_session_touch(struct arena *a, const unsigned char hash[32], int64_t tenant)
{
	struct db_param p[] = { DP_B(hash, 32), DP_I(tenant) };

	return store_change(a, ST_SESSION_TOUCH, p, NELEM(p), NULL);
}

int
store_session_del(struct arena *a, const unsigned char hash[32], int64_t tenant)
{
	struct db_param p[] = { DP_B(hash, 32), DP_I(tenant) };

	return store_change(a, ST_SESSION_DEL, p, NELEM(p), NULL);
}

/*
 * A row of sess_list; left out when its token hash is not 32 bytes: not a session
 * that can be named.
 */
static int
user_session_fill(const struct db_res *r, size_t row, const void *ctx, void *out)
{
	struct user_session *s = out;

	if (DB_LEN(r, row, 0) != 32)
		return STORE_SKIP;
	memcpy(s->hash, DB_CELL(r, row, 0), 32);
	s->created = DB_CELL(r, row, 1);
	s->last_seen = DB_CELL(r, row, 2);
	s->ip = DB_CELL(r, row, 3);
	s->user_agent = DB_CELL(r, row, 4);
	return 0;
}

int
store_sessions_of_user(struct arena *a, enum principal k, int64_t tenant, int64_t id,
    struct user_session **rows, size_t *n)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };
	int rc;

	*rows = store_rows(a, stmt_for(&sess_list, k), p, NELEM(p), sizeof(**rows),
	    user_session_fill, NULL, n, &rc);
	return rc;
}

int
store_session_del_of_user(struct arena *a, enum principal k, int64_t tenant, int64_t id,
    const unsigned char hash[32], uint64_t *deleted)
{
	struct db_param p[] = { DP_B(hash, 32), DP_I(tenant), DP_I(id) };

	return store_change(a, stmt_for(&sess_del, k), p, NELEM(p), deleted);
}

int
store_sessions_del_others(struct arena *a, enum principal k, int64_t tenant,
    int64_t id, const unsigned char *keep)
{
	static const unsigned char none[32];
	struct db_param p[] = { DP_I(tenant), DP_I(id), DP_B(keep ? keep : none, 32) };

	return store_change(a, stmt_for(&sess_others, k), p, NELEM(p), NULL);
}

static const char *const scope_names[THROTTLE_SCOPE__MAX] = { "pair", "address",
	"account" };
/* The account column of 'address' rows, which belong to no account. */
static const unsigned char no_account[32];

int
store_throttle_check(struct arena *a, int64_t tenant, const unsigned char *account,
    const char *client, int *refused, int *counted)
{
	struct db_param p[] = { DP_I(tenant), DP_B(account, 32), DP_S(client),
		DP_B(no_account, 32), DP_S(client) };
	struct db_res r;
	int rc;

	*refused = 0;
	*counted = 1;		/* when in doubt, clear */
	if ((rc = db_exec(ST_THROTTLE_CHECK, p, NELEM(p), a, &r)) == DB_OK &&
	    r.nrows == 1) {
		*refused = db_cell_i64(&r, 0, 0) > 0;
		*counted = db_cell_i64(&r, 0, 1) > 0;
	}
	return rc;
}

static int
throttle_bump(struct arena *a, int64_t tenant, enum throttle_scope scope,
    const unsigned char *account, const char *client, long window_seconds)
{
	struct db_param p[] = { DP_I(tenant), DP_S(scope_names[scope]), DP_B(account, 32),
		DP_S(client), DP_I(window_seconds) };

	return store_change(a, ST_THROTTLE_BUMP, p, NELEM(p), NULL);
}

int
store_throttle_record(struct arena *a, int64_t tenant, const unsigned char *account,
    const char *client, long window_seconds, struct throttle_counts *n)
{
	struct db_param q[] = { DP_I(tenant), DP_B(account, 32), DP_S(client),
		DP_B(no_account, 32), DP_S(client), DP_B(account, 32) };
	struct db_res r;
	int rc;

	memset(n, 0, sizeof(*n));
	if ((rc = throttle_bump(a, tenant, THROTTLE_PAIR, account, client,
	    window_seconds)) != DB_OK ||
	    (rc = throttle_bump(a, tenant, THROTTLE_ADDRESS, no_account, client,
	    window_seconds)) != DB_OK ||
	    (rc = throttle_bump(a, tenant, THROTTLE_ACCOUNT, account, "",
	    window_seconds)) != DB_OK ||
	    (rc = db_exec(ST_THROTTLE_COUNTS, q, NELEM(q), a, &r)) != DB_OK)
		return rc;
	for (size_t i = 0; i < r.nrows; i++) {
		const char *scope = DB_CELL(&r, i, 0);
		long v = (long)db_cell_i64(&r, i, 1);

		if (strcmp(scope, "pair") == 0)
			n->pair = v;
		else if (strcmp(scope, "address") == 0)
			n->address = v;
		else
			n->account = v;
	}
	return DB_OK;
}

int
store_throttle_wait(struct arena *a, int64_t tenant, enum throttle_scope scope,
    const unsigned char *account, const char *client, long seconds)
{
	struct db_param p[] = { DP_I(seconds), DP_I(tenant), DP_S(scope_names[scope]),
		DP_B(scope == THROTTLE_ADDRESS ? no_account : account, 32), DP_S(client) };

	return store_change(a, ST_THROTTLE_WAIT, p, NELEM(p), NULL);
}

int
store_throttle_pass(struct arena *a, int64_t tenant, const unsigned char *account,
    const char *client)
{
	struct db_param p[] = { DP_I(tenant), DP_B(account, 32), DP_S(client) };

	return store_change(a, ST_THROTTLE_PASS, p, NELEM(p), NULL);
}

int
store_throttle_clear_account(struct arena *a, int64_t tenant,
    const unsigned char *password_tag, const unsigned char *mfa_tag, uint64_t *cleared)
{
	struct db_param p[] = { DP_I(tenant), DP_B(password_tag, 32), DP_B(mfa_tag, 32) };

	return store_change(a, ST_THROTTLE_CLEAR_ACCOUNT, p, NELEM(p), cleared);
}

int
store_throttle_purge(struct arena *a, long window_seconds, uint64_t *deleted)
{
	struct db_param p[] = { DP_I(window_seconds), DP_I(1000) };
	struct db_res r;
	int rc;

	if (deleted != NULL)
		*deleted = 0;
	do {
		if ((rc = db_exec(ST_THROTTLE_PURGE, p, NELEM(p), a, &r)) != DB_OK)
			return rc;
		if (deleted != NULL)
			*deleted += r.affected;
	} while (r.affected >= 1000);
	return DB_OK;
}

/* The parameters of ST_AUDIT_ADD for e into p. */
static void
audit_params(const struct audit_entry *e, struct db_param *p)
{
	p[0] = DP_ID(e->tenant);
	p[1] = DP_S(e->action);
	p[2] = str_or_null(e->actor_kind);
	p[3] = DP_ID(e->actor_id);
	p[4] = DP_ID(e->impersonator_id);
	p[5] = str_or_null(e->target_kind);
	p[6] = DP_ID(e->target_id);
	p[7] = str_or_null(e->ip);
	p[8] = str_or_null(e->detail);
}

int
store_audit_add(struct arena *a, const struct audit_entry *e)
{
	struct db_param p[AUDIT_PARAMS];

	audit_params(e, p);
	return store_change(a, ST_AUDIT_ADD, p, AUDIT_PARAMS, NULL);
}

int
store_audit_add_set(struct arena *a, const struct audit_entry *e, size_t n)
{
	struct db_param *p = arena_alloc(a, n * AUDIT_PARAMS * sizeof(*p));
	struct db_res r;

	for (size_t i = 0; i < n; i++)
		audit_params(&e[i], p + i * AUDIT_PARAMS);
	return db_exec_rows(ST_AUDIT_ADD, p, AUDIT_PARAMS, n, a, &r);
}

int
store_user_zone_lock(struct arena *a, enum principal k, int64_t tenant, int64_t id,
    char **zone, int *found)
{
	struct db_param p[] = { DP_I(tenant), DP_I(id) };
	struct db_res r;
	int rc;

	*zone = NULL;
	*found = 0;
	if ((rc = db_exec(stmt_for(&zone_lock, k), p, NELEM(p), a, &r)) == DB_OK &&
	    r.nrows == 1) {
		*zone = DB_CELL(&r, 0, 0);
		*found = 1;
	}
	return rc;
}

int
store_user_zone_set(struct arena *a, enum principal k, int64_t tenant, int64_t id,
    const char *zone)
{
	struct db_param p[] = { str_or_null(zone), DP_I(tenant), DP_I(id) };

	return store_change(a, stmt_for(&zone_set, k), p, NELEM(p), NULL);
}
