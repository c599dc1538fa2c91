-- porch schema, migration 025: a version of what portal visitors may see.
--
-- A worker keeps a portal visitor's rights (grants, groups, formulas, the admin
-- switch, the override, a token visitor's system group) between requests. The
-- session's one statement reads tenants.rights_version with the session, and a
-- worker uses what it kept only while the version is the one it kept them at.
-- Every statement that changes rights bumps it in the same transaction
-- (module/store/db.c, stmt_def.rights; tests/integration/tree.sh checks that
-- each such statement says so). See docs/DESIGN.md "Rights in the worker".
ALTER TABLE tenants
  ADD COLUMN rights_version BIGINT UNSIGNED NOT NULL DEFAULT 0;
