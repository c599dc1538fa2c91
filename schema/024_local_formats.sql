-- porch schema, migration 024: local formats.
--
-- time_zone is an IANA name of the system's zoneinfo ("Europe/Berlin"), checked by
-- porch (module/core/local.c) before it is written: every time of day a page, a
-- PDF or a mail shows is shown in the viewer's zone — their own (portal_users,
-- staff_users; NULL: the tenant's) or else the tenant's. Times stay stored in UTC
-- and dates of bookings are calendar dates, never converted. number_format is how
-- the tenant's money is written, with the currency's symbol: comma-dot
-- (1,234.56), dot-comma (1.234,56), space-comma (1 234,56), apos-dot (1'234.56).
-- See docs/DESIGN.md "Local formats".
ALTER TABLE tenants
  ADD COLUMN time_zone     VARCHAR(64) NOT NULL DEFAULT 'UTC',
  ADD COLUMN number_format VARCHAR(16) NOT NULL DEFAULT 'comma-dot',
  ADD CONSTRAINT ck_tenants_number_format CHECK (number_format IN
    ('comma-dot', 'dot-comma', 'space-comma', 'apos-dot'));
ALTER TABLE portal_users
  ADD COLUMN time_zone VARCHAR(64) NULL;
ALTER TABLE staff_users
  ADD COLUMN time_zone VARCHAR(64) NULL;
