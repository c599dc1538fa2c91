/* porch — SPDX-License-Identifier: MIT
 * The MariaDB connection of this process: lazy connect, statements prepared once per
 * connection, results copied into the caller's arena, reconnect after a loss.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>

#include "db.h"
#include "log.h"
#include "metrics.h"

/* A failed connect is not retried sooner than this, so a dead server costs little. */
#define RECONNECT_MS	500

static struct {
	struct cfg_db	 cfg;
	MYSQL		*conn;
	MYSQL_STMT	*stmt[ST__MAX];
	uint64_t	 failed_at;
	int		 was_connected;	/* a connection was made before (metrics) */
	int		 depth;		/* 0: no transaction; 1: one; 2..: its savepoints */
	int		 lost;		/* the transaction ended under us: a DB_* code */
	int		 committing;	/* COMMIT sent: its outcome is the server's */
	int64_t		 rights_bumped;	/* the tenant whose rights version this
					   transaction bumped, 0: none yet */
	unsigned int	 last_errno;	/* of the last failure */
	unsigned long	 conflict_retries;	/* runs again after a conflict, ever */
	int		 node;		/* the candidate connected: 0 preferred */
	uint64_t	 connected_at;
	char		 err[512];
} db;

/* Candidates past the preferred one: database.fallbacks, parsed. */
#define DB_NODES_MAX	8
static struct db_node {
	char		 socket[256];
	char		 host[256];
	int		 port;
} nodes[DB_NODES_MAX];
static int nnodes;

#define CAUSAL_PREFIX	"SET STATEMENT wsrep_sync_wait = 1 FOR "

/* A fallback connection goes back to the preferred node after this long. */
#define PREFERRED_AGAIN_MS	30000

/* ER_UNKNOWN_COM_ERROR from a Galera node out of the primary component (or still
 * joining): "WSREP has not yet prepared node for application use". */
#define ER_WSREP_NOT_READY	1047

/* Statements executed since the last db_statements_reset(): the request log's sql=. */
static unsigned long statements;

/* A statement's parameters at most (a booking's row is 26; a twin adds its check's). */
#define PARAMS_MAX	32

/* The check held pending (db.h, db_check_hold()). */
static struct {
	struct db_check		 c;
	enum db_check_state	 state;
} check;

void
db_statements_reset(void)
{
	statements = 0;
}

unsigned long
db_statements(void)
{
	return statements;
}

/* The preferred node (database.socket or host) first, then database.fallbacks. */
static void
nodes_parse(const struct cfg_db *c)
{
	const char *p = c->fallbacks != NULL ? c->fallbacks : "";

	memset(nodes, 0, sizeof(nodes));
	snprintf(nodes[0].socket, sizeof(nodes[0].socket), "%s", c->socket);
	snprintf(nodes[0].host, sizeof(nodes[0].host), "%s", c->host);
	nodes[0].port = c->port;
	nnodes = 1;
	while (*p != '\0' && nnodes < DB_NODES_MAX) {
		size_t n;
		struct db_node *d = &nodes[nnodes];
		char one[256], *colon;

		p += strspn(p, ", ");
		if ((n = strcspn(p, ", ")) == 0)
			break;
		snprintf(one, sizeof(one), "%.*s", (int)n, p);
		p += n;
		if (one[0] == '/') {
			snprintf(d->socket, sizeof(d->socket), "%s", one);
		} else {
			d->port = c->port;
			if ((colon = strrchr(one, ':')) != NULL) {
				*colon = '\0';
				d->port = atoi(colon + 1);
			}
			snprintf(d->host, sizeof(d->host), "%s", one);
		}
		nnodes++;
	}
}

void
db_configure(const struct cfg_db *c)
{
	db_close();
	free(db.cfg.socket);
	free(db.cfg.host);
	free(db.cfg.name);
	free(db.cfg.user);
	free(db.cfg.password);
	db.cfg = *c;
	db.cfg.socket = xstrdup(c->socket);
	db.cfg.host = xstrdup(c->host);
	db.cfg.name = xstrdup(c->name);
	db.cfg.user = xstrdup(c->user);
	db.cfg.password = xstrdup(c->password);
	db.cfg.fallbacks = NULL;
	db.failed_at = 0;
	nodes_parse(c);
}

void
db_close(void)
{
	for (int i = 0; i < ST__MAX; i++)
		if (db.stmt[i] != NULL) {
			mysql_stmt_close(db.stmt[i]);
			db.stmt[i] = NULL;
		}
	if (db.conn != NULL) {
		mysql_close(db.conn);
		db.conn = NULL;
	}
	db.depth = 0;
	db.lost = 0;
	db.rights_bumped = 0;
}

const char *
db_last_error(void)
{
	return db.err;
}

static int
is_gone(unsigned int e)
{
	switch (e) {
	case CR_SERVER_GONE_ERROR:
	case CR_SERVER_LOST:
	case CR_CONNECTION_ERROR:
	case CR_CONN_HOST_ERROR:
	case ER_CONNECTION_KILLED:
	case ER_SERVER_SHUTDOWN:
	case 4031:	/* ER_CLIENT_INTERACTION_TIMEOUT */
		return 1;
	default:
		return 0;
	}
}

/* Maps a MariaDB error number to a DB_* result, dropping a dead connection. */
/*
 * A transaction that the server ended (a deadlock rolls it back whole; a lost
 * connection takes it along) stays open here as lost until its caller ends it, so
 * that no later statement of it runs on its own, committed at once.
 */
static int
fail(unsigned int e, const char *msg)
{
	int depth = db.depth;

	snprintf(db.err, sizeof(db.err), "%s (%u)", msg, e);
	db.last_errno = e;
	if (e != ER_DUP_ENTRY)	/* a duplicate is an answer, not a failure */
		metrics_count(is_gone(e) ? METRIC_DB_GONE : e == ER_LOCK_DEADLOCK ||
		    e == ER_LOCK_WAIT_TIMEOUT ? METRIC_DB_BUSY : METRIC_DB_ERROR);
	if (is_gone(e) || (db.cfg.cluster && e == ER_WSREP_NOT_READY)) {
		db_close();
		if (depth > 0) {
			db.depth = depth;
			db.lost = DB_GONE;
			/*
			 * On a cluster, a transaction cut before its COMMIT was sent left
			 * nothing behind (the server rolls back what it had): it runs
			 * again from its start on another connection, as after a conflict.
			 * A node may also never answer a statement of a transaction it
			 * aborted for a conflict (the read timeout ends the wait): that
			 * transaction is run again the same way. A cut COMMIT is not: it
			 * may have committed.
			 */
			if (db.cfg.cluster && !db.committing) {
				db.lost = DB_BUSY;
				db.last_errno = ER_LOCK_DEADLOCK;
				return DB_BUSY;
			}
		}
		return DB_GONE;
	}
	if (e == ER_DUP_ENTRY)
		return DB_CONFLICT;
	if (e == ER_LOCK_DEADLOCK) {
		if (depth > 0)
			db.lost = DB_BUSY;
		return DB_BUSY;
	}
	if (e == ER_LOCK_WAIT_TIMEOUT)
		return DB_BUSY;	/* only the statement is undone */
	return DB_ERROR;
}

/*
 * Inside a transaction, 1 when the server's last answer says the transaction is
 * still open. On a cluster a transaction aborted for a conflict while its client
 * was between statements should fail the next statement (1213); when that one is
 * the first prepare of a statement on the connection, MariaDB 10.11 may answer
 * the prepare as usual and run the statements after it on their own, and the
 * COMMIT then succeeds with nothing to commit: an acknowledged write lost (seen in
 * the fault run, docs/CLUSTER.md). Every answer's status flags say whether the
 * transaction is open: when it is not, the transaction is lost, reported as a
 * conflict, and runs again from its start.
 */
static int
txn_alive(void)
{
	unsigned int status = 0;

	if (db.depth == 0 || db.conn == NULL ||
	    mariadb_get_infov(db.conn, MARIADB_CONNECTION_SERVER_STATUS, &status) != 0 ||
	    (status & SERVER_STATUS_IN_TRANS))
		return 1;
	log_error("the server ended the transaction without an error; running it again");
	metrics_count(METRIC_DB_ERROR);
	snprintf(db.err, sizeof(db.err), "transaction ended by the server");
	db.last_errno = ER_LOCK_DEADLOCK;
	db.lost = DB_BUSY;
	return 0;
}

/*
 * A certification conflict (Galera) or a deadlock: the server rolled the whole
 * transaction back, so running it again from its start is safe.
 */
static int
conflict(int rc)
{
	return rc == DB_BUSY && db.last_errno == ER_LOCK_DEADLOCK;
}

/* Waits before run attempt+1 of a transaction: random, up to 4 ms << attempt. */
static void
conflict_pause(int attempt)
{
	unsigned int max_us = 4000u << (attempt < 8 ? attempt : 8);
	struct timespec ts;

	ts.tv_sec = 0;
	ts.tv_nsec = (long)(arc4random_uniform(max_us) + 500) * 1000;
	nanosleep(&ts, NULL);
}

/* A cluster node serves only while it is part of the primary component and synced. */
static int
node_ready(MYSQL *m)
{
	static const char q[] = "SHOW STATUS LIKE 'wsrep_ready'";
	MYSQL_RES *r;
	MYSQL_ROW row;
	int ok = 0;

	if (mysql_real_query(m, q, sizeof(q) - 1) != 0 ||
	    (r = mysql_store_result(m)) == NULL)
		return 0;
	if ((row = mysql_fetch_row(r)) != NULL && row[1] != NULL)
		ok = strcmp(row[1], "ON") == 0;
	mysql_free_result(r);
	return ok;
}

/* Connects to candidate i; NULL with the reason in db.err when it does not serve. */
static MYSQL *
node_connect(int i)
{
	unsigned int ct = (unsigned int)db.cfg.connect_timeout;
	unsigned int rwt = (unsigned int)(db.cfg.cluster ? db.cfg.cluster_read_timeout :
	    db.cfg.read_timeout);
	const struct db_node *d = &nodes[i];
	const char *host = d->host[0] != '\0' ? d->host : NULL;
	MYSQL *m;

	if ((m = mysql_init(NULL)) == NULL)
		return NULL;
	mysql_options(m, MYSQL_OPT_CONNECT_TIMEOUT, &ct);
	mysql_options(m, MYSQL_OPT_READ_TIMEOUT, &rwt);
	mysql_options(m, MYSQL_OPT_WRITE_TIMEOUT, &rwt);
	mysql_options(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_options(m, MYSQL_INIT_COMMAND, "SET time_zone = '+00:00'");
	if (mysql_real_connect(m, host, db.cfg.user, db.cfg.password, db.cfg.name,
	    (unsigned int)d->port, host == NULL ? d->socket : NULL, 0) == NULL) {
		snprintf(db.err, sizeof(db.err), "%s (%u)", mysql_error(m), mysql_errno(m));
		mysql_close(m);
		return NULL;
	}
	if (db.cfg.cluster && !node_ready(m)) {
		snprintf(db.err, sizeof(db.err), "node %s is not synced with the cluster",
		    host != NULL ? host : d->socket);
		mysql_close(m);
		return NULL;
	}
	return m;
}

static int
db_connect(void)
{
	MYSQL *m = NULL;
	int i;

	/* Back to the preferred node, between transactions, once in a while. */
	if (db.conn != NULL && db.node != 0 && db.depth == 0 &&
	    now_ms() - db.connected_at > PREFERRED_AGAIN_MS) {
		if ((m = node_connect(0)) == NULL) {
			db.connected_at = now_ms();
			return DB_OK;
		}
		db_close();
		db.conn = m;
		db.node = 0;
		db.connected_at = now_ms();
		log_info("connected to the preferred database node again");
		return DB_OK;
	}
	if (db.conn != NULL)
		return DB_OK;
	if (db.failed_at != 0 && now_ms() - db.failed_at < RECONNECT_MS)
		return DB_GONE;
	for (i = 0; i < nnodes && m == NULL; i++)
		m = node_connect(i);
	if (m == NULL) {
		if (db.failed_at == 0)
			log_error("cannot connect to MariaDB: %s", db.err);
		metrics_count(METRIC_DB_GONE);
		db.failed_at = now_ms();
		return DB_GONE;
	}
	if (i > 1)
		log_info("connected to MariaDB (a fallback node; the one before: %s)", db.err);
	else if (db.failed_at != 0)
		log_info("connected to MariaDB again");
	if (db.failed_at != 0 || db.was_connected)
		metrics_count(METRIC_DB_RECONNECT);
	db.was_connected = 1;
	db.failed_at = 0;
	db.conn = m;
	db.node = i - 1;
	db.connected_at = now_ms();
	return DB_OK;
}

/* Fetches every row of an executed statement into res; memory from a. */
static int
fetch_all(MYSQL_STMT *st, MYSQL_RES *meta, struct arena *a, struct db_res *res)
{
	size_t ncols = mysql_num_fields(meta), nrows, row;
	MYSQL_FIELD *f = mysql_fetch_fields(meta);
	MYSQL_BIND *b = xcalloc(ncols ? ncols : 1, sizeof(*b));
	unsigned long *len = xcalloc(ncols ? ncols : 1, sizeof(*len));
	my_bool *nul = xcalloc(ncols ? ncols : 1, sizeof(*nul));
	char **bufs = xcalloc(ncols ? ncols : 1, sizeof(*bufs));
	my_bool on = 1;
	int rc = DB_ERROR;

	mysql_stmt_attr_set(st, STMT_ATTR_UPDATE_MAX_LENGTH, &on);
	if (mysql_stmt_store_result(st) != 0) {
		rc = fail(mysql_stmt_errno(st), mysql_stmt_error(st));
		goto out;
	}
	for (size_t c = 0; c < ncols; c++) {
		size_t sz = (f[c].max_length > 64 ? f[c].max_length : 64) + 1;

		bufs[c] = xmalloc(sz);
		b[c].buffer_type = MYSQL_TYPE_STRING;
		b[c].buffer = bufs[c];
		b[c].buffer_length = sz;
		b[c].length = &len[c];
		b[c].is_null = &nul[c];
	}
	if (mysql_stmt_bind_result(st, b) != 0) {
		rc = fail(mysql_stmt_errno(st), mysql_stmt_error(st));
		goto out;
	}
	nrows = (size_t)mysql_stmt_num_rows(st);
	res->ncols = ncols;
	res->cell = arena_alloc(a, (nrows * ncols + 1) * sizeof(char *));
	res->len = arena_alloc(a, (nrows * ncols + 1) * sizeof(size_t));
	for (row = 0; row < nrows; row++) {
		int r = mysql_stmt_fetch(st);

		if (r == MYSQL_NO_DATA)
			break;
		if (r == 1) {
			rc = fail(mysql_stmt_errno(st), mysql_stmt_error(st));
			goto out;
		}
		for (size_t c = 0; c < ncols; c++) {
			size_t i = row * ncols + c;

			res->len[i] = len[c];
			if (nul[c]) {
				res->cell[i] = NULL;
				continue;
			}
			if (len[c] < b[c].buffer_length) {
				res->cell[i] = arena_strndup(a, bufs[c], len[c]);
				continue;
			}
			/* Longer than the buffer: fetch this column again, whole. */
			MYSQL_BIND one = { 0 };
			unsigned long l2 = 0;

			res->cell[i] = arena_alloc(a, len[c] + 1);
			one.buffer_type = MYSQL_TYPE_STRING;
			one.buffer = res->cell[i];
			one.buffer_length = len[c] + 1;
			one.length = &l2;
			if (mysql_stmt_fetch_column(st, &one, (unsigned int)c, 0) != 0) {
				rc = fail(mysql_stmt_errno(st), mysql_stmt_error(st));
				goto out;
			}
			res->cell[i][len[c]] = '\0';
		}
	}
	res->nrows = row;
	rc = DB_OK;
out:
	mysql_stmt_free_result(st);
	for (size_t c = 0; c < ncols; c++)
		free(bufs[c]);
	free(bufs);
	free(nul);
	free(len);
	free(b);
	return rc;
}

/* Statement id prepared on the connection (once per connection) into *st. */
static int
prepared(enum stmt_id id, MYSQL_STMT **st)
{
	int rc;

	if (db.lost)
		return db.lost;
	if ((rc = db_connect()) != DB_OK)
		return rc;
	if ((*st = db.stmt[id]) == NULL) {
		const char *sql = store_stmts[id].sql;
		struct buf causal;

		/* On a cluster, a causal read first waits until this node has applied
		 * every write the cluster committed before it (docs/CLUSTER.md). */
		buf_init(&causal, 0);
		if (db.cfg.cluster && (store_stmts[id].flags & STMT_CAUSAL)) {
			buf_puts(&causal, CAUSAL_PREFIX);
			buf_puts(&causal, sql);
			sql = causal.data;
		}
		if ((*st = mysql_stmt_init(db.conn)) == NULL) {
			buf_free(&causal);
			return fail(mysql_errno(db.conn), mysql_error(db.conn));
		}
		rc = mysql_stmt_prepare(*st, sql, strlen(sql));
		buf_free(&causal);
		if (rc != 0) {
			unsigned int e = mysql_stmt_errno(*st);
			char msg[256];

			snprintf(msg, sizeof(msg), "%s", mysql_stmt_error(*st));
			mysql_stmt_close(*st);
			*st = NULL;
			/* A conflict may end the transaction at any call. */
			if (!is_gone(e) && e != ER_LOCK_DEADLOCK)
				log_error("statement %d does not prepare: %s", (int)id, msg);
			return fail(e, msg);
		}
		db.stmt[id] = *st;
		/* A prepare may meet a transaction the server already ended (on a
		 * cluster, aborted for a conflict) and answer as if nothing happened:
		 * its answer says whether the transaction is still open. */
		if (!txn_alive())
			return DB_BUSY;
	}
	return DB_OK;
}

static int
exec_once(enum stmt_id id, const struct db_param *params, size_t n,
    struct arena *a, struct db_res *res)
{
	MYSQL_BIND pb[PARAMS_MAX];
	MYSQL_STMT *st;
	MYSQL_RES *meta;
	int rc;

	statements++;
	if ((rc = prepared(id, &st)) != DB_OK)
		return rc;
	if (n > NELEM(pb) || mysql_stmt_param_count(st) != n) {
		log_error("statement %d called with %zu parameters", (int)id, n);
		return DB_ERROR;
	}
	memset(pb, 0, sizeof(pb));
	for (size_t i = 0; i < n; i++) {
		switch (params[i].t) {
		case DP_NULL:
			pb[i].buffer_type = MYSQL_TYPE_NULL;
			break;
		case DP_INT:
			pb[i].buffer_type = MYSQL_TYPE_LONGLONG;
			pb[i].buffer = (void *)&params[i].i;
			break;
		case DP_STR:
			pb[i].buffer_type = MYSQL_TYPE_STRING;
			pb[i].buffer = (void *)params[i].s;
			pb[i].buffer_length = params[i].len;
			break;
		}
	}
	if ((n > 0 && mysql_stmt_bind_param(st, pb) != 0) || mysql_stmt_execute(st) != 0)
		return fail(mysql_stmt_errno(st), mysql_stmt_error(st));
	memset(res, 0, sizeof(*res));
	if ((meta = mysql_stmt_result_metadata(st)) == NULL) {
		res->affected = mysql_stmt_affected_rows(st);
		res->insert_id = mysql_stmt_insert_id(st);
		return txn_alive() ? DB_OK : DB_BUSY;
	}
	rc = fetch_all(st, meta, a, res);
	mysql_free_result(meta);
	if (rc == DB_OK && !txn_alive())
		rc = DB_BUSY;
	return rc;
}

/*
 * A change of rights (stmt_def.rights): the statement, then the bump of its
 * tenant's rights version, once per transaction, in the same transaction (its
 * own when the caller has none), so no worker keeps rights that changed
 * (docs/DESIGN.md, "Rights in the worker").
 */
static int
exec_rights(enum stmt_id id, const struct db_param *params, size_t n,
    struct arena *a, struct db_res *res)
{
	unsigned k = store_stmts[id].rights - 1;
	struct db_param t[1];
	struct db_res b;
	int own = db.depth == 0, rc;

	if (k >= n || params[k].t != DP_INT) {
		log_error("statement %d: no tenant for its rights version", (int)id);
		return DB_ERROR;
	}
	t[0] = params[k];
	if (own && (rc = db_begin()) != DB_OK)
		return rc;
	rc = exec_once(id, params, n, a, res);
	if (rc == DB_OK && db.rights_bumped != t[0].i &&
	    (rc = exec_once(ST_RIGHTS_BUMP, t, 1, a, &b)) == DB_OK)
		db.rights_bumped = t[0].i;
	if (own) {
		if (rc == DB_OK)
			rc = db_commit();
		else
			db_rollback();
	}
	return rc;
}

/* One run of statement id: exec_once(), or exec_rights() for a change of rights. */
static int
exec_one(enum stmt_id id, const struct db_param *params, size_t n,
    struct arena *a, struct db_res *res)
{
	if (store_stmts[id].rights != 0)
		return exec_rights(id, params, n, a, res);
	return exec_once(id, params, n, a, res);
}

void
db_check_hold(const struct db_check *c)
{
	check.c = *c;
	check.state = DB_CHECK_PENDING;
}

enum db_check_state
db_check_state(void)
{
	return check.state;
}

void
db_check_reset(void)
{
	check.state = DB_CHECK_NONE;
}

/* The check's row (row of r, from column col; r NULL: none): passed (run as
 * how), or DB_STALE. */
static int
check_judge(const struct db_res *r, size_t row, size_t col, enum db_check_state how)
{
	if (check.c.same(r, row, col, check.c.ctx)) {
		check.state = how;
		return DB_OK;
	}
	check.state = DB_CHECK_FAILED;
	return DB_STALE;
}

int
db_check_settle(void)
{
	struct arena a = { 0 };
	struct db_res r;
	int rc;

	if (check.state == DB_CHECK_FAILED)
		return DB_STALE;
	if (check.state != DB_CHECK_PENDING)
		return DB_OK;
	check.state = DB_CHECK_NONE;	/* the check itself runs */
	if ((rc = db_exec(check.c.stmt, check.c.p, check.c.np, &a, &r)) == DB_OK)
		rc = check_judge(r.nrows > 0 ? &r : NULL, 0, 0, DB_CHECK_ALONE);
	else
		check.state = DB_CHECK_FAILED;
	arena_free(&a);
	return rc;
}

/*
 * The rows of a twin (rc: how it ran) as its statement's own, once the check's
 * row (the one whose check columns are not NULL) agrees (check_judge()).
 */
static int
twin_rows(int rc, struct arena *a, struct db_res *res)
{
	struct db_res t = *res;
	size_t w, row, n = 0;

	memset(res, 0, sizeof(*res));
	if (rc == DB_OK && t.ncols <= check.c.ncols) {
		log_error("a twin has no columns of its own");
		rc = DB_ERROR;
	}
	if (rc != DB_OK) {
		check.state = DB_CHECK_FAILED;
		return rc;
	}
	w = t.ncols - check.c.ncols;
	for (row = 0; row < t.nrows && DB_CELL(&t, row, w) == NULL; row++)
		;
	if ((rc = check_judge(row < t.nrows ? &t : NULL, row, w, DB_CHECK_TWIN)) !=
	    DB_OK)
		return rc;
	res->ncols = w;
	res->cell = arena_alloc(a, (t.nrows * w + 1) * sizeof(*res->cell));
	res->len = arena_alloc(a, (t.nrows * w + 1) * sizeof(*res->len));
	for (size_t i = 0; i < t.nrows; i++) {
		if (i == row)
			continue;
		memcpy(res->cell + n * w, t.cell + i * t.ncols, w * sizeof(*res->cell));
		memcpy(res->len + n * w, t.len + i * t.ncols, w * sizeof(*res->len));
		n++;
	}
	res->nrows = n;
	return DB_OK;
}

/* Before anything but a statement: the check held, run alone. */
static int
check_first(void)
{
	return check.state == DB_CHECK_NONE ? DB_OK : db_check_settle();
}

int
db_exec(enum stmt_id id, const struct db_param *params, size_t nparams,
    struct arena *a, struct db_res *res)
{
	struct db_param tp[PARAMS_MAX];
	enum stmt_id twin = store_stmts[(unsigned)id < ST__MAX ? id : 0].twin;
	int rc;

	memset(res, 0, sizeof(*res));
	/* ST__MAX: a kind's statement it does not have (store.h). */
	if ((unsigned)id >= ST__MAX)
		return DB_ERROR;
	/* The check held: in the statement's twin, or alone before it. */
	if (check.state == DB_CHECK_PENDING && twin != 0 && db.depth == 0 &&
	    nparams + check.c.np <= NELEM(tp)) {
		if (nparams > 0)
			memcpy(tp, params, nparams * sizeof(*tp));
		memcpy(tp + nparams, check.c.p, check.c.np * sizeof(*tp));
		check.state = DB_CHECK_NONE;	/* twin_rows() says what it is */
		return twin_rows(db_exec(twin, tp, nparams + check.c.np, a, res), a,
		    res);
	}
	if ((rc = check_first()) != DB_OK)
		return rc;
	rc = exec_one(id, params, nparams, a, res);

	/* The connection died between requests: one more try on a fresh one is safe
	 * for a read outside a transaction. */
	if (rc == DB_GONE && db.depth == 0 && (store_stmts[id].flags & STMT_READ) &&
	    db.failed_at == 0)
		rc = exec_one(id, params, nparams, a, res);

	/* A statement of its own (autocommit) that lost a conflict was undone whole:
	 * it runs again, as a transaction would (db_again()). */
	for (int attempt = 1; db.depth == 0 && conflict(rc) &&
	    attempt <= db.cfg.conflict_retries; attempt++) {
		conflict_pause(attempt);
		db.conflict_retries++;
		metrics_count(METRIC_DB_RETRY);
		rc = exec_one(id, params, nparams, a, res);
	}
	return rc;
}

/*
 * db_exec_rows(): the rows go to the server in one execution (MariaDB's array
 * binding, COM_STMT_BULK_EXECUTE); the connector asks rows_param() for each row's
 * values. A column's type is the same in every row (sent once): the type of its
 * first value that is not NULL, a NULL standing as an indicator.
 */
#define ROWS_MAX_PARAMS	32
struct rows_call {
	const struct db_param	*p;
	size_t			 np;
	unsigned long		 len[ROWS_MAX_PARAMS];
	char			 ind[ROWS_MAX_PARAMS];
};

static my_bool
rows_param(void *data, MYSQL_BIND *b, unsigned int row)
{
	struct rows_call *c = data;
	const struct db_param *v = c->p + (size_t)row * c->np;

	for (size_t i = 0; i < c->np; i++) {
		c->ind[i] = STMT_INDICATOR_NONE;
		switch (v[i].t) {
		case DP_NULL:
			c->ind[i] = STMT_INDICATOR_NULL;
			break;
		case DP_INT:
			b[i].buffer = (void *)&v[i].i;
			break;
		case DP_STR:
			/* The connector sizes its packet by buffer_length and
			 * writes length's bytes: both. */
			b[i].buffer = (void *)v[i].s;
			b[i].buffer_length = c->len[i] = v[i].len;
			break;
		}
	}
	return 0;
}

/* The rows one execution each (a server without array binding). */
static int
rows_one_by_one(enum stmt_id id, const struct db_param *p, size_t np, size_t nrows,
    struct arena *a, struct db_res *res)
{
	uint64_t affected = 0;
	int rc = DB_OK;

	for (size_t r = 0; rc == DB_OK && r < nrows; r++)
		if ((rc = db_exec(id, p + r * np, np, a, res)) == DB_OK)
			affected += res->affected;
	res->affected = affected;
	return rc;
}

int
db_exec_rows(enum stmt_id id, const struct db_param *p, size_t np, size_t nrows,
    struct arena *a, struct db_res *res)
{
	MYSQL_BIND pb[ROWS_MAX_PARAMS];
	struct rows_call c = { .p = p, .np = np };
	unsigned int size = (unsigned int)nrows, zero = 0;
	unsigned long caps = 0;
	MYSQL_STMT *st;
	int rc;

	memset(res, 0, sizeof(*res));
	if ((unsigned)id >= ST__MAX || np == 0 || np > NELEM(pb) || nrows > UINT_MAX)
		return DB_ERROR;
	/* A change of rights bumps its tenant's version: through db_exec() only. */
	if (store_stmts[id].rights != 0)
		return rows_one_by_one(id, p, np, nrows, a, res);
	if ((rc = check_first()) != DB_OK)
		return rc;
	if (nrows == 0)
		return DB_OK;
	if ((rc = prepared(id, &st)) != DB_OK)
		return rc;
	if (mysql_stmt_param_count(st) != np) {
		log_error("statement %d called with %zu parameters", (int)id, np);
		return DB_ERROR;
	}
	mariadb_get_infov(db.conn, MARIADB_CONNECTION_EXTENDED_SERVER_CAPABILITIES, &caps);
	if (!(caps & (MARIADB_CLIENT_STMT_BULK_OPERATIONS >> 32)))
		return rows_one_by_one(id, p, np, nrows, a, res);
	memset(pb, 0, sizeof(pb));
	for (size_t i = 0; i < np; i++) {
		enum db_ptype t = DP_NULL;

		for (size_t r = 0; r < nrows; r++) {
			enum db_ptype u = p[r * np + i].t;

			if (u != DP_NULL && t != DP_NULL && u != t) {
				log_error("statement %d: parameter %zu of two types", (int)id,
				    i);
				return DB_ERROR;
			}
			if (u != DP_NULL)
				t = u;
		}
		pb[i].buffer_type = t == DP_INT ? MYSQL_TYPE_LONGLONG : MYSQL_TYPE_STRING;
		pb[i].length = &c.len[i];
		pb[i].u.indicator = &c.ind[i];
	}
	statements++;
	if (mysql_stmt_attr_set(st, STMT_ATTR_ARRAY_SIZE, &size) != 0 ||
	    mysql_stmt_attr_set(st, STMT_ATTR_CB_USER_DATA, &c) != 0 ||
	    mysql_stmt_attr_set(st, STMT_ATTR_CB_PARAM, (const void *)rows_param) != 0 ||
	    mysql_stmt_bind_param(st, pb) != 0 || mysql_stmt_execute(st) != 0)
		rc = fail(mysql_stmt_errno(st), mysql_stmt_error(st));
	else
		res->affected = mysql_stmt_affected_rows(st);
	/* The statement as it was: one row a call, no callback. */
	mysql_stmt_attr_set(st, STMT_ATTR_ARRAY_SIZE, &zero);
	mysql_stmt_attr_set(st, STMT_ATTR_CB_PARAM, NULL);
	mysql_stmt_attr_set(st, STMT_ATTR_CB_USER_DATA, NULL);
	return rc;
}

int
db_again(int *attempt, int rc)
{
	if (*attempt == 0) {
		*attempt = 1;
		return 1;
	}
	if (!conflict(rc) || db.depth > 0 || *attempt > db.cfg.conflict_retries)
		return 0;
	conflict_pause(*attempt);
	(*attempt)++;
	db.conflict_retries++;
	metrics_count(METRIC_DB_RETRY);
	log_info("transaction conflict (%s): running it again, try %d", db.err, *attempt);
	return 1;
}

unsigned long
db_conflict_retries(void)
{
	return db.conflict_retries;
}

static int	db_start(void);

#define RC_NEXT	"SET TRANSACTION ISOLATION LEVEL READ COMMITTED"

/* Runs one statement of transaction control (trusted text, no parameters). */
static int
control(const char *sql)
{
	if (db.lost)
		return db.lost;
	if (db.conn == NULL)
		return DB_GONE;
	statements++;
	if (mysql_real_query(db.conn, sql, strlen(sql)) != 0)
		return fail(mysql_errno(db.conn), mysql_error(db.conn));
	return DB_OK;
}

/* The savepoint of depth d (2 and up): "sp2", "sp3", ... */
static int
savepoint_sql(char *sql, size_t len, const char *verb, int d)
{
	return snprintf(sql, len, "%s sp%d", verb, d);
}

int
db_savepoint(void)
{
	char sql[48];
	int rc;

	if (db.depth == 0)
		return DB_ERROR;
	savepoint_sql(sql, sizeof(sql), "SAVEPOINT", db.depth + 1);
	if ((rc = control(sql)) != DB_OK)
		return rc;
	db.depth++;
	return DB_OK;
}

/* Ends the innermost savepoint by verb: RELEASE, or ROLLBACK TO. */
static int
savepoint_end(const char *verb)
{
	char sql[48];

	if (db.depth < 2)
		return DB_ERROR;
	savepoint_sql(sql, sizeof(sql), verb, db.depth--);
	return control(sql);
}

int
db_release(void)
{
	return savepoint_end("RELEASE SAVEPOINT");
}

int
db_rollback_to(void)
{
	/* The bump may have been in the part undone: the next change bumps again. */
	db.rights_bumped = 0;
	return savepoint_end("ROLLBACK TO SAVEPOINT");
}

int
db_begin(void)
{
	int rc;

	if (db.depth > 0)
		return db_savepoint();
	if ((rc = check_first()) != DB_OK || (rc = db_connect()) != DB_OK)
		return rc;
	return db_start();
}

int
db_in_transaction(void)
{
	return db.depth > 0;
}

int
db_begin_bulk(void)
{
	int rc;

	if (db.depth > 0)
		return db_savepoint();
	if ((rc = check_first()) != DB_OK || (rc = db_connect()) != DB_OK)
		return rc;
	/* For the next transaction only. */
	if (mysql_real_query(db.conn, RC_NEXT, strlen(RC_NEXT)) != 0)
		return fail(mysql_errno(db.conn), mysql_error(db.conn));
	return db_start();
}

/* START TRANSACTION on the open connection. */
static int
db_start(void)
{
	/* One round trip; autocommit stays on, so COMMIT or ROLLBACK is all that ends it. */
	if (mysql_real_query(db.conn, "START TRANSACTION", 17) != 0)
		return fail(mysql_errno(db.conn), mysql_error(db.conn));
	db.depth = 1;
	return DB_OK;
}

int
db_commit(void)
{
	int rc = DB_OK;

	if (db.depth > 1)
		return db_release();
	if (db.lost) {
		rc = db.lost;
		if (db.conn != NULL)	/* the server's own rollback may be partial */
			mysql_rollback(db.conn);
	} else if (db.conn == NULL)
		rc = DB_GONE;
	else if (!txn_alive()) {
		rc = DB_BUSY;
		mysql_rollback(db.conn);
	} else {
		db.committing = 1;
		if (mysql_commit(db.conn) != 0) {
			rc = fail(mysql_errno(db.conn), mysql_error(db.conn));
			if (db.conn != NULL)
				mysql_rollback(db.conn);
		}
		db.committing = 0;
	}
	db.depth = 0;
	db.lost = 0;
	db.rights_bumped = 0;
	return rc;
}

void
db_rollback(void)
{
	if (db.depth > 1) {
		db_rollback_to();
		return;
	}
	if (db.conn != NULL)
		mysql_rollback(db.conn);
	db.depth = 0;
	db.lost = 0;
	db.rights_bumped = 0;
}

int
db_run_script(const char *sql, size_t len, char *err, size_t errlen)
{
	int rc = DB_ERROR, status;

	if ((rc = check_first()) != DB_OK) {
		snprintf(err, errlen, "the session's check failed");
		return rc;
	}
	rc = DB_ERROR;
	if (db_connect() != DB_OK) {
		snprintf(err, errlen, "%s", db.err);
		return DB_GONE;
	}
	mysql_set_server_option(db.conn, MYSQL_OPTION_MULTI_STATEMENTS_ON);
	status = mysql_real_query(db.conn, sql, len);
	for (;;) {
		MYSQL_RES *r;

		if (status != 0) {
			/* As any statement's error: a conflict ends the caller's
			 * transaction, whose STORE_TXN runs it again (seed data). */
			rc = fail(mysql_errno(db.conn), mysql_error(db.conn));
			snprintf(err, errlen, "%s", db.err);
			if (rc == DB_OK || rc == DB_CONFLICT)
				rc = DB_ERROR;
			goto out;
		}
		if ((r = mysql_store_result(db.conn)) != NULL)
			mysql_free_result(r);
		else if (mysql_field_count(db.conn) != 0) {
			snprintf(err, errlen, "%s", mysql_error(db.conn));
			goto out;
		}
		if ((status = mysql_next_result(db.conn)) == -1)
			break;
		if (status > 0)
			continue;	/* reported at the top of the loop */
	}
	rc = DB_OK;
out:
	if (db.conn != NULL)
		mysql_set_server_option(db.conn, MYSQL_OPTION_MULTI_STATEMENTS_OFF);
	return rc;
}

int64_t
db_cell_i64(const struct db_res *res, size_t row, size_t col)
{
	const char *v = DB_CELL(res, row, col);

	return v != NULL ? strtoll(v, NULL, 10) : 0;
}
