-- porch schema, migration 012: archiving customers, contacts and properties.
--
-- Staff archive rather than delete: the row and everything that refers to it
-- stay, but it leaves the staff lists (unless "show archived" is chosen) and the
-- portal. archived_at is when it was archived (UTC), NULL while it is in use.
--   customer: its portal users cannot sign in (sessions end at their next
--             request), its token link stops working;
--   contact:  archived only while no enabled portal user is attached to it;
--   property: no portal visitor reaches it (calendar, bookings, statements,
--             documents, reports).
-- The tenant API still reads and writes archived rows by external id; a PUT
-- does not bring one back.
--
-- The created_at keys serve the staff lists sorted by when a row was made.
ALTER TABLE customers
  ADD COLUMN archived_at DATETIME(6) NULL,
  ADD KEY ix_customers_created (tenant_id, created_at);
ALTER TABLE contacts
  ADD COLUMN archived_at DATETIME(6) NULL;
ALTER TABLE properties
  ADD COLUMN archived_at DATETIME(6) NULL,
  ADD KEY ix_properties_created (tenant_id, created_at);
