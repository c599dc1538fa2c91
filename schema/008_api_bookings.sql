-- porch schema, migration 008: what a tenant's system sends about properties and
-- bookings that porch did not keep before (the tenant API's properties and
-- bookings). All new columns are optional or have a default, so existing rows stay
-- as they are.
--
-- properties: a longer description and the arrival instructions for guests.
ALTER TABLE properties
  ADD COLUMN description          TEXT NULL,
  ADD COLUMN arrival_instructions TEXT NULL;

-- bookings: the check-in and check-out times (local time of the property, to the
-- minute; NULL when not given), the guest's postal address, and infants beside
-- adults and children.
ALTER TABLE bookings
  ADD COLUMN checkin_time  TIME NULL,
  ADD COLUMN checkout_time TIME NULL,
  ADD COLUMN guest_address VARCHAR(255) NULL,
  ADD COLUMN infants       SMALLINT UNSIGNED NOT NULL DEFAULT 0;
