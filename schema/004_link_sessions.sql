-- porch schema, migration 004: a token visitor's session remembers the link it
-- came through, so it ends with that link.
--
-- sessions.link_hash is the customer's customers.token_hash when the session was
-- made (principal 'token' only, NULL otherwise). The session query accepts a token
-- session only while the customer's link still has that hash, is not disabled and
-- has not expired, so rotating, disabling or expiring a link ends its sessions
-- whichever way it happened, including a link whose expiry date simply passed.
ALTER TABLE sessions
  ADD COLUMN link_hash BINARY(32) NULL AFTER customer_id;

-- Token sessions already open came through the customer's current link (rotating
-- through porch always ended the older ones): they keep working.
UPDATE sessions s JOIN customers c ON c.tenant_id = s.tenant_id AND c.id = s.customer_id
SET s.link_hash = c.token_hash
WHERE s.principal = 'token';
