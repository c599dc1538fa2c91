-- porch schema, migration 009: statements and documents through the tenant API.
--
-- A document's file arrives on its own (PUT /api/v1/documents/ID/file) after its
-- metadata: until then storage_path is '' and the portal neither lists nor serves
-- it. sha256 is the file's SHA-256 in hex (NULL until the file is there, and for
-- rows made before this migration).
ALTER TABLE documents
  ADD COLUMN sha256 CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL;

-- Mail about new statements and documents (from the tenant API) to the portal
-- users who may see them, unless they turned it off on /account. On by default.
ALTER TABLE portal_users
  ADD COLUMN mail_statements TINYINT(1) NOT NULL DEFAULT 1,
  ADD COLUMN mail_documents  TINYINT(1) NOT NULL DEFAULT 1;
