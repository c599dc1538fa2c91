-- porch schema, migration 007: events (what portal users and staff changed, for the
-- tenant's own system to read in order) and webhooks (the same events POSTed to the
-- tenant's endpoints, in order per endpoint).
--
-- Event ids increase per tenant and become visible in commit order: a change takes
-- its id from the tenant's row of event_seq (UPDATE ... LAST_INSERT_ID(next_id + 1)),
-- whose row lock it holds until it commits, so the next change of the tenant waits
-- for it and a reader that has seen id N has seen every id below N. A rolled-back
-- change gives its id back, so the ids have no gaps either. (docs/DESIGN.md
-- "Events".)

-- The last event id given per tenant.
CREATE TABLE event_seq (
  tenant_id BIGINT UNSIGNED NOT NULL,
  next_id   BIGINT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id),
  CONSTRAINT fk_event_seq_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The events. No foreign key to their subjects: an event outlives what it names
-- (block.deleted names a block-off that is gone). payload is the event's data as
-- JSON (written by jansson); the actor columns are those of audit_log.
CREATE TABLE events (
  tenant_id             BIGINT UNSIGNED NOT NULL,
  id                    BIGINT UNSIGNED NOT NULL,
  type                  VARCHAR(40)  COLLATE utf8mb4_bin NOT NULL,
  subject_kind          VARCHAR(32)  COLLATE utf8mb4_bin NOT NULL,
  subject_id            BIGINT UNSIGNED NOT NULL,
  property_id           BIGINT UNSIGNED NULL,
  customer_id           BIGINT UNSIGNED NULL,
  actor_kind            VARCHAR(16)  COLLATE utf8mb4_bin NULL,
  actor_id              BIGINT UNSIGNED NULL,
  impersonator_staff_id BIGINT UNSIGNED NULL,
  payload               MEDIUMTEXT   NOT NULL,
  created_at            DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  PRIMARY KEY (tenant_id, id),
  KEY ix_events_subject (tenant_id, subject_kind, subject_id),
  CONSTRAINT fk_events_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A tenant's webhook endpoints. secret_enc is the signing secret sealed with the
-- config's secret_key (AES-256-GCM, bound to "webhook:TENANT:ID"): the sender must
-- read it back to sign. position is the last event of the stream the endpoint is
-- done with: the sender delivers position + 1 next, and only that one, so the
-- endpoint receives its events in order. claimed_by/claimed_at: the sender working
-- on the endpoint now (a conditional UPDATE claims it, as in outbox).
-- next_attempt_at: when the endpoint's next delivery may be tried (backoff).
-- A removed endpoint stays, inactive and without its secret, for its deliveries.
CREATE TABLE webhook_endpoints (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id       BIGINT UNSIGNED NOT NULL,
  url             VARCHAR(2000) NOT NULL,
  secret_enc      VARBINARY(255) NOT NULL,
  active          TINYINT(1)   NOT NULL DEFAULT 1,
  position        BIGINT UNSIGNED NOT NULL DEFAULT 0,
  next_attempt_at DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  claimed_by      VARCHAR(128) COLLATE utf8mb4_bin NULL,
  claimed_at      DATETIME(6)  NULL,
  created_at      DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  PRIMARY KEY (id),
  UNIQUE KEY uq_webhook_endpoints_tenant_id (tenant_id, id),
  KEY ix_webhook_endpoints_due (active, next_attempt_at),
  CONSTRAINT fk_webhook_endpoints_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Each event's delivery to one endpoint: its tries, the last failure, when it is
-- tried next, when it was delivered. resend = 1: staff asked for it again and the
-- sender has not delivered it since.
CREATE TABLE webhook_deliveries (
  tenant_id       BIGINT UNSIGNED NOT NULL,
  endpoint_id     BIGINT UNSIGNED NOT NULL,
  event_id        BIGINT UNSIGNED NOT NULL,
  attempts        INT UNSIGNED NOT NULL DEFAULT 0,
  last_status     SMALLINT UNSIGNED NULL,
  last_error      VARCHAR(500) NULL,
  next_attempt_at DATETIME(6)  NULL,
  delivered_at    DATETIME(6)  NULL,
  resend          TINYINT(1)   NOT NULL DEFAULT 0,
  updated_at      DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  PRIMARY KEY (endpoint_id, event_id),
  KEY ix_webhook_deliveries_tenant (tenant_id, endpoint_id, event_id),
  KEY ix_webhook_deliveries_resend (endpoint_id, resend),
  CONSTRAINT fk_webhook_deliveries_endpoint FOREIGN KEY (tenant_id, endpoint_id)
    REFERENCES webhook_endpoints (tenant_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- portal_user.first_sign_in: when a portal user first finished a sign-in. Users who
-- signed in before this migration have their last sign-in (last_action_at, set only
-- by a finished sign-in) as theirs, so no event is made for them.
ALTER TABLE portal_users
  ADD COLUMN first_signin_at DATETIME(6) NULL AFTER last_action_at;
UPDATE portal_users SET first_signin_at = last_action_at WHERE last_action_at IS NOT NULL;
