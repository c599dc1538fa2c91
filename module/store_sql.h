/* porch — SPDX-License-Identifier: MIT
 * The names of every SQL statement porch runs. The text is in store_sql.c, the one
 * place SQL lives; each statement is prepared once per connection, on first use.
 */
#ifndef PORCH_STORE_SQL_H
#define PORCH_STORE_SQL_H

enum stmt_id {
	/* porchd */
	ST_PING,
	ST_TENANT_BY_HOST,
	/* porchctl */
	ST_MIGRATIONS_TABLE,
	ST_MIGRATIONS_LIST,
	ST_MIGRATION_ADD,
	ST_TENANT_ADD,
	ST_TENANT_LIST,
	ST_TENANT_BY_SLUG,
	ST_TENANT_SET_STATUS,
	ST_DOMAIN_ADD,
	ST_STAFF_ADD,
	ST__MAX
};

/* A statement that only reads may be retried after a lost connection. */
#define STMT_READ	0x1

struct stmt_def {
	const char	*sql;
	unsigned	 flags;
};

extern const struct stmt_def store_stmts[ST__MAX];

#endif
