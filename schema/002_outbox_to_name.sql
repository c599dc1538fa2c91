-- porch schema, migration 002: the recipient's display name on outbox mail.
--
-- The To header is built at send time from to_addr and to_name ("" for the bare
-- address); porch checks both before writing a row (module/mail.c): to_name
-- holds no control character, so it can never carry a line break into a header.
ALTER TABLE outbox
  ADD COLUMN to_name VARCHAR(255) NOT NULL DEFAULT '' AFTER to_addr;
