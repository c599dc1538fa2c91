-- porch schema, migration 017: calendar sync (iCal), first the export.
--
-- The permission calendar.sync (a property's iCal settings, seed "Property
-- configuration") joins the catalog at its end, after bookings.create and
-- booking.guest_edit, in the order of enum perm (module/auth/authz.h).
ALTER TABLE permission_groups
  MODIFY COLUMN permissions SET('calendar.view','booking.guest_name','booking.guest_contact',
                      'notes.view','notes.add','blocks.create','blocks.modify',
                      'bookings.manage','statements.view','documents.public',
                      'documents.private','reports.view','export.csv',
                      'notify.bookings','bookings.create','booking.guest_edit',
                      'calendar.sync') NOT NULL DEFAULT '';

-- When a row last changed, so that a calendar feed is tagged (ETag,
-- Last-Modified) by one cheap query: the greatest updated_at and the number of
-- rows of what the feed shows. The server sets it on every change of a row
-- (porch's sessions run at time_zone '+00:00', so it is UTC like every other
-- DATETIME); a deleted booking or block-off touches its property's row, so the
-- greatest value moves on a deletion too (module/change). Existing rows get the
-- time of the migration.
ALTER TABLE properties
  ADD COLUMN updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
    ON UPDATE CURRENT_TIMESTAMP(6);
ALTER TABLE bookings
  ADD COLUMN updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
    ON UPDATE CURRENT_TIMESTAMP(6),
  ADD KEY ix_bookings_property_updated (tenant_id, property_id, updated_at);
ALTER TABLE blocks
  ADD COLUMN updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
    ON UPDATE CURRENT_TIMESTAMP(6),
  ADD KEY ix_blocks_property_updated (tenant_id, property_id, updated_at);

-- The private calendar feeds (https://HOST/ical/TOKEN.ics): one per portal user
-- (the properties they may see, under their grants as they are at each request)
-- or one per property (for the staff's other systems). The token is 256 random
-- bits, kept as its SHA-256 for the look-up and as a copy sealed with the
-- config's secret_key (AES-256-GCM, bound to "calendar:TENANT:ID") so that the
-- account page and the staff page can show the address again. Rotating replaces
-- both, so the old address dies at once; disabling the user deletes their row.
CREATE TABLE calendar_feeds (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id      BIGINT UNSIGNED NOT NULL,
  portal_user_id BIGINT UNSIGNED NULL,
  property_id    BIGINT UNSIGNED NULL,
  token_hash     BINARY(32)     NOT NULL,
  token_enc      VARBINARY(255) NOT NULL,
  created_at     DATETIME(6)    NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  PRIMARY KEY (id),
  UNIQUE KEY uq_calendar_feeds_token (token_hash),
  UNIQUE KEY uq_calendar_feeds_tenant_id (tenant_id, id),
  UNIQUE KEY uq_calendar_feeds_user (tenant_id, portal_user_id),
  UNIQUE KEY uq_calendar_feeds_property (tenant_id, property_id),
  CONSTRAINT fk_calendar_feeds_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id),
  CONSTRAINT fk_calendar_feeds_user FOREIGN KEY (tenant_id, portal_user_id)
    REFERENCES portal_users (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT fk_calendar_feeds_property FOREIGN KEY (tenant_id, property_id)
    REFERENCES properties (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT ck_calendar_feeds_owner CHECK (
       (portal_user_id IS NOT NULL AND property_id IS NULL)
    OR (portal_user_id IS NULL AND property_id IS NOT NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The iCal import: URLs of a property's calendars on other channels (Airbnb, Vrbo,
-- Booking.com...), given by staff or by a portal user with calendar.sync, each
-- with the channel's name. What the last sync of each did: when it last succeeded,
-- when and why it last failed, and how many events it read, made, moved,
-- cancelled and flagged (an overlap with a booking from another source). Deleted
-- with the property.
CREATE TABLE ical_sources (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id       BIGINT UNSIGNED NOT NULL,
  property_id     BIGINT UNSIGNED NOT NULL,
  channel         VARCHAR(64)   NOT NULL,
  url             VARCHAR(2000) NOT NULL,
  last_success_at DATETIME(6)   NULL,
  last_error_at   DATETIME(6)   NULL,
  last_error      VARCHAR(500)  NULL,
  n_events        INT UNSIGNED  NOT NULL DEFAULT 0,
  n_created       INT UNSIGNED  NOT NULL DEFAULT 0,
  n_moved         INT UNSIGNED  NOT NULL DEFAULT 0,
  n_cancelled     INT UNSIGNED  NOT NULL DEFAULT 0,
  n_flagged       INT UNSIGNED  NOT NULL DEFAULT 0,
  created_at      DATETIME(6)   NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  PRIMARY KEY (id),
  UNIQUE KEY uq_ical_sources_tenant_id (tenant_id, id),
  KEY ix_ical_sources_property (tenant_id, property_id),
  CONSTRAINT fk_ical_sources_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id),
  CONSTRAINT fk_ical_sources_property FOREIGN KEY (tenant_id, property_id)
    REFERENCES properties (tenant_id, id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
