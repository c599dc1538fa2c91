/* porch — SPDX-License-Identifier: MIT
 * The MariaDB connection of this process and the execution of prepared statements.
 * Only the store layer (module/store) runs statements and transactions with it:
 * everyone else calls the store's typed functions, and ends a transaction with
 * store_begin()/store_end() (store.h). Outside the store, a process only sets up
 * and closes its connection (db_configure(), db_close()) and porchd's worker reads
 * the statement count for its log line. Statements are named by enum stmt_id, never
 * by SQL text. (tests/integration/tree.sh checks this.)
 */
#ifndef PORCH_DB_H
#define PORCH_DB_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cfg.h"
#include "store_sql.h"
#include "util.h"

/* Results of db_*(): */
#define DB_OK		 0
#define DB_ERROR	-1	/* the statement failed (constraint, bug): a 500 */
#define DB_GONE		-2	/* no connection to MariaDB: a 503 */
#define DB_CONFLICT	-3	/* duplicate key */
#define DB_BUSY		-4	/* a deadlock or a lock wait too long: try again (a 503) */
#define DB_STALE	-5	/* the check held pending found its row changed or gone
				   (db_check_hold()): the request runs again in full */

enum db_ptype { DP_NULL, DP_INT, DP_STR };

struct db_param {
	enum db_ptype	 t;
	long long	 i;
	const void	*s;
	size_t		 len;
};

#define DP_I(v)		((struct db_param){ .t = DP_INT, .i = (v) })
#define DP_S(v)		((struct db_param){ .t = DP_STR, .s = (v), .len = strlen(v) })
#define DP_B(p, n)	((struct db_param){ .t = DP_STR, .s = (p), .len = (n) })
#define DP_NUL		((struct db_param){ .t = DP_NULL })
/* An id, with 0 standing for SQL NULL. */
#define DP_ID(v)	((v) != 0 ? DP_I(v) : DP_NUL)
/* A string parameter, or SQL NULL for NULL. */
#define DP_SN(v)	((v) != NULL ? DP_S(v) : DP_NUL)

/* A result set: cells row by row, each NUL-terminated (NULL for SQL NULL). */
struct db_res {
	size_t		 nrows;
	size_t		 ncols;
	char		**cell;
	size_t		*len;
	uint64_t	 affected;
	uint64_t	 insert_id;
};

#define DB_CELL(res, row, col)	((res)->cell[(row) * (res)->ncols + (col)])
#define DB_LEN(res, row, col)	((res)->len[(row) * (res)->ncols + (col)])

/* An integer cell; 0 for SQL NULL. */
int64_t	db_cell_i64(const struct db_res *res, size_t row, size_t col);

/* Sets the connection settings; connects lazily on first use. */
void	db_configure(const struct cfg_db *c);
void	db_close(void);

/*
 * Runs statement id with params; rows are copied into a. A lost connection is
 * re-opened and a read statement retried once. Returns DB_OK or a DB_* error.
 */
int	db_exec(enum stmt_id id, const struct db_param *params, size_t nparams,
	    struct arena *a, struct db_res *res);

/*
 * Runs statement id (no result set) once for each of nrows rows of np params (p:
 * row after row), all in one round trip (array binding: every value still a
 * placeholder's); res->affected is the sum over the rows. A column's non-NULL
 * values must be of one type. Returns DB_OK or a DB_* error (some rows may have
 * gone: inside a transaction, which the caller rolls back).
 */
int	db_exec_rows(enum stmt_id id, const struct db_param *p, size_t np,
	    size_t nrows, struct arena *a, struct db_res *res);

/*
 * Transactions nest: db_begin() inside a transaction sets a savepoint, and
 * db_commit() / db_rollback() then release it or roll back to it, so a change that
 * runs its own transaction can run inside a caller's larger one. db_savepoint(),
 * db_release() and db_rollback_to() do the same for a caller's own part of one.
 * When the server ends the transaction (a deadlock, a lost connection), every
 * statement after it fails with that DB_* code until the outermost end.
 */
int	db_begin(void);
/* db_begin() for a bulk of independent changes: at READ COMMITTED (see store.h). */
int	db_begin_bulk(void);
int	db_commit(void);
void	db_rollback(void);
int	db_savepoint(void);
int	db_release(void);
int	db_rollback_to(void);
/* 1 inside a transaction (db_begin() not yet ended), else 0. */
int	db_in_transaction(void);

/*
 * The retry loop of a transaction (store.h, STORE_TXN): 1 when the caller should
 * run it (again): always at *attempt 0, then after a conflict (a deadlock, or a
 * Galera certification failure: the server rolled the whole transaction back) of
 * the outermost transaction, at most database.conflict_retries times, after a
 * random pause that grows with each try. rc: the last run's outcome.
 * db_conflict_retries(): how many runs again this process has made.
 */
int		 db_again(int *attempt, int rc);
unsigned long	 db_conflict_retries(void);

/*
 * Runs a whole file of SQL (migrations, seed data) as one multi-statement call.
 * Trusted text from the install only, never request data. Returns DB_OK, or with
 * the server's message in err DB_ERROR, DB_GONE, or DB_BUSY for a conflict (the
 * caller's transaction is then over, as after any statement's).
 */
int	db_run_script(const char *sql, size_t len, char *err, size_t errlen);

/*
 * A check held pending (docs/DESIGN.md, "A page in one round trip"): a request
 * that goes on with its session as the worker kept it holds that session's check
 * until its first statement. When the statement has a twin (stmt_def.twin), the
 * twin runs instead, with the check's parameters after the statement's: its rows
 * are the statement's, each followed by the check's columns as NULL, and one row
 * more, the check's (its first column never NULL), NULL in the statement's
 * columns. Else the check runs alone first. Either way same() compares the
 * check's row (row of r, its columns from col; r NULL: no row) with what the
 * request went on with and returns 1 when it agrees. When it does not, that
 * statement and every one after it return DB_STALE and run nothing, until
 * db_check_reset(). Nothing runs before the check: a transaction, array-bound
 * rows and scripts run it alone first.
 */
struct db_check {
	enum stmt_id	 stmt;		/* the check alone */
	struct db_param	 p[4];		/* its parameters (np of them) */
	size_t		 np;
	size_t		 ncols;		/* its columns, last in a twin's rows */
	int		(*same)(const struct db_res *r, size_t row, size_t col,
			    void *ctx);
	void		*ctx;
};

enum db_check_state {
	DB_CHECK_NONE,		/* nothing held */
	DB_CHECK_PENDING,	/* held, not run yet */
	DB_CHECK_TWIN,		/* passed, run as a statement's twin */
	DB_CHECK_ALONE,		/* passed, run alone */
	DB_CHECK_FAILED,	/* the row differs, is gone, or could not be read */
};

void			 db_check_hold(const struct db_check *c);
/* Runs a check still pending alone: DB_OK when it passed (or none is held),
 * DB_STALE when it failed, or another DB_* error (then failed too). */
int			 db_check_settle(void);
enum db_check_state	 db_check_state(void);
void			 db_check_reset(void);

/*
 * How many statements ran since the last reset (porchd resets it per request and
 * logs it as sql=N: docs/DESIGN.md asks for about three per page).
 */
void		 db_statements_reset(void);
unsigned long	 db_statements(void);

/* The last error text, for porchctl and logs (never shown on pages). */
const char	*db_last_error(void);

#endif
