-- porch schema, migration 019: calendar sync (iCal), the dates a channel closes.
--
-- An event a channel's feed marks as closed ("Not available", "Blocked",
-- "Closed") is a block-off of the property, made from the import URL and the
-- event's UID, the same across syncs (matched by them, so it moves rather than
-- doubling; removed when the feed no longer holds it: a block-off has no
-- cancelled status). An import URL deleted leaves its block-offs, no longer
-- synced.
ALTER TABLE blocks
  ADD COLUMN ical_source_id BIGINT UNSIGNED NULL,
  ADD COLUMN ical_uid       VARCHAR(255) COLLATE utf8mb4_bin NULL,
  ADD UNIQUE KEY uq_blocks_ical (tenant_id, ical_source_id, ical_uid),
  ADD CONSTRAINT fk_blocks_ical_source FOREIGN KEY (ical_source_id)
    REFERENCES ical_sources (id) ON DELETE SET NULL;
