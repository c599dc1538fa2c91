-- porch schema, migration 015: permission groups and portal users through the
-- tenant API. Each gets the tenant system's external id, as customers and the
-- other API resources did in migration 006; rows made by staff keep NULL and are
-- not addressed by the API (a NULL never clashes in the unique key).
ALTER TABLE permission_groups
  ADD COLUMN external_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD UNIQUE KEY uq_permission_groups_external_id (tenant_id, external_id);
ALTER TABLE portal_users
  ADD COLUMN external_id VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD UNIQUE KEY uq_portal_users_external_id (tenant_id, external_id);
