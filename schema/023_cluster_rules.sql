-- porch schema, migration 023: rules that hold on a Galera cluster.
--
-- On a Galera cluster SELECT ... FOR UPDATE locks a row on one node only: two
-- transactions on two nodes may both pass a check and both commit. A change that
-- checks before it writes therefore also writes one row its rivals write too,
-- and certification lets only the first of them commit (the other runs again
-- from its start and sees the first one's work): write_seq counts those writes.
-- - properties.write_seq: every change of a property's block-offs and bookings
--   (the overlap rule), and its calendar sync;
-- - tenants.write_seq: every change that can give notify.bookings (one holder
--   per property), and every change of staff accounts (the last admin stays).
-- See docs/DESIGN.md "Galera".
ALTER TABLE properties
  ADD COLUMN write_seq BIGINT UNSIGNED NOT NULL DEFAULT 0;
ALTER TABLE tenants
  ADD COLUMN write_seq BIGINT UNSIGNED NOT NULL DEFAULT 0;
