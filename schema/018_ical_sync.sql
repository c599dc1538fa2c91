-- porch schema, migration 018: calendar sync (iCal), the import's sync.
--
-- Each import URL keeps the validators of its channel's last answer (a
-- conditional GET the next time), when it is due again, and the claim of the
-- sync process working on it (as webhook endpoints are claimed: several
-- processes at once never take the same URL; a claim older than its lease is
-- taken back).
ALTER TABLE ical_sources
  ADD COLUMN etag          VARCHAR(256) NULL,
  ADD COLUMN last_modified VARCHAR(256) NULL,
  ADD COLUMN next_sync_at  DATETIME(6)  NOT NULL DEFAULT '2000-01-01 00:00:00',
  ADD COLUMN claimed_by    VARCHAR(64)  NULL,
  ADD COLUMN claimed_at    DATETIME(6)  NULL,
  ADD KEY ix_ical_sources_due (next_sync_at),
  ADD KEY ix_ical_sources_claim (claimed_by);

-- A booking imported from a channel's feed: its URL and the event's UID, the
-- same across syncs (an event is matched by them, so it moves rather than
-- doubling); ical_overlap 1 while it overlaps a booking (not cancelled) from
-- somewhere else or a block-off, for staff to sort out. An import URL deleted
-- leaves its bookings, no longer synced.
ALTER TABLE bookings
  ADD COLUMN ical_source_id BIGINT UNSIGNED NULL,
  ADD COLUMN ical_uid       VARCHAR(255) COLLATE utf8mb4_bin NULL,
  ADD COLUMN ical_overlap   TINYINT(1) NOT NULL DEFAULT 0,
  ADD UNIQUE KEY uq_bookings_ical (tenant_id, ical_source_id, ical_uid),
  ADD CONSTRAINT fk_bookings_ical_source FOREIGN KEY (ical_source_id)
    REFERENCES ical_sources (id) ON DELETE SET NULL;
