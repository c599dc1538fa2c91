-- porch schema, migration 020: the tenant's brand.
--
-- A logo (PNG, JPEG or WebP, checked by its content) is a file under the
-- documents directory, SLUG/brand/logo-RANDOM.EXT, sent by the web server as
-- /brand/SLUG/logo-RANDOM.EXT; logo_path is that storage path, with the image's
-- own width and height. mail_from_name is the display name of the tenant's mail
-- (NULL: the tenant's name). brand_color (001) is "#rrggbb" once set from the
-- staff page; anything else there is read as no colour.
ALTER TABLE tenants
  ADD COLUMN logo_path      VARCHAR(255) COLLATE utf8mb4_bin NULL,
  ADD COLUMN logo_width     INT NULL,
  ADD COLUMN logo_height    INT NULL,
  ADD COLUMN mail_from_name VARCHAR(200) NULL,
  ADD CONSTRAINT ck_tenants_logo CHECK (logo_path IS NULL OR
    (logo_width BETWEEN 1 AND 4096 AND logo_height BETWEEN 1 AND 4096));
