/* porch — SPDX-License-Identifier: MIT
 * The SQL text of every statement, indexed by enum stmt_id. Every statement that
 * touches tenant-owned rows names the tenant (docs/DESIGN.md, security invariant 1).
 */
#include "config.h"

#include "store_sql.h"

/*
 * The formulas a group lists (ids, comma-separated, NULL for none) and the one it
 * shows instead of the total price (store_formulas.c), for the group alias g.
 */
#define GROUP_FORMULA_COLUMNS(g) \
	"(SELECT GROUP_CONCAT(gf.formula_id ORDER BY gf.formula_id) " \
	"FROM group_formulas gf WHERE gf.tenant_id = " g ".tenant_id " \
	"AND gf.group_id = " g ".id), " g ".instead_formula_id"
/* The formulas a user's override lists, for the user alias u. */
/* A tenant's brand and local formats, after id, slug, name and status (store.c
 * tenant_fill). */
#define TENANT_BRAND_COLS \
	"t.brand_color, t.logo_path, t.logo_width, t.logo_height, t.mail_from_name, " \
	"t.time_zone, t.number_format "
#define USER_FORMULA_COLUMN \
	"(SELECT GROUP_CONCAT(uf.formula_id ORDER BY uf.formula_id) " \
	"FROM user_formulas uf WHERE uf.tenant_id = u.tenant_id " \
	"AND uf.portal_user_id = u.id)"
/*
 * A formula (store_formulas.c): id, name, its terms in order as "+field,-field",
 * and how many groups show it instead of the total price.
 */
#define FORMULA_SELECT \
	"SELECT f.id, f.name, (SELECT GROUP_CONCAT(CONCAT(IF(t.sign < 0, '-', '+'), " \
	"t.field) ORDER BY t.position SEPARATOR ',') FROM formula_terms t " \
	"WHERE t.tenant_id = f.tenant_id AND t.formula_id = f.id), " \
	"(SELECT COUNT(*) FROM permission_groups g WHERE g.tenant_id = f.tenant_id " \
	"AND g.instead_formula_id = f.id) FROM formulas f "

/* A permission group with the number of grants using it (store_groups.c). */
#define GROUP_COLUMNS \
	"SELECT g.id, g.name, g.permissions, g.financial_level, g.field_filter, " \
	"g.field_list, g.is_default, g.is_system, " \
	"(SELECT COUNT(*) FROM access_grants a WHERE a.tenant_id = g.tenant_id " \
	"AND a.group_id = g.id), " GROUP_FORMULA_COLUMNS("g")
#define GROUP_SELECT GROUP_COLUMNS " FROM permission_groups g "
/* The same with its external id, as the API reads it (store_users_xid.c). */
#define GROUP_XID_SELECT GROUP_COLUMNS ", g.external_id FROM permission_groups g "
/* A portal user as the API shows it (store_users_xid.c). */
#define USER_XID_SELECT \
	"SELECT u.id, u.external_id, u.customer_id, c.external_id, u.contact_id, " \
	"k.external_id, u.login, u.login_is_email, u.status, u.mfa_required, " \
	"u.is_admin, u.hide_reports FROM portal_users u " \
	"JOIN customers c ON c.tenant_id = u.tenant_id AND c.id = u.customer_id " \
	"LEFT JOIN contacts k ON k.tenant_id = u.tenant_id AND k.id = u.contact_id "

/*
 * An API key as staff list it (store_api.c): id, name, prefix, read-only, created,
 * last used and revoked (to the minute, NULL when not), its hash, and whether its
 * last use is a minute old (so it is written again).
 */
#define API_KEY_SELECT \
	"SELECT id, name, prefix, read_only, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i'), " \
	"DATE_FORMAT(last_used_at, '%Y-%m-%d %H:%i'), " \
	"DATE_FORMAT(revoked_at, '%Y-%m-%d %H:%i'), key_hash, " \
	"(last_used_at IS NULL OR last_used_at < UTC_TIMESTAMP(6) - INTERVAL 60 SECOND) " \
	"FROM api_keys "

/* A customer and a contact as the API shows them (store_customers.c). */
#define CUSTOMER_XID_SELECT \
	"SELECT id, external_id, name, email, phone, archived_at IS NOT NULL " \
	"FROM customers "
#define CONTACT_XID_SELECT \
	"SELECT k.id, k.external_id, k.customer_id, c.external_id, k.name, k.email, " \
	"k.phone, k.role, k.archived_at IS NOT NULL FROM contacts k JOIN customers c " \
	"ON c.tenant_id = k.tenant_id AND c.id = k.customer_id "
/* An event (store_events.c): its created time in ISO 8601, UTC. */
#define EVENT_SELECT \
	"SELECT id, type, subject_kind, subject_id, property_id, customer_id, " \
	"actor_kind, actor_id, impersonator_staff_id, payload, " \
	"DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%s.%fZ') FROM events "

/*
 * A property, booking, block-off and note as the API shows them
 * (store_properties.c, store_booking_xid.c), with the external id of the row each
 * belongs to.
 */
/* The columns of a property, cx the owner's external id (or NULL where it is not
 * read: the set-wise look-up locks the property alone). */
#define PROPERTY_XID_COLUMNS(cx) \
	"p.id, p.external_id, p.customer_id, " cx ", p.name, p.address, " \
	"p.city, p.bedrooms, p.description, p.arrival_instructions, " \
	"p.archived_at IS NOT NULL "
#define PROPERTY_XID_SELECT \
	"SELECT " PROPERTY_XID_COLUMNS("c.external_id") "FROM properties p " \
	"JOIN customers c ON c.tenant_id = p.tenant_id AND c.id = p.customer_id "
#define BOOKING_MONEY_COLUMNS \
	"base_rate_cents, cleaning_fee_cents, taxes_cents, channel_commission_cents, " \
	"management_fee_cents, owner_revenue_cents, total_price_cents, payout_cents"
/*
 * STRAIGHT_JOIN: the item's own table first, read by its external id in order,
 * then its parent by primary key. Left to itself, on a tenant of 1,000,000
 * bookings the planner started from the 10,000 properties and sorted every
 * booking for a page of 500 (5 s instead of 50 ms).
 */
#define BOOKING_XID_COLUMNS(px) \
	"b.id, b.external_id, b.property_id, " px ", b.reference, " \
	"DATE_FORMAT(b.start_date, '%Y-%m-%d'), DATE_FORMAT(b.end_date, '%Y-%m-%d'), " \
	"TIME_FORMAT(b.checkin_time, '%H:%i'), TIME_FORMAT(b.checkout_time, '%H:%i'), " \
	"b.status, b.channel, b.guest_name, b.guest_email, b.guest_phone, " \
	"b.guest_address, b.adults, b.children, b.infants, b.base_rate_cents, " \
	"b.cleaning_fee_cents, b.taxes_cents, b.channel_commission_cents, " \
	"b.management_fee_cents, b.owner_revenue_cents, b.total_price_cents, " \
	"b.payout_cents, b.currency "
#define BOOKING_XID_SELECT \
	"SELECT STRAIGHT_JOIN " BOOKING_XID_COLUMNS("p.external_id") "FROM bookings b " \
	"JOIN properties p ON p.tenant_id = b.tenant_id AND p.id = b.property_id "
/*
 * A group of the batch, set-wise (change_put_set()): the group as one JSON
 * parameter read by JSON_TABLE, so the statement text stays fixed. XID_LIST: an
 * array of external ids, j.o each one's place from 1 (FOR ORDINALITY), j.x the id
 * (ascii, as the external_id columns, so the join reads their unique key).
 * STRAIGHT_JOIN: the list first, then each row by its key.
 */
/* A property or a booking by the API: the one-row insert of ST_*_XID_ADD, which a
 * set-wise write runs for each row of a group (params: tenant, external id, ...). */
#define PROPERTY_XID_INSERT \
	"INSERT INTO properties (tenant_id, external_id, customer_id, name, address, " \
	"city, bedrooms, description, arrival_instructions) " \
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define BOOKING_XID_INSERT \
	"INSERT INTO bookings (tenant_id, external_id, property_id, reference, " \
	"start_date, end_date, checkin_time, checkout_time, status, channel, " \
	"guest_name, guest_email, guest_phone, guest_address, adults, children, " \
	"infants, " BOOKING_MONEY_COLUMNS ", currency) VALUES (?, ?, ?, ?, ?, ?, ?, ?, " \
	"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
/* A string column of JSON_TABLE: utf8mb4 (its own default is latin1). */
#define UTF8 "CHARACTER SET utf8mb4"
#define XID_LIST \
	"JSON_TABLE(?, '$[*]' COLUMNS(o FOR ORDINALITY, " \
	"x VARCHAR(128) CHARACTER SET ascii PATH '$')) j "
/* The rows of table (alias t) of the list's external ids: their place, id and
 * name, under shared locks (refs); all their columns, then the place, locked. */
#define XID_REFS(table, t) \
	"SELECT STRAIGHT_JOIN j.o, " t ".id, " t ".name FROM " XID_LIST "JOIN " table \
	" " t " ON " t ".tenant_id = ? AND " t ".external_id = j.x LOCK IN SHARE MODE"
#define XID_ROWS_LOCK(columns, table, t) \
	"SELECT STRAIGHT_JOIN " columns ", j.o FROM " XID_LIST "JOIN " table " " t \
	" ON " t ".tenant_id = ? AND " t ".external_id = j.x FOR UPDATE"
/* The ids of the rows of the list's external ids, by place (rows just written
 * by the same transaction, for their audit lines). */
#define XID_IDS(table, t) \
	"SELECT STRAIGHT_JOIN j.o, " t ".id FROM " XID_LIST "JOIN " table " " t \
	" ON " t ".tenant_id = ? AND " t ".external_id = j.x"
#define BLOCK_XID_SELECT \
	"SELECT STRAIGHT_JOIN k.id, k.external_id, k.property_id, p.external_id, " \
	"DATE_FORMAT(k.start_date, '%Y-%m-%d'), DATE_FORMAT(k.end_date, '%Y-%m-%d'), " \
	"k.reason FROM blocks k JOIN properties p ON p.tenant_id = k.tenant_id " \
	"AND p.id = k.property_id "
#define NOTE_XID_SELECT \
	"SELECT STRAIGHT_JOIN n.id, n.external_id, n.booking_id, b.external_id, n.author_name, " \
	"n.body, DATE_FORMAT(n.created_at, '%Y-%m-%dT%H:%i:%sZ') FROM notes n " \
	"JOIN bookings b ON b.tenant_id = n.tenant_id AND b.id = n.booking_id "

/*
 * A statement and a document as the API shows them (store_papers.c), with the
 * external ids of their customer and property; money in cents.
 */
#define STATEMENT_XID_SELECT \
	"SELECT s.id, s.external_id, s.customer_id, c.external_id, s.property_id, " \
	"p.external_id, s.period_start, s.period_end, " \
	"DATE_FORMAT(s.issued_at, '%Y-%m-%d'), s.currency, s.base_rate_cents, " \
	"s.cleaning_fee_cents, s.taxes_cents, s.channel_commission_cents, " \
	"s.management_fee_cents, s.owner_revenue_cents, s.total_price_cents, " \
	"s.payout_cents FROM statements s JOIN customers c " \
	"ON c.tenant_id = s.tenant_id AND c.id = s.customer_id LEFT JOIN properties p " \
	"ON p.tenant_id = s.tenant_id AND p.id = s.property_id "
#define DOCUMENT_XID_SELECT \
	"SELECT d.id, d.external_id, d.customer_id, c.external_id, d.property_id, " \
	"p.external_id, d.title, d.file_name, d.content_type, d.visibility, " \
	"d.storage_path, d.size_bytes, d.sha256 FROM documents d JOIN customers c " \
	"ON c.tenant_id = d.tenant_id AND c.id = d.customer_id LEFT JOIN properties p " \
	"ON p.tenant_id = d.tenant_id AND p.id = d.property_id "

/* The staff documents list's rows and filter (ST_STAFF_DOCS_*). */
#define STAFF_DOCS_WHERE \
	"WHERE d.tenant_id = ? AND (? = 0 OR d.customer_id = ?) " \
	"AND (? = 0 OR d.property_id = ?) AND d.title LIKE ? "
#define STAFF_DOCS_SELECT \
	"SELECT d.id, d.title, d.file_name, d.visibility, d.size_bytes, " \
	"COALESCE(d.sha256, ''), d.storage_path, " \
	"DATE_FORMAT(d.created_at, '%Y-%m-%d %H:%i'), c.id, c.name, " \
	"COALESCE(d.property_id, 0), COALESCE(p.name, '') FROM documents d " \
	"JOIN customers c ON c.tenant_id = d.tenant_id AND c.id = d.customer_id " \
	"LEFT JOIN properties p ON p.tenant_id = d.tenant_id AND p.id = d.property_id " \
	STAFF_DOCS_WHERE

/* A property with its owner's name (store_access.c). */
#define PROPERTY_SELECT \
	"SELECT p.id, p.customer_id, p.name, p.address, p.city, p.bedrooms, c.name " \
	"FROM properties p JOIN customers c ON c.tenant_id = p.tenant_id " \
	"AND c.id = p.customer_id "

/*
 * A portal user's rights (store_access.c), one row per grant, in no order:
 * admin switch, hide reports, financial override (3), customer, status, the
 * grant (scope, customer, property, expired), its group (4), the customer's
 * name, the grant's id; the group's formulas and formula instead of the total,
 * the override's formulas, whether the tenant has any formula (the money
 * pages then load them), and the seconds until the grant expires (NULL: never;
 * a worker keeps the rights no longer, store_rights.c). Over u (portal_users),
 * c (their customer) and ACCESS_GRANTS_JOIN.
 */
#define ACCESS_USER_COLUMNS \
	"u.is_admin, u.hide_reports, u.fin_override_level, u.fin_override_filter, " \
	"u.fin_override_fields, u.customer_id, u.status, " \
	"a.scope, a.customer_id, a.property_id, " \
	"(a.expires_at IS NOT NULL AND a.expires_at <= UTC_TIMESTAMP(6)), " \
	"g.permissions, g.financial_level, g.field_filter, g.field_list, c.name, a.id, " \
	GROUP_FORMULA_COLUMNS("g") ", " USER_FORMULA_COLUMN ", " \
	"EXISTS (SELECT 1 FROM formulas f WHERE f.tenant_id = u.tenant_id), " \
	"TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(6), a.expires_at)"
#define ACCESS_GRANTS_JOIN \
	"LEFT JOIN (access_grants a JOIN permission_groups g " \
	"ON g.tenant_id = a.tenant_id AND g.id = a.group_id) " \
	"ON a.tenant_id = u.tenant_id AND a.portal_user_id = u.id "
/*
 * The properties a portal visitor may reach, for "... WHERE p.tenant_id = ? AND "
 * PROPERTY_REACHABLE with params (ACCESS_REACH): all (admin or an "all" grant),
 * then the customers and the properties the visitor's live grants name, as
 * comma-separated ids (store_access.c); authz_resolve() then decides per
 * property. (Lists from the rights already loaded cost half what a subquery over
 * access_grants costs per statement.)
 */
#define PROPERTY_REACHABLE_OF(p) \
	"(" p ".archived_at IS NULL AND (? = 1 OR FIND_IN_SET(" p ".customer_id, ?) > 0 " \
	"OR FIND_IN_SET(" p ".id, ?) > 0))"
#define PROPERTY_REACHABLE	PROPERTY_REACHABLE_OF("p")
/*
 * A statement is decided over the properties it is about: its own, or for a
 * customer-wide one (property_id NULL) EVERY property of its customer, since its
 * figures add all of them up; it is read when the visitor reaches its property,
 * or any property of its customer (then store_docs.c requires statements.view on
 * each one). params: the reach parameters twice.
 */
#define STATEMENT_REACHABLE \
	"(CASE WHEN s.property_id IS NULL THEN EXISTS (SELECT 1 FROM properties r " \
	"WHERE r.tenant_id = s.tenant_id AND r.customer_id = s.customer_id AND " \
	PROPERTY_REACHABLE_OF("r") ") ELSE " PROPERTY_REACHABLE " END)"

/*
 * A session (store_auth.c): its principal, users, CSRF secret, idle time, names,
 * role, status, impersonator, MFA state, the tenant's rights version and the
 * customer's name (16 columns), over s (sessions), t (its tenant), u and c (a
 * portal user and their customer), st and imp (staff) and tl (a token visitor's
 * customer). SESSION_FROM_USER ends where a portal user's grants may be joined.
 */
#define SESSION_COLUMNS "SELECT " SESSION_COLS
#define SESSION_COLS \
	"s.principal, s.portal_user_id, s.staff_user_id, s.customer_id, " \
	"s.impersonator_staff_id, s.csrf_secret, " \
	"TIMESTAMPDIFF(SECOND, s.last_seen_at, UTC_TIMESTAMP(6)), " \
	"COALESCE(u.login, st.email), COALESCE(st.name, u.login), st.role, " \
	"COALESCE(u.must_change_password, st.must_change_password), " \
	"COALESCE(IF(c.archived_at IS NULL, u.status, 'disabled'), st.status, " \
	"IF(tl.id IS NOT NULL AND tl.token_disabled = 0 AND tl.archived_at IS NULL " \
	"AND (tl.token_expires_at IS NULL OR tl.token_expires_at > UTC_TIMESTAMP(6)), " \
	"'active', NULL)), imp.name, s.mfa_state, t.rights_version, " \
	"COALESCE(c.name, tl.name), COALESCE(u.time_zone, st.time_zone)"
#define SESSION_FROM_USER \
	"FROM sessions s JOIN tenants t ON t.id = s.tenant_id " \
	"LEFT JOIN portal_users u ON u.tenant_id = s.tenant_id AND u.id = s.portal_user_id " \
	"LEFT JOIN customers c ON c.tenant_id = u.tenant_id AND c.id = u.customer_id "
#define SESSION_FROM_REST \
	"LEFT JOIN staff_users st ON st.tenant_id = s.tenant_id AND st.id = s.staff_user_id " \
	"LEFT JOIN staff_users imp ON imp.tenant_id = s.tenant_id " \
	"AND imp.id = s.impersonator_staff_id AND imp.status = 'active' " \
	"LEFT JOIN customers tl ON s.principal = 'token' AND tl.tenant_id = s.tenant_id " \
	"AND tl.id = s.customer_id AND tl.token_hash = s.link_hash " \
	"WHERE s.token_hash = ? AND s.tenant_id = ? AND s.expires_at > UTC_TIMESTAMP(6) " \
	"AND s.last_seen_at > UTC_TIMESTAMP(6) - INTERVAL ? SECOND"
/*
 * The twin of a page's statement (stmt_def.twin; db.h, db_check): the statement
 * with the session's 17 columns after its own, NULL in its rows (SESSION_NULLS,
 * at the end of each branch's select list), and one row more, UNION ALL
 * (SESSION_ROW, after NULLs as many as the statement's columns): the session's
 * columns as ST_SESSION_LIGHT reads them, none when the session is gone. Its
 * order, if any, comes last, by position. params: the statement's, then
 * ST_SESSION_LIGHT's. Causal on a cluster, as the session's own statement. (The
 * statement as a derived table joined to the session's row cost MariaDB twice
 * the two statements it replaces, most of it planning: docs/BENCHMARKS.md.)
 */
#define NULLS5		"NULL, NULL, NULL, NULL, NULL, "
#define NULLS10		NULLS5 NULLS5
#define SESSION_NULLS	", " NULLS10 "NULL, NULL, NULL, NULL, NULL, NULL, NULL"
#define SESSION_ROW(nulls) \
	" UNION ALL SELECT " nulls SESSION_COLS " " SESSION_FROM_USER SESSION_FROM_REST " "

const struct stmt_def store_stmts[ST__MAX] = {
	[ST_PING] = { "SELECT 1", STMT_READ },
	[ST_TENANT_BY_HOST] = {
	    "SELECT t.id, t.slug, t.name, t.status, " TENANT_BRAND_COLS
	    "FROM tenant_domains d "
	    "JOIN tenants t ON t.id = d.tenant_id WHERE d.host = ?", STMT_READ },

	/*
	 * Sign-in: the account behind a login, in the tenant of the host, with what
	 * its second step will be (MFA required; enrolled, as ST_MFA_GET_* say).
	 */
	[ST_PORTAL_USER_BY_LOGIN] = {
	    "SELECT u.id, u.password_hash, IF(c.archived_at IS NULL, u.status, "
	    "'disabled'), u.must_change_password, u.mfa_required, "
	    "u.mfa_enrolled_at IS NOT NULL AND LENGTH(u.totp_secret_enc) > 0, "
	    "u.first_signin_at IS NULL FROM portal_users u JOIN customers c "
	    "ON c.tenant_id = u.tenant_id AND c.id = u.customer_id "
	    "WHERE u.tenant_id = ? AND u.login = ?", STMT_READ | STMT_CAUSAL },
	[ST_STAFF_USER_BY_EMAIL] = {
	    "SELECT s.id, s.password_hash, s.status, s.must_change_password, "
	    "t.staff_mfa_required OR s.mfa_required, "
	    "s.mfa_enrolled_at IS NOT NULL AND LENGTH(s.totp_secret_enc) > 0 "
	    "FROM staff_users s JOIN tenants t ON t.id = s.tenant_id "
	    "WHERE s.tenant_id = ? AND s.email = ?", STMT_READ | STMT_CAUSAL },
	[ST_PORTAL_USER_PASSWORD_SET] = {
	    "UPDATE portal_users SET password_hash = ?, must_change_password = ? "
	    "WHERE tenant_id = ? AND id = ?", 0 },
	[ST_STAFF_USER_PASSWORD_SET] = {
	    "UPDATE staff_users SET password_hash = ?, must_change_password = ? "
	    "WHERE tenant_id = ? AND id = ?", 0 },
	[ST_PORTAL_USER_PASSWORD_GET] = {
	    "SELECT password_hash FROM portal_users WHERE tenant_id = ? AND id = ?",
	    STMT_READ },
	[ST_STAFF_USER_PASSWORD_GET] = {
	    "SELECT password_hash FROM staff_users WHERE tenant_id = ? AND id = ?",
	    STMT_READ },

	/* Sessions: looked up by the SHA-256 of the cookie's token, never the token. */
	/*
	 * A token link that opens the portal: customer c's link by its hash (params:
	 * hash, tenant), issued, on, unexpired; and whether c has an active portal user
	 * (then the link no longer opens it). The index named: the tenant's users by
	 * customer, whatever the table's statistics say after a bulk load.
	 */
#define TOKENLINK_LIVE \
	"c.token_hash = ? AND c.tenant_id = ? AND c.token_disabled = 0 " \
	"AND c.archived_at IS NULL " \
	"AND (c.token_expires_at IS NULL OR c.token_expires_at > UTC_TIMESTAMP(6))"
#define TOKENLINK_HAS_USERS \
	"EXISTS (SELECT 1 FROM portal_users p FORCE INDEX (ix_portal_users_customer) " \
	"WHERE p.tenant_id = c.tenant_id AND p.customer_id = c.id " \
	"AND p.status = 'active')"
	/* An audit line's columns (ST_AUDIT_ADD's), before its VALUES. */
#define AUDIT_INTO \
	"INSERT INTO audit_log (tenant_id, action, actor_kind, actor_id, " \
	"impersonator_staff_id, target_kind, target_id, ip, detail) "
	/*
	 * A token visitor's landing (a link opened from a mail, no session yet): the
	 * session, made only if its link opens the portal, and its audit line, in one
	 * statement that is its own transaction: one round trip where START
	 * TRANSACTION, the two INSERTs and COMMIT took four. Any error rolls back
	 * both rows before it reaches the client, so no transaction is left open
	 * on the connection. It runs only outside a transaction (its START
	 * TRANSACTION would commit the caller's; store_auth.c refuses). The audit
	 * line is a plain INSERT ... VALUES (an INSERT ... SELECT into audit_log
	 * would hold its table's AUTO_INCREMENT lock for the whole statement, and
	 * landings side by side would queue on it). params: the session's hash,
	 * principal, csrf, seconds, ip, user agent, mfa state, then
	 * TOKENLINK_LIVE's; the session's hash and tenant again; the audit line's
	 * (ST_AUDIT_ADD's, an actor or target id NULL being the session's
	 * customer). Affected rows: 0 when no session was made, more when it and
	 * its audit line were.
	 */
	[ST_SESSION_ADD_LINK] = {
	    "BEGIN NOT ATOMIC DECLARE landed BIGINT UNSIGNED; "
	    "DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; RESIGNAL; END; "
	    "START TRANSACTION; "
	    "INSERT INTO sessions (token_hash, tenant_id, principal, customer_id, "
	    "link_hash, csrf_secret, expires_at, ip, user_agent, mfa_state) "
	    "SELECT ?, c.tenant_id, ?, c.id, c.token_hash, ?, "
	    "UTC_TIMESTAMP(6) + INTERVAL ? SECOND, ?, ?, ? FROM customers c WHERE "
	    TOKENLINK_LIVE " AND NOT " TOKENLINK_HAS_USERS "; "
	    "SET landed = (SELECT s.customer_id FROM sessions s "
	    "WHERE s.token_hash = ? AND s.tenant_id = ?); "
	    "IF landed IS NOT NULL THEN "
	    AUDIT_INTO "VALUES (?, ?, ?, COALESCE(?, landed), ?, ?, "
	    "COALESCE(?, landed), ?, ?); END IF; COMMIT; END", 0 },
	[ST_SESSION_ADD] = {
	    "INSERT INTO sessions (token_hash, tenant_id, principal, portal_user_id, "
	    "staff_user_id, customer_id, link_hash, impersonator_staff_id, csrf_secret, "
	    "expires_at, ip, user_agent, mfa_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "UTC_TIMESTAMP(6) + INTERVAL ? SECOND, ?, ?, ?)", 0 },
	/*
	 * A session by its hash, with its user, the tenant's rights version and the
	 * customer's name, and for a portal user their rights (ACCESS_USER_COLUMNS
	 * from column 17, one row per grant), so their portal page costs this and its
	 * content query when the worker has not kept their rights at this version;
	 * ST_SESSION_LIGHT is the same without the rights, for when it has
	 * (store_rights.c). (A token visitor's rights are ST_ACCESS_TOKEN's, kept
	 * the same way.) A token visitor's session is "active" (column 11) only while
	 * the link it came through is the customer's link, on and unexpired: it dies
	 * with its link however the link ended (docs/DESIGN.md, invariant 10).
	 */
	[ST_SESSION_GET] = {
	    SESSION_COLUMNS ", " ACCESS_USER_COLUMNS " " SESSION_FROM_USER
	    ACCESS_GRANTS_JOIN SESSION_FROM_REST, STMT_READ | STMT_CAUSAL },
	[ST_SESSION_LIGHT] = {
	    SESSION_COLUMNS " " SESSION_FROM_USER SESSION_FROM_REST,
	    STMT_READ | STMT_CAUSAL },
	/* Every change of rights, in its transaction (db.c, stmt_def.rights). */
	[ST_RIGHTS_BUMP] = {
	    "UPDATE tenants SET rights_version = rights_version + 1 WHERE id = ?", 0 },
	[ST_SESSION_TOUCH] = {
	    "UPDATE sessions SET last_seen_at = UTC_TIMESTAMP(6) "
	    "WHERE token_hash = ? AND tenant_id = ?", 0 },
	[ST_SESSION_DEL] = {
	    "DELETE FROM sessions WHERE token_hash = ? AND tenant_id = ?", 0 },
	[ST_SESSIONS_OF_PORTAL_USER] = {
	    "SELECT token_hash, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i'), "
	    "DATE_FORMAT(last_seen_at, '%Y-%m-%d %H:%i'), ip, user_agent, "
	    "impersonator_staff_id FROM sessions "
	    "WHERE tenant_id = ? AND portal_user_id = ? AND expires_at > UTC_TIMESTAMP(6) "
	    "ORDER BY last_seen_at DESC", STMT_READ },
	[ST_SESSIONS_OF_STAFF_USER] = {
	    "SELECT token_hash, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i'), "
	    "DATE_FORMAT(last_seen_at, '%Y-%m-%d %H:%i'), ip, user_agent, "
	    "impersonator_staff_id FROM sessions "
	    "WHERE tenant_id = ? AND staff_user_id = ? AND expires_at > UTC_TIMESTAMP(6) "
	    "ORDER BY last_seen_at DESC", STMT_READ },
	[ST_SESSION_DEL_OF_PORTAL_USER] = {
	    "DELETE FROM sessions WHERE token_hash = ? AND tenant_id = ? "
	    "AND portal_user_id = ?", 0 },
	[ST_SESSION_DEL_OF_STAFF_USER] = {
	    "DELETE FROM sessions WHERE token_hash = ? AND tenant_id = ? "
	    "AND staff_user_id = ?", 0 },
	[ST_SESSIONS_DEL_OTHERS_PORTAL] = {
	    "DELETE FROM sessions WHERE tenant_id = ? AND portal_user_id = ? "
	    "AND token_hash <> ?", 0 },
	[ST_SESSIONS_DEL_OTHERS_STAFF] = {
	    "DELETE FROM sessions WHERE tenant_id = ? AND staff_user_id = ? "
	    "AND token_hash <> ?", 0 },

	/*
	 * Throttling of password and code checks (module/auth/throttle.c): failure counts
	 * per (account, client), per client and per account; only pairs and clients
	 * wait. The account column of 'address' rows is all zero bytes.
	 */
	[ST_THROTTLE_CHECK] = {
	    "SELECT COALESCE(MAX(wait_until > UTC_TIMESTAMP(6)), 0), "
	    "COALESCE(SUM(scope = 'pair'), 0) FROM auth_failures WHERE tenant_id = ? "
	    "AND ((scope = 'pair' AND account = ? AND client = ?) "
	    "OR (scope = 'address' AND account = ? AND client = ?))", STMT_READ },
	[ST_THROTTLE_BUMP] = {
	    "INSERT INTO auth_failures (tenant_id, scope, account, client, failures) "
	    "VALUES (?, ?, ?, ?, 1) ON DUPLICATE KEY UPDATE "
	    "failures = IF(last_at < UTC_TIMESTAMP(6) - INTERVAL ? SECOND, 1, failures + 1), "
	    "first_at = IF(failures = 1, UTC_TIMESTAMP(6), first_at), "
	    "last_at = UTC_TIMESTAMP(6)", 0 },
	[ST_THROTTLE_COUNTS] = {
	    "SELECT scope, failures FROM auth_failures WHERE tenant_id = ? "
	    "AND ((scope = 'pair' AND account = ? AND client = ?) "
	    "OR (scope = 'address' AND account = ? AND client = ?) "
	    "OR (scope = 'account' AND account = ? AND client = ''))", STMT_READ },
	[ST_THROTTLE_WAIT] = {
	    "UPDATE auth_failures SET wait_until = UTC_TIMESTAMP(6) + INTERVAL ? SECOND "
	    "WHERE tenant_id = ? AND scope = ? AND account = ? AND client = ?", 0 },
	[ST_THROTTLE_PASS] = {
	    "DELETE FROM auth_failures WHERE tenant_id = ? AND scope = 'pair' "
	    "AND account = ? AND client = ?", 0 },
	[ST_THROTTLE_CLEAR_ACCOUNT] = {
	    "DELETE FROM auth_failures WHERE tenant_id = ? AND account IN (?, ?)", 0 },
	/* Housekeeping over every tenant: only rows that no longer count or wait. */
	[ST_THROTTLE_PURGE] = {
	    "DELETE FROM auth_failures "
	    "WHERE last_at < UTC_TIMESTAMP(6) - INTERVAL ? SECOND "
	    "AND (wait_until IS NULL OR wait_until <= UTC_TIMESTAMP(6)) LIMIT ?", 0 },
	[ST_PORTAL_USER_TOUCH] = {
	    "UPDATE portal_users SET last_action_at = UTC_TIMESTAMP(6) "
	    "WHERE tenant_id = ? AND id = ?", 0 },
	/* The first finished sign-in of a portal user marks it; later ones change
	 * nothing (store_portal_user_first_signin()). */
	[ST_PORTAL_USER_FIRST_SIGNIN] = {
	    "UPDATE portal_users SET first_signin_at = UTC_TIMESTAMP(6) "
	    "WHERE tenant_id = ? AND id = ? AND first_signin_at IS NULL", 0 },
	[ST_STAFF_USER_TOUCH] = {
	    "UPDATE staff_users SET last_action_at = UTC_TIMESTAMP(6) "
	    "WHERE tenant_id = ? AND id = ?", 0 },

	[ST_AUDIT_ADD] = {
	    AUDIT_INTO "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", 0 },

	/* The tenant API's keys (store_api.c): found by hash within the host's tenant. */
	[ST_API_KEY_ADD] = {
	    "INSERT INTO api_keys (tenant_id, name, prefix, key_hash, read_only) "
	    "VALUES (?, ?, ?, ?, ?)", 0 },
	[ST_API_KEY_FIND] = {
	    API_KEY_SELECT "WHERE tenant_id = ? AND key_hash = ?",
	    STMT_READ | STMT_CAUSAL },
	[ST_API_KEY_GET] = {
	    API_KEY_SELECT "WHERE tenant_id = ? AND id = ?", STMT_READ },
	[ST_API_KEY_LIST] = {
	    API_KEY_SELECT "WHERE tenant_id = ? ORDER BY id", STMT_READ },
	[ST_API_KEY_REVOKE] = {
	    "UPDATE api_keys SET revoked_at = UTC_TIMESTAMP(6) "
	    "WHERE tenant_id = ? AND id = ? AND revoked_at IS NULL", 0 },
	[ST_API_KEY_TOUCH] = {
	    "UPDATE api_keys SET last_used_at = UTC_TIMESTAMP(6) "
	    "WHERE tenant_id = ? AND id = ?", 0 },
	/*
	 * One more request of a key in the current minute (the database's clock, so
	 * every host counts the same minute). The count comes back as the statement's
	 * insert id (LAST_INSERT_ID(expr)); a first request, which inserts the row,
	 * leaves it 0.
	 */
	[ST_API_RATE_HIT] = {
	    "INSERT INTO api_rate (tenant_id, key_id, minute, hits) "
	    "VALUES (?, ?, FLOOR(UNIX_TIMESTAMP() / 60), 1) "
	    "ON DUPLICATE KEY UPDATE "
	    "hits = LAST_INSERT_ID(IF(minute = VALUES(minute), hits + 1, 1)), "
	    "minute = VALUES(minute)", 0 },

	/* Customers and contacts as the API addresses them (store_customers.c). */
	[ST_CUSTOMER_BY_XID] = {
	    CUSTOMER_XID_SELECT "WHERE tenant_id = ? AND external_id = ?", STMT_READ },
	[ST_CUSTOMER_BY_XID_LOCK] = {
	    CUSTOMER_XID_SELECT "WHERE tenant_id = ? AND external_id = ? FOR UPDATE",
	    0 },
	[ST_CUSTOMERS_AFTER] = {
	    CUSTOMER_XID_SELECT "WHERE tenant_id = ? AND external_id > ? "
	    "ORDER BY external_id LIMIT ?", STMT_READ },
	[ST_CUSTOMER_XID_ADD] = {
	    "INSERT INTO customers (tenant_id, external_id, name, email, phone) "
	    "VALUES (?, ?, ?, ?, ?)", 0 },
	[ST_CUSTOMER_XID_UPDATE] = {
	    "UPDATE customers SET name = ?, email = ?, phone = ? "
	    "WHERE tenant_id = ? AND id = ?", 0 },
	/* What keeps a customer from being deleted: its properties, portal users,
	 * statements and documents. */
	[ST_CUSTOMER_BLOCKERS] = {
	    "SELECT (SELECT COUNT(*) FROM properties WHERE tenant_id = ? AND customer_id = ?), "
	    "(SELECT COUNT(*) FROM portal_users WHERE tenant_id = ? AND customer_id = ?), "
	    "(SELECT COUNT(*) FROM statements WHERE tenant_id = ? AND customer_id = ?), "
	    "(SELECT COUNT(*) FROM documents WHERE tenant_id = ? AND customer_id = ?)",
	    0 },
	[ST_CUSTOMER_XID_DEL] = {
	    "DELETE FROM customers WHERE tenant_id = ? AND id = ?", 0 },
	[ST_CONTACT_BY_XID] = {
	    CONTACT_XID_SELECT "WHERE k.tenant_id = ? AND k.external_id = ?", STMT_READ },
	[ST_CONTACT_BY_XID_LOCK] = {
	    CONTACT_XID_SELECT "WHERE k.tenant_id = ? AND k.external_id = ? FOR UPDATE",
	    0 },
	[ST_CONTACTS_AFTER] = {
	    CONTACT_XID_SELECT "WHERE k.tenant_id = ? AND k.external_id > ? "
	    "ORDER BY k.external_id LIMIT ?", STMT_READ },
	[ST_CONTACT_XID_ADD] = {
	    "INSERT INTO contacts (tenant_id, external_id, customer_id, name, email, "
	    "phone, role) VALUES (?, ?, ?, ?, ?, ?, ?)", 0 },
	[ST_CONTACT_XID_UPDATE] = {
	    "UPDATE contacts SET customer_id = ?, name = ?, email = ?, phone = ?, "
	    "role = ? WHERE tenant_id = ? AND id = ?", 0 },
	[ST_CONTACT_USERS] = {
	    "SELECT COUNT(*) FROM portal_users WHERE tenant_id = ? AND contact_id = ?",
	    0 },
	[ST_CONTACT_XID_DEL] = {
	    "DELETE FROM contacts WHERE tenant_id = ? AND id = ?", 0 },

	/*
	 * Statements (with their lines) and documents by external id. A reference
	 * to a property is locked with the row that names it, as a customer is.
	 */
	[ST_PROPERTY_REF_BY_XID] = {
	    "SELECT id, customer_id FROM properties WHERE tenant_id = ? "
	    "AND external_id = ? FOR UPDATE", 0 },
	[ST_STATEMENT_BY_XID] = {
	    STATEMENT_XID_SELECT "WHERE s.tenant_id = ? AND s.external_id = ?",
	    STMT_READ },
	[ST_STATEMENT_BY_XID_LOCK] = {
	    STATEMENT_XID_SELECT "WHERE s.tenant_id = ? AND s.external_id = ? "
	    "FOR UPDATE", 0 },
	[ST_STATEMENTS_AFTER] = {
	    STATEMENT_XID_SELECT "WHERE s.tenant_id = ? AND s.external_id > ? "
	    "ORDER BY s.external_id LIMIT ?", STMT_READ },
	/* The lines of the statements with external ids from first to last: a page. */
	[ST_STATEMENT_LINES_XID] = {
	    "SELECT l.statement_id, l.description, l.base_rate_cents, "
	    "l.cleaning_fee_cents, l.taxes_cents, l.channel_commission_cents, "
	    "l.management_fee_cents, l.owner_revenue_cents, l.total_price_cents, "
	    "l.payout_cents FROM statements s JOIN statement_lines l "
	    "ON l.tenant_id = s.tenant_id AND l.statement_id = s.id "
	    "WHERE s.tenant_id = ? AND s.external_id >= ? AND s.external_id <= ? "
	    "ORDER BY l.statement_id, l.line_order, l.id", STMT_READ },
	[ST_STATEMENT_XID_ADD] = {
	    "INSERT INTO statements (tenant_id, external_id, customer_id, property_id, "
	    "period_start, period_end, issued_at, currency, base_rate_cents, "
	    "cleaning_fee_cents, taxes_cents, channel_commission_cents, "
	    "management_fee_cents, owner_revenue_cents, total_price_cents, "
	    "payout_cents) VALUES (?, ?, ?, ?, ?, ?, CAST(? AS DATE), ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?)", 0 },
	[ST_STATEMENT_XID_UPDATE] = {
	    "UPDATE statements SET customer_id = ?, property_id = ?, period_start = ?, "
	    "period_end = ?, issued_at = CAST(? AS DATE), currency = ?, "
	    "base_rate_cents = ?, cleaning_fee_cents = ?, taxes_cents = ?, "
	    "channel_commission_cents = ?, management_fee_cents = ?, "
	    "owner_revenue_cents = ?, total_price_cents = ?, payout_cents = ? "
	    "WHERE tenant_id = ? AND id = ?", 0 },
	[ST_STATEMENT_LINES_DEL] = {
	    "DELETE FROM statement_lines WHERE tenant_id = ? AND statement_id = ?", 0 },
	[ST_STATEMENT_LINE_ADD] = {
	    "INSERT INTO statement_lines (tenant_id, statement_id, line_order, "
	    "description, base_rate_cents, cleaning_fee_cents, taxes_cents, "
	    "channel_commission_cents, management_fee_cents, owner_revenue_cents, "
	    "total_price_cents, payout_cents) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?)", 0 },
	/* Its lines go with it (ON DELETE CASCADE). */
	[ST_STATEMENT_XID_DEL] = {
	    "DELETE FROM statements WHERE tenant_id = ? AND id = ?", 0 },
	[ST_DOCUMENT_BY_XID] = {
	    DOCUMENT_XID_SELECT "WHERE d.tenant_id = ? AND d.external_id = ?",
	    STMT_READ },
	[ST_DOCUMENT_BY_XID_LOCK] = {
	    DOCUMENT_XID_SELECT "WHERE d.tenant_id = ? AND d.external_id = ? "
	    "FOR UPDATE", 0 },
	[ST_DOCUMENTS_AFTER] = {
	    DOCUMENT_XID_SELECT "WHERE d.tenant_id = ? AND d.external_id > ? "
	    "ORDER BY d.external_id LIMIT ?", STMT_READ },
	/* A document is made without its file: storage_path '' until it comes. */
	[ST_DOCUMENT_XID_ADD] = {
	    "INSERT INTO documents (tenant_id, external_id, customer_id, property_id, "
	    "title, file_name, content_type, visibility, storage_path, size_bytes) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', 0)", 0 },
	[ST_DOCUMENT_XID_UPDATE] = {
	    "UPDATE documents SET customer_id = ?, property_id = ?, title = ?, "
	    "file_name = ?, content_type = ?, visibility = ? "
	    "WHERE tenant_id = ? AND id = ?", 0 },
	[ST_DOCUMENT_FILE_SET] = {
	    "UPDATE documents SET storage_path = ?, size_bytes = ?, sha256 = ? "
	    "WHERE tenant_id = ? AND id = ?", 0 },
	[ST_DOCUMENT_XID_DEL] = {
	    "DELETE FROM documents WHERE tenant_id = ? AND id = ?", 0 },
	/*
	 * Who may be told of a new statement (? 2 = 1) or document (0): active
	 * portal users who want such mail and are admins or hold a live grant
	 * over all properties, the customer (? 3), or a property of it (? 4; ? 5:
	 * the paper's own property, 0 for the whole customer). Their rights then
	 * decide (store_docs.c). params: tenant, kind, customer x2, property x2.
	 */
	[ST_PAPER_READERS] = {
	    "SELECT DISTINCT u.id, IF(u.login_is_email, u.login, k.email) "
	    "FROM portal_users u LEFT JOIN contacts k ON k.tenant_id = u.tenant_id "
	    "AND k.id = u.contact_id LEFT JOIN access_grants a "
	    "ON a.tenant_id = u.tenant_id AND a.portal_user_id = u.id "
	    "AND (a.expires_at IS NULL OR a.expires_at > UTC_TIMESTAMP(6)) "
	    "LEFT JOIN properties ap ON ap.tenant_id = a.tenant_id "
	    "AND ap.id = a.property_id "
	    "WHERE u.tenant_id = ? AND u.status = 'active' "
	    "AND IF(? = 1, u.mail_statements, u.mail_documents) = 1 "
	    "AND (u.is_admin = 1 OR a.scope = 'all' OR (a.scope = 'customer' "
	    "AND a.customer_id = ?) OR (a.scope = 'property' AND ap.customer_id = ? "
	    "AND (? = 0 OR a.property_id = ?))) ORDER BY u.id", 0 },
	/* A portal user's choice of mail about new statements and documents. */
	[ST_MAIL_PREFS_GET] = {
	    "SELECT mail_statements, mail_documents FROM portal_users "
	    "WHERE tenant_id = ? AND id = ?", STMT_READ },
	[ST_MAIL_PREFS_SET] = {
	    "UPDATE portal_users SET mail_statements = ?, mail_documents = ? "
	    "WHERE tenant_id = ? AND id = ?", 0 },

	/*
	 * Portal users as staff manage them: every customer with its contacts and the
	 * portal user of each (a customer's own user has no contact), one row each.
	 */
	[ST_CUSTOMER_ROSTER] = {
	    "SELECT c.id, NULL, c.name, c.email, p.id, p.login, p.status, "
	    "DATE_FORMAT(p.last_action_at, '%Y-%m-%d %H:%i'), p.mfa_required, "
	    "p.mfa_enrolled_at IS NOT NULL, p.totp_secret_enc IS NOT NULL "
	    "FROM customers c LEFT JOIN portal_users p ON p.tenant_id = c.tenant_id "
	    "AND p.customer_id = c.id AND p.contact_id IS NULL WHERE c.tenant_id = ? "
	    "AND c.id BETWEEN ? AND ? "
	    "UNION ALL "
	    "SELECT k.customer_id, k.id, k.name, k.email, p.id, p.login, p.status, "
	    "DATE_FORMAT(p.last_action_at, '%Y-%m-%d %H:%i'), p.mfa_required, "
	    "p.mfa_enrolled_at IS NOT NULL, p.totp_secret_enc IS NOT NULL "
	    "FROM contacts k LEFT JOIN portal_users p ON p.tenant_id = k.tenant_id "
	    "AND p.contact_id = k.id WHERE k.tenant_id = ? "
	    "AND k.customer_id BETWEEN ? AND ? "
	    "ORDER BY 1, 2, 5", STMT_READ },
	/* A page of the roster: the ids of the next customers after ?, at most ?. */
	[ST_ROSTER_PAGE] = {
	    "SELECT id FROM customers WHERE tenant_id = ? AND id > ? ORDER BY id LIMIT ?",
	    STMT_READ },
	[ST_CUSTOMER_GET] = {
	    "SELECT id, name, email FROM customers WHERE tenant_id = ? AND id = ?",
	    STMT_READ },
	[ST_CONTACT_GET] = {
	    "SELECT id, customer_id, name, email FROM contacts "
	    "WHERE tenant_id = ? AND id = ?", STMT_READ },
	[ST_CONTACTS_OF_CUSTOMER] = {
	    "SELECT id, customer_id, name, email FROM contacts "
	    "WHERE tenant_id = ? AND customer_id = ? ORDER BY id", STMT_READ },
	[ST_PORTAL_USER_OF_CUSTOMER] = {
	    "SELECT id FROM portal_users WHERE tenant_id = ? AND customer_id = ? "
	    "AND contact_id IS NULL LIMIT 1", STMT_READ },
	[ST_PORTAL_USER_OF_CONTACT] = {
	    "SELECT id FROM portal_users WHERE tenant_id = ? AND contact_id = ? LIMIT 1",
	    STMT_READ },
	[ST_PORTAL_USER_ADD] = {
	    "INSERT INTO portal_users (tenant_id, customer_id, contact_id, login, "
	    "login_is_email, status) VALUES (?, ?, ?, ?, ?, 'invited')", 0 },
	[ST_PORTAL_USER_GET] = {
	    "SELECT p.id, p.customer_id, p.contact_id, p.login, p.login_is_email, "
	    "p.status, COALESCE(k.name, c.name) FROM portal_users p "
	    "JOIN customers c ON c.tenant_id = p.tenant_id AND c.id = p.customer_id "
	    "LEFT JOIN contacts k ON k.tenant_id = p.tenant_id AND k.id = p.contact_id "
	    "WHERE p.tenant_id = ? AND p.id = ?", STMT_READ },
	[ST_PORTAL_USER_BY_LOGIN_FULL] = {
	    "SELECT p.id, p.customer_id, p.contact_id, p.login, p.login_is_email, "
	    "p.status, COALESCE(k.name, c.name) FROM portal_users p "
	    "JOIN customers c ON c.tenant_id = p.tenant_id AND c.id = p.customer_id "
	    "LEFT JOIN contacts k ON k.tenant_id = p.tenant_id AND k.id = p.contact_id "
	    "WHERE p.tenant_id = ? AND p.login = ?", STMT_READ },
	[ST_PORTAL_USER_SET_STATUS] = {
	    "UPDATE portal_users SET status = ? WHERE tenant_id = ? AND id = ?", 0, .rights = 2 },
	/* Re-enabled: active again with a password, else still to be invited. */
	[ST_PORTAL_USER_ENABLE] = {
	    "UPDATE portal_users SET status = IF(password_hash IS NULL, 'invited', "
	    "'active') WHERE tenant_id = ? AND id = ? AND status = 'disabled'", 0, .rights = 1 },
	/* Following an invitation or reset link: the password, and invited → active. */
	[ST_PORTAL_USER_SET_PASSWORD_ACTIVATE] = {
	    "UPDATE portal_users SET password_hash = ?, must_change_password = 0, "
	    "status = IF(status = 'invited', 'active', status) "
	    "WHERE tenant_id = ? AND id = ? AND status <> 'disabled'", 0, .rights = 2 },
	[ST_DEFAULT_GROUP] = {
	    "SELECT id FROM permission_groups WHERE tenant_id = ? AND is_default = 1",
	    STMT_READ },
	[ST_GRANT_ADD_CUSTOMER] = {
	    "INSERT INTO access_grants (tenant_id, portal_user_id, group_id, scope, "
	    "customer_id) VALUES (?, ?, ?, 'customer', ?)", 0, .rights = 1 },
	/* Action tokens: looked up by SHA-256 only; used once, before they expire. */
	[ST_ACTION_TOKEN_ADD] = {
	    "INSERT INTO action_tokens (token_hash, tenant_id, kind, portal_user_id, "
	    "expires_at) VALUES (?, ?, ?, ?, UTC_TIMESTAMP(6) + INTERVAL ? SECOND)", 0 },
	[ST_STAFF_ACTION_TOKEN_ADD] = {
	    "INSERT INTO action_tokens (token_hash, tenant_id, kind, staff_user_id, "
	    "expires_at) VALUES (?, ?, ?, ?, UTC_TIMESTAMP(6) + INTERVAL ? SECOND)", 0 },
	[ST_STAFF_ACTION_TOKEN_GET] = {
	    "SELECT s.id FROM action_tokens t JOIN staff_users s "
	    "ON s.tenant_id = t.tenant_id AND s.id = t.staff_user_id "
	    "WHERE t.token_hash = ? AND t.tenant_id = ? AND t.kind = ? "
	    "AND t.used_at IS NULL AND t.expires_at > UTC_TIMESTAMP(6) "
	    "AND s.status <> 'disabled'", STMT_READ },
	[ST_STAFF_SET_PASSWORD_ACTIVATE] = {
	    "UPDATE staff_users SET password_hash = ?, must_change_password = 0, "
	    "status = IF(status = 'invited', 'active', status) "
	    "WHERE tenant_id = ? AND id = ? AND status <> 'disabled'", 0 },
	[ST_ACTION_TOKEN_GET] = {
	    "SELECT p.id FROM action_tokens t JOIN portal_users p "
	    "ON p.tenant_id = t.tenant_id AND p.id = t.portal_user_id "
	    "WHERE t.token_hash = ? AND t.tenant_id = ? AND t.kind = ? "
	    "AND t.used_at IS NULL AND t.expires_at > UTC_TIMESTAMP(6) "
	    "AND p.status <> 'disabled'", STMT_READ },
	[ST_ACTION_TOKEN_USE] = {
	    "UPDATE action_tokens SET used_at = UTC_TIMESTAMP(6) "
	    "WHERE token_hash = ? AND tenant_id = ? AND kind = ? AND used_at IS NULL "
	    "AND expires_at > UTC_TIMESTAMP(6)", 0 },
	[ST_ACTION_TOKENS_RECENT] = {
	    "SELECT COUNT(*) FROM action_tokens WHERE tenant_id = ? AND portal_user_id = ? "
	    "AND kind = ? AND created_at > UTC_TIMESTAMP(6) - INTERVAL ? SECOND",
	    STMT_READ },

	/* Every open link of a user dies when a password is set (store_password_set). */
	[ST_ACTION_TOKENS_RETIRE] = {
	    "UPDATE action_tokens SET used_at = UTC_TIMESTAMP(6) "
	    "WHERE tenant_id = ? AND portal_user_id = ? AND used_at IS NULL", 0 },
	[ST_STAFF_ACTION_TOKENS_RETIRE] = {
	    "UPDATE action_tokens SET used_at = UTC_TIMESTAMP(6) "
	    "WHERE tenant_id = ? AND staff_user_id = ? AND used_at IS NULL", 0 },

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
	    "SELECT t.id, t.slug, t.name, t.status, " TENANT_BRAND_COLS
	    "FROM tenants t ORDER BY t.id", STMT_READ },
	[ST_TENANT_BY_SLUG] = {
	    "SELECT t.id, t.slug, t.name, t.status, " TENANT_BRAND_COLS
	    "FROM tenants t WHERE t.slug = ?", STMT_READ },
	[ST_TENANT_SET_STATUS] = {
	    "UPDATE tenants SET status = ? WHERE slug = ?", 0 },
	[ST_TENANT_SET_STAFF_MFA] = {
	    "UPDATE tenants SET staff_mfa_required = ? WHERE slug = ?", 0 },
	/* The tenant's brand: its row locked for the change, then set. */
	[ST_TENANT_BRAND_LOCK] = {
	    "SELECT t.id, t.slug, t.name, t.status, " TENANT_BRAND_COLS
	    "FROM tenants t WHERE t.id = ? FOR UPDATE", 0 },
	[ST_TENANT_BRAND_SET] = {
	    "UPDATE tenants SET brand_color = ?, logo_path = ?, logo_width = ?, "
	    "logo_height = ?, mail_from_name = ? WHERE id = ?", 0 },
	/* Local formats: the tenant's (its row locked by ST_TENANT_BRAND_LOCK), a
	 * user's own time zone (NULL: the tenant's). */
	[ST_TENANT_LOCAL_SET] = {
	    "UPDATE tenants SET time_zone = ?, number_format = ? WHERE id = ?", 0 },
	[ST_PORTAL_USER_ZONE_LOCK] = {
	    "SELECT time_zone FROM portal_users WHERE tenant_id = ? AND id = ? "
	    "FOR UPDATE", 0 },
	[ST_PORTAL_USER_ZONE_SET] = {
	    "UPDATE portal_users SET time_zone = ? WHERE tenant_id = ? AND id = ?", 0 },
	[ST_STAFF_USER_ZONE_LOCK] = {
	    "SELECT time_zone FROM staff_users WHERE tenant_id = ? AND id = ? "
	    "FOR UPDATE", 0 },
	[ST_STAFF_USER_ZONE_SET] = {
	    "UPDATE staff_users SET time_zone = ? WHERE tenant_id = ? AND id = ?", 0 },
	[ST_DOMAIN_ADD] = {
	    "INSERT INTO tenant_domains (host, tenant_id) VALUES (?, ?)", 0 },
	[ST_STAFF_ADD] = {
	    "INSERT INTO staff_users (tenant_id, email, name, role, password_hash) "
	    "VALUES (?, ?, ?, ?, ?)", 0 },

	/*
	 * Mail outbox. Enqueueing names the tenant (or NULL for operator mail); the
	 * sender and porchctl outbox serve every tenant, so the rest are cross-tenant
	 * on purpose, like the tenant list. Claims follow schema/001_init.sql: mark rows
	 * with a unique claim id in one UPDATE, then read them back by that id, so any
	 * number of senders (and Galera nodes) never deliver a row twice. "attempts"
	 * counts attempts begun, so a mail that stops a sender still reaches the limit.
	 */
	[ST_OUTBOX_ADD] = {
	    "INSERT INTO outbox (tenant_id, to_addr, to_name, subject, body) "
	    "VALUES (?, ?, ?, ?, ?)", 0 },
	[ST_OUTBOX_NOW] = { "SELECT UTC_TIMESTAMP(6)", STMT_READ },
	[ST_OUTBOX_REQUEUE_STALE] = {
	    "UPDATE outbox SET status = IF(attempts >= ?, 'failed', 'queued'), "
	    "claimed_by = NULL, claimed_at = NULL "
	    "WHERE status = 'sending' AND claimed_at < UTC_TIMESTAMP(6) - INTERVAL ? SECOND",
	    0 },
	[ST_OUTBOX_CLAIM] = {
	    "UPDATE outbox SET status = 'sending', claimed_by = ?, "
	    "claimed_at = UTC_TIMESTAMP(6) "
	    "WHERE status = 'queued' AND next_attempt_at <= ? ORDER BY id LIMIT ?", 0 },
	/* With the brand of the tenant a mail is sent for (none: operator mail). */
	[ST_OUTBOX_CLAIMED] = {
	    "SELECT o.id, o.to_addr, o.to_name, o.subject, o.body, o.attempts, "
	    "FLOOR(UNIX_TIMESTAMP(o.created_at)), t.name, "
	    "COALESCE(t.mail_from_name, t.name), t.brand_color, "
	    "t.logo_path, t.logo_width, t.logo_height FROM outbox o "
	    "LEFT JOIN tenants t ON t.id = o.tenant_id "
	    "WHERE o.claimed_by = ? AND o.status = 'sending' ORDER BY o.id", STMT_READ },
	[ST_OUTBOX_BEGIN_ATTEMPT] = {
	    "UPDATE outbox SET attempts = attempts + 1, claimed_at = UTC_TIMESTAMP(6) "
	    "WHERE id = ? AND claimed_by = ? AND status = 'sending'", 0 },
	/* A sent mail's body is dropped: it may hold one-time links. */
	[ST_OUTBOX_MARK_SENT] = {
	    "UPDATE outbox SET status = 'sent', sent_at = UTC_TIMESTAMP(6), body = '', "
	    "last_error = NULL, claimed_by = NULL, claimed_at = NULL "
	    "WHERE id = ? AND claimed_by = ? AND status = 'sending'", 0 },
	[ST_OUTBOX_MARK_RETRY] = {
	    "UPDATE outbox SET status = IF(attempts >= ?, 'failed', 'queued'), "
	    "next_attempt_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND, last_error = ?, "
	    "claimed_by = NULL, claimed_at = NULL "
	    "WHERE id = ? AND claimed_by = ? AND status = 'sending'", 0 },
	[ST_OUTBOX_RELEASE] = {
	    "UPDATE outbox SET status = 'queued', claimed_by = NULL, claimed_at = NULL "
	    "WHERE claimed_by = ? AND status = 'sending'", 0 },
	[ST_OUTBOX_LIST] = {
	    "SELECT o.id, o.status, o.attempts, "
	    "DATE_FORMAT(o.next_attempt_at, '%Y-%m-%d %H:%i:%s'), COALESCE(t.slug, '-'), "
	    "o.to_addr, o.subject, COALESCE(o.last_error, '-') "
	    "FROM outbox o LEFT JOIN tenants t ON t.id = o.tenant_id "
	    "WHERE o.status <> 'sent' ORDER BY o.id", STMT_READ },
	[ST_OUTBOX_LIST_ALL] = {
	    "SELECT o.id, o.status, o.attempts, "
	    "DATE_FORMAT(o.next_attempt_at, '%Y-%m-%d %H:%i:%s'), COALESCE(t.slug, '-'), "
	    "o.to_addr, o.subject, COALESCE(o.last_error, '-') "
	    "FROM outbox o LEFT JOIN tenants t ON t.id = o.tenant_id ORDER BY o.id",
	    STMT_READ },
	[ST_OUTBOX_REQUEUE_FAILED] = {
	    "UPDATE outbox SET status = 'queued', attempts = 0, "
	    "next_attempt_at = UTC_TIMESTAMP(6) WHERE id = ? AND status = 'failed'", 0 },

	/*
	 * Events (store_events.c). An event's id is the tenant's event_seq row, raised
	 * under its row lock until the change commits (schema/007_events.sql): the
	 * affected row's LAST_INSERT_ID(expr) comes back as the statement's insert id.
	 */
	[ST_EVENT_SEQ_NEXT] = {
	    "INSERT INTO event_seq (tenant_id, next_id) VALUES (?, LAST_INSERT_ID(1)) "
	    "ON DUPLICATE KEY UPDATE next_id = LAST_INSERT_ID(next_id + 1)", 0 },
	[ST_EVENT_ADD] = {
	    "INSERT INTO events (tenant_id, id, type, subject_kind, subject_id, "
	    "property_id, customer_id, actor_kind, actor_id, impersonator_staff_id, "
	    "payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", 0 },
	[ST_EVENTS_AFTER] = { EVENT_SELECT
	    "WHERE tenant_id = ? AND id > ? ORDER BY id LIMIT ?", STMT_READ },
	[ST_EVENT_GET] = { EVENT_SELECT "WHERE tenant_id = ? AND id = ?", STMT_READ },

	/*
	 * Webhook endpoints and their deliveries (store_webhooks.c). A new endpoint
	 * starts after the tenant's last event. The sender's statements claim
	 * endpoints over every tenant, as the outbox's claim mail.
	 */
	[ST_WEBHOOK_ADD] = {
	    "INSERT INTO webhook_endpoints (tenant_id, url, secret_enc, position) "
	    "VALUES (?, ?, '', (SELECT COALESCE(MAX(e.id), 0) FROM events e "
	    "WHERE e.tenant_id = ?))", 0 },
	[ST_WEBHOOK_SET_SECRET] = {
	    "UPDATE webhook_endpoints SET secret_enc = ? WHERE tenant_id = ? AND id = ?",
	    0 },
	/* Each active endpoint, its events waiting, and its first failing delivery. */
	[ST_WEBHOOK_LIST] = {
	    "SELECT w.id, w.url, w.position, "
	    "DATE_FORMAT(w.created_at, '%Y-%m-%d %H:%i'), "
	    "(SELECT COUNT(*) FROM events e WHERE e.tenant_id = w.tenant_id "
	    "AND e.id > w.position), d.event_id, d.attempts, d.last_error, "
	    "DATE_FORMAT(d.next_attempt_at, '%Y-%m-%d %H:%i:%s') "
	    "FROM webhook_endpoints w LEFT JOIN webhook_deliveries d "
	    "ON d.tenant_id = w.tenant_id AND d.endpoint_id = w.id "
	    "AND d.event_id = (SELECT MIN(x.event_id) FROM webhook_deliveries x "
	    "WHERE x.tenant_id = w.tenant_id AND x.endpoint_id = w.id "
	    "AND x.delivered_at IS NULL AND x.attempts > 0) "
	    "WHERE w.tenant_id = ? AND w.active = 1 ORDER BY w.id", STMT_READ },
	[ST_WEBHOOK_GET] = {
	    "SELECT id, tenant_id, url, secret_enc, position, active "
	    "FROM webhook_endpoints WHERE tenant_id = ? AND id = ?", STMT_READ },
	/* A removed endpoint keeps its deliveries but not its secret. */
	[ST_WEBHOOK_REMOVE] = {
	    "UPDATE webhook_endpoints SET active = 0, secret_enc = '' "
	    "WHERE tenant_id = ? AND id = ? AND active = 1", 0 },
	[ST_WEBHOOK_DELIVERIES] = {
	    "SELECT d.event_id, COALESCE(e.type, '-'), d.attempts, d.last_status, "
	    "d.last_error, DATE_FORMAT(d.next_attempt_at, '%Y-%m-%d %H:%i:%s'), "
	    "DATE_FORMAT(d.delivered_at, '%Y-%m-%d %H:%i:%s'), d.resend "
	    "FROM webhook_deliveries d LEFT JOIN events e "
	    "ON e.tenant_id = d.tenant_id AND e.id = d.event_id "
	    "WHERE d.tenant_id = ? AND d.endpoint_id = ? "
	    "ORDER BY d.event_id DESC LIMIT ?", STMT_READ },
	/* An event the endpoint is past, queued again (endpoint 0: every one). */
	[ST_WEBHOOK_RESEND] = {
	    "INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event_id, resend) "
	    "SELECT w.tenant_id, w.id, ?, 1 FROM webhook_endpoints w "
	    "WHERE w.tenant_id = ? AND w.active = 1 AND w.position >= ? "
	    "AND (? = 0 OR w.id = ?) "
	    "ON DUPLICATE KEY UPDATE resend = 1, updated_at = UTC_TIMESTAMP(6)", 0 },
	[ST_WEBHOOK_RETRY_NOW] = {
	    "UPDATE webhook_endpoints SET next_attempt_at = UTC_TIMESTAMP(6) "
	    "WHERE tenant_id = ? AND active = 1 AND (? = 0 OR id = ?)", 0 },
	[ST_WEBHOOK_REQUEUE_STALE] = {
	    "UPDATE webhook_endpoints SET claimed_by = NULL, claimed_at = NULL "
	    "WHERE claimed_by IS NOT NULL "
	    "AND claimed_at < UTC_TIMESTAMP(6) - INTERVAL ? SECOND", 0 },
	/* Endpoints due with an event past their position or one to send again. */
	[ST_WEBHOOK_CLAIM] = {
	    "UPDATE webhook_endpoints SET claimed_by = ?, claimed_at = UTC_TIMESTAMP(6) "
	    "WHERE active = 1 AND claimed_by IS NULL AND next_attempt_at <= ? "
	    "AND (EXISTS (SELECT 1 FROM events e "
	    "WHERE e.tenant_id = webhook_endpoints.tenant_id "
	    "AND e.id > webhook_endpoints.position) "
	    "OR EXISTS (SELECT 1 FROM webhook_deliveries d "
	    "WHERE d.tenant_id = webhook_endpoints.tenant_id "
	    "AND d.endpoint_id = webhook_endpoints.id AND d.resend = 1)) "
	    "ORDER BY id LIMIT ?", 0 },
	[ST_WEBHOOK_CLAIMED] = {
	    "SELECT id, tenant_id, url, secret_enc, position, active "
	    "FROM webhook_endpoints WHERE claimed_by = ? ORDER BY id", STMT_READ },
	[ST_WEBHOOK_RENEW] = {
	    "UPDATE webhook_endpoints SET claimed_at = UTC_TIMESTAMP(6) "
	    "WHERE id = ? AND claimed_by = ? AND active = 1", 0 },
	[ST_WEBHOOK_RESEND_NEXT] = {
	    "SELECT MIN(event_id) FROM webhook_deliveries "
	    "WHERE tenant_id = ? AND endpoint_id = ? AND resend = 1", STMT_READ },
	/* An attempt is counted before it is made (a crash in it still counts); the
	 * count comes back as the insert id, as ST_EVENT_SEQ_NEXT's. */
	[ST_WEBHOOK_TRY] = {
	    "INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event_id, attempts) "
	    "VALUES (?, ?, ?, LAST_INSERT_ID(1)) "
	    "ON DUPLICATE KEY UPDATE attempts = LAST_INSERT_ID(attempts + 1), "
	    "updated_at = UTC_TIMESTAMP(6)", 0 },
	[ST_WEBHOOK_DELIVERED] = {
	    "UPDATE webhook_deliveries SET delivered_at = UTC_TIMESTAMP(6), "
	    "last_status = ?, last_error = NULL, next_attempt_at = NULL, resend = 0, "
	    "updated_at = UTC_TIMESTAMP(6) "
	    "WHERE tenant_id = ? AND endpoint_id = ? AND event_id = ?", 0 },
	[ST_WEBHOOK_ADVANCE] = {
	    "UPDATE webhook_endpoints SET position = ? "
	    "WHERE id = ? AND claimed_by = ? AND position < ?", 0 },
	[ST_WEBHOOK_FAILED] = {
	    "UPDATE webhook_deliveries SET last_status = ?, last_error = ?, "
	    "next_attempt_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND, "
	    "updated_at = UTC_TIMESTAMP(6) "
	    "WHERE tenant_id = ? AND endpoint_id = ? AND event_id = ?", 0 },
	[ST_WEBHOOK_BACKOFF] = {
	    "UPDATE webhook_endpoints SET "
	    "next_attempt_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND, "
	    "claimed_by = NULL, claimed_at = NULL WHERE id = ? AND claimed_by = ?", 0 },
	[ST_WEBHOOK_RELEASE] = {
	    "UPDATE webhook_endpoints SET claimed_by = NULL, claimed_at = NULL "
	    "WHERE claimed_by = ?", 0 },

	/*
	 * Housekeeping (store_purge.c), over every tenant: it takes no request data and
	 * removes only rows the request path already refuses, by the same tests as
	 * ST_SESSION_GET and ST_ACTION_TOKEN_GET. Each runs in batches (last ?).
	 */
	[ST_PURGE_SESSIONS_EXPIRED] = {
	    "DELETE FROM sessions WHERE expires_at <= UTC_TIMESTAMP(6) LIMIT ?", 0 },
	[ST_PURGE_SESSIONS_IDLE] = {
	    "DELETE FROM sessions "
	    "WHERE last_seen_at <= UTC_TIMESTAMP(6) - INTERVAL ? SECOND LIMIT ?", 0 },
	[ST_PURGE_SESSIONS_LINK_GONE] = {
	    "DELETE FROM sessions WHERE principal = 'token' AND NOT EXISTS "
	    "(SELECT 1 FROM customers c WHERE c.tenant_id = sessions.tenant_id "
	    "AND c.id = sessions.customer_id AND c.token_hash = sessions.link_hash "
	    "AND c.token_disabled = 0 AND (c.token_expires_at IS NULL "
	    "OR c.token_expires_at > UTC_TIMESTAMP(6))) LIMIT ?", 0 },
	[ST_PURGE_ACTION_TOKENS] = {
	    "DELETE FROM action_tokens "
	    "WHERE (used_at IS NOT NULL OR expires_at <= UTC_TIMESTAMP(6)) "
	    "AND created_at <= UTC_TIMESTAMP(6) - INTERVAL ? SECOND LIMIT ?", 0 },
	[ST_PURGE_OUTBOX_SENT] = {
	    "DELETE FROM outbox WHERE status = 'sent' "
	    "AND sent_at <= UTC_TIMESTAMP(6) - INTERVAL ? SECOND LIMIT ?", 0 },

	/* Log in as and the staff audit page (store_staff_audit.c). */
	[ST_STAFF_MAY_IMPERSONATE] = {
	    "SELECT role = 'admin' OR can_impersonate = 1 FROM staff_users "
	    "WHERE tenant_id = ? AND id = ? AND status = 'active'", STMT_READ },
	[ST_PORTAL_USER_BRIEF] = {
	    "SELECT id, customer_id, login, status FROM portal_users "
	    "WHERE tenant_id = ? AND id = ?", STMT_READ },
	[ST_PORTAL_USERS_LIST] = {
	    "SELECT p.id, p.login, c.name, p.status FROM portal_users p "
	    "JOIN customers c ON c.tenant_id = p.tenant_id AND c.id = p.customer_id "
	    "WHERE p.tenant_id = ? ORDER BY p.login LIMIT 500", STMT_READ },
	/*
	 * One page of the audit log. Names are joined by kind, each join naming the
	 * tenant; the filters are "'' = ?" switches so the text stays fixed.
	 */
	[ST_AUDIT_LIST] = {
	    "SELECT a.id, DATE_FORMAT(a.at, '%Y-%m-%d %H:%i:%s'), a.action, a.actor_kind, "
	    "COALESCE(sa.email, pa.login, ca.name), imp.email, a.target_kind, "
	    "COALESCE(st.email, pt.login, ct.name), a.ip, a.detail "
	    "FROM audit_log a "
	    "LEFT JOIN staff_users sa ON a.actor_kind = 'staff' "
	    "AND sa.tenant_id = a.tenant_id AND sa.id = a.actor_id "
	    "LEFT JOIN portal_users pa ON a.actor_kind = 'portal' "
	    "AND pa.tenant_id = a.tenant_id AND pa.id = a.actor_id "
	    "LEFT JOIN customers ca ON a.actor_kind = 'token' "
	    "AND ca.tenant_id = a.tenant_id AND ca.id = a.actor_id "
	    "LEFT JOIN staff_users imp ON imp.tenant_id = a.tenant_id "
	    "AND imp.id = a.impersonator_staff_id "
	    "LEFT JOIN staff_users st ON a.target_kind = 'staff' "
	    "AND st.tenant_id = a.tenant_id AND st.id = a.target_id "
	    "LEFT JOIN portal_users pt ON a.target_kind = 'portal' "
	    "AND pt.tenant_id = a.tenant_id AND pt.id = a.target_id "
	    "LEFT JOIN customers ct ON a.target_kind = 'customer' "
	    "AND ct.tenant_id = a.tenant_id AND ct.id = a.target_id "
	    "WHERE a.tenant_id = ? AND a.id < ? AND ('' = ? OR a.action = ?) "
	    "AND ('' = ? OR sa.email = ? OR pa.login = ? OR imp.email = ? "
	    "OR st.email = ? OR pt.login = ?) "
	    "ORDER BY a.id DESC LIMIT ?", STMT_READ },

	/*
	 * MFA. The sealed TOTP secret is written before enrolment is confirmed
	 * (mfa_enrolled_at NULL: pending) and only replaced while still pending.
	 * A step is accepted once: the update matches only a later step than the last.
	 */
	/*
	 * A portal user's own address is their email login, else the address of the
	 * contact they are: never the customer's, which may be another person's.
	 */
	[ST_MFA_GET_PORTAL] = {
	    "SELECT p.mfa_required, p.totp_secret_enc, p.mfa_enrolled_at IS NOT NULL, "
	    "p.login, IF(p.login_is_email, p.login, k.email), k.name, "
	    "(SELECT COUNT(*) FROM recovery_codes r WHERE r.tenant_id = p.tenant_id "
	    "AND r.portal_user_id = p.id AND r.used_at IS NULL) "
	    "FROM portal_users p LEFT JOIN contacts k ON k.tenant_id = p.tenant_id "
	    "AND k.id = p.contact_id WHERE p.tenant_id = ? AND p.id = ?", STMT_READ },
	[ST_MFA_GET_STAFF] = {
	    "SELECT t.staff_mfa_required OR s.mfa_required, s.totp_secret_enc, "
	    "s.mfa_enrolled_at IS NOT NULL, s.email, s.email, s.name, "
	    "(SELECT COUNT(*) FROM recovery_codes r WHERE r.tenant_id = s.tenant_id "
	    "AND r.staff_user_id = s.id AND r.used_at IS NULL) "
	    "FROM staff_users s JOIN tenants t ON t.id = s.tenant_id "
	    "WHERE s.tenant_id = ? AND s.id = ?", STMT_READ },
	[ST_MFA_PENDING_PORTAL] = {
	    "UPDATE portal_users SET totp_secret_enc = ?, totp_last_step = NULL "
	    "WHERE tenant_id = ? AND id = ? AND mfa_enrolled_at IS NULL", 0 },
	[ST_MFA_PENDING_STAFF] = {
	    "UPDATE staff_users SET totp_secret_enc = ?, totp_last_step = NULL "
	    "WHERE tenant_id = ? AND id = ? AND mfa_enrolled_at IS NULL", 0 },
	[ST_MFA_CONFIRM_PORTAL] = {
	    "UPDATE portal_users SET mfa_enrolled_at = UTC_TIMESTAMP(6), "
	    "totp_last_step = ? WHERE tenant_id = ? AND id = ? "
	    "AND mfa_enrolled_at IS NULL AND totp_secret_enc IS NOT NULL", 0 },
	[ST_MFA_CONFIRM_STAFF] = {
	    "UPDATE staff_users SET mfa_enrolled_at = UTC_TIMESTAMP(6), "
	    "totp_last_step = ? WHERE tenant_id = ? AND id = ? "
	    "AND mfa_enrolled_at IS NULL AND totp_secret_enc IS NOT NULL", 0 },
	[ST_MFA_USE_STEP_PORTAL] = {
	    "UPDATE portal_users SET totp_last_step = ? WHERE tenant_id = ? AND id = ? "
	    "AND mfa_enrolled_at IS NOT NULL "
	    "AND (totp_last_step IS NULL OR totp_last_step < ?)", 0 },
	[ST_MFA_USE_STEP_STAFF] = {
	    "UPDATE staff_users SET totp_last_step = ? WHERE tenant_id = ? AND id = ? "
	    "AND mfa_enrolled_at IS NOT NULL "
	    "AND (totp_last_step IS NULL OR totp_last_step < ?)", 0 },
	[ST_MFA_CLEAR_PORTAL] = {
	    "UPDATE portal_users SET totp_secret_enc = NULL, mfa_enrolled_at = NULL, "
	    "totp_last_step = NULL WHERE tenant_id = ? AND id = ?", 0 },
	[ST_MFA_CLEAR_STAFF] = {
	    "UPDATE staff_users SET totp_secret_enc = NULL, mfa_enrolled_at = NULL, "
	    "totp_last_step = NULL WHERE tenant_id = ? AND id = ?", 0 },
	/*
	 * Recovery codes are stored keyed (hash_version 2, see totp_recovery_hash());
	 * rows of version 1 (a bare SHA-256, from before migration 005) match nothing
	 * until porchctl migrate converts them: a migration step over every tenant's
	 * rows, each updated by tenant and id.
	 */
	[ST_RECOVERY_LEGACY] = {
	    "SELECT tenant_id, id, IF(portal_user_id IS NULL, 'staff', 'portal'), "
	    "COALESCE(portal_user_id, staff_user_id), code_hash FROM recovery_codes "
	    "WHERE hash_version = 1 ORDER BY id LIMIT 1000", STMT_READ },
	[ST_RECOVERY_CONVERT] = {
	    "UPDATE recovery_codes SET code_hash = ?, hash_version = 2 "
	    "WHERE tenant_id = ? AND id = ? AND hash_version = 1", 0 },
	[ST_RECOVERY_DEL_PORTAL] = {
	    "DELETE FROM recovery_codes WHERE tenant_id = ? AND portal_user_id = ?", 0 },
	[ST_RECOVERY_DEL_STAFF] = {
	    "DELETE FROM recovery_codes WHERE tenant_id = ? AND staff_user_id = ?", 0 },
	[ST_RECOVERY_ADD_PORTAL] = {
	    "INSERT INTO recovery_codes (tenant_id, portal_user_id, code_hash, "
	    "hash_version) VALUES (?, ?, ?, 2)", 0 },
	[ST_RECOVERY_ADD_STAFF] = {
	    "INSERT INTO recovery_codes (tenant_id, staff_user_id, code_hash, "
	    "hash_version) VALUES (?, ?, ?, 2)", 0 },
	[ST_RECOVERY_USE_PORTAL] = {
	    "UPDATE recovery_codes SET used_at = UTC_TIMESTAMP(6) WHERE tenant_id = ? "
	    "AND portal_user_id = ? AND code_hash = ? AND hash_version = 2 "
	    "AND used_at IS NULL", 0 },
	[ST_RECOVERY_USE_STAFF] = {
	    "UPDATE recovery_codes SET used_at = UTC_TIMESTAMP(6) WHERE tenant_id = ? "
	    "AND staff_user_id = ? AND code_hash = ? AND hash_version = 2 "
	    "AND used_at IS NULL", 0 },
	[ST_PORTAL_MFA_REQUIRE] = {
	    "UPDATE portal_users SET mfa_required = ? WHERE tenant_id = ? AND id = ?", 0 },
	[ST_PORTAL_USERS_OF_CUSTOMER] = {
	    "SELECT id FROM portal_users WHERE tenant_id = ? AND customer_id = ? "
	    "ORDER BY id", STMT_READ },
	[ST_PORTAL_USERS_OF_GROUP] = {
	    "SELECT DISTINCT portal_user_id FROM access_grants WHERE tenant_id = ? "
	    "AND group_id = ? ORDER BY portal_user_id", STMT_READ },
	/* The staff and one of them: the same columns, the tenant's MFA policy last. */
	[ST_STAFF_TEAM] = {
	    "SELECT s.id, s.email, s.name, s.role, s.status, "
	    "s.mfa_enrolled_at IS NOT NULL, s.totp_secret_enc IS NOT NULL, "
	    "s.can_impersonate, s.mfa_required, t.staff_mfa_required "
	    "FROM staff_users s JOIN tenants t ON t.id = s.tenant_id "
	    "WHERE s.tenant_id = ? ORDER BY s.email", STMT_READ },
	[ST_STAFF_MEMBER] = {
	    "SELECT s.id, s.email, s.name, s.role, s.status, "
	    "s.mfa_enrolled_at IS NOT NULL, s.totp_secret_enc IS NOT NULL, "
	    "s.can_impersonate, s.mfa_required, t.staff_mfa_required "
	    "FROM staff_users s JOIN tenants t ON t.id = s.tenant_id "
	    "WHERE s.tenant_id = ? AND s.id = ?", STMT_READ },
	/* The same, locked: a change decides on the row as it is in its transaction. */
	[ST_STAFF_MEMBER_LOCK] = {
	    "SELECT s.id, s.email, s.name, s.role, s.status, "
	    "s.mfa_enrolled_at IS NOT NULL, s.totp_secret_enc IS NOT NULL, "
	    "s.can_impersonate, s.mfa_required, t.staff_mfa_required "
	    "FROM staff_users s JOIN tenants t ON t.id = s.tenant_id "
	    "WHERE s.tenant_id = ? AND s.id = ? FOR UPDATE", 0 },
	/*
	 * Staff accounts as admins change them (store_staff.c). Every change first
	 * takes the tenant's row and the acting admin's row for update, so two admins
	 * changing each other wait in turn and the second finds what the first did:
	 * a tenant never loses its last admin. Column 0: is the actor an active admin.
	 */
	[ST_STAFF_ADMIN_LOCK] = {
	    "SELECT s.role = 'admin' AND s.status = 'active' FROM tenants t "
	    "JOIN staff_users s ON s.tenant_id = t.id WHERE t.id = ? AND s.id = ? "
	    "FOR UPDATE", 0 },
	[ST_STAFF_INVITE] = {
	    "INSERT INTO staff_users (tenant_id, email, name, role, can_impersonate, "
	    "mfa_required, status) VALUES (?, ?, ?, ?, ?, ?, 'invited')", 0 },
	[ST_STAFF_SET_RIGHTS] = {
	    "UPDATE staff_users SET role = ?, can_impersonate = ?, mfa_required = ? "
	    "WHERE tenant_id = ? AND id = ?", 0 },
	[ST_STAFF_DISABLE] = {
	    "UPDATE staff_users SET status = 'disabled' "
	    "WHERE tenant_id = ? AND id = ? AND status <> 'disabled'", 0 },
	/* Back to active, or to invited while no password is set. */
	[ST_STAFF_ENABLE] = {
	    "UPDATE staff_users SET status = IF(password_hash IS NULL, 'invited', 'active') "
	    "WHERE tenant_id = ? AND id = ? AND status = 'disabled'", 0 },
	/* The "log in as" sessions a staff member opened. */
	[ST_SESSIONS_DEL_IMPERSONATOR] = {
	    "DELETE FROM sessions WHERE tenant_id = ? AND impersonator_staff_id = ?", 0 },
	/*
	 * Permission groups (store_groups.c). The list and a single group share their
	 * columns: id, name, permissions, financial level, field filter, field list,
	 * is_default, is_system, number of grants using the group.
	 */
	[ST_GROUPS_LIST] = {
	    GROUP_SELECT "WHERE g.tenant_id = ? ORDER BY g.name, g.id", STMT_READ },
	[ST_GROUP_GET] = {
	    GROUP_SELECT "WHERE g.tenant_id = ? AND g.id = ?", STMT_READ },
	[ST_GROUP_ADD] = {
	    "INSERT INTO permission_groups (tenant_id, name, description, is_default, "
	    "is_system, permissions, financial_level, field_filter, field_list) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", 0, .rights = 1 },
	[ST_GROUP_UPDATE] = {
	    "UPDATE permission_groups SET name = ?, permissions = ?, "
	    "financial_level = ?, field_filter = ?, field_list = ? "
	    "WHERE tenant_id = ? AND id = ?", 0, .rights = 6 },
	/*
	 * Moving the default: clear, then set, in one transaction (the unique key
	 * uq_permission_groups_default allows one marked row per tenant). The system
	 * group takes no grants, so it is never the default nor a target of a move.
	 */
	[ST_GROUP_DEFAULT_CLEAR] = {
	    "UPDATE permission_groups SET is_default = 0 "
	    "WHERE tenant_id = ? AND is_default = 1", 0, .rights = 1 },
	[ST_GROUP_DEFAULT_SET] = {
	    "UPDATE permission_groups SET is_default = 1 WHERE tenant_id = ? AND id = ? "
	    "AND is_system = 0", 0, .rights = 1 },
	[ST_GROUP_GRANTS_MOVE] = {
	    "UPDATE access_grants a JOIN permission_groups g ON g.tenant_id = a.tenant_id "
	    "AND g.id = ? AND g.is_system = 0 SET a.group_id = g.id "
	    "WHERE a.tenant_id = ? AND a.group_id = ?", 0, .rights = 2 },
	/*
	 * Grants go with their group (ON DELETE CASCADE), so a group is deleted only
	 * while none uses it: a grant made after the page was shown stops the delete
	 * instead of vanishing. Neither the system nor the default group goes.
	 */
	[ST_GROUP_DEL] = {
	    "DELETE FROM permission_groups WHERE tenant_id = ? AND id = ? "
	    "AND is_system = 0 AND is_default = 0 AND NOT EXISTS "
	    "(SELECT 1 FROM access_grants a WHERE a.tenant_id = ? AND a.group_id = ?)",
	    0, .rights = 1 },
	/*
	 * Token links (store_tokenlink.c): customers.token_hash is the SHA-256 of the
	 * link's token, token_enc a sealed copy for staff. An expiry date D is stored
	 * as the first instant after it (D + 1 day, 00:00 UTC): the link works all of D.
	 */
	[ST_TOKENLINK_GET] = {
	    "SELECT c.id, c.name, c.token_enc, "
	    "DATE_FORMAT(c.token_created_at, '%Y-%m-%d %H:%i'), "
	    "DATE_FORMAT(c.token_expires_at - INTERVAL 1 DAY, '%Y-%m-%d'), "
	    "c.token_disabled, "
	    "c.token_expires_at IS NOT NULL AND c.token_expires_at <= UTC_TIMESTAMP(6), "
	    TOKENLINK_HAS_USERS " FROM customers c WHERE c.tenant_id = ? AND c.id = ?",
	    STMT_READ },
	/* Only a live link: issued, not disabled, not expired. */
	[ST_TOKENLINK_FIND] = {
	    "SELECT c.id, " TOKENLINK_HAS_USERS " FROM customers c WHERE "
	    TOKENLINK_LIVE, STMT_READ },
	[ST_TOKENLINK_ROTATE] = {
	    "UPDATE customers SET token_hash = ?, token_enc = ?, "
	    "token_created_at = UTC_TIMESTAMP(6) WHERE tenant_id = ? AND id = ?", 0 },
	/* A first link only: never replaces one issued meanwhile. */
	[ST_TOKENLINK_ISSUE] = {
	    "UPDATE customers SET token_hash = ?, token_enc = ?, "
	    "token_created_at = UTC_TIMESTAMP(6) WHERE tenant_id = ? AND id = ? "
	    "AND token_hash IS NULL", 0 },
	[ST_TOKENLINK_MISSING] = {
	    "SELECT id FROM customers WHERE tenant_id = ? AND token_hash IS NULL "
	    "ORDER BY id", STMT_READ },
	[ST_TOKENLINK_SET_EXPIRY] = {
	    "UPDATE customers SET token_expires_at = CAST(? AS DATE) + INTERVAL 1 DAY "
	    "WHERE tenant_id = ? AND id = ?", 0 },
	[ST_TOKENLINK_SET_DISABLED] = {
	    "UPDATE customers SET token_disabled = ? WHERE tenant_id = ? AND id = ?", 0 },
	[ST_TOKEN_SESSIONS_DEL] = {
	    "DELETE FROM sessions WHERE tenant_id = ? AND customer_id = ? "
	    "AND principal = 'token'", 0 },

	/*
	 * Calendar feeds (store_ical.c): a feed by its token's hash, a user's or a
	 * property's feed (the other id 0 matches nothing), a new token for either
	 * (the row made or its token replaced), and the properties with their feeds
	 * for the staff page.
	 */
	[ST_CALENDAR_FEED_FIND] = {
	    "SELECT f.id, f.portal_user_id, f.property_id, p.name FROM calendar_feeds f "
	    "LEFT JOIN properties p ON p.tenant_id = f.tenant_id AND p.id = f.property_id "
	    "WHERE f.token_hash = ? AND f.tenant_id = ?", STMT_READ },
	[ST_CALENDAR_FEED_OF] = {
	    "SELECT token_enc, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i') "
	    "FROM calendar_feeds WHERE tenant_id = ? "
	    "AND (portal_user_id = ? OR property_id = ?)", STMT_READ },
	[ST_CALENDAR_FEED_SET] = {
	    "INSERT INTO calendar_feeds (tenant_id, portal_user_id, property_id, "
	    "token_hash, token_enc) VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
	    "token_hash = VALUES(token_hash), token_enc = VALUES(token_enc), "
	    "created_at = UTC_TIMESTAMP(6)", 0 },
	[ST_CALENDAR_FEED_DEL_USER] = {
	    "DELETE FROM calendar_feeds WHERE tenant_id = ? AND portal_user_id = ?", 0 },
	[ST_CALENDAR_FEEDS_PROPERTIES] = {
	    "SELECT p.id, p.name, c.name, f.token_enc, "
	    "DATE_FORMAT(f.created_at, '%Y-%m-%d %H:%i') FROM properties p "
	    "JOIN customers c ON c.tenant_id = p.tenant_id AND c.id = p.customer_id "
	    "LEFT JOIN calendar_feeds f ON f.tenant_id = p.tenant_id "
	    "AND f.property_id = p.id WHERE p.tenant_id = ? ORDER BY c.name, p.name, p.id",
	    STMT_READ },
	/*
	 * A feed's tag: how many properties, bookings (cancelled ones too) and
	 * block-offs it is made of and when the last of them changed (UNIX time with
	 * microseconds), over the properties of one feed (property, 0: all) the
	 * visitor may reach. params: (tenant, property twice, ACCESS_REACH) three
	 * times.
	 */
	[ST_CALENDAR_TAG] = {
	    "SELECT COUNT(*), UNIX_TIMESTAMP(MAX(x.u)) FROM ("
	    "SELECT p.updated_at u FROM properties p WHERE p.tenant_id = ? "
	    "AND (? = 0 OR p.id = ?) AND " PROPERTY_REACHABLE " "
	    "UNION ALL SELECT b.updated_at FROM properties p JOIN bookings b "
	    "ON b.tenant_id = p.tenant_id AND b.property_id = p.id "
	    "WHERE p.tenant_id = ? AND (? = 0 OR p.id = ?) AND " PROPERTY_REACHABLE " "
	    "UNION ALL SELECT k.updated_at FROM properties p JOIN blocks k "
	    "ON k.tenant_id = p.tenant_id AND k.property_id = p.id "
	    "WHERE p.tenant_id = ? AND (? = 0 OR p.id = ?) AND " PROPERTY_REACHABLE
	    ") x", STMT_READ },
	/*
	 * What a feed shows: bookings that are not cancelled (kind 0) and block-offs
	 * (kind 1) of the same properties, in no order. Never a guest's contact or a
	 * figure of money. params: (tenant, property twice, ACCESS_REACH) twice.
	 */
	[ST_CALENDAR_EVENTS] = {
	    "SELECT 0, b.id, p.id, p.customer_id, p.name, "
	    "DATE_FORMAT(b.start_date, '%Y%m%d'), DATE_FORMAT(b.end_date, '%Y%m%d'), "
	    "b.status, b.guest_name, NULL, b.reference, b.adults, b.children, b.infants, "
	    "DATE_FORMAT(b.updated_at, '%Y%m%dT%H%i%sZ') FROM properties p "
	    "JOIN bookings b ON b.tenant_id = p.tenant_id AND b.property_id = p.id "
	    "WHERE p.tenant_id = ? AND (? = 0 OR p.id = ?) AND " PROPERTY_REACHABLE " "
	    "AND b.status <> 'cancelled' "
	    "UNION ALL SELECT 1, k.id, p.id, p.customer_id, p.name, "
	    "DATE_FORMAT(k.start_date, '%Y%m%d'), DATE_FORMAT(k.end_date, '%Y%m%d'), "
	    "NULL, NULL, k.reason, NULL, 0, 0, 0, "
	    "DATE_FORMAT(k.updated_at, '%Y%m%dT%H%i%sZ') FROM properties p "
	    "JOIN blocks k ON k.tenant_id = p.tenant_id AND k.property_id = p.id "
	    "WHERE p.tenant_id = ? AND (? = 0 OR p.id = ?) AND " PROPERTY_REACHABLE,
	    STMT_READ },
	/* A booking or block-off of the property is gone: its feeds' tag moves. */
	[ST_CALENDAR_TOUCH] = {
	    "UPDATE properties SET updated_at = UTC_TIMESTAMP(6) "
	    "WHERE tenant_id = ? AND id = ?", 0 },
	/*
	 * A property's iCal import URLs (property 0: every property's), with their
	 * property, its owner and the last sync's outcome; one by id; a new one; one
	 * removed.
	 */
	[ST_ICAL_SOURCES_LIST] = {
	    "SELECT s.id, s.property_id, p.customer_id, p.name, s.channel, s.url, "
	    "DATE_FORMAT(s.last_success_at, '%Y-%m-%d %H:%i'), "
	    "DATE_FORMAT(s.last_error_at, '%Y-%m-%d %H:%i'), s.last_error, s.n_events, "
	    "s.n_created, s.n_moved, s.n_cancelled, s.n_flagged FROM ical_sources s "
	    "JOIN properties p ON p.tenant_id = s.tenant_id AND p.id = s.property_id "
	    "WHERE s.tenant_id = ? AND (? = 0 OR s.property_id = ?) "
	    "ORDER BY p.name, s.channel, s.id", STMT_READ },
	[ST_ICAL_SOURCE_GET] = {
	    "SELECT s.id, s.property_id, p.customer_id, p.name, s.channel, s.url, "
	    "NULL, NULL, NULL, 0, 0, 0, 0, 0 FROM ical_sources s "
	    "JOIN properties p ON p.tenant_id = s.tenant_id AND p.id = s.property_id "
	    "WHERE s.tenant_id = ? AND s.id = ?", STMT_READ },
	[ST_ICAL_SOURCE_ADD] = {
	    "INSERT INTO ical_sources (tenant_id, property_id, channel, url) "
	    "VALUES (?, ?, ?, ?)", 0 },
	[ST_ICAL_SOURCE_DEL] = {
	    "DELETE FROM ical_sources WHERE tenant_id = ? AND id = ?", 0 },
	/*
	 * The import's sync (module/ical/ical_sync.c), over every tenant as the webhook
	 * sender's claims are: claims older than their lease given back; import URLs
	 * due of active tenants claimed (a batch, by claim id), read with their
	 * property and tenant.
	 * Then per URL, naming its tenant: the outcome recorded and the claim given
	 * back (only while it is still ours), with the next sync's time.
	 */
	[ST_ICAL_SYNC_REQUEUE_STALE] = {
	    "UPDATE ical_sources SET claimed_by = NULL, claimed_at = NULL "
	    "WHERE claimed_by IS NOT NULL "
	    "AND claimed_at < UTC_TIMESTAMP(6) - INTERVAL ? SECOND", 0 },
	[ST_ICAL_SYNC_CLAIM] = {
	    "UPDATE ical_sources SET claimed_by = ?, claimed_at = UTC_TIMESTAMP(6) "
	    "WHERE claimed_by IS NULL AND next_sync_at <= UTC_TIMESTAMP(6) "
	    "AND tenant_id IN (SELECT id FROM tenants WHERE status = 'active') "
	    "ORDER BY next_sync_at, id LIMIT ?", 0 },
	[ST_ICAL_SYNC_CLAIMED] = {
	    "SELECT s.id, s.tenant_id, t.name, s.property_id, p.customer_id, p.name, "
	    "s.channel, s.url, s.etag, s.last_modified FROM ical_sources s "
	    "JOIN tenants t ON t.id = s.tenant_id "
	    "JOIN properties p ON p.tenant_id = s.tenant_id AND p.id = s.property_id "
	    "WHERE s.claimed_by = ? ORDER BY s.id", STMT_READ },
	[ST_ICAL_SYNC_DONE] = {
	    "UPDATE ical_sources SET last_success_at = UTC_TIMESTAMP(6), etag = ?, "
	    "last_modified = ?, n_events = ?, n_created = ?, n_moved = ?, "
	    "n_cancelled = ?, n_flagged = ?, "
	    "next_sync_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND, claimed_by = NULL, "
	    "claimed_at = NULL WHERE tenant_id = ? AND id = ? AND claimed_by = ?", 0 },
	/* A 304: the feed has not changed, nor what it made. */
	[ST_ICAL_SYNC_SAME] = {
	    "UPDATE ical_sources SET last_success_at = UTC_TIMESTAMP(6), "
	    "n_created = 0, n_moved = 0, n_cancelled = 0, "
	    "next_sync_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND, claimed_by = NULL, "
	    "claimed_at = NULL WHERE tenant_id = ? AND id = ? AND claimed_by = ?", 0 },
	[ST_ICAL_SYNC_FAILED] = {
	    "UPDATE ical_sources SET last_error_at = UTC_TIMESTAMP(6), last_error = ?, "
	    "next_sync_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND, claimed_by = NULL, "
	    "claimed_at = NULL WHERE tenant_id = ? AND id = ? AND claimed_by = ?", 0 },
	/* What a stop or an error left claimed, given back. */
	[ST_ICAL_SYNC_RELEASE] = {
	    "UPDATE ical_sources SET claimed_by = NULL, claimed_at = NULL "
	    "WHERE claimed_by = ?", 0 },
	/* The bookings an import URL made, locked for its sync's transaction. */
	[ST_ICAL_SYNC_BOOKINGS] = {
	    "SELECT id, ical_uid, external_id, DATE_FORMAT(start_date, '%Y-%m-%d'), "
	    "DATE_FORMAT(end_date, '%Y-%m-%d'), status FROM bookings "
	    "WHERE tenant_id = ? AND ical_source_id = ? ORDER BY id FOR UPDATE",
	    STMT_READ },
	[ST_ICAL_SYNC_MARK] = {
	    "UPDATE bookings SET ical_source_id = ?, ical_uid = ? "
	    "WHERE tenant_id = ? AND id = ?", 0 },
	/* The block-offs an import URL made (migration 019), as its bookings. */
	[ST_ICAL_SYNC_BLOCKS] = {
	    "SELECT id, ical_uid, external_id, DATE_FORMAT(start_date, '%Y-%m-%d'), "
	    "DATE_FORMAT(end_date, '%Y-%m-%d'), 'confirmed' FROM blocks "
	    "WHERE tenant_id = ? AND ical_source_id = ? ORDER BY id FOR UPDATE",
	    STMT_READ },
	[ST_ICAL_SYNC_MARK_BLOCK] = {
	    "UPDATE blocks SET ical_source_id = ?, ical_uid = ? "
	    "WHERE tenant_id = ? AND id = ?", 0 },
	/* The flags of a property's imported bookings set where one (not cancelled)
	 * overlaps a booking (not cancelled) from anywhere else (another URL, the
	 * tenant's system, a manual one) or a block-off, cleared where none does any
	 * more (a row changes only when its flag does); then an URL's count. */
	[ST_ICAL_SYNC_OVERLAP] = {
	    "UPDATE bookings b LEFT JOIN (SELECT DISTINCT x.id FROM bookings x "
	    "WHERE x.tenant_id = ? AND x.property_id = ? AND x.ical_source_id IS NOT NULL "
	    "AND x.status <> 'cancelled' "
	    "AND (EXISTS (SELECT 1 FROM bookings o WHERE o.tenant_id = x.tenant_id "
	    "AND o.property_id = x.property_id AND o.id <> x.id "
	    "AND o.status <> 'cancelled' AND NOT (o.ical_source_id <=> x.ical_source_id) "
	    "AND o.start_date < x.end_date AND o.end_date > x.start_date) "
	    "OR EXISTS (SELECT 1 FROM blocks k WHERE k.tenant_id = x.tenant_id "
	    "AND k.property_id = x.property_id AND k.start_date < x.end_date "
	    "AND k.end_date > x.start_date))) f ON f.id = b.id "
	    "SET b.ical_overlap = (f.id IS NOT NULL) "
	    "WHERE b.tenant_id = ? AND b.property_id = ? "
	    "AND b.ical_source_id IS NOT NULL", 0 },
	/* The tenant's imported bookings (not cancelled) flagged as overlapping,
	 * for the staff's page, by arrival; at most ? of them. */
	[ST_ICAL_OVERLAPS] = {
	    "SELECT b.id, b.reference, p.name, b.channel, "
	    "DATE_FORMAT(b.start_date, '%Y-%m-%d'), DATE_FORMAT(b.end_date, '%Y-%m-%d') "
	    "FROM bookings b JOIN properties p ON p.tenant_id = b.tenant_id "
	    "AND p.id = b.property_id WHERE b.tenant_id = ? AND b.ical_overlap = 1 "
	    "AND b.status <> 'cancelled' ORDER BY b.start_date, b.id LIMIT ?",
	    STMT_READ },
	[ST_ICAL_SYNC_FLAGGED] = {
	    "SELECT COUNT(*) FROM bookings WHERE tenant_id = ? AND ical_source_id = ? "
	    "AND ical_overlap = 1", STMT_READ },

	/*
	 * A portal user's rights: one row per grant with its group (one row of NULLs
	 * when there is none), each carrying the user's admin switch and override.
	 */
	[ST_ACCESS_USER] = {
	    "SELECT " ACCESS_USER_COLUMNS " "
	    "FROM portal_users u JOIN customers c ON c.tenant_id = u.tenant_id "
	    "AND c.id = u.customer_id " ACCESS_GRANTS_JOIN
	    "WHERE u.tenant_id = ? AND u.id = ?", STMT_READ },
	/*
	 * A token visitor's rights: the tenant's system group, the customer's name,
	 * and whether the customer has an active portal user now (the link alone no
	 * longer opens pages then). params: customer, tenant.
	 */
	[ST_ACCESS_TOKEN] = {
	    "SELECT g.permissions, g.financial_level, g.field_filter, g.field_list, "
	    "c.name, EXISTS (SELECT 1 FROM portal_users u WHERE u.tenant_id = c.tenant_id "
	    "AND u.customer_id = c.id AND u.status = 'active'), "
	    GROUP_FORMULA_COLUMNS("g") ", "
	    "EXISTS (SELECT 1 FROM formulas f WHERE f.tenant_id = g.tenant_id) "
	    "FROM permission_groups g JOIN customers c "
	    "ON c.tenant_id = g.tenant_id AND c.id = ? "
	    "WHERE g.tenant_id = ? AND g.is_system = 1",
	    STMT_READ | STMT_CAUSAL },	/* kept at the session's rights version */
	/*
	 * The properties a visitor may reach: all of the tenant's (admins, an "all"
	 * grant), the link's customer's (token visitors: ? 3), or those an unexpired
	 * grant of the user (? 4) names. authz_resolve() then decides per property.
	 */
	[ST_PROPERTIES_VISIBLE] = {
	    PROPERTY_SELECT "WHERE p.tenant_id = ? AND " PROPERTY_REACHABLE " "
	    "ORDER BY p.name, p.id", STMT_READ },
	[ST_PROPERTY_GET] = {
	    PROPERTY_SELECT "WHERE p.tenant_id = ? AND p.id = ? AND p.archived_at IS NULL",
	    STMT_READ },

	/*
	 * Access grants as staff manage them (store_grants.c). A portal user with the
	 * customer (and contact) it belongs to, its admin switch and override.
	 */
	[ST_GRANTS_USER_GET] = {
	    "SELECT u.id, u.login, u.status, u.customer_id, c.name, k.name, "
	    "u.is_admin, u.hide_reports, u.fin_override_level, u.fin_override_filter, "
	    "u.fin_override_fields, " USER_FORMULA_COLUMN " FROM portal_users u "
	    "JOIN customers c ON c.tenant_id = u.tenant_id AND c.id = u.customer_id "
	    "LEFT JOIN contacts k ON k.tenant_id = u.tenant_id AND k.id = u.contact_id "
	    "WHERE u.tenant_id = ? AND u.id = ?", STMT_READ },
	/*
	 * A user's grants by id (the order access_of_user() puts them in), with what
	 * each scope names and the group's rights. An expiry date D is stored as the first instant
	 * after it (D + 1 day, 00:00 UTC) and shown as D: the last day it gives access.
	 */
	[ST_GRANTS_LIST] = {
	    "SELECT a.id, a.group_id, g.name, a.scope, a.customer_id, c.name, "
	    "a.property_id, p.name, pc.name, "
	    "DATE_FORMAT(a.expires_at - INTERVAL 1 MICROSECOND, '%Y-%m-%d'), "
	    "(a.expires_at IS NOT NULL AND a.expires_at <= UTC_TIMESTAMP(6)), "
	    "g.permissions, g.financial_level, g.field_filter, g.field_list "
	    "FROM access_grants a JOIN permission_groups g ON g.tenant_id = a.tenant_id "
	    "AND g.id = a.group_id LEFT JOIN customers c ON c.tenant_id = a.tenant_id "
	    "AND c.id = a.customer_id LEFT JOIN properties p "
	    "ON p.tenant_id = a.tenant_id AND p.id = a.property_id "
	    "LEFT JOIN customers pc ON pc.tenant_id = p.tenant_id AND pc.id = p.customer_id "
	    "WHERE a.tenant_id = ? AND a.portal_user_id = ? ORDER BY a.id", STMT_READ },
	/*
	 * A grant, written only when the user, the group (never the system group), and
	 * the customer or property its scope names are all the tenant's: no row written
	 * otherwise. Params: scope, expiry date (NULL: none), tenant, user, group,
	 * customer, property, scope, scope.
	 */
	[ST_GRANT_ADD] = {
	    "INSERT INTO access_grants (tenant_id, portal_user_id, group_id, scope, "
	    "customer_id, property_id, expires_at) "
	    "SELECT u.tenant_id, u.id, g.id, ?, c.id, p.id, "
	    "CAST(? AS DATE) + INTERVAL 1 DAY FROM portal_users u "
	    "JOIN permission_groups g ON g.tenant_id = u.tenant_id AND g.is_system = 0 "
	    "LEFT JOIN customers c ON c.tenant_id = u.tenant_id AND c.id = ? "
	    "LEFT JOIN properties p ON p.tenant_id = u.tenant_id AND p.id = ? "
	    "WHERE u.tenant_id = ? AND u.id = ? AND g.id = ? "
	    "AND (? <> 'customer' OR c.id IS NOT NULL) "
	    "AND (? <> 'property' OR p.id IS NOT NULL)", 0, .rights = 5 },
	/*
	 * notify.bookings goes to one portal user per property. Changes that can give
	 * it take the tenant's row lock first (so two of them never pass the check
	 * side by side), write, then look for two users whose unexpired grants with
	 * it overlap (all / customer / property, whatever their status), one of the
	 * grants being the new one or one of the changed group's. Column 2 and 3:
	 * the holder's scope and what it names.
	 */
	/* A write, not a locking read: on a Galera cluster certification then
	 * decides between two nodes (schema/023_cluster_rules.sql). */
	[ST_NOTIFY_LOCK] = {
	    "UPDATE tenants SET write_seq = write_seq + 1 WHERE id = ?", 0 },
	[ST_NOTIFY_CLASH] = {
	    "SELECT ub.login, ua.login, b.scope, COALESCE(cb.name, pb.name, '') "
	    "FROM access_grants a "
	    "JOIN permission_groups ga ON ga.tenant_id = a.tenant_id AND ga.id = a.group_id "
	    "JOIN access_grants b ON b.tenant_id = a.tenant_id "
	    "AND b.portal_user_id <> a.portal_user_id "
	    "JOIN permission_groups gb ON gb.tenant_id = b.tenant_id AND gb.id = b.group_id "
	    "JOIN portal_users ua ON ua.tenant_id = a.tenant_id AND ua.id = a.portal_user_id "
	    "JOIN portal_users ub ON ub.tenant_id = b.tenant_id AND ub.id = b.portal_user_id "
	    "LEFT JOIN properties pa ON pa.tenant_id = a.tenant_id AND pa.id = a.property_id "
	    "LEFT JOIN properties pb ON pb.tenant_id = b.tenant_id AND pb.id = b.property_id "
	    "LEFT JOIN customers cb ON cb.tenant_id = b.tenant_id AND cb.id = b.customer_id "
	    "WHERE a.tenant_id = ? AND (a.id = ? OR a.group_id = ?) "
	    "AND FIND_IN_SET('notify.bookings', ga.permissions) > 0 "
	    "AND FIND_IN_SET('notify.bookings', gb.permissions) > 0 "
	    "AND (a.expires_at IS NULL OR a.expires_at > UTC_TIMESTAMP(6)) "
	    "AND (b.expires_at IS NULL OR b.expires_at > UTC_TIMESTAMP(6)) "
	    "AND (a.scope = 'all' OR b.scope = 'all' OR (a.scope = 'customer' "
	    "AND (b.customer_id = a.customer_id OR pb.customer_id = a.customer_id)) "
	    "OR (a.scope = 'property' AND (b.property_id = a.property_id "
	    "OR b.customer_id = pa.customer_id))) ORDER BY b.id LIMIT 1 LOCK IN SHARE MODE",
	    0 },
	/* The default group goes to every new user: it may not give notify.bookings. */
	[ST_NOTIFY_DEFAULT] = {
	    "SELECT name FROM permission_groups WHERE tenant_id = ? AND is_default = 1 "
	    "AND FIND_IN_SET('notify.bookings', permissions) > 0", 0 },
	/*
	 * A grant changed in place, written only when the group (never the system
	 * group) and the customer or property its new scope names are the tenant's:
	 * no row changed otherwise. Params: group, customer, property, scope, expiry
	 * date (NULL: none), tenant, user, grant, scope, scope.
	 */
	[ST_GRANT_EDIT] = {
	    "UPDATE access_grants a "
	    "JOIN permission_groups g ON g.tenant_id = a.tenant_id AND g.id = ? "
	    "AND g.is_system = 0 "
	    "LEFT JOIN customers c ON c.tenant_id = a.tenant_id AND c.id = ? "
	    "LEFT JOIN properties p ON p.tenant_id = a.tenant_id AND p.id = ? "
	    "SET a.group_id = g.id, a.scope = ?, a.customer_id = c.id, "
	    "a.property_id = p.id, a.expires_at = CAST(? AS DATE) + INTERVAL 1 DAY "
	    "WHERE a.tenant_id = ? AND a.portal_user_id = ? AND a.id = ? "
	    "AND (? <> 'customer' OR c.id IS NOT NULL) "
	    "AND (? <> 'property' OR p.id IS NOT NULL)", 0, .rights = 6 },
	[ST_GRANT_DEL] = {
	    "DELETE FROM access_grants WHERE tenant_id = ? AND portal_user_id = ? "
	    "AND id = ?", 0, .rights = 1 },
	[ST_GRANTS_SET_ADMIN] = {
	    "UPDATE portal_users SET is_admin = ?, hide_reports = ? "
	    "WHERE tenant_id = ? AND id = ?", 0, .rights = 3 },
	/* All three NULL: the groups' settings apply again. */
	[ST_GRANTS_SET_OVERRIDE] = {
	    "UPDATE portal_users SET fin_override_level = ?, fin_override_filter = ?, "
	    "fin_override_fields = ? WHERE tenant_id = ? AND id = ?", 0, .rights = 4 },
	[ST_GRANTS_CUSTOMERS] = {
	    "SELECT id, name FROM customers WHERE tenant_id = ? ORDER BY name, id",
	    STMT_READ },
	[ST_GRANTS_PROPERTIES] = {
	    PROPERTY_SELECT "WHERE p.tenant_id = ? ORDER BY p.name, p.id", STMT_READ },
/*
 * Statements, documents and reports (store_docs.c). A row is joined with each
 * property it is about: its own, or for a customer-wide one (property_id NULL)
 * every property of the customer. Properties are narrowed to those the visitor
 * may reach (the rule of ST_PROPERTIES_VISIBLE; params: ACCESS_REACH),
 * and the rights are decided in C (access_rights).
 */
#define DOCS_MONEY(t) \
	t ".base_rate_cents, " t ".cleaning_fee_cents, " t ".taxes_cents, " \
	t ".channel_commission_cents, " t ".management_fee_cents, " \
	t ".owner_revenue_cents, " t ".total_price_cents, " t ".payout_cents"
	/* params: tenant, the reach parameters twice (STATEMENT_REACHABLE) */
#define STATEMENTS_VISIBLE(more) \
	"SELECT s.id, s.customer_id, s.property_id, s.period_start, s.period_end, " \
	"DATE_FORMAT(s.issued_at, '%Y-%m-%d'), s.currency, " DOCS_MONEY("s") ", " \
	"p.id, p.name, c.name" more " " \
	"FROM statements s JOIN properties p ON p.tenant_id = s.tenant_id " \
	"AND p.customer_id = s.customer_id " \
	"AND (s.property_id IS NULL OR p.id = s.property_id) " \
	"JOIN customers c ON c.tenant_id = s.tenant_id AND c.id = s.customer_id " \
	"WHERE s.tenant_id = ? AND " STATEMENT_REACHABLE
	[ST_STATEMENTS_VISIBLE] = {
	    STATEMENTS_VISIBLE("") " ORDER BY s.period_start DESC, s.id DESC, p.name, p.id",
	    STMT_READ, .twin = ST_STATEMENTS_VISIBLE_TWIN },
	/* The same order by position: period, id, property's name, property. */
	[ST_STATEMENTS_VISIBLE_TWIN] = {
	    STATEMENTS_VISIBLE(SESSION_NULLS) SESSION_ROW(NULLS10 NULLS5 "NULL, NULL, NULL, ")
	    "ORDER BY 4 DESC, 1 DESC, 17, 16", STMT_READ | STMT_CAUSAL },
#undef STATEMENTS_VISIBLE
	/*
	 * One statement with its lines: a row per property it is about and line,
	 * ordered by property; a line's booking with its property (NULL when that
	 * is archived), whose page the visitor may or may not open.
	 * params: tenant, the reach parameters twice, id.
	 */
	[ST_STATEMENT_PAGE] = {
	    "SELECT s.id, s.customer_id, s.property_id, s.period_start, s.period_end, "
	    "DATE_FORMAT(s.issued_at, '%Y-%m-%d'), s.currency, " DOCS_MONEY("s") ", "
	    "p.id, p.name, c.name, l.description, " DOCS_MONEY("l") ", "
	    "bk.id, bp.id, bp.customer_id "
	    "FROM statements s JOIN properties p ON p.tenant_id = s.tenant_id "
	    "AND p.customer_id = s.customer_id "
	    "AND (s.property_id IS NULL OR p.id = s.property_id) "
	    "JOIN customers c ON c.tenant_id = s.tenant_id AND c.id = s.customer_id "
	    "LEFT JOIN statement_lines l ON l.tenant_id = s.tenant_id "
	    "AND l.statement_id = s.id "
	    "LEFT JOIN bookings bk ON bk.tenant_id = l.tenant_id AND bk.id = l.booking_id "
	    "LEFT JOIN properties bp ON bp.tenant_id = bk.tenant_id "
	    "AND bp.id = bk.property_id AND bp.archived_at IS NULL "
	    "WHERE s.tenant_id = ? AND " STATEMENT_REACHABLE " AND s.id = ? "
	    "ORDER BY p.id, l.line_order, l.id", STMT_READ },
	/* params: tenant, the reach (3), id (0: every document) x2 */
	[ST_DOCUMENTS_VISIBLE] = {
	    "SELECT d.id, d.customer_id, d.property_id, d.title, d.file_name, "
	    "d.storage_path, d.content_type, d.size_bytes, d.visibility, "
	    "DATE_FORMAT(d.created_at, '%Y-%m-%d'), p.id, p.name, c.name "
	    "FROM documents d JOIN properties p ON p.tenant_id = d.tenant_id "
	    "AND p.customer_id = d.customer_id "
	    "AND (d.property_id IS NULL OR p.id = d.property_id) "
	    "JOIN customers c ON c.tenant_id = d.tenant_id AND c.id = d.customer_id "
	    "WHERE d.tenant_id = ? AND d.storage_path <> '' AND " PROPERTY_REACHABLE " "
	    "AND (? = 0 OR d.id = ?) "
	    "ORDER BY d.created_at DESC, d.id DESC, p.name, p.id", STMT_READ },
	/*
	 * Per reachable property and month of two years (the one before the year
	 * asked for, then that year: 24 rows): nights of non-cancelled bookings
	 * that fall in the month, and the nights and money (each of the eight
	 * fields, enum fin_field's order) of those that start in it, the currency,
	 * the month's year. params: the year before, tenant, the reach
	 * (ACCESS_REACH).
	 */
#define REPORT_SUM(field) \
	"COALESCE(SUM(IF(b.start_date >= m.first, b." field "_cents, 0)), 0), "
	[ST_REPORT_MONTHS] = {
	    "SELECT p.id, p.customer_id, p.name, MONTH(m.first), DAY(LAST_DAY(m.first)), "
	    "COALESCE(SUM(DATEDIFF(LEAST(b.end_date, m.next), "
	    "GREATEST(b.start_date, m.first))), 0), "
	    "COALESCE(SUM(IF(b.start_date >= m.first, "
	    "DATEDIFF(b.end_date, b.start_date), 0)), 0), "
	    REPORT_SUM("base_rate") REPORT_SUM("cleaning_fee") REPORT_SUM("taxes")
	    REPORT_SUM("channel_commission") REPORT_SUM("management_fee")
	    REPORT_SUM("owner_revenue") REPORT_SUM("total_price") REPORT_SUM("payout")
	    "MAX(b.currency), YEAR(m.first) "
	    "FROM properties p CROSS JOIN (SELECT k.n, y.first + INTERVAL k.n MONTH "
	    "AS first, y.first + INTERVAL (k.n + 1) MONTH AS next "
	    "FROM (SELECT MAKEDATE(?, 1) AS first) y CROSS JOIN (SELECT 0 AS n "
	    "UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 "
	    "UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 "
	    "UNION ALL SELECT 9 UNION ALL SELECT 10 UNION ALL SELECT 11 "
	    "UNION ALL SELECT 12 UNION ALL SELECT 13 UNION ALL SELECT 14 UNION ALL SELECT 15 "
	    "UNION ALL SELECT 16 UNION ALL SELECT 17 UNION ALL SELECT 18 UNION ALL SELECT 19 "
	    "UNION ALL SELECT 20 UNION ALL SELECT 21 UNION ALL SELECT 22 UNION ALL SELECT 23"
	    ") k) m "
	    "LEFT JOIN bookings b ON b.tenant_id = p.tenant_id AND b.property_id = p.id "
	    "AND b.status <> 'cancelled' AND b.start_date < m.next "
	    "AND b.end_date > m.first "
	    "WHERE p.tenant_id = ? AND " PROPERTY_REACHABLE " "
	    "GROUP BY p.id, p.customer_id, p.name, m.n, m.first "
	    "ORDER BY p.name, p.id, m.n", STMT_READ },
	/*
	 * The owner dashboard: each reachable property (PROPERTY_SELECT's columns)
	 * with the nights of non-cancelled bookings that fall in a month and in a
	 * year, and the money (the eight fields) of those that start in the year,
	 * and their currency. params: the month's first day and the next month's,
	 * the year's first day and the next year's, tenant, the reach.
	 */
	[ST_DASHBOARD_PROPERTIES] = {
	    "SELECT p.id, p.customer_id, p.name, p.address, p.city, p.bedrooms, c.name, "
	    "COALESCE(SUM(GREATEST(0, DATEDIFF(LEAST(b.end_date, d.mnext), "
	    "GREATEST(b.start_date, d.mfirst)))), 0), "
	    "COALESCE(SUM(DATEDIFF(LEAST(b.end_date, d.ynext), "
	    "GREATEST(b.start_date, d.yfirst))), 0), "
	    "COALESCE(SUM(IF(b.start_date >= d.yfirst, b.base_rate_cents, 0)), 0), "
	    "COALESCE(SUM(IF(b.start_date >= d.yfirst, b.cleaning_fee_cents, 0)), 0), "
	    "COALESCE(SUM(IF(b.start_date >= d.yfirst, b.taxes_cents, 0)), 0), "
	    "COALESCE(SUM(IF(b.start_date >= d.yfirst, b.channel_commission_cents, 0)), 0), "
	    "COALESCE(SUM(IF(b.start_date >= d.yfirst, b.management_fee_cents, 0)), 0), "
	    "COALESCE(SUM(IF(b.start_date >= d.yfirst, b.owner_revenue_cents, 0)), 0), "
	    "COALESCE(SUM(IF(b.start_date >= d.yfirst, b.total_price_cents, 0)), 0), "
	    "COALESCE(SUM(IF(b.start_date >= d.yfirst, b.payout_cents, 0)), 0), "
	    "MIN(b.currency), MAX(b.currency) "
	    "FROM (SELECT CAST(? AS DATE) AS mfirst, CAST(? AS DATE) AS mnext, "
	    "CAST(? AS DATE) AS yfirst, CAST(? AS DATE) AS ynext) d "
	    "CROSS JOIN properties p JOIN customers c ON c.tenant_id = p.tenant_id "
	    "AND c.id = p.customer_id "
	    "LEFT JOIN bookings b ON b.tenant_id = p.tenant_id AND b.property_id = p.id "
	    "AND b.status <> 'cancelled' AND b.start_date < d.ynext "
	    "AND b.end_date > d.yfirst "
	    "WHERE p.tenant_id = ? AND " PROPERTY_REACHABLE " "
	    "GROUP BY p.id, p.customer_id, p.name, p.address, p.city, p.bedrooms, c.name "
	    "ORDER BY p.name, p.id", STMT_READ },
#undef REPORT_SUM
#undef DOCS_MONEY
	/*
	 * The portal's calendar, bookings, notes and block-offs (store_bookings.c).
	 * A booking with its property's owner; narrowed by
	 * PROPERTY_REACHABLE (params: ACCESS_REACH).
	 */
#define BOOKING_COLUMNS \
	"SELECT b.id, b.property_id, p.customer_id, p.name, b.reference, " \
	"DATE_FORMAT(b.start_date, '%Y-%m-%d'), DATE_FORMAT(b.end_date, '%Y-%m-%d'), " \
	"DATEDIFF(b.end_date, b.start_date), b.status, b.adults, b.children, " \
	"b.guest_name, b.guest_email, b.guest_phone, b.base_rate_cents, " \
	"b.cleaning_fee_cents, b.taxes_cents, b.channel_commission_cents, " \
	"b.management_fee_cents, b.owner_revenue_cents, b.total_price_cents, " \
	"b.payout_cents, b.currency, b.channel, b.guest_address, b.infants, " \
	"TIME_FORMAT(b.checkin_time, '%H:%i'), TIME_FORMAT(b.checkout_time, '%H:%i'), " \
	"b.created_by_portal_user_id, b.created_by_staff_user_id"
#define BOOKING_FROM \
	" FROM bookings b JOIN properties p " \
	"ON p.tenant_id = b.tenant_id AND p.id = b.property_id "
#define BOOKINGS_LIST(more) \
	BOOKING_COLUMNS more BOOKING_FROM "WHERE b.tenant_id = ? " \
	"AND (? = 0 OR b.property_id = ?) AND " PROPERTY_REACHABLE
	[ST_BOOKINGS_LIST] = {
	    BOOKINGS_LIST("") " ORDER BY b.start_date, b.id", STMT_READ,
	    .twin = ST_BOOKINGS_LIST_TWIN },
	/* By the start date as written (YYYY-MM-DD: the same order) and the id. */
	[ST_BOOKINGS_LIST_TWIN] = {
	    BOOKINGS_LIST(SESSION_NULLS) SESSION_ROW(NULLS10 NULLS10 NULLS10)
	    "ORDER BY 6, 1", STMT_READ | STMT_CAUSAL },
#undef BOOKINGS_LIST
	/*
	 * The dashboard's arrivals and departures: bookings not cancelled that
	 * start or end in [from, to), at most 100. params: tenant, from, to, from,
	 * to, the reach.
	 */
	[ST_BOOKINGS_UPCOMING] = {
	    BOOKING_COLUMNS BOOKING_FROM "WHERE b.tenant_id = ? AND b.status <> 'cancelled' "
	    "AND ((b.start_date >= ? AND b.start_date < ?) "
	    "OR (b.end_date >= ? AND b.end_date < ?)) AND "
	    PROPERTY_REACHABLE " ORDER BY b.start_date, b.id LIMIT 100", STMT_READ },
	/*
	 * A booking's page in one statement: the booking, one row per note (one with
	 * NULL note columns when there is none), then its history, its audit entries
	 * (the first 1,000), each a row whose booking and note columns are NULL, with
	 * the actor's name (a staff member's name or address, a portal user's
	 * login). In no order: store_bookings.c sorts the notes and the history (an
	 * ORDER BY here costs a temporary table and a sort, four times the price of
	 * the rest of the statement). The history is read by the index of a target's
	 * entries, in time order (left to itself, on a small log, the planner read
	 * the tenant's whole log by time). params: tenant, booking, tenant, booking.
	 */
#define NULLS6 "NULL, NULL, NULL, NULL, NULL, NULL, "
#define BOOKING_PAGE(more) \
	BOOKING_COLUMNS ", n.author_kind, n.author_name, " \
	"DATE_FORMAT(n.created_at, '%Y-%m-%d %H:%i'), n.body, " \
	"DATE_FORMAT(n.created_at, '%Y%m%d%H%i%s%f'), n.id AS note_id, " \
	"NULL AS action, NULL AS event_at, NULL AS actor_kind, NULL AS actor, " \
	"NULL AS detail, NULL AS event_order, NULL AS event_id" more BOOKING_FROM \
	"LEFT JOIN notes n ON n.tenant_id = b.tenant_id AND n.booking_id = b.id " \
	"WHERE b.tenant_id = ? AND b.id = ? AND p.archived_at IS NULL " \
	"UNION ALL (SELECT " NULLS6 NULLS6 NULLS6 NULLS6 NULLS6 NULLS6 \
	"a.action, DATE_FORMAT(a.at, '%Y-%m-%d %H:%i'), a.actor_kind, " \
	"COALESCE(NULLIF(s.name, ''), s.email, u.login), a.detail, " \
	"DATE_FORMAT(a.at, '%Y%m%d%H%i%s%f'), a.id" more " " \
	"FROM audit_log a FORCE INDEX (ix_audit_log_target) " \
	"LEFT JOIN staff_users s ON a.actor_kind = 'staff' " \
	"AND s.tenant_id = a.tenant_id AND s.id = a.actor_id " \
	"LEFT JOIN portal_users u ON a.actor_kind = 'portal' " \
	"AND u.tenant_id = a.tenant_id AND u.id = a.actor_id " \
	"WHERE a.tenant_id = ? AND a.target_kind = 'booking' AND a.target_id = ? " \
	"ORDER BY a.at, a.id LIMIT 1000)"
	[ST_BOOKING_PAGE] = { BOOKING_PAGE(""), STMT_READ, .twin = ST_BOOKING_PAGE_TWIN },
	[ST_BOOKING_PAGE_TWIN] = {
	    BOOKING_PAGE(SESSION_NULLS) SESSION_ROW(NULLS10 NULLS10 NULLS10 NULLS10
	    "NULL, NULL, NULL, "), STMT_READ | STMT_CAUSAL },
#undef BOOKING_PAGE
#undef NULLS6
	[ST_NOTE_ADD] = {
	    "INSERT INTO notes (tenant_id, booking_id, author_kind, author_id, "
	    "author_name, body) VALUES (?, ?, ?, ?, ?, ?)", 0 },
	[ST_BOOKING_SET_STATUS] = {
	    "UPDATE bookings SET status = ? WHERE tenant_id = ? AND id = ? AND status = ?",
	    0 },
	/* What occupies [from, to): bookings not cancelled, then block-offs. */
	/*
	 * A calendar page in one statement: the properties the visitor may reach
	 * (kind 2, no date: first, by name), then the bookings (0, with their iCal
	 * overlap flag) and block-offs (1) overlapping [from, to) of one reachable
	 * property (property 0: none), or of every one when all is 1 (the timeline
	 * of several), by start date, each with its property's id last. params:
	 * tenant and the reach parameters; tenant, all, property, reach, to, from;
	 * the same for blocks.
	 */
#define CALENDAR_MONTH(more) \
	"SELECT 2, p.id, p.name COLLATE utf8mb4_unicode_ci, NULL, NULL, NULL, NULL, " \
	"NULL, p.customer_id, p.id" more " FROM properties p " \
	"WHERE p.tenant_id = ? AND " PROPERTY_REACHABLE " " \
	"UNION ALL SELECT 0, b.id, b.reference COLLATE utf8mb4_unicode_ci, " \
	"DATE_FORMAT(b.start_date, '%Y-%m-%d'), " \
	"DATE_FORMAT(b.end_date, '%Y-%m-%d'), b.status, b.guest_name, NULL, " \
	"b.ical_overlap, p.id" more " FROM properties p JOIN bookings b " \
	"ON b.tenant_id = p.tenant_id AND b.property_id = p.id " \
	"WHERE p.tenant_id = ? AND (? = 1 OR p.id = ?) AND " PROPERTY_REACHABLE " " \
	"AND b.status <> 'cancelled' AND b.start_date < ? AND b.end_date > ? " \
	"UNION ALL SELECT 1, k.id, NULL, DATE_FORMAT(k.start_date, '%Y-%m-%d'), " \
	"DATE_FORMAT(k.end_date, '%Y-%m-%d'), " \
	"IF(k.created_by_portal_user_id IS NULL, NULL, 'owner'), NULL, k.reason, NULL, " \
	"p.id" more " FROM properties p JOIN blocks k " \
	"ON k.tenant_id = p.tenant_id AND k.property_id = p.id " \
	"WHERE p.tenant_id = ? AND (? = 1 OR p.id = ?) AND " PROPERTY_REACHABLE " " \
	"AND k.start_date < ? AND k.end_date > ? "
	[ST_CALENDAR_MONTH] = {
	    CALENDAR_MONTH("") "ORDER BY 4, 1, 3, 2", STMT_READ,
	    .twin = ST_CALENDAR_MONTH_TWIN },
	[ST_CALENDAR_MONTH_TWIN] = {
	    CALENDAR_MONTH(SESSION_NULLS) SESSION_ROW(NULLS10) "ORDER BY 4, 1, 3, 2",
	    STMT_READ | STMT_CAUSAL },
#undef CALENDAR_MONTH
	[ST_BLOCK_GET] = {
	    "SELECT k.id, k.property_id, p.customer_id, p.name, "
	    "DATE_FORMAT(k.start_date, '%Y-%m-%d'), DATE_FORMAT(k.end_date, '%Y-%m-%d'), "
	    "k.reason, k.created_by_portal_user_id IS NOT NULL "
	    "FROM blocks k JOIN properties p ON p.tenant_id = k.tenant_id "
	    "AND p.id = k.property_id WHERE k.tenant_id = ? AND k.id = ?", STMT_READ },
	/*
	 * Serialises the changes to one property's block-offs and bookings: a write of
	 * its row, so that on a Galera cluster certification decides between two nodes
	 * too, where a locking read locks on one node only (schema 023).
	 */
	[ST_PROPERTY_LOCK] = {
	    "UPDATE properties SET write_seq = write_seq + 1 "
	    "WHERE tenant_id = ? AND id = ?", 0 },
	[ST_BLOCK_CONFLICT] = {
	    "SELECT 'booking', b.reference, DATE_FORMAT(b.start_date, '%Y-%m-%d'), "
	    "DATE_FORMAT(b.end_date, '%Y-%m-%d') FROM bookings b "
	    "WHERE b.tenant_id = ? AND b.property_id = ? AND b.status <> 'cancelled' "
	    "AND b.id <> ? AND b.start_date < ? AND b.end_date > ? "
	    "UNION ALL SELECT 'block', CAST(k.id AS CHAR), "
	    "DATE_FORMAT(k.start_date, '%Y-%m-%d'), DATE_FORMAT(k.end_date, '%Y-%m-%d') "
	    "FROM blocks k WHERE k.tenant_id = ? AND k.property_id = ? AND k.id <> ? "
	    "AND k.start_date < ? AND k.end_date > ? LIMIT 1", 0 },
	[ST_BLOCK_ADD] = {
	    "INSERT INTO blocks (tenant_id, property_id, start_date, end_date, reason, "
	    "created_by_portal_user_id, external_id) VALUES (?, ?, ?, ?, ?, ?, ?)", 0 },
	/* A block-off moved (to another property too, by the API) or replaced. */
	[ST_BLOCK_MOVE] = {
	    "UPDATE blocks SET property_id = ?, start_date = ?, end_date = ?, reason = ? "
	    "WHERE tenant_id = ? AND id = ?", 0 },
	[ST_BLOCK_DEL] = { "DELETE FROM blocks WHERE tenant_id = ? AND id = ?", 0 },
	/*
	 * Manual bookings (made in porch, store_bookings.c): the new row with its
	 * maker, a reference of its own ("M" and the id) when none was given, and
	 * the fields a manual edit changes.
	 */
	[ST_BOOKING_MANUAL_ADD] = {
	    "INSERT INTO bookings (tenant_id, property_id, reference, start_date, "
	    "end_date, checkin_time, checkout_time, status, channel, guest_name, "
	    "guest_email, guest_phone, guest_address, adults, children, infants, "
	    "created_by_portal_user_id, created_by_staff_user_id) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, 'confirmed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", 0 },
	[ST_BOOKING_REFERENCE_OWN] = {
	    "UPDATE bookings SET reference = CONCAT('M', id) WHERE tenant_id = ? AND id = ?",
	    0 },
	[ST_BOOKING_MANUAL_UPDATE] = {
	    "UPDATE bookings SET reference = ?, start_date = ?, end_date = ?, "
	    "checkin_time = ?, checkout_time = ?, channel = ?, guest_name = ?, "
	    "guest_email = ?, guest_phone = ?, guest_address = ?, adults = ?, "
	    "children = ?, infants = ? WHERE tenant_id = ? AND id = ?", 0 },
	/* Notes on a block-off, oldest first, and a new one. */
	[ST_BLOCK_NOTES] = {
	    "SELECT author_kind, author_name, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i'), "
	    "body, DATE_FORMAT(created_at, '%Y%m%d%H%i%s%f'), id FROM block_notes "
	    "WHERE tenant_id = ? AND block_id = ? ORDER BY created_at, id", STMT_READ },
	[ST_BLOCK_NOTE_ADD] = {
	    "INSERT INTO block_notes (tenant_id, block_id, author_kind, author_id, "
	    "author_name, body) VALUES (?, ?, ?, ?, ?, ?)", 0 },
	/*
	 * Active admin staff, then the property's notify user: the first active
	 * portal user by id with an unexpired grant covering the property whose
	 * group gives notify.bookings, with their own address (email login, else
	 * their contact's; NULL: none), login and id. Column 2: 1 for that user.
	 * NOTIFY_HOLDERS(pid): the joins and rules after "FROM portal_users u" for
	 * the property pid (params: tenant, when pid is "?" the property first).
	 */
#define NOTIFY_HOLDERS(pid) \
	"LEFT JOIN contacts k ON k.tenant_id = u.tenant_id AND k.id = u.contact_id " \
	"JOIN access_grants a ON a.tenant_id = u.tenant_id AND a.portal_user_id = u.id " \
	"JOIN permission_groups g ON g.tenant_id = a.tenant_id AND g.id = a.group_id " \
	"JOIN properties p ON p.tenant_id = u.tenant_id AND p.id = " pid " " \
	"WHERE u.tenant_id = ? AND u.status = 'active' " \
	"AND FIND_IN_SET('notify.bookings', g.permissions) > 0 " \
	"AND (a.expires_at IS NULL OR a.expires_at > UTC_TIMESTAMP(6)) " \
	"AND (a.scope = 'all' OR (a.scope = 'customer' AND a.customer_id = p.customer_id) " \
	"OR (a.scope = 'property' AND a.property_id = p.id)) "
	[ST_BOOKING_MAIL_TO] = {
	    "SELECT s.email, s.name, 0, '', 0 FROM staff_users s WHERE s.tenant_id = ? "
	    "AND s.role = 'admin' AND s.status = 'active' "
	    "UNION ALL (SELECT IF(u.login_is_email, u.login, k.email), '', 1, u.login, "
	    "u.id FROM portal_users u " NOTIFY_HOLDERS("?") "ORDER BY u.id LIMIT 1)",
	    STMT_READ },
	/* The same notify users of a group's properties (a JSON array of their ids;
	 * params: the ids, tenant): per property its holders by id, the first the one
	 * (property id, user id, address, login). */
	[ST_BOOKING_NOTIFY_SET] = {
	    "SELECT STRAIGHT_JOIN j.pid, u.id, IF(u.login_is_email, u.login, k.email), "
	    "u.login FROM JSON_TABLE(?, '$[*]' COLUMNS(pid BIGINT UNSIGNED PATH '$')) j "
	    "JOIN portal_users u " NOTIFY_HOLDERS("j.pid") "ORDER BY j.pid, u.id",
	    STMT_READ },

	/*
	 * Properties, bookings, block-offs and notes as the API addresses them
	 * (store_properties.c, store_booking_xid.c): each by external id (plain and
	 * FOR UPDATE), a page after a cursor, and its writes. A reference to another
	 * row comes back as that row's external id.
	 */
	[ST_PROPERTY_BY_XID] = {
	    PROPERTY_XID_SELECT "WHERE p.tenant_id = ? AND p.external_id = ?", STMT_READ },
	[ST_PROPERTY_BY_XID_LOCK] = {
	    PROPERTY_XID_SELECT "WHERE p.tenant_id = ? AND p.external_id = ? FOR UPDATE",
	    0 },
	[ST_PROPERTIES_AFTER] = {
	    PROPERTY_XID_SELECT "WHERE p.tenant_id = ? AND p.external_id > ? "
	    "ORDER BY p.external_id LIMIT ?", STMT_READ },
	[ST_PROPERTY_XID_ADD] = { PROPERTY_XID_INSERT, 0 },
	[ST_PROPERTY_XID_UPDATE] = {
	    "UPDATE properties SET customer_id = ?, name = ?, address = ?, city = ?, "
	    "bedrooms = ?, description = ?, arrival_instructions = ? "
	    "WHERE tenant_id = ? AND id = ?", 0 },
	/* A group of properties set-wise (change_put_set()): the owners by their
	 * external ids (shared locks: they stay while the group is written, and
	 * side-by-side loads do not wait on each other), the properties themselves
	 * locked, then the new and changed ones in one write: the insert of one
	 * row, new or over the row of its external id, run for each row in one
	 * round trip (db_exec_rows(); params as ST_PROPERTY_XID_ADD's). */
	[ST_CUSTOMER_REFS] = {
	    XID_REFS("customers", "c"), 0 },
	[ST_PROPERTIES_BY_XIDS_LOCK] = {
	    XID_ROWS_LOCK(PROPERTY_XID_COLUMNS("NULL"), "properties", "p"), 0 },
	[ST_PROPERTY_XID_PUT_SET] = {
	    PROPERTY_XID_INSERT " ON DUPLICATE KEY UPDATE "
	    "customer_id = VALUES(customer_id), "
	    "name = VALUES(name), address = VALUES(address), city = VALUES(city), "
	    "bedrooms = VALUES(bedrooms), description = VALUES(description), "
	    "arrival_instructions = VALUES(arrival_instructions)", 0 },
	[ST_PROPERTY_IDS] = { XID_IDS("properties", "p"), 0 },
	/* What keeps a property from being deleted: its bookings, statements and
	 * documents (its block-offs and grants go with it). */
	[ST_PROPERTY_BLOCKERS] = {
	    "SELECT (SELECT COUNT(*) FROM bookings WHERE tenant_id = ? AND property_id = ?), "
	    "(SELECT COUNT(*) FROM statements WHERE tenant_id = ? AND property_id = ?), "
	    "(SELECT COUNT(*) FROM documents WHERE tenant_id = ? AND property_id = ?)", 0 },
	[ST_PROPERTY_XID_DEL] = {
	    "DELETE FROM properties WHERE tenant_id = ? AND id = ?", 0 },
	[ST_BOOKING_BY_XID] = {
	    BOOKING_XID_SELECT "WHERE b.tenant_id = ? AND b.external_id = ?", STMT_READ },
	[ST_BOOKING_BY_XID_LOCK] = {
	    BOOKING_XID_SELECT "WHERE b.tenant_id = ? AND b.external_id = ? FOR UPDATE", 0 },
	[ST_BOOKINGS_AFTER] = {
	    BOOKING_XID_SELECT "WHERE b.tenant_id = ? AND b.external_id > ? "
	    "ORDER BY b.external_id LIMIT ?", STMT_READ },
	[ST_BOOKING_XID_ADD] = { BOOKING_XID_INSERT, 0 },
	[ST_BOOKING_XID_UPDATE] = {
	    "UPDATE bookings SET property_id = ?, reference = ?, start_date = ?, "
	    "end_date = ?, checkin_time = ?, checkout_time = ?, status = ?, channel = ?, "
	    "guest_name = ?, guest_email = ?, guest_phone = ?, guest_address = ?, "
	    "adults = ?, children = ?, infants = ?, base_rate_cents = ?, "
	    "cleaning_fee_cents = ?, taxes_cents = ?, channel_commission_cents = ?, "
	    "management_fee_cents = ?, owner_revenue_cents = ?, total_price_cents = ?, "
	    "payout_cents = ?, currency = ? WHERE tenant_id = ? AND id = ?", 0 },
	/* A group of bookings set-wise, as properties above: their properties (id,
	 * name; shared locks), the bookings locked, and one write of the insert of
	 * one row, new or over the row of its external id, run for each row in one
	 * round trip (params as ST_BOOKING_XID_ADD's). */
	[ST_PROPERTY_REFS] = {
	    XID_REFS("properties", "p"), 0 },
	[ST_BOOKINGS_BY_XIDS_LOCK] = {
	    XID_ROWS_LOCK(BOOKING_XID_COLUMNS("NULL"), "bookings", "b"), 0 },
	[ST_BOOKING_XID_PUT_SET] = {
	    BOOKING_XID_INSERT " "
	    "ON DUPLICATE KEY UPDATE property_id = VALUES(property_id), "
	    "reference = VALUES(reference), start_date = VALUES(start_date), "
	    "end_date = VALUES(end_date), checkin_time = VALUES(checkin_time), "
	    "checkout_time = VALUES(checkout_time), status = VALUES(status), "
	    "channel = VALUES(channel), guest_name = VALUES(guest_name), "
	    "guest_email = VALUES(guest_email), guest_phone = VALUES(guest_phone), "
	    "guest_address = VALUES(guest_address), adults = VALUES(adults), "
	    "children = VALUES(children), infants = VALUES(infants), "
	    "base_rate_cents = VALUES(base_rate_cents), "
	    "cleaning_fee_cents = VALUES(cleaning_fee_cents), "
	    "taxes_cents = VALUES(taxes_cents), "
	    "channel_commission_cents = VALUES(channel_commission_cents), "
	    "management_fee_cents = VALUES(management_fee_cents), "
	    "owner_revenue_cents = VALUES(owner_revenue_cents), "
	    "total_price_cents = VALUES(total_price_cents), "
	    "payout_cents = VALUES(payout_cents), currency = VALUES(currency)", 0 },
	[ST_BOOKING_IDS] = { XID_IDS("bookings", "b"), 0 },
	/* The statement lines that name a booking: it stays while they do. */
	[ST_BOOKING_STATEMENT_LINES] = {
	    "SELECT COUNT(*) FROM statement_lines WHERE tenant_id = ? AND booking_id = ?",
	    0 },
	[ST_BOOKING_XID_DEL] = {
	    "DELETE FROM bookings WHERE tenant_id = ? AND id = ?", 0 },
	[ST_BLOCK_BY_XID] = {
	    BLOCK_XID_SELECT "WHERE k.tenant_id = ? AND k.external_id = ?", STMT_READ },
	[ST_BLOCK_BY_XID_LOCK] = {
	    BLOCK_XID_SELECT "WHERE k.tenant_id = ? AND k.external_id = ? FOR UPDATE", 0 },
	[ST_BLOCKS_AFTER] = {
	    BLOCK_XID_SELECT "WHERE k.tenant_id = ? AND k.external_id > ? "
	    "ORDER BY k.external_id LIMIT ?", STMT_READ },
	[ST_NOTE_BY_XID] = {
	    NOTE_XID_SELECT "WHERE n.tenant_id = ? AND n.external_id = ?", STMT_READ },
	[ST_NOTE_BY_XID_LOCK] = {
	    NOTE_XID_SELECT "WHERE n.tenant_id = ? AND n.external_id = ? FOR UPDATE", 0 },
	[ST_NOTES_AFTER] = {
	    NOTE_XID_SELECT "WHERE n.tenant_id = ? AND n.external_id > ? "
	    "ORDER BY n.external_id LIMIT ?", STMT_READ },
	/* A note the tenant's system sends: author kind system, its author's name. */
	[ST_NOTE_XID_ADD] = {
	    "INSERT INTO notes (tenant_id, external_id, booking_id, author_kind, "
	    "author_name, body) VALUES (?, ?, ?, 'system', ?, ?)", 0 },
	[ST_NOTE_XID_UPDATE] = {
	    "UPDATE notes SET booking_id = ?, author_name = ?, body = ? "
	    "WHERE tenant_id = ? AND id = ?", 0 },
	[ST_NOTE_XID_DEL] = {
	    "DELETE FROM notes WHERE tenant_id = ? AND id = ?", 0 },

	/* Permission groups and portal users as the API addresses them
	 * (store_users_xid.c). */
	[ST_GROUP_BY_XID] = {
	    GROUP_XID_SELECT "WHERE g.tenant_id = ? AND g.external_id = ?", STMT_READ },
	[ST_GROUP_BY_XID_LOCK] = {
	    GROUP_XID_SELECT "WHERE g.tenant_id = ? AND g.external_id = ? FOR UPDATE",
	    0 },
	[ST_GROUPS_AFTER] = {
	    GROUP_XID_SELECT "WHERE g.tenant_id = ? AND g.external_id > ? "
	    "ORDER BY g.external_id LIMIT ?", STMT_READ },
	[ST_GROUP_SET_XID] = {
	    "UPDATE permission_groups SET external_id = ? WHERE tenant_id = ? AND id = ?",
	    0, .rights = 2 },
	[ST_USER_BY_XID] = {
	    USER_XID_SELECT "WHERE u.tenant_id = ? AND u.external_id = ?", STMT_READ },
	[ST_USER_BY_XID_LOCK] = {
	    USER_XID_SELECT "WHERE u.tenant_id = ? AND u.external_id = ? FOR UPDATE", 0 },
	[ST_USERS_AFTER] = {
	    USER_XID_SELECT "WHERE u.tenant_id = ? AND u.external_id > ? "
	    "ORDER BY u.external_id LIMIT ?", STMT_READ },
	[ST_USER_SET_XID] = {
	    "UPDATE portal_users SET external_id = ? WHERE tenant_id = ? AND id = ?", 0 },
	/* A user's grants with the external ids of their group, customer and
	 * property; the last day as the grant form shows it (ST_GRANTS_LIST). */
	[ST_USER_GRANTS_XID] = {
	    "SELECT a.id, a.group_id, g.external_id, a.scope, a.customer_id, "
	    "c.external_id, a.property_id, p.external_id, "
	    "DATE_FORMAT(a.expires_at - INTERVAL 1 MICROSECOND, '%Y-%m-%d') "
	    "FROM access_grants a JOIN permission_groups g ON g.tenant_id = a.tenant_id "
	    "AND g.id = a.group_id LEFT JOIN customers c ON c.tenant_id = a.tenant_id "
	    "AND c.id = a.customer_id LEFT JOIN properties p "
	    "ON p.tenant_id = a.tenant_id AND p.id = a.property_id "
	    "WHERE a.tenant_id = ? AND a.portal_user_id = ? ORDER BY a.id", STMT_READ },
	/*
	 * Customers, contacts and properties as staff manage them (store_office.c).
	 * A page of a list: params tenant, show archived (0/1), the search as typed
	 * ('' for none) and as a LIKE pattern twice, limit, offset. The sort is a
	 * statement of its own (an ORDER BY takes no parameter); each has its key.
	 * A customer's users are counted by the index of users by customer, named:
	 * with statistics taken before a bulk load, MariaDB would read every user of
	 * the tenant for each row of the page.
	 */
#define OFFICE_CUSTOMER_SELECT \
	"SELECT c.id, c.external_id, c.name, c.email, c.phone, " \
	"c.archived_at IS NOT NULL, DATE_FORMAT(c.created_at, '%Y-%m-%d'), " \
	"(SELECT COUNT(*) FROM portal_users u FORCE INDEX (ix_portal_users_customer) " \
	"WHERE u.tenant_id = c.tenant_id " \
	"AND u.customer_id = c.id AND u.status <> 'disabled') FROM customers c "
	/*
	 * A page of customers with the same columns: each customer joined to its
	 * users and grouped in the order of the sort's index (named: the optimizer
	 * weighed every index of customers on each run), so the page is read in
	 * that order and stops after it, without a temporary table or a sort and
	 * without a subquery run for each row (two thirds of the statement's time at
	 * 1,000 customers, docs/BENCHMARKS.md). A group is one customer: MIN() of
	 * its columns is the customer's (any sql_mode, ONLY_FULL_GROUP_BY too).
	 */
#define OFFICE_CUSTOMER_PAGE(key) \
	"SELECT c.id, MIN(c.external_id), MIN(c.name), MIN(c.email), MIN(c.phone), " \
	"MIN(c.archived_at) IS NOT NULL, DATE_FORMAT(MIN(c.created_at), '%Y-%m-%d'), " \
	"COUNT(u.id) FROM customers c FORCE INDEX (" key ") " \
	"LEFT JOIN portal_users u FORCE INDEX (ix_portal_users_customer) " \
	"ON u.tenant_id = c.tenant_id AND u.customer_id = c.id " \
	"AND u.status <> 'disabled' " \
	"WHERE c.tenant_id = ? AND (? = 1 OR c.archived_at IS NULL) " \
	"AND (? = '' OR c.name LIKE ? OR c.email LIKE ?) "
	[ST_OFFICE_CUSTOMERS_BY_NAME] = {
	    OFFICE_CUSTOMER_PAGE("ix_customers_name")
	    "GROUP BY c.name, c.id ORDER BY c.name, c.id LIMIT ? OFFSET ?", STMT_READ },
	[ST_OFFICE_CUSTOMERS_BY_CREATED] = {
	    OFFICE_CUSTOMER_PAGE("ix_customers_created") "GROUP BY c.created_at, c.id "
	    "ORDER BY c.created_at DESC, c.id DESC LIMIT ? OFFSET ?", STMT_READ },
	[ST_OFFICE_CUSTOMER] = {
	    OFFICE_CUSTOMER_SELECT "WHERE c.tenant_id = ? AND c.id = ?", STMT_READ },
#define OFFICE_PROPERTY_PAGE \
	PROPERTY_XID_SELECT "WHERE p.tenant_id = ? AND (? = 1 OR p.archived_at IS NULL) " \
	"AND (? = '' OR p.name LIKE ? OR p.city LIKE ?) "
	[ST_OFFICE_PROPERTIES_BY_NAME] = {
	    OFFICE_PROPERTY_PAGE "ORDER BY p.name, p.id LIMIT ? OFFSET ?", STMT_READ },
	[ST_OFFICE_PROPERTIES_BY_CREATED] = {
	    OFFICE_PROPERTY_PAGE "ORDER BY p.created_at DESC, p.id DESC LIMIT ? OFFSET ?",
	    STMT_READ },
	/* A customer's contacts and properties, archived ones last; at most ? */
	[ST_OFFICE_CONTACTS] = {
	    CONTACT_XID_SELECT "WHERE k.tenant_id = ? AND k.customer_id = ? "
	    "ORDER BY k.archived_at IS NOT NULL, k.name, k.id LIMIT ?", STMT_READ },
	[ST_OFFICE_PROPERTIES_OF] = {
	    PROPERTY_XID_SELECT "WHERE p.tenant_id = ? AND p.customer_id = ? "
	    "ORDER BY p.archived_at IS NOT NULL, p.name, p.id LIMIT ?", STMT_READ },
	/* A customer's portal users: id, login, status, contact's name, MFA
	 * required, enrolled, last action. */
	[ST_OFFICE_USERS_OF] = {
	    "SELECT u.id, u.login, u.status, k.name, u.mfa_required, "
	    "u.mfa_enrolled_at IS NOT NULL, "
	    "DATE_FORMAT(u.last_action_at, '%Y-%m-%d %H:%i') FROM portal_users u "
	    "LEFT JOIN contacts k ON k.tenant_id = u.tenant_id AND k.id = u.contact_id "
	    "WHERE u.tenant_id = ? AND u.customer_id = ? ORDER BY u.login LIMIT ?",
	    STMT_READ },
	/* The rows a staff change is about, by id, locked (plain for the pages). */
	[ST_CUSTOMER_BY_ID_LOCK] = {
	    CUSTOMER_XID_SELECT "WHERE tenant_id = ? AND id = ? FOR UPDATE", 0 },
	[ST_CONTACT_BY_ID] = {
	    CONTACT_XID_SELECT "WHERE k.tenant_id = ? AND k.id = ?", STMT_READ },
	[ST_CONTACT_BY_ID_LOCK] = {
	    CONTACT_XID_SELECT "WHERE k.tenant_id = ? AND k.id = ? FOR UPDATE", 0 },
	[ST_PROPERTY_BY_ID] = {
	    PROPERTY_XID_SELECT "WHERE p.tenant_id = ? AND p.id = ?", STMT_READ },
	[ST_PROPERTY_BY_ID_LOCK] = {
	    PROPERTY_XID_SELECT "WHERE p.tenant_id = ? AND p.id = ? FOR UPDATE", 0 },
	/* Archive (? = 1) or bring back; params: on, tenant, id. */
	[ST_CUSTOMER_ARCHIVE] = {
	    "UPDATE customers SET archived_at = IF(? = 1, UTC_TIMESTAMP(6), NULL) "
	    "WHERE tenant_id = ? AND id = ?", 0 },
	[ST_CONTACT_ARCHIVE] = {
	    "UPDATE contacts SET archived_at = IF(? = 1, UTC_TIMESTAMP(6), NULL) "
	    "WHERE tenant_id = ? AND id = ?", 0 },
	[ST_PROPERTY_ARCHIVE] = {
	    "UPDATE properties SET archived_at = IF(? = 1, UTC_TIMESTAMP(6), NULL) "
	    "WHERE tenant_id = ? AND id = ?", 0 },
	[ST_CONTACT_USERS_ENABLED] = {
	    "SELECT COUNT(*) FROM portal_users WHERE tenant_id = ? AND contact_id = ? "
	    "AND status <> 'disabled'", 0 },
	/*
	 * The sessions of a customer's portal users; params tenant x2, customer. A
	 * join from the users, so each user's sessions are found by their key: as a
	 * DELETE ... WHERE portal_user_id IN (subquery), MariaDB 10.11 read (and
	 * locked) every session of every tenant.
	 */
	[ST_CUSTOMER_SESSIONS_DEL] = {
	    "DELETE s FROM portal_users u JOIN sessions s ON s.tenant_id = u.tenant_id "
	    "AND s.portal_user_id = u.id WHERE s.tenant_id = ? AND u.tenant_id = ? "
	    "AND u.customer_id = ?", 0 },
#undef OFFICE_CUSTOMER_SELECT
#undef OFFICE_CUSTOMER_PAGE
#undef OFFICE_PROPERTY_PAGE
	/* --- the staff documents pages (store_staff_docs.c) --- */
	[ST_DOCUMENT_BY_ID] = {
	    DOCUMENT_XID_SELECT "WHERE d.tenant_id = ? AND d.id = ?", STMT_READ },
	[ST_DOCUMENT_BY_ID_LOCK] = {
	    DOCUMENT_XID_SELECT "WHERE d.tenant_id = ? AND d.id = ? FOR UPDATE", 0 },
	/* A document's owner, locked until the change ends: the customer, or the
	 * property with its customer. */
	[ST_DOCUMENT_OWNER_CUSTOMER_LOCK] = {
	    "SELECT id, id FROM customers WHERE tenant_id = ? AND id = ? FOR UPDATE", 0 },
	[ST_DOCUMENT_OWNER_PROPERTY_LOCK] = {
	    "SELECT id, customer_id FROM properties WHERE tenant_id = ? AND id = ? "
	    "FOR UPDATE", 0 },
	/*
	 * The staff list: title containing ? 4 (a LIKE pattern, escaped by the
	 * caller), of customer ? 2 and property ? 3 when not 0, a page of ? 5 rows
	 * from ? 6. params: tenant, customer x2, property x2, pattern, limit, offset.
	 */
	[ST_STAFF_DOCS_NEWEST] = {
	    STAFF_DOCS_SELECT "ORDER BY d.id DESC LIMIT ? OFFSET ?", STMT_READ },
	[ST_STAFF_DOCS_TITLE] = {
	    STAFF_DOCS_SELECT "ORDER BY d.title, d.id DESC LIMIT ? OFFSET ?",
	    STMT_READ },
	[ST_STAFF_DOCS_CUSTOMER] = {
	    STAFF_DOCS_SELECT "ORDER BY c.name, d.title, d.id DESC LIMIT ? OFFSET ?",
	    STMT_READ },
	[ST_STAFF_DOCS_COUNT] = {
	    "SELECT COUNT(*) FROM documents d " STAFF_DOCS_WHERE, STMT_READ },
	/* The customer a staff page names, and its properties (at most ? 3). */
	[ST_STAFF_DOC_CUSTOMER] = {
	    "SELECT id, name FROM customers WHERE tenant_id = ? AND id = ?", STMT_READ },
	[ST_STAFF_DOC_PROPERTIES] = {
	    "SELECT id, name FROM properties WHERE tenant_id = ? AND customer_id = ? "
	    "ORDER BY name, id LIMIT ?", STMT_READ },
	/*
	 * Money formulas (store_formulas.c): a tenant's in id order, the catalog
	 * authz.h reads sets of formulas over. Terms are written again whole.
	 */
	[ST_FORMULAS_LIST] = {
	    FORMULA_SELECT "WHERE f.tenant_id = ? ORDER BY f.id",
	    STMT_READ | STMT_CAUSAL },	/* kept at the session's rights version */
	[ST_FORMULA_GET] = {
	    FORMULA_SELECT "WHERE f.tenant_id = ? AND f.id = ?", STMT_READ },
	[ST_FORMULA_ADD] = {
	    "INSERT INTO formulas (tenant_id, name) VALUES (?, ?)", 0, .rights = 1 },
	[ST_FORMULA_RENAME] = {
	    "UPDATE formulas SET name = ? WHERE tenant_id = ? AND id = ?", 0, .rights = 2 },
	[ST_FORMULA_TERMS_DEL] = {
	    "DELETE FROM formula_terms WHERE tenant_id = ? AND formula_id = ?", 0, .rights = 1 },
	[ST_FORMULA_TERM_ADD] = {
	    "INSERT INTO formula_terms (tenant_id, formula_id, position, field, sign) "
	    "VALUES (?, ?, ?, ?, ?)", 0, .rights = 1 },
	/* Not while a group shows it instead of the total price (and the key
	 * fk_permission_groups_instead refuses it too). */
	[ST_FORMULA_DEL] = {
	    "DELETE FROM formulas WHERE tenant_id = ? AND id = ? AND NOT EXISTS "
	    "(SELECT 1 FROM permission_groups g WHERE g.tenant_id = ? "
	    "AND g.instead_formula_id = ?)", 0, .rights = 1 },
	[ST_FORMULA_COUNT] = {
	    "SELECT COUNT(*) FROM formulas WHERE tenant_id = ?", STMT_READ },
	/*
	 * The formulas a group or a user's override lists: written again whole; a
	 * formula deleted meanwhile is left out rather than refused, one sent twice
	 * is listed once.
	 */
	[ST_GROUP_FORMULAS_DEL] = {
	    "DELETE FROM group_formulas WHERE tenant_id = ? AND group_id = ?", 0, .rights = 1 },
	[ST_GROUP_FORMULA_ADD] = {
	    "INSERT INTO group_formulas (tenant_id, group_id, formula_id) "
	    "SELECT f.tenant_id, ?, f.id FROM formulas f WHERE f.tenant_id = ? "
	    "AND f.id = ? ON DUPLICATE KEY UPDATE formula_id = f.id", 0, .rights = 2 },
	[ST_USER_FORMULAS_DEL] = {
	    "DELETE FROM user_formulas WHERE tenant_id = ? AND portal_user_id = ?", 0, .rights = 1 },
	[ST_USER_FORMULA_ADD] = {
	    "INSERT INTO user_formulas (tenant_id, portal_user_id, formula_id) "
	    "SELECT f.tenant_id, ?, f.id FROM formulas f WHERE f.tenant_id = ? "
	    "AND f.id = ? ON DUPLICATE KEY UPDATE formula_id = f.id", 0, .rights = 2 },
	[ST_GROUP_INSTEAD_SET] = {
	    "UPDATE permission_groups SET instead_formula_id = (SELECT f.id FROM "
	    "formulas f WHERE f.tenant_id = ? AND f.id = ?) "
	    "WHERE tenant_id = ? AND id = ?", 0, .rights = 3 },
	/*
	 * The metrics endpoint (store_metrics.c): each sender's queue over every
	 * tenant, an operator's figure that shows no tenant's data: what waits and how
	 * long the oldest has waited, in seconds. Mail queued or being sent; events
	 * an active webhook endpoint has not had yet; iCal import URLs due.
	 */
	[ST_METRICS_QUEUES] = {
	    "SELECT 'outbox', COUNT(*), COALESCE(TIMESTAMPDIFF(SECOND, MIN(created_at), "
	    "UTC_TIMESTAMP(6)), 0) FROM outbox WHERE status IN ('queued', 'sending') "
	    "UNION ALL SELECT 'outbox_failed', COUNT(*), 0 FROM outbox "
	    "WHERE status = 'failed' "
	    "UNION ALL SELECT 'webhooks', COUNT(*), COALESCE(TIMESTAMPDIFF(SECOND, "
	    "MIN(e.created_at), UTC_TIMESTAMP(6)), 0) FROM webhook_endpoints w "
	    "JOIN events e ON e.tenant_id = w.tenant_id AND e.id > w.position "
	    "WHERE w.active = 1 "
	    "UNION ALL SELECT 'ical', COUNT(*), COALESCE(TIMESTAMPDIFF(SECOND, "
	    "MIN(next_sync_at), UTC_TIMESTAMP(6)), 0) FROM ical_sources "
	    "WHERE next_sync_at <= UTC_TIMESTAMP(6)", STMT_READ },
};
#undef FORMULA_SELECT
#undef GROUP_FORMULA_COLUMNS
#undef USER_FORMULA_COLUMN
#undef ACCESS_GRANTS_JOIN
#undef GROUP_COLUMNS
#undef GROUP_SELECT
#undef GROUP_XID_SELECT
#undef USER_XID_SELECT
#undef ACCESS_USER_COLUMNS
#undef SESSION_ROW
#undef SESSION_NULLS
#undef NULLS10
#undef NULLS5
#undef BOOKING_COLUMNS
#undef BOOKING_MONEY_COLUMNS
#undef BOOKING_XID_COLUMNS
#undef BOOKING_XID_SELECT
#undef XID_IDS
#undef BOOKING_XID_INSERT
#undef PROPERTY_XID_INSERT
#undef NOTIFY_HOLDERS
#undef XID_LIST
#undef XID_REFS
#undef XID_ROWS_LOCK
#undef UTF8
#undef PROPERTY_XID_COLUMNS
#undef BLOCK_XID_SELECT
#undef NOTE_XID_SELECT
#undef STAFF_DOCS_SELECT
#undef STAFF_DOCS_WHERE
#undef PROPERTY_XID_SELECT
#undef CUSTOMER_XID_SELECT
#undef CONTACT_XID_SELECT
#undef BOOKING_FROM
#undef EVENT_SELECT
#undef PROPERTY_REACHABLE
#undef PROPERTY_REACHABLE_OF
#undef STATEMENT_REACHABLE
