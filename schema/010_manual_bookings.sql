-- porch schema, migration 010: manual bookings, guest details edited in the portal,
-- booking history and notes on block-offs.
--
-- Two permissions join the catalog, at the end (the order is enum perm's):
-- bookings.create (make manual bookings, edit one's own) and booking.guest_edit
-- (change a booking's guest details).
ALTER TABLE permission_groups
  MODIFY COLUMN permissions
    SET('calendar.view','booking.guest_name','booking.guest_contact',
        'notes.view','notes.add','blocks.create','blocks.modify',
        'bookings.manage','statements.view','documents.public',
        'documents.private','reports.view','export.csv',
        'notify.bookings','bookings.create','booking.guest_edit') NOT NULL DEFAULT '';

-- Who made a booking in porch (a manual booking): a portal user or a staff member.
-- Both NULL for bookings from the tenant's system or an import.
ALTER TABLE bookings
  ADD COLUMN created_by_portal_user_id BIGINT UNSIGNED NULL,
  ADD COLUMN created_by_staff_user_id  BIGINT UNSIGNED NULL,
  ADD KEY ix_bookings_portal_user (created_by_portal_user_id),
  ADD KEY ix_bookings_staff_user (created_by_staff_user_id),
  ADD CONSTRAINT fk_bookings_portal_user FOREIGN KEY (created_by_portal_user_id)
    REFERENCES portal_users (id) ON DELETE SET NULL,
  ADD CONSTRAINT fk_bookings_staff_user FOREIGN KEY (created_by_staff_user_id)
    REFERENCES staff_users (id) ON DELETE SET NULL;

-- Notes on a block-off, as notes on a booking (notes.view, notes.add); deleted with
-- the block-off. author_id as in notes (no FK: notes outlive their author).
CREATE TABLE block_notes (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id   BIGINT UNSIGNED NOT NULL,
  block_id    BIGINT UNSIGNED NOT NULL,
  author_kind ENUM('staff','portal','token','system') NOT NULL,
  author_id   BIGINT UNSIGNED NULL,
  author_name VARCHAR(200) NOT NULL DEFAULT '',
  body        TEXT         NOT NULL,
  created_at  DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  PRIMARY KEY (id),
  KEY ix_block_notes_block (tenant_id, block_id, created_at),
  CONSTRAINT fk_block_notes_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id),
  CONSTRAINT fk_block_notes_block  FOREIGN KEY (tenant_id, block_id)
    REFERENCES blocks (tenant_id, id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
