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
	/* sign-in, sessions, throttling, audit */
	ST_PORTAL_USER_BY_LOGIN,
	ST_STAFF_USER_BY_EMAIL,
	ST_PORTAL_USER_PASSWORD_SET,
	ST_STAFF_USER_PASSWORD_SET,
	ST_PORTAL_USER_PASSWORD_GET,
	ST_STAFF_USER_PASSWORD_GET,
	ST_SESSION_ADD,
	ST_SESSION_GET,
	ST_SESSION_TOUCH,
	ST_SESSION_DEL,
	ST_SESSIONS_OF_PORTAL_USER,
	ST_SESSIONS_OF_STAFF_USER,
	ST_SESSION_DEL_OF_PORTAL_USER,
	ST_SESSION_DEL_OF_STAFF_USER,
	ST_SESSIONS_DEL_OTHERS_PORTAL,
	ST_SESSIONS_DEL_OTHERS_STAFF,
	ST_AUTHFAIL_LOCKED,
	ST_AUTHFAIL_BUMP,
	ST_AUTHFAIL_COUNT,
	ST_AUTHFAIL_LOCK,
	ST_AUTHFAIL_CLEAR,
	ST_PORTAL_USER_TOUCH,
	ST_STAFF_USER_TOUCH,
	ST_AUDIT_ADD,
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
	/* mail outbox (store_outbox.c) */
	ST_OUTBOX_ADD,
	ST_OUTBOX_NOW,
	ST_OUTBOX_REQUEUE_STALE,
	ST_OUTBOX_CLAIM,
	ST_OUTBOX_CLAIMED,
	ST_OUTBOX_BEGIN_ATTEMPT,
	ST_OUTBOX_MARK_SENT,
	ST_OUTBOX_MARK_RETRY,
	ST_OUTBOX_RELEASE,
	ST_OUTBOX_LIST,
	ST_OUTBOX_LIST_ALL,
	ST_OUTBOX_REQUEUE_FAILED,
	/* log in as and the staff audit page (store_staff_audit.c) */
	ST_STAFF_MAY_IMPERSONATE,
	ST_PORTAL_USER_BRIEF,
	ST_PORTAL_USERS_LIST,
	ST_AUDIT_LIST,
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
