-- porch schema, migration 006: the tenant API.
--
-- api_keys: a tenant's keys for /api/v1/. A key is "porch_" and 43 base64url
-- characters (256 random bits); only the SHA-256 of its random bytes is kept
-- (key_hash), and its first 14 characters (prefix) so staff can tell keys apart.
-- read_only keys may only read. A revoked key stays listed (revoked_at) and fails
-- at its next request. last_used_at is written at most once a minute.
CREATE TABLE api_keys (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id     BIGINT UNSIGNED NOT NULL,
  name          VARCHAR(100) NOT NULL,
  prefix        VARCHAR(16)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  key_hash      BINARY(32)   NOT NULL,
  read_only     TINYINT(1)   NOT NULL DEFAULT 0,
  created_at    DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  last_used_at  DATETIME(6)  NULL,
  revoked_at    DATETIME(6)  NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_api_keys_hash (key_hash),
  UNIQUE KEY uq_api_keys_tenant_id (tenant_id, id),
  CONSTRAINT fk_api_keys_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The per-key rate limit (api.rate_per_minute), shared by every porchd host: one
-- row per key with the current minute (UNIX time / 60) and the requests made in it.
CREATE TABLE api_rate (
  tenant_id  BIGINT UNSIGNED NOT NULL,
  key_id     BIGINT UNSIGNED NOT NULL,
  minute     BIGINT UNSIGNED NOT NULL,
  hits       INT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (key_id),
  KEY ix_api_rate_tenant (tenant_id, key_id),
  CONSTRAINT fk_api_rate_key FOREIGN KEY (tenant_id, key_id)
    REFERENCES api_keys (tenant_id, id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The tenant system's own id of every row the API addresses, unique per tenant.
-- Rows made before (or outside) the API keep NULL, and a UNIQUE key allows any
-- number of NULLs. Compared byte for byte (ascii_bin): "A1" and "a1" differ.
ALTER TABLE customers
  ADD COLUMN external_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD UNIQUE KEY uq_customers_external_id (tenant_id, external_id);
ALTER TABLE contacts
  ADD COLUMN external_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD UNIQUE KEY uq_contacts_external_id (tenant_id, external_id);
ALTER TABLE properties
  ADD COLUMN external_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD UNIQUE KEY uq_properties_external_id (tenant_id, external_id);
ALTER TABLE bookings
  ADD COLUMN external_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD UNIQUE KEY uq_bookings_external_id (tenant_id, external_id);
ALTER TABLE blocks
  ADD COLUMN external_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD UNIQUE KEY uq_blocks_external_id (tenant_id, external_id);
ALTER TABLE statements
  ADD COLUMN external_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD UNIQUE KEY uq_statements_external_id (tenant_id, external_id);
ALTER TABLE statement_lines
  ADD COLUMN external_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD UNIQUE KEY uq_statement_lines_external_id (tenant_id, external_id);
ALTER TABLE documents
  ADD COLUMN external_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD UNIQUE KEY uq_documents_external_id (tenant_id, external_id);
ALTER TABLE notes
  ADD COLUMN external_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD UNIQUE KEY uq_notes_external_id (tenant_id, external_id);
