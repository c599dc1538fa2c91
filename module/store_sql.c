/* porch — SPDX-License-Identifier: MIT
 * The SQL text of every statement, indexed by enum stmt_id. Every statement that
 * touches tenant-owned rows names the tenant (DESIGN.md, security invariant 1).
 */
#include "config.h"

#include "store_sql.h"

const struct stmt_def store_stmts[ST__MAX] = {
	[ST_PING] = { "SELECT 1", STMT_READ },
	[ST_TENANT_BY_HOST] = {
	    "SELECT t.id, t.slug, t.name, t.status FROM tenant_domains d "
	    "JOIN tenants t ON t.id = d.tenant_id WHERE d.host = ?", STMT_READ },

	[ST_MIGRATIONS_TABLE] = {
	    "SELECT COUNT(*) FROM information_schema.tables "
	    "WHERE table_schema = DATABASE() AND table_name = 'schema_migrations'",
	    STMT_READ },
	[ST_MIGRATIONS_LIST] = {
	    "SELECT version FROM schema_migrations ORDER BY version", STMT_READ },
	[ST_MIGRATION_ADD] = {
	    "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", 0 },
	[ST_TENANT_ADD] = { "INSERT INTO tenants (slug, name) VALUES (?, ?)", 0 },
	[ST_TENANT_LIST] = {
	    "SELECT id, slug, status, name FROM tenants ORDER BY id", STMT_READ },
	[ST_TENANT_BY_SLUG] = {
	    "SELECT id, slug, name, status FROM tenants WHERE slug = ?", STMT_READ },
	[ST_TENANT_SET_STATUS] = {
	    "UPDATE tenants SET status = ? WHERE slug = ?", 0 },
	[ST_DOMAIN_ADD] = {
	    "INSERT INTO tenant_domains (host, tenant_id) VALUES (?, ?)", 0 },
	[ST_STAFF_ADD] = {
	    "INSERT INTO staff_users (tenant_id, email, name, role, password_hash) "
	    "VALUES (?, ?, ?, ?, ?)", 0 },
};
