-- porch schema, migration 014: staff accounts run from the web.
--
-- Admins invite staff by email: an invited staff member has no password until
-- they open the invitation (an action_tokens row of kind 'invite' naming them),
-- as portal users do. mfa_required: an admin requires two-step sign-in of this
-- staff member, on top of the tenant's policy (tenants.staff_mfa_required).
ALTER TABLE staff_users
  MODIFY status ENUM('invited','active','disabled') NOT NULL DEFAULT 'active',
  ADD COLUMN mfa_required TINYINT(1) NOT NULL DEFAULT 0;
