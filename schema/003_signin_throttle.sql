-- porch schema, migration 003: sign-in throttling that cannot lock anyone out.
--
-- Failures are now counted in three scopes (module/throttle.c, docs/DESIGN.md):
--   'pair'    one account (or one login tried) from one client address: its waits
--             grow with its own failures;
--   'address' one client address, whatever the logins: its waits grow too;
--   'account' one account from every address: a counter that makes every FAILING
--             client of the account wait longer, never one that has not failed.
-- account is a keyed hash (HMAC-SHA256 under secret_key) of the account, or of the
-- login typed when it names no account, so a password typed into the login field
-- is never stored and a login of any length fits; all zero bytes for 'address'.
-- client is the address (an IPv6 address by its /64), '' for 'account'.
-- A row whose last failure is older than signin.window_seconds and whose wait is
-- over no longer matters (store_throttle_purge()).
--
-- The old counters were keyed by the login text (and overflowed on long logins);
-- they are transient, so they are dropped rather than converted.
DROP TABLE IF EXISTS auth_failures;
CREATE TABLE auth_failures (
  tenant_id    BIGINT UNSIGNED NOT NULL,
  scope        ENUM('pair','address','account') NOT NULL,
  account      BINARY(32)   NOT NULL,
  client       VARCHAR(64)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  failures     INT UNSIGNED NOT NULL DEFAULT 0,
  first_at     DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  last_at      DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  wait_until   DATETIME(6)  NULL,
  PRIMARY KEY (tenant_id, scope, account, client),
  KEY ix_auth_failures_account (tenant_id, account),
  KEY ix_auth_failures_last (last_at),
  CONSTRAINT fk_auth_failures_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Failed sign-ins used to record the login as typed, even when it named no account
-- (often a password typed into the wrong field). Those details are blanked; entries
-- for existing accounts keep theirs.
UPDATE audit_log SET detail = 'login=(not kept)'
  WHERE action IN ('signin.failure', 'signin.refused_locked', 'signin.lock')
    AND target_id IS NULL AND detail LIKE 'login=%';
