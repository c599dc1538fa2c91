-- porch schema, migration 011: money formulas.
--
-- A tenant names formulas over the eight financial fields ("Owner payout =
-- total price - channel commission - cleaning fee"): a formula is a list of
-- terms, each + or - one field, at most once each (integers only, no free
-- expression). Groups and a user's financial override list formulas beside
-- fields (group_formulas, user_formulas: read with their filter, "except" or
-- "only", as field_list is), and a group may show one formula's value instead
-- of the total price (permission_groups.instead_formula_id; a formula so used
-- is not deleted). docs/DESIGN.md "Formulas" has the rules.
CREATE TABLE formulas (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  tenant_id   BIGINT UNSIGNED NOT NULL,
  name        VARCHAR(100) NOT NULL,
  created_at  DATETIME(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  PRIMARY KEY (id),
  UNIQUE KEY uq_formulas_name (tenant_id, name),
  UNIQUE KEY uq_formulas_tenant_id (tenant_id, id),
  CONSTRAINT fk_formulas_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE formula_terms (
  tenant_id   BIGINT UNSIGNED NOT NULL,
  formula_id  BIGINT UNSIGNED NOT NULL,
  position    TINYINT UNSIGNED NOT NULL,
  field       ENUM('base_rate','cleaning_fee','taxes','channel_commission',
                   'management_fee','owner_revenue','total_price','payout') NOT NULL,
  sign        TINYINT      NOT NULL,
  PRIMARY KEY (tenant_id, formula_id, position),
  UNIQUE KEY uq_formula_terms_field (tenant_id, formula_id, field),
  CONSTRAINT ck_formula_terms_sign CHECK (sign IN (-1, 1)),
  CONSTRAINT fk_formula_terms_formula FOREIGN KEY (tenant_id, formula_id)
    REFERENCES formulas (tenant_id, id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE group_formulas (
  tenant_id   BIGINT UNSIGNED NOT NULL,
  group_id    BIGINT UNSIGNED NOT NULL,
  formula_id  BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (tenant_id, group_id, formula_id),
  KEY ix_group_formulas_formula (tenant_id, formula_id),
  CONSTRAINT fk_group_formulas_group FOREIGN KEY (tenant_id, group_id)
    REFERENCES permission_groups (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT fk_group_formulas_formula FOREIGN KEY (tenant_id, formula_id)
    REFERENCES formulas (tenant_id, id) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE TABLE user_formulas (
  tenant_id       BIGINT UNSIGNED NOT NULL,
  portal_user_id  BIGINT UNSIGNED NOT NULL,
  formula_id      BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (tenant_id, portal_user_id, formula_id),
  KEY ix_user_formulas_formula (tenant_id, formula_id),
  CONSTRAINT fk_user_formulas_user FOREIGN KEY (tenant_id, portal_user_id)
    REFERENCES portal_users (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT fk_user_formulas_formula FOREIGN KEY (tenant_id, formula_id)
    REFERENCES formulas (tenant_id, id) ON DELETE CASCADE
) ENGINE=InnoDB;

ALTER TABLE permission_groups
  ADD COLUMN instead_formula_id BIGINT UNSIGNED NULL,
  ADD CONSTRAINT fk_permission_groups_instead FOREIGN KEY (tenant_id, instead_formula_id)
    REFERENCES formulas (tenant_id, id);
