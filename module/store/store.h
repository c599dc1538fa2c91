/* porch — SPDX-License-Identifier: MIT
 * Typed access to the data model, and the one way a transaction ends. Handlers,
 * change functions (module/change) and tools call these; no SQL, result set or
 * transaction call outside module/store. Every function returns DB_OK or a DB_*
 * error from db.h.
 */
#ifndef PORCH_STORE_H
#define PORCH_STORE_H

#include <stdint.h>

#include "db.h"

struct tenant {
	int64_t	 id;
	char	*slug;
	char	*name;
	int	 active;
	/* its brand (schema 020); NULL: none set */
	char	*brand_color;		/* "#rrggbb" as stored; brand.h checks it */
	char	*logo_path;		/* storage path under documents.dir */
	int	 logo_width, logo_height;
	char	*mail_from_name;	/* mail's display name; NULL: the name */
	/* its local formats (schema 024) */
	char	*time_zone;		/* IANA name, "UTC" by default */
	int	 number_format;		/* enum numfmt (local.h) */
};

/*
 * A change's transaction: store_begin(), the change's store calls, then
 * store_end(rc) with their outcome, the one way a transaction ends: it commits when
 * rc is DB_OK and rolls back otherwise, and returns rc, or the commit's error.
 * (A caller may pass its own non-DB code, e.g. "nothing to change": any value but
 * DB_OK rolls back and comes back unchanged.)
 */
int	store_begin(void);
int	store_end(int rc);

/*
 * STORE_TXN(rc, body): the way a change runs its transaction: store_begin(), the
 * expression body (the change's whole work, which returns DB_OK or a code), then
 * store_end(); rc gets the outcome. When the transaction loses a conflict (a
 * deadlock, or on a Galera cluster another node's write certified first: the server
 * rolled it all back), it runs again from store_begin(), reading everything anew,
 * up to database.conflict_retries times after a short random pause (docs/DESIGN.md
 * "Galera"). So body must do nothing outside the database that a second run would
 * repeat, and must set each of its outputs on every run (reset them in body, as
 * "(*created = 0, apply(...))"): the audit line, event and mail it writes go with
 * the transaction. Inside a caller's transaction it is one savepoint, run once: a
 * conflict there ends the caller's transaction, which its own STORE_TXN runs again.
 */
#define STORE_TXN(rc, body)						\
	for (int store_try_ = 0; store_again(&store_try_, &(rc));)		\
		if (((rc) = store_begin()) == DB_OK)				\
			(rc) = store_end(body)
/* STORE_TXN's loop: 1 when the transaction is to run (again). */
int	store_again(int *attempt, const int *rc);

/*
 * Transactions nest. Inside a transaction, store_begin() sets a savepoint and
 * store_end(rc) releases it (rc DB_OK) or rolls back to it, so a change that is a
 * transaction of its own can be one part of a caller's larger one, undone alone
 * (the batch runs many lines in one transaction this way). store_savepoint(), then
 * store_release() or store_rollback_to(), mark such a part explicitly; each
 * returns DB_OK or a DB_* error. When the server ends the transaction under us (a
 * deadlock: DB_BUSY; a lost connection: DB_GONE), every later statement of it
 * fails with that code and the outermost store_end() reports it: nothing of the
 * transaction is kept, and nothing after it runs on its own.
 */
int	store_savepoint(void);
int	store_release(void);
int	store_rollback_to(void);

/*
 * store_begin() for one transaction that holds many independent changes (the
 * batch's groups): at READ COMMITTED, so that a look-up of a row that does not
 * exist yet locks no gap, and loads side by side do not deadlock on each other's
 * gaps. Each change still locks the rows it reads FOR UPDATE, and a unique key
 * still refuses the second of two creations racing (DB_CONFLICT).
 */
int	store_begin_bulk(void);

/* The message of the database's last error, for an operator's eyes. */
const char	*store_last_error(void);

/*
 * Runs a whole trusted file of SQL from the install (a migration, the demo seed)
 * as one call: DB_OK, or DB_ERROR with the server's message in err.
 */
int	store_run_script(const char *sql, size_t len, char *err, size_t errlen);

/*
 * For the store files, the one loop behind every function that returns a list:
 * store_rows() runs statement id and turns its rows into an array (in a) of
 * structs of size bytes, one fill(r, row, ctx, element) call per row; ctx is
 * passed through (the visitor's reach, say). fill returns 0 to keep the row,
 * STORE_SKIP to leave it out, or -1 for a row it cannot read, which fails the
 * list with DB_ERROR. Returns the array (never NULL on DB_OK, with room for one
 * more element) with *n rows kept, and DB_OK or a DB_* error in *rc.
 * store_res_rows() does the same for a statement already run.
 */
#define STORE_SKIP	1
typedef int (*store_fill_fn)(const struct db_res *r, size_t row, const void *ctx,
	    void *out);
void	*store_rows(struct arena *a, enum stmt_id id, const struct db_param *p,
	    size_t np, size_t size, store_fill_fn fill, const void *ctx, size_t *n,
	    int *rc);
void	*store_res_rows(struct arena *a, const struct db_res *r, size_t size,
	    store_fill_fn fill, const void *ctx, size_t *n, int *rc);
/*
 * For the store files: runs statement id, a look-up of one row, and fills out
 * from it. *found is 1 when a row came back and fill kept it; DB_OK or a DB_*
 * error.
 */
int	store_one(struct arena *a, enum stmt_id id, const struct db_param *p,
	    size_t np, store_fill_fn fill, const void *ctx, void *out, int *found);
/*
 * A kind of row the tenant API addresses by the tenant system's external id: its
 * look-up (plain and FOR UPDATE, params tenant and external id), its page (params
 * tenant, cursor, limit: "external_id > ? ORDER BY external_id LIMIT ?"), its
 * delete by id (params tenant, id), and the struct its rows fill (size bytes, by
 * fill). Each store family defines one per resource; store_xid_get(),
 * store_xid_after() and store_xid_del() serve them all, so a new resource adds
 * statements and a fill, not functions.
 */
struct store_xid_kind {
	enum stmt_id	 one, one_lock, after, del;
	size_t		 size;
	store_fill_fn	 fill;
};
/* The tenant's row of kind k with external id xid into row; *found 0 when none.
 * lock: inside a change's transaction, locked until it ends (FOR UPDATE). */
int	store_xid_get(struct arena *a, const struct store_xid_kind *k, int64_t tenant,
	    const char *xid, int lock, void *row, int *found);
/*
 * The set-wise calls of the batch, inside a change's transaction; xids is a JSON
 * array of n external ids, text.
 * store_xid_get_set(): the rows of k->kind into rows (n structs of its size,
 * in the order of xids), locked; found[i] 0 where there is none.
 * store_xid_refs(): the ids and names of those rows, under a shared lock; id 0
 * where there is none.
 * store_xid_put_set(): writes rows (n structs of k->kind, each with its external
 * id and tenant-owned references set) as new rows or over the rows of their
 * external ids, in one round trip (db_exec_rows()); *counted how many rows it
 * counted: 1 for each new row, 2 for each row changed.
 */
/*
 * A kind the batch writes set-wise (properties, bookings), or refers to in a group
 * (customers, properties), has statements whose first parameter is a group as
 * JSON (store_sql.c, XID_LIST): its rows by a list of external ids, locked (the
 * fill's columns, then the id's place in the list from 1), their ids and names
 * under shared locks (refs: place, id, name), the write of new and changed rows
 * (an INSERT ... ON DUPLICATE KEY UPDATE of one row, run for each row: the row's
 * nparams parameters from params()) and the ids of rows by their external ids
 * (ids: place, id; for the audit lines of the rows written). A kind without one
 * of them has ST__MAX there (db_exec() refuses it).
 */
struct store_xid_set {
	const struct store_xid_kind *kind;
	enum stmt_id	 by_xids_lock, refs, put_set, ids;
	size_t		 nparams;
	size_t		(*params)(int64_t tenant, const void *row, struct db_param *p);
};
extern const struct store_xid_set store_set_customers, store_set_properties,
	store_set_bookings;

struct store_ref {
	int64_t	 id;
	char	*name;
};
int	store_xid_get_set(struct arena *a, const struct store_xid_set *k,
	    int64_t tenant, const char *xids, size_t n, void *rows, int *found);
int	store_xid_refs(struct arena *a, const struct store_xid_set *k, int64_t tenant,
	    const char *xids, size_t n, struct store_ref *refs);
int	store_xid_put_set(struct arena *a, const struct store_xid_set *k, int64_t tenant,
	    const void *rows, size_t n, uint64_t *counted);
/* The ids of the rows of kind k with the n external ids of xids (a JSON array)
 * into ids, in its order (name NULL); id 0 where there is none. */
int	store_xid_ids(struct arena *a, const struct store_xid_set *k, int64_t tenant,
	    const char *xids, size_t n, struct store_ref *ids);
/* At most limit rows of kind k with external ids after "after" ("" from the
 * first), in external id order, as an array in a (*n of them). */
int	store_xid_after(struct arena *a, const struct store_xid_kind *k, int64_t tenant,
	    const char *after, size_t limit, void **rows, size_t *n);
/* Deletes the tenant's row id of kind k. */
int	store_xid_del(struct arena *a, const struct store_xid_kind *k, int64_t tenant,
	    int64_t id);
/* Runs an INSERT statement id and gives its new row's id. */
int	store_insert(struct arena *a, enum stmt_id id, const struct db_param *p,
	    size_t np, int64_t *row);
/* A fill for a list of ids: column 0 as an int64_t. */
int	store_fill_id(const struct db_res *r, size_t row, const void *ctx, void *out);

/*
 * For the store files: runs statement id, one that changes rows. *n (when n is not
 * NULL) gets how many it changed, 0 on an error; store_change_one() sets *one to 1
 * when it changed exactly one ("done", "found", "ours"), else 0. DB_OK or a DB_*
 * error.
 */
int	store_change(struct arena *a, enum stmt_id id, const struct db_param *p,
	    size_t np, uint64_t *n);
int	store_change_one(struct arena *a, enum stmt_id id, const struct db_param *p,
	    size_t np, int *one);

/* Is the database answering? */
int	store_ping(struct arena *a);

/* The tenant serving host; *found is 0 when no domain matches. Strings in a. */
int	store_tenant_by_host(struct arena *a, const char *host, struct tenant *t,
	    int *found);

/* Operator commands (porchctl). */
int	store_migrations_applied(struct arena *a, int64_t **versions, size_t *n);
int	store_migration_record(struct arena *a, int64_t version, const char *name);
int	store_tenant_add(struct arena *a, const char *slug, const char *name,
	    int64_t *id);
int	store_tenant_by_slug(struct arena *a, const char *slug, struct tenant *t,
	    int *found);
/* Every tenant, by id, into *ts (n of them, in a). */
int	store_tenant_list(struct arena *a, struct tenant **ts, size_t *n);
/* The tenant's row, locked in the caller's transaction; *found 0 when none. */
int	store_tenant_brand_lock(struct arena *a, int64_t id, struct tenant *t, int *found);
/* Sets the brand fields of t (brand_color .. mail_from_name) on tenant t->id. */
int	store_tenant_brand_set(struct arena *a, const struct tenant *t);
/* Sets tenant id's time zone and number format (by its name), the row locked by
 * store_tenant_brand_lock(). */
int	store_tenant_local_set(struct arena *a, int64_t id, const char *zone,
	    const char *number_format);
int	store_tenant_set_active(struct arena *a, const char *slug, int active,
	    int *found);
/* The tenant's policy "staff must use MFA". */
int	store_tenant_set_staff_mfa(struct arena *a, const char *slug, int on,
	    int *found);
int	store_domain_add(struct arena *a, const char *host, int64_t tenant_id);
int	store_staff_add(struct arena *a, int64_t tenant_id, const char *email,
	    const char *name, int admin, const char *password_hash);

#endif
