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

/* The message of the database's last error, for an operator's eyes. */
const char	*store_last_error(void);

/*
 * Runs a whole trusted file of SQL from the install (a migration, the demo seed)
 * as one call: DB_OK, or DB_ERROR with the server's message in err.
 */
int	store_run_script(const char *sql, size_t len, char *err, size_t errlen);

/*
 * For the store files: runs statement id and turns its rows into an array of
 * structs of size bytes, one fill() call per row (it returns 0, or -1 to leave the
 * row out). Returns the array (in a; NULL when none) with *n rows, and DB_OK or a
 * DB_* error in *rc.
 */
typedef int (*store_fill_fn)(const struct db_res *r, size_t row, void *out);
void	*store_rows(struct arena *a, enum stmt_id id, struct db_param *p, size_t np,
	    size_t size, store_fill_fn fill, size_t *n, int *rc);

/*
 * For the store files: runs statement id and fills out from its one row with
 * fill(); *found is 0 when there is no row. DB_OK or a DB_* error.
 */
int	store_one(struct arena *a, enum stmt_id id, const struct db_param *p, size_t np,
	    void (*fill)(const struct db_res *r, size_t i, void *out), void *out,
	    int *found);

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

/*
 * The rows of r as an array (in a) of r->nrows elements of size bytes, element i
 * filled by fill(r, i, element): the one loop behind the store functions that
 * return a list, each with the fill function of its struct. *n is r->nrows.
 */
void	*store_fill_rows(struct arena *a, const struct db_res *r, size_t size,
	    void (*fill)(const struct db_res *r, size_t i, void *out), size_t *n);

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
int	store_tenant_set_active(struct arena *a, const char *slug, int active,
	    int *found);
/* The tenant's policy "staff must use MFA". */
int	store_tenant_set_staff_mfa(struct arena *a, const char *slug, int on,
	    int *found);
int	store_domain_add(struct arena *a, const char *host, int64_t tenant_id);
int	store_staff_add(struct arena *a, int64_t tenant_id, const char *email,
	    const char *name, int admin, const char *password_hash);

#endif
