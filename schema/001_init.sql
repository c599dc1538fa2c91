-- porch schema, migration 001: the whole initial data model.
--
-- Conventions (see docs/DESIGN.md, "Data model" and "The store layer"):
--  * MariaDB 10.11, InnoDB only, utf8mb4.  Table default collation is
--    utf8mb4_unicode_ci (human text sorts and matches case-insensitively:
--    logins, emails, hosts, names), machine identifiers (slugs, storage
--    paths, references, audit action names) use utf8mb4_bin.
--  * Galera-safe: every table has a primary key, no table locks or named
--    locks, no reliance on consecutive AUTO_INCREMENT values (ids may jump by the
--    cluster's auto_increment_increment).
--  * Every DATETIME column holds UTC.  Defaults use UTC_TIMESTAMP(6), so the
--    server/session time zone does not matter.  Store code should write
--    UTC_TIMESTAMP(6) (or a UTC value from C), never NOW().
--  * Every tenant-owned row carries tenant_id.  Each tenant-owned parent table
--    has UNIQUE (tenant_id, id) and children reference it with a composite
--    foreign key (tenant_id, x_id) -> parent (tenant_id, id), so the database
--    itself refuses a row that points into another tenant.
--    (Exception: the few nullable "who did it" references that must become NULL
--    when the target is deleted use a single-column FK with ON DELETE SET NULL,
--    because SET NULL on a composite key would also null tenant_id.)
--  * Secrets are stored only as SHA-256 (BINARY(32)) or encrypted (VARBINARY).
--  * Money is integer cents (BIGINT, signed so adjustments can be negative).
--  * Dates of stays are DATE (local calendar days at the property), intervals
--    are half-open: [start_date, end_date).
--
-- This file must apply to an empty database in one multi-statement call: no
-- client-only directives, no database selection, no locks, and no write to
-- schema_migrations (porchctl migrate records it).

-- Which numbered migration files have been applied (written by porchctl migrate).
CREATE TABLE schema_migrations (
  version    INT          NOT NULL,
  name       VARCHAR(255) NOT NULL,
  applied_at DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  PRIMARY KEY (version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per business using porch, with its settings (staff MFA policy,
-- session timeouts overriding the config, branding).
CREATE TABLE tenants (
  id                       BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  slug                     VARCHAR(64)  COLLATE utf8mb4_bin NOT NULL,
  name                     VARCHAR(200) NOT NULL,
  status                   ENUM('active','disabled') NOT NULL DEFAULT 'active',
  staff_mfa_required       TINYINT(1)   NOT NULL DEFAULT 1,
  session_idle_seconds     INT          NULL,
  session_absolute_seconds INT          NULL,
  brand_color              VARCHAR(16)  NULL,
  created_at               DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  PRIMARY KEY (id),
  UNIQUE KEY uq_tenants_slug (slug),
  CONSTRAINT ck_tenants_slug CHECK (slug REGEXP '^[a-z0-9][a-z0-9-]{0,63}$'),
  CONSTRAINT ck_tenants_idle CHECK (session_idle_seconds IS NULL OR session_idle_seconds > 0),
  CONSTRAINT ck_tenants_abs  CHECK (session_absolute_seconds IS NULL OR session_absolute_seconds > 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Host names (as routed by the web server) mapped to their tenant.
-- Case-insensitive primary key: 'Example.COM' and 'example.com' are one host.
CREATE TABLE tenant_domains (
  host       VARCHAR(253) NOT NULL,
  tenant_id  BIGINT UNSIGNED NOT NULL,
  created_at DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  PRIMARY KEY (host),
  KEY ix_tenant_domains_tenant (tenant_id),
  CONSTRAINT fk_tenant_domains_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The tenant's own employees (office staff), role admin|staff, with TOTP MFA.
-- can_impersonate: the right to "log in as" a portal user (admins always may).
CREATE TABLE staff_users (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id       BIGINT UNSIGNED NOT NULL,
  email           VARCHAR(254) NOT NULL,
  name            VARCHAR(200) NOT NULL DEFAULT '',
  role            ENUM('admin','staff') NOT NULL DEFAULT 'staff',
  can_impersonate TINYINT(1)   NOT NULL DEFAULT 0,
  password_hash   VARCHAR(255) NULL,
  must_change_password TINYINT(1) NOT NULL DEFAULT 0,
  status          ENUM('active','disabled') NOT NULL DEFAULT 'active',
  totp_secret_enc VARBINARY(255) NULL,
  mfa_enrolled_at DATETIME(6)  NULL,
  totp_last_step  BIGINT       NULL,
  last_action_at  DATETIME(6)  NULL,
  created_at      DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  PRIMARY KEY (id),
  UNIQUE KEY uq_staff_users_email (tenant_id, email),
  UNIQUE KEY uq_staff_users_tenant_id (tenant_id, id),
  CONSTRAINT fk_staff_users_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The tenant's customers (property owners, clients) and their token link:
-- SHA-256 of the token for look-up, an encrypted copy so staff can show it
-- again, when it was made / expires, and whether staff disabled it.
-- token_hash NULL = no link issued yet.
CREATE TABLE customers (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id        BIGINT UNSIGNED NOT NULL,
  name             VARCHAR(200) NOT NULL,
  email            VARCHAR(254) NULL,
  phone            VARCHAR(64)  NULL,
  token_hash       BINARY(32)   NULL,
  token_enc        VARBINARY(255) NULL,
  token_created_at DATETIME(6)  NULL,
  token_expires_at DATETIME(6)  NULL,
  token_disabled   TINYINT(1)   NOT NULL DEFAULT 0,
  created_at       DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  PRIMARY KEY (id),
  UNIQUE KEY uq_customers_token_hash (token_hash),
  UNIQUE KEY uq_customers_tenant_id (tenant_id, id),
  KEY ix_customers_name (tenant_id, name),
  CONSTRAINT fk_customers_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- People attached to a customer (co-owner, cleaner, accountant...).
-- Deleted with their customer.
CREATE TABLE contacts (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id   BIGINT UNSIGNED NOT NULL,
  customer_id BIGINT UNSIGNED NOT NULL,
  name        VARCHAR(200) NOT NULL,
  email       VARCHAR(254) NULL,
  phone       VARCHAR(64)  NULL,
  role        VARCHAR(64)  NULL,
  created_at  DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  PRIMARY KEY (id),
  UNIQUE KEY uq_contacts_tenant_id (tenant_id, id),
  KEY ix_contacts_customer (tenant_id, customer_id),
  CONSTRAINT fk_contacts_tenant   FOREIGN KEY (tenant_id) REFERENCES tenants (id),
  CONSTRAINT fk_contacts_customer FOREIGN KEY (tenant_id, customer_id)
    REFERENCES customers (tenant_id, id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Per-tenant permission groups: a set of permissions from the fixed catalog,
-- a financial level and a field filter over the financial fields.
-- At most one is_default group per tenant (given to new portal users) and at
-- most one is_system group ("Non-Portal Users", governs token-link visitors),
-- enforced by UNIQUE keys over generated marker columns (1 or NULL, NULLs do
-- not collide).  To move the default: clear the old one first, then set the
-- new one (two UPDATEs in one transaction), a single UPDATE that sets the new
-- row before clearing the old one fails with a duplicate key.
-- field_filter: 'all' = show every field (field_list ignored), 'except' = all
-- but field_list (new fields visible), 'only' = just field_list (new hidden).
CREATE TABLE permission_groups (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id       BIGINT UNSIGNED NOT NULL,
  name            VARCHAR(100) NOT NULL,
  description     VARCHAR(255) NULL,
  is_default      TINYINT(1)   NOT NULL DEFAULT 0,
  is_system       TINYINT(1)   NOT NULL DEFAULT 0,
  permissions     SET('calendar.view','booking.guest_name','booking.guest_contact',
                      'notes.view','notes.add','blocks.create','blocks.modify',
                      'bookings.manage','statements.view','documents.public',
                      'documents.private','reports.view','export.csv',
                      'notify.bookings') NOT NULL DEFAULT '',
  financial_level ENUM('none','owner_revenue','all') NOT NULL DEFAULT 'none',
  field_filter    ENUM('all','except','only') NOT NULL DEFAULT 'all',
  field_list      SET('base_rate','cleaning_fee','taxes','channel_commission',
                      'management_fee','owner_revenue','total_price','payout') NOT NULL DEFAULT '',
  default_marker  TINYINT AS (IF(is_default <> 0, 1, NULL)) PERSISTENT,
  system_marker   TINYINT AS (IF(is_system  <> 0, 1, NULL)) PERSISTENT,
  created_at      DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  PRIMARY KEY (id),
  UNIQUE KEY uq_permission_groups_name (tenant_id, name),
  UNIQUE KEY uq_permission_groups_tenant_id (tenant_id, id),
  UNIQUE KEY uq_permission_groups_default (tenant_id, default_marker),
  UNIQUE KEY uq_permission_groups_system (tenant_id, system_marker),
  CONSTRAINT fk_permission_groups_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Accounts that sign in to the portal: tenant-scoped unique login (an email
-- by default, or a username), attached to a customer and optionally one of
-- its contacts.  MFA is required per user by staff, TOTP secret encrypted,
-- last accepted TOTP step kept here (shared by every porchd host).
-- Admin flag (everything in the tenant, reports hidden if hide_reports) and
-- an optional per-user financial override (fin_override_level NULL = use the
-- groups' settings).
CREATE TABLE portal_users (
  id                   BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id            BIGINT UNSIGNED NOT NULL,
  customer_id          BIGINT UNSIGNED NOT NULL,
  contact_id           BIGINT UNSIGNED NULL,
  login                VARCHAR(254) NOT NULL,
  login_is_email       TINYINT(1)   NOT NULL DEFAULT 1,
  status               ENUM('invited','active','disabled') NOT NULL DEFAULT 'invited',
  password_hash        VARCHAR(255) NULL,
  must_change_password TINYINT(1)   NOT NULL DEFAULT 0,
  mfa_required         TINYINT(1)   NOT NULL DEFAULT 0,
  totp_secret_enc      VARBINARY(255) NULL,
  totp_last_step       BIGINT       NULL,
  mfa_enrolled_at      DATETIME(6)  NULL,
  is_admin             TINYINT(1)   NOT NULL DEFAULT 0,
  hide_reports         TINYINT(1)   NOT NULL DEFAULT 0,
  fin_override_level   ENUM('none','owner_revenue','all') NULL,
  fin_override_filter  ENUM('all','except','only') NULL,
  fin_override_fields  SET('base_rate','cleaning_fee','taxes','channel_commission',
                           'management_fee','owner_revenue','total_price','payout') NULL,
  last_action_at       DATETIME(6)  NULL,
  created_at           DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  PRIMARY KEY (id),
  UNIQUE KEY uq_portal_users_login (tenant_id, login),
  UNIQUE KEY uq_portal_users_tenant_id (tenant_id, id),
  KEY ix_portal_users_customer (tenant_id, customer_id),
  KEY ix_portal_users_contact (contact_id),
  CONSTRAINT fk_portal_users_tenant   FOREIGN KEY (tenant_id) REFERENCES tenants (id),
  CONSTRAINT fk_portal_users_customer FOREIGN KEY (tenant_id, customer_id)
    REFERENCES customers (tenant_id, id),
  CONSTRAINT fk_portal_users_contact  FOREIGN KEY (contact_id)
    REFERENCES contacts (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Properties (rentals, sites), each owned by one customer.
CREATE TABLE properties (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id   BIGINT UNSIGNED NOT NULL,
  customer_id BIGINT UNSIGNED NOT NULL,
  name        VARCHAR(200) NOT NULL,
  address     VARCHAR(255) NULL,
  city        VARCHAR(100) NULL,
  bedrooms    SMALLINT UNSIGNED NULL,
  created_at  DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  PRIMARY KEY (id),
  UNIQUE KEY uq_properties_tenant_id (tenant_id, id),
  KEY ix_properties_customer (tenant_id, customer_id, name),
  KEY ix_properties_name (tenant_id, name),
  CONSTRAINT fk_properties_tenant   FOREIGN KEY (tenant_id) REFERENCES tenants (id),
  CONSTRAINT fk_properties_customer FOREIGN KEY (tenant_id, customer_id)
    REFERENCES customers (tenant_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- What a portal user may do, and where: user + group + scope
-- (one customer = all that owner's properties | all properties of the tenant |
-- one property), optionally expiring.  The columns must match the scope.
CREATE TABLE access_grants (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id      BIGINT UNSIGNED NOT NULL,
  portal_user_id BIGINT UNSIGNED NOT NULL,
  group_id       BIGINT UNSIGNED NOT NULL,
  scope          ENUM('customer','all','property') NOT NULL,
  customer_id    BIGINT UNSIGNED NULL,
  property_id    BIGINT UNSIGNED NULL,
  expires_at     DATETIME(6)  NULL,
  created_at     DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  PRIMARY KEY (id),
  KEY ix_access_grants_user (tenant_id, portal_user_id),
  KEY ix_access_grants_group (tenant_id, group_id),
  KEY ix_access_grants_customer (tenant_id, customer_id),
  KEY ix_access_grants_property (tenant_id, property_id),
  CONSTRAINT fk_access_grants_tenant   FOREIGN KEY (tenant_id) REFERENCES tenants (id),
  CONSTRAINT fk_access_grants_user     FOREIGN KEY (tenant_id, portal_user_id)
    REFERENCES portal_users (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT fk_access_grants_group    FOREIGN KEY (tenant_id, group_id)
    REFERENCES permission_groups (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT fk_access_grants_customer FOREIGN KEY (tenant_id, customer_id)
    REFERENCES customers (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT fk_access_grants_property FOREIGN KEY (tenant_id, property_id)
    REFERENCES properties (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT ck_access_grants_scope CHECK (
       (scope = 'customer' AND customer_id IS NOT NULL AND property_id IS NULL)
    OR (scope = 'all'      AND customer_id IS NULL     AND property_id IS NULL)
    OR (scope = 'property' AND customer_id IS NULL     AND property_id IS NOT NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Guest stays at a property: dates (half-open, end_date = check-out day),
-- status, guest counts, guest name/contact, channel, and the price breakdown
-- in integer cents.  Intended arithmetic (not enforced, imported data may
-- differ): total = base_rate + cleaning_fee + taxes.
-- owner_revenue = total - channel_commission - management_fee - taxes.
-- payout = owner_revenue.
CREATE TABLE bookings (
  id                       BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id                BIGINT UNSIGNED NOT NULL,
  property_id              BIGINT UNSIGNED NOT NULL,
  reference                VARCHAR(64)  COLLATE utf8mb4_bin NOT NULL,
  start_date               DATE         NOT NULL,
  end_date                 DATE         NOT NULL,
  status                   ENUM('tentative','confirmed','cancelled') NOT NULL DEFAULT 'confirmed',
  adults                   SMALLINT UNSIGNED NOT NULL DEFAULT 1,
  children                 SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  guest_name               VARCHAR(200) NULL,
  guest_email              VARCHAR(254) NULL,
  guest_phone              VARCHAR(64)  NULL,
  channel                  VARCHAR(64)  NULL,
  base_rate_cents          BIGINT       NOT NULL DEFAULT 0,
  cleaning_fee_cents       BIGINT       NOT NULL DEFAULT 0,
  taxes_cents              BIGINT       NOT NULL DEFAULT 0,
  channel_commission_cents BIGINT       NOT NULL DEFAULT 0,
  management_fee_cents     BIGINT       NOT NULL DEFAULT 0,
  owner_revenue_cents      BIGINT       NOT NULL DEFAULT 0,
  total_price_cents        BIGINT       NOT NULL DEFAULT 0,
  payout_cents             BIGINT       NOT NULL DEFAULT 0,
  currency                 CHAR(3)      COLLATE utf8mb4_bin NOT NULL DEFAULT 'USD',
  created_at               DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  PRIMARY KEY (id),
  UNIQUE KEY uq_bookings_tenant_id (tenant_id, id),
  KEY ix_bookings_calendar (tenant_id, property_id, start_date),
  KEY ix_bookings_property_end (tenant_id, property_id, end_date),
  KEY ix_bookings_dates (tenant_id, start_date),
  KEY ix_bookings_reference (tenant_id, reference),
  CONSTRAINT fk_bookings_tenant   FOREIGN KEY (tenant_id) REFERENCES tenants (id),
  CONSTRAINT fk_bookings_property FOREIGN KEY (tenant_id, property_id)
    REFERENCES properties (tenant_id, id),
  CONSTRAINT ck_bookings_dates CHECK (end_date > start_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Owner block-offs on a property's calendar (half-open [start_date, end_date)),
-- made by a portal user (blocks.create) or by staff.  Deleted with the property.
CREATE TABLE blocks (
  id                        BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id                 BIGINT UNSIGNED NOT NULL,
  property_id               BIGINT UNSIGNED NOT NULL,
  start_date                DATE         NOT NULL,
  end_date                  DATE         NOT NULL,
  reason                    VARCHAR(255) NULL,
  created_by_portal_user_id BIGINT UNSIGNED NULL,
  created_by_staff_user_id  BIGINT UNSIGNED NULL,
  created_at                DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  PRIMARY KEY (id),
  UNIQUE KEY uq_blocks_tenant_id (tenant_id, id),
  KEY ix_blocks_calendar (tenant_id, property_id, start_date),
  KEY ix_blocks_portal_user (created_by_portal_user_id),
  KEY ix_blocks_staff_user (created_by_staff_user_id),
  CONSTRAINT fk_blocks_tenant   FOREIGN KEY (tenant_id) REFERENCES tenants (id),
  CONSTRAINT fk_blocks_property FOREIGN KEY (tenant_id, property_id)
    REFERENCES properties (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT fk_blocks_portal_user FOREIGN KEY (created_by_portal_user_id)
    REFERENCES portal_users (id) ON DELETE SET NULL,
  CONSTRAINT fk_blocks_staff_user  FOREIGN KEY (created_by_staff_user_id)
    REFERENCES staff_users (id) ON DELETE SET NULL,
  CONSTRAINT ck_blocks_dates CHECK (end_date > start_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Notes on a booking, written by staff, a portal user (notes.add) or a token
-- visitor.  author_id is the staff_users / portal_users / customers id for
-- author_kind staff / portal / token (no FK: notes outlive their author).
-- author_name is a display snapshot.
CREATE TABLE notes (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id   BIGINT UNSIGNED NOT NULL,
  booking_id  BIGINT UNSIGNED NOT NULL,
  author_kind ENUM('staff','portal','token','system') NOT NULL,
  author_id   BIGINT UNSIGNED NULL,
  author_name VARCHAR(200) NOT NULL DEFAULT '',
  body        TEXT         NOT NULL,
  created_at  DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  PRIMARY KEY (id),
  KEY ix_notes_booking (tenant_id, booking_id, created_at),
  CONSTRAINT fk_notes_tenant  FOREIGN KEY (tenant_id) REFERENCES tenants (id),
  CONSTRAINT fk_notes_booking FOREIGN KEY (tenant_id, booking_id)
    REFERENCES bookings (tenant_id, id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Owner statements for a period, per customer (property_id NULL = all of the
-- customer's properties) or per property, totals in cents = sum of lines.
CREATE TABLE statements (
  id                       BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id                BIGINT UNSIGNED NOT NULL,
  customer_id              BIGINT UNSIGNED NOT NULL,
  property_id              BIGINT UNSIGNED NULL,
  period_start             DATE         NOT NULL,
  period_end               DATE         NOT NULL,
  issued_at                DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  currency                 CHAR(3)      COLLATE utf8mb4_bin NOT NULL DEFAULT 'USD',
  base_rate_cents          BIGINT       NOT NULL DEFAULT 0,
  cleaning_fee_cents       BIGINT       NOT NULL DEFAULT 0,
  taxes_cents              BIGINT       NOT NULL DEFAULT 0,
  channel_commission_cents BIGINT       NOT NULL DEFAULT 0,
  management_fee_cents     BIGINT       NOT NULL DEFAULT 0,
  owner_revenue_cents      BIGINT       NOT NULL DEFAULT 0,
  total_price_cents        BIGINT       NOT NULL DEFAULT 0,
  payout_cents             BIGINT       NOT NULL DEFAULT 0,
  created_at               DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  PRIMARY KEY (id),
  UNIQUE KEY uq_statements_tenant_id (tenant_id, id),
  KEY ix_statements_customer (tenant_id, customer_id, period_start),
  KEY ix_statements_property (tenant_id, property_id, period_start),
  CONSTRAINT fk_statements_tenant   FOREIGN KEY (tenant_id) REFERENCES tenants (id),
  CONSTRAINT fk_statements_customer FOREIGN KEY (tenant_id, customer_id)
    REFERENCES customers (tenant_id, id),
  CONSTRAINT fk_statements_property FOREIGN KEY (tenant_id, property_id)
    REFERENCES properties (tenant_id, id),
  CONSTRAINT ck_statements_period CHECK (period_end >= period_start)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Lines of a statement (usually one per booking), ordered by line_order.
CREATE TABLE statement_lines (
  id                       BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id                BIGINT UNSIGNED NOT NULL,
  statement_id             BIGINT UNSIGNED NOT NULL,
  booking_id               BIGINT UNSIGNED NULL,
  line_order               INT          NOT NULL DEFAULT 0,
  description              VARCHAR(255) NOT NULL DEFAULT '',
  base_rate_cents          BIGINT       NOT NULL DEFAULT 0,
  cleaning_fee_cents       BIGINT       NOT NULL DEFAULT 0,
  taxes_cents              BIGINT       NOT NULL DEFAULT 0,
  channel_commission_cents BIGINT       NOT NULL DEFAULT 0,
  management_fee_cents     BIGINT       NOT NULL DEFAULT 0,
  owner_revenue_cents      BIGINT       NOT NULL DEFAULT 0,
  total_price_cents        BIGINT       NOT NULL DEFAULT 0,
  payout_cents             BIGINT       NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  KEY ix_statement_lines_statement (tenant_id, statement_id, line_order),
  KEY ix_statement_lines_booking (booking_id),
  CONSTRAINT fk_statement_lines_tenant    FOREIGN KEY (tenant_id) REFERENCES tenants (id),
  CONSTRAINT fk_statement_lines_statement FOREIGN KEY (tenant_id, statement_id)
    REFERENCES statements (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT fk_statement_lines_booking   FOREIGN KEY (booking_id)
    REFERENCES bookings (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Files for a customer (optionally about one property), public or private.
-- The bytes are served by the web server: storage_path is relative to the
-- protected files root (X-Accel-Redirect / X-Sendfile), never a URL.
CREATE TABLE documents (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id    BIGINT UNSIGNED NOT NULL,
  customer_id  BIGINT UNSIGNED NOT NULL,
  property_id  BIGINT UNSIGNED NULL,
  title        VARCHAR(200) NOT NULL,
  file_name    VARCHAR(255) NOT NULL,
  storage_path VARCHAR(500) COLLATE utf8mb4_bin NOT NULL,
  content_type VARCHAR(127) NOT NULL DEFAULT 'application/octet-stream',
  size_bytes   BIGINT UNSIGNED NOT NULL DEFAULT 0,
  visibility   ENUM('public','private') NOT NULL DEFAULT 'private',
  created_at   DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  PRIMARY KEY (id),
  KEY ix_documents_customer (tenant_id, customer_id, visibility, created_at),
  KEY ix_documents_property (tenant_id, property_id),
  CONSTRAINT fk_documents_tenant   FOREIGN KEY (tenant_id) REFERENCES tenants (id),
  CONSTRAINT fk_documents_customer FOREIGN KEY (tenant_id, customer_id)
    REFERENCES customers (tenant_id, id),
  CONSTRAINT fk_documents_property FOREIGN KEY (tenant_id, property_id)
    REFERENCES properties (tenant_id, id),
  CONSTRAINT ck_documents_path CHECK (storage_path NOT LIKE '/%' AND storage_path NOT LIKE '%..%')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Server-side sessions, keyed by SHA-256 of the cookie token (one primary-key
-- read per request).  principal: portal -> portal_user_id (customer_id may
-- be filled too, as a convenience), staff -> staff_user_id, token (token-link
-- visitor) -> customer_id.
-- impersonator_staff_id set while staff "log in as" a portal user.
-- Absolute expiry in expires_at, idle expiry = last_seen_at + idle timeout
-- (last_seen_at written at most once a minute).  Sessions die with their user.
CREATE TABLE sessions (
  token_hash            BINARY(32)   NOT NULL,
  tenant_id             BIGINT UNSIGNED NOT NULL,
  principal             ENUM('portal','staff','token') NOT NULL,
  portal_user_id        BIGINT UNSIGNED NULL,
  staff_user_id         BIGINT UNSIGNED NULL,
  customer_id           BIGINT UNSIGNED NULL,
  impersonator_staff_id BIGINT UNSIGNED NULL,
  mfa_state             ENUM('none','pending','enrol','done') NOT NULL DEFAULT 'none',
  csrf_secret           BINARY(32)   NOT NULL,
  created_at            DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  last_seen_at          DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  expires_at            DATETIME(6)  NOT NULL,
  ip                    VARCHAR(45)  NULL,
  user_agent            VARCHAR(255) NULL,
  PRIMARY KEY (token_hash),
  KEY ix_sessions_portal_user (tenant_id, portal_user_id),
  KEY ix_sessions_staff_user (tenant_id, staff_user_id),
  KEY ix_sessions_customer (tenant_id, customer_id),
  KEY ix_sessions_impersonator (tenant_id, impersonator_staff_id),
  KEY ix_sessions_expires (expires_at),
  KEY ix_sessions_last_seen (last_seen_at),
  CONSTRAINT fk_sessions_tenant       FOREIGN KEY (tenant_id) REFERENCES tenants (id),
  CONSTRAINT fk_sessions_portal_user  FOREIGN KEY (tenant_id, portal_user_id)
    REFERENCES portal_users (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT fk_sessions_staff_user   FOREIGN KEY (tenant_id, staff_user_id)
    REFERENCES staff_users (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT fk_sessions_customer     FOREIGN KEY (tenant_id, customer_id)
    REFERENCES customers (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT fk_sessions_impersonator FOREIGN KEY (tenant_id, impersonator_staff_id)
    REFERENCES staff_users (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT ck_sessions_principal CHECK (
       (principal = 'portal' AND portal_user_id IS NOT NULL AND staff_user_id IS NULL)
    OR (principal = 'staff'  AND staff_user_id IS NOT NULL  AND portal_user_id IS NULL AND customer_id IS NULL
                             AND impersonator_staff_id IS NULL)
    OR (principal = 'token'  AND customer_id IS NOT NULL    AND portal_user_id IS NULL AND staff_user_id IS NULL
                             AND impersonator_staff_id IS NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Single-use, expiring invitation and password-reset tokens (SHA-256 only),
-- for a portal user or a staff user.
CREATE TABLE action_tokens (
  token_hash     BINARY(32)   NOT NULL,
  tenant_id      BIGINT UNSIGNED NOT NULL,
  kind           ENUM('invite','reset') NOT NULL,
  portal_user_id BIGINT UNSIGNED NULL,
  staff_user_id  BIGINT UNSIGNED NULL,
  expires_at     DATETIME(6)  NOT NULL,
  used_at        DATETIME(6)  NULL,
  created_at     DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  PRIMARY KEY (token_hash),
  KEY ix_action_tokens_portal_user (tenant_id, portal_user_id, kind),
  KEY ix_action_tokens_staff_user (tenant_id, staff_user_id, kind),
  KEY ix_action_tokens_expires (expires_at),
  CONSTRAINT fk_action_tokens_tenant      FOREIGN KEY (tenant_id) REFERENCES tenants (id),
  CONSTRAINT fk_action_tokens_portal_user FOREIGN KEY (tenant_id, portal_user_id)
    REFERENCES portal_users (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT fk_action_tokens_staff_user  FOREIGN KEY (tenant_id, staff_user_id)
    REFERENCES staff_users (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT ck_action_tokens_owner CHECK ((portal_user_id IS NULL) <> (staff_user_id IS NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- MFA recovery codes (SHA-256 only, single use), for a portal or staff user.
CREATE TABLE recovery_codes (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id      BIGINT UNSIGNED NOT NULL,
  portal_user_id BIGINT UNSIGNED NULL,
  staff_user_id  BIGINT UNSIGNED NULL,
  code_hash      BINARY(32)   NOT NULL,
  used_at        DATETIME(6)  NULL,
  created_at     DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  PRIMARY KEY (id),
  KEY ix_recovery_codes_portal_user (tenant_id, portal_user_id),
  KEY ix_recovery_codes_staff_user (tenant_id, staff_user_id),
  CONSTRAINT fk_recovery_codes_tenant      FOREIGN KEY (tenant_id) REFERENCES tenants (id),
  CONSTRAINT fk_recovery_codes_portal_user FOREIGN KEY (tenant_id, portal_user_id)
    REFERENCES portal_users (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT fk_recovery_codes_staff_user  FOREIGN KEY (tenant_id, staff_user_id)
    REFERENCES staff_users (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT ck_recovery_codes_owner CHECK ((portal_user_id IS NULL) <> (staff_user_id IS NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Sign-in / MFA failure counters for throttling with growing delays, shared
-- by every porchd host: kind 'account' (subject = login, or e.g. a prefixed user
-- id for MFA) and kind 'address' (subject = client IP).
-- subject is the account login or the client address, by kind.
CREATE TABLE auth_failures (
  tenant_id    BIGINT UNSIGNED NOT NULL,
  kind         ENUM('account','address') NOT NULL,
  subject      VARCHAR(255) NOT NULL,
  failures     INT UNSIGNED NOT NULL DEFAULT 0,
  first_at     DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  last_at      DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  locked_until DATETIME(6)  NULL,
  PRIMARY KEY (tenant_id, kind, subject),
  KEY ix_auth_failures_last (last_at),
  CONSTRAINT fk_auth_failures_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Outgoing mail, enqueued in the same transaction as the change that caused
-- it and delivered by the sender process(es).  A sender claims rows by
-- setting status='sending', claimed_by, claimed_at (UPDATE ... WHERE
-- status='queued' AND next_attempt_at <= now ... LIMIT n, then SELECT by
-- claimed_by), a stale claim can be re-queued after a timeout.
CREATE TABLE outbox (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id       BIGINT UNSIGNED NULL,
  to_addr         VARCHAR(254) NOT NULL,
  subject         VARCHAR(255) NOT NULL,
  body            MEDIUMTEXT   NOT NULL,
  status          ENUM('queued','sending','sent','failed') NOT NULL DEFAULT 'queued',
  attempts        INT UNSIGNED NOT NULL DEFAULT 0,
  next_attempt_at DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  claimed_by      VARCHAR(128) COLLATE utf8mb4_bin NULL,
  claimed_at      DATETIME(6)  NULL,
  last_error      VARCHAR(500) NULL,
  created_at      DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  sent_at         DATETIME(6)  NULL,
  PRIMARY KEY (id),
  KEY ix_outbox_due (status, next_attempt_at),
  KEY ix_outbox_claim (claimed_by, status),
  KEY ix_outbox_tenant (tenant_id, created_at),
  CONSTRAINT fk_outbox_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Append-only audit trail: sign-ins (success and failure), MFA changes,
-- permission changes, token-link use and rotation, impersonation, exports...
-- No foreign keys on purpose: entries outlive the rows they mention.
-- actor_kind / target_kind are short words ('staff','portal','token',
-- 'system','anonymous' / 'portal_user','customer','group',...).
CREATE TABLE audit_log (
  id                    BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id             BIGINT UNSIGNED NULL,
  at                    DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  action                VARCHAR(64)  COLLATE utf8mb4_bin NOT NULL,
  actor_kind            VARCHAR(16)  COLLATE utf8mb4_bin NULL,
  actor_id              BIGINT UNSIGNED NULL,
  impersonator_staff_id BIGINT UNSIGNED NULL,
  target_kind           VARCHAR(32)  COLLATE utf8mb4_bin NULL,
  target_id             BIGINT UNSIGNED NULL,
  ip                    VARCHAR(45)  NULL,
  detail                VARCHAR(1000) NULL,
  PRIMARY KEY (id),
  KEY ix_audit_log_tenant_at (tenant_id, at),
  KEY ix_audit_log_tenant_action_at (tenant_id, action, at),
  KEY ix_audit_log_actor (tenant_id, actor_kind, actor_id, at),
  KEY ix_audit_log_target (tenant_id, target_kind, target_id, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
