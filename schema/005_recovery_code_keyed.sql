-- porch schema, migration 005: recovery codes under a keyed hash.
--
-- A recovery code has about 50 bits, so its bare SHA-256 (hash_version 1, what
-- porch stored before) is found by trying every code: a copy of the database gave
-- the codes up. porch now stores HMAC-SHA256 under a key derived from the
-- config's secret_key, bound to the code's owner (hash_version 2; see
-- totp_recovery_hash() in module/totp.c). This file only adds the marker: rows
-- already there keep version 1, and so does a row an older porchd writes. Right
-- after applying it, porchctl migrate converts every version 1 row in place (the
-- keyed hash is taken over the stored SHA-256, so no code is needed and every
-- code keeps working); it does so again on each run, and porchd accepts only
-- version 2.
ALTER TABLE recovery_codes
  ADD COLUMN hash_version TINYINT UNSIGNED NOT NULL DEFAULT 1 AFTER code_hash;
