-- porch demo data: tenant "demo" (Seaside Stays) on hosts localhost and 127.0.0.1.
--
-- Run once, in one multi-statement call, after the migrations (porchctl
-- seed-demo checks beforehand that tenant "demo" does not exist).  Everything
-- runs in one transaction, so a failure leaves nothing behind.
-- Ids are never assumed: rows are found through natural keys (tenant slug,
-- customer / property / group names) and the tenant id kept in a session
-- variable.  Deterministic: variety comes from arithmetic on row numbers
-- (no RAND()).  Only two things depend on the day it runs: created_at /
-- issued_at values that would lie in the future are capped at the current
-- UTC time, and statements exist only for months that have already ended.
--
-- Contents: 4 customers (owners) with 1-3 contacts each (one contact without
-- email), 6 properties, non-overlapping bookings from 2026-01-01 to
-- 2026-12-31 (2-10 nights, back-to-back turnovers allowed since intervals are
-- half-open), owner blocks placed in gaps between bookings, notes, monthly
-- owner statements with lines for every month of 2026 that has ended before
-- the day the seed runs, documents (public and private) per customer, and the
-- three permission groups.
-- Not seeded: staff users, portal users, grants, token links (they need
-- argon2 hashes / encryption keys that only porchd and porchctl have;
-- porchctl seed-demo issues the customers' token links right after this file).
--
-- Price components (cents) follow the model's arithmetic:
--   total_price   = base_rate + cleaning_fee + taxes
--   owner_revenue = total_price - channel_commission - management_fee - taxes
--   payout        = owner_revenue

SET NAMES utf8mb4;

-- porchctl seed-demo runs this whole file in one transaction of its own (no
-- START TRANSACTION or COMMIT here): all of it is kept, or nothing.

INSERT INTO tenants (slug, name, status, staff_mfa_required, brand_color)
VALUES ('demo', 'Seaside Stays', 'active', 1, '#0e7490');

SET @porch_demo_tenant = (SELECT id FROM tenants WHERE slug = 'demo');

INSERT INTO tenant_domains (host, tenant_id)
VALUES ('localhost', @porch_demo_tenant),
       ('127.0.0.1', @porch_demo_tenant);

-- Permission groups ------------------------------------------------------

INSERT INTO permission_groups
  (tenant_id, name, description, is_default, is_system, permissions,
   financial_level, field_filter, field_list)
VALUES
  (@porch_demo_tenant, 'Non-Portal Users',
   'Visitors who open a token link (no portal account)', 0, 1,
   'calendar.view,statements.view,documents.public',
   'owner_revenue', 'all', ''),
  (@porch_demo_tenant, 'Owners',
   'Property owners: full view of their own properties', 1, 0,
   'calendar.view,booking.guest_name,notes.view,notes.add,blocks.create,blocks.modify,statements.view,documents.public,documents.private,reports.view,export.csv',
   'all', 'all', ''),
  (@porch_demo_tenant, 'Cleaners',
   'Cleaning crews: arrivals and departures, no money', 0, 0,
   'calendar.view,booking.guest_name,notes.view',
   'none', 'all', '');

-- Customers and contacts -------------------------------------------------

INSERT INTO customers (tenant_id, name, email, phone, created_at)
VALUES
  (@porch_demo_tenant, 'Harbor Holdings LLC',     'owners@harborholdings.example',          '+1 555 0101', '2025-09-01 10:00:00'),
  (@porch_demo_tenant, 'Dune Road Partners',      'peter.novak@duneroad.example',           '+1 555 0102', '2025-09-15 10:00:00'),
  (@porch_demo_tenant, 'Lighthouse Family Trust', 'anna.lindqvist@lighthouse-trust.example', '+1 555 0103', '2025-10-01 10:00:00'),
  (@porch_demo_tenant, 'Jan & Ewa Kowalski',      'jan.kowalski@example.org',               '+1 555 0104', '2025-11-20 10:00:00');

INSERT INTO contacts (tenant_id, customer_id, name, email, phone, role)
SELECT @porch_demo_tenant, c.id, v.name, v.email, v.phone, v.role
FROM (
  SELECT 1 AS ord, 'Harbor Holdings LLC' AS customer, 'Margaret Ellison' AS name,
         'margaret.ellison@harborholdings.example' AS email, '+1 555 0111' AS phone, 'Owner' AS role
  UNION ALL SELECT 2, 'Harbor Holdings LLC', 'Tom Baker', 'tom.baker@cleanteam.example', '+1 555 0112', 'Cleaner'
  UNION ALL SELECT 3, 'Harbor Holdings LLC', 'Priya Shah', 'priya@ledgerworks.example', NULL, 'Accountant'
  UNION ALL SELECT 4, 'Dune Road Partners', 'Peter Novak', 'peter.novak@duneroad.example', '+1 555 0121', 'Owner'
  UNION ALL SELECT 5, 'Dune Road Partners', 'Rosa Díaz', NULL, '+1 555 0122', 'Maintenance'
  UNION ALL SELECT 6, 'Lighthouse Family Trust', 'Anna Lindqvist', 'anna.lindqvist@lighthouse-trust.example', '+1 555 0131', 'Trustee'
  UNION ALL SELECT 7, 'Jan & Ewa Kowalski', 'Jan Kowalski', 'jan.kowalski@example.org', '+1 555 0141', 'Owner'
  UNION ALL SELECT 8, 'Jan & Ewa Kowalski', 'Ewa Kowalska', 'ewa.kowalska@example.org', '+1 555 0142', 'Co-owner'
) AS v
JOIN customers c ON c.tenant_id = @porch_demo_tenant AND c.name = v.customer
ORDER BY v.ord;

-- Properties -------------------------------------------------------------

INSERT INTO properties (tenant_id, customer_id, name, address, city, bedrooms, created_at)
SELECT @porch_demo_tenant, c.id, v.name, v.address, v.city, v.bedrooms, v.created_at
FROM (
  SELECT 1 AS ord, 'Harbor Holdings LLC' AS customer, 'Harbor View Loft' AS name,
         '12 Wharf Street, Apt 4' AS address, 'Port Seaside' AS city, 2 AS bedrooms,
         '2025-09-01 11:00:00' AS created_at
  UNION ALL SELECT 2, 'Harbor Holdings LLC', 'Pier 7 Cottage', '7 Pier Lane', 'Port Seaside', 3, '2025-09-01 11:05:00'
  UNION ALL SELECT 3, 'Dune Road Partners', 'Dune Road House', '410 Dune Road', 'Dune Harbor', 5, '2025-09-15 11:00:00'
  UNION ALL SELECT 4, 'Dune Road Partners', 'Sandpiper Studio', '22 Sandpiper Way, Unit B', 'Dune Harbor', 1, '2025-09-15 11:05:00'
  UNION ALL SELECT 5, 'Lighthouse Family Trust', 'Lighthouse Cottage', '1 Lighthouse Point', 'Port Seaside', 3, '2025-10-01 11:00:00'
  UNION ALL SELECT 6, 'Jan & Ewa Kowalski', 'Seagrass Villa', '88 Seagrass Drive', 'Dune Harbor', 4, '2025-11-20 11:00:00'
) AS v
JOIN customers c ON c.tenant_id = @porch_demo_tenant AND c.name = v.customer
ORDER BY v.ord;

-- Bookings ---------------------------------------------------------------
-- Per property (k = 1..6, nightly rate and cleaning fee in cents) a chain of
-- stays: the n-th stay lasts 2 + ((7n + 3k) mod 9) nights (2..10), the next
-- one starts ((5n + 3k) mod 7) days after its check-out (0 = same-day
-- turnover), plus 3 extra days in the low season.  Only stays that end by
-- 2026-12-31 are kept.  Seasonal price factor on the base rate: Jun-Aug 1.35,
-- Dec 1.20, Jan-Mar and Nov 0.85.  Taxes 12% of (base + cleaning).  Channel
-- commission on (base + cleaning): Airbnb 3%, Booking.com 15%, Vrbo 8%,
-- Direct 0.  Management fee 20% of base.

INSERT INTO bookings
  (tenant_id, property_id, reference, start_date, end_date, status, adults, children,
   guest_name, guest_email, guest_phone, channel,
   base_rate_cents, cleaning_fee_cents, taxes_cents, channel_commission_cents,
   management_fee_cents, owner_revenue_cents, total_price_cents, payout_cents,
   currency, created_at)
WITH RECURSIVE
rates AS (
  SELECT 'Harbor View Loft' AS name, 1 AS k, 18500 AS nightly, 9500 AS cleaning
  UNION ALL SELECT 'Pier 7 Cottage',     2, 22900, 12000
  UNION ALL SELECT 'Dune Road House',    3, 39500, 18500
  UNION ALL SELECT 'Sandpiper Studio',   4, 11900,  6500
  UNION ALL SELECT 'Lighthouse Cottage', 5, 24500, 12500
  UNION ALL SELECT 'Seagrass Villa',     6, 31500, 16000
),
prop AS (
  SELECT p.id AS property_id, r.k, r.nightly, r.cleaning
  FROM properties p
  JOIN rates r ON r.name = p.name
  WHERE p.tenant_id = @porch_demo_tenant
),
stay AS (
  SELECT property_id, k, nightly, cleaning,
         CAST(1 AS UNSIGNED) AS n,
         DATE '2026-01-01' + INTERVAL (k MOD 3) DAY AS start_date,
         CAST(2 + ((7 + 3 * k) MOD 9) AS UNSIGNED) AS nights
  FROM prop
  UNION ALL
  SELECT property_id, k, nightly, cleaning,
         n + 1,
         start_date + INTERVAL nights DAY
           + INTERVAL ((5 * n + 3 * k) MOD 7)
                    + IF(MONTH(start_date + INTERVAL nights DAY) IN (1, 2, 3, 11), 3, 0) DAY,
         2 + ((7 * (n + 1) + 3 * k) MOD 9)
  FROM stay
  WHERE start_date + INTERVAL nights DAY < DATE '2026-12-31'
),
shaped AS (
  SELECT s.property_id, s.k, s.n, s.nights, s.start_date, s.cleaning,
         s.start_date + INTERVAL s.nights DAY AS end_date,
         ROUND(s.nights * s.nightly *
               CASE WHEN MONTH(s.start_date) IN (6, 7, 8) THEN 1.35
                    WHEN MONTH(s.start_date) = 12 THEN 1.20
                    WHEN MONTH(s.start_date) IN (1, 2, 3, 11) THEN 0.85
                    ELSE 1.00 END) AS base,
         ELT(1 + ((3 * s.n + s.k) MOD 6),
             'Airbnb', 'Booking.com', 'Direct', 'Vrbo', 'Airbnb', 'Direct') AS channel,
         ELT(1 + ((7 * s.n + 11 * s.k) MOD 20),
             'Emma', 'Liam', 'Sofia', 'Noah', 'Olivia', 'José', 'Mia', 'Lucas', 'Zoë', 'Ethan',
             'Hannah', 'Søren', 'Aisha', 'Mateo', 'Grace', 'Kenji', 'Chloé', 'Daniel', 'Freya', 'Omar') AS first_name,
         ELT(1 + ((13 * s.n + 5 * s.k) MOD 20),
             'Smith', 'O''Brien', 'García', 'Müller', 'Johnson', 'Nguyen', 'Rossi', 'Andersen', 'Kim', 'Dubois',
             'Brown', 'Novak', 'Silva', 'Tanaka', 'Walsh', 'Fischer', 'Patel', 'Moreau', 'Larsen', 'Cohen') AS last_name
  FROM stay s
  WHERE s.start_date + INTERVAL s.nights DAY <= DATE '2026-12-31'
),
priced AS (
  SELECT h.*,
         ROUND((h.base + h.cleaning) * 0.12) AS taxes,
         ROUND((h.base + h.cleaning) *
               CASE h.channel WHEN 'Airbnb' THEN 0.03 WHEN 'Booking.com' THEN 0.15
                              WHEN 'Vrbo' THEN 0.08 ELSE 0.00 END) AS commission,
         ROUND(h.base * 0.20) AS mgmt
  FROM shaped h
)
SELECT @porch_demo_tenant,
       q.property_id,
       CONCAT('SS', q.k, '-', DATE_FORMAT(q.start_date, '%y%m%d')),
       q.start_date,
       q.end_date,
       CASE WHEN (7 * q.n + q.k) MOD 19 = 0 THEN 'cancelled'
            WHEN q.start_date >= DATE '2026-12-01' AND q.n MOD 3 = 0 THEN 'tentative'
            ELSE 'confirmed' END,
       1 + ((q.n + q.k) MOD 4),
       IF(MONTH(q.start_date) IN (6, 7, 8), (q.n * q.k) MOD 3, (q.n * q.k) MOD 2),
       CONCAT(q.first_name, ' ', q.last_name),
       CONCAT('guest', q.k, LPAD(q.n, 3, '0'), '@example.net'),
       IF(q.channel = 'Booking.com', NULL,
          CONCAT('+1 555 ', LPAD((37 * q.n + 101 * q.k) MOD 10000, 4, '0'))),
       q.channel,
       q.base,
       q.cleaning,
       q.taxes,
       q.commission,
       q.mgmt,
       (q.base + q.cleaning + q.taxes) - q.commission - q.mgmt - q.taxes,
       q.base + q.cleaning + q.taxes,
       (q.base + q.cleaning + q.taxes) - q.commission - q.mgmt - q.taxes,
       'USD',
       LEAST(TIMESTAMP(q.start_date - INTERVAL (7 + (13 * q.n * q.k) MOD 80) DAY,
                       MAKETIME(8 + (q.n MOD 10), (7 * q.n) MOD 60, 0)),
             UTC_TIMESTAMP(6))
FROM priced q
ORDER BY q.property_id, q.start_date;

-- Owner blocks -----------------------------------------------------------
-- Placed inside gaps of at least 4 days between consecutive bookings, leaving
-- the check-out day free: [previous end + 1, next start).  Some early in the
-- year, one in the last gap of each chosen property (in the future for a
-- seed run before December).

INSERT INTO blocks (tenant_id, property_id, start_date, end_date, reason, created_at)
WITH gaps AS (
  SELECT b.property_id,
         b.end_date AS gap_start,
         LEAD(b.start_date) OVER (PARTITION BY b.property_id ORDER BY b.start_date) AS gap_end
  FROM bookings b
  WHERE b.tenant_id = @porch_demo_tenant
),
numbered AS (
  SELECT g.property_id, g.gap_start, g.gap_end,
         ROW_NUMBER() OVER (PARTITION BY g.property_id ORDER BY g.gap_start) AS rn,
         ROW_NUMBER() OVER (PARTITION BY g.property_id ORDER BY g.gap_start DESC) AS rn_rev
  FROM gaps g
  WHERE g.gap_end IS NOT NULL AND DATEDIFF(g.gap_end, g.gap_start) >= 4
)
SELECT @porch_demo_tenant, x.property_id,
       x.gap_start + INTERVAL 1 DAY, x.gap_end,
       ELT(1 + ((x.rn + CHAR_LENGTH(p.name) + MONTH(x.gap_start)) MOD 4),
           'Owner stay', 'Maintenance: deck repair', 'Family visit', 'Deep clean and painting'),
       LEAST(TIMESTAMP(x.gap_start - INTERVAL 20 DAY, '16:00:00'), UTC_TIMESTAMP(6))
FROM numbered x
JOIN properties p ON p.tenant_id = @porch_demo_tenant AND p.id = x.property_id
WHERE (p.name IN ('Harbor View Loft', 'Dune Road House', 'Lighthouse Cottage') AND (x.rn = 3 OR x.rn_rev = 1))
   OR (p.name = 'Seagrass Villa' AND (x.rn IN (2, 6) OR x.rn_rev IN (1, 2)))
ORDER BY x.property_id, x.gap_start;

-- Notes ------------------------------------------------------------------
-- On the 4th, 12th, 25th and 33rd booking of each property, by the office.

INSERT INTO notes (tenant_id, booking_id, author_kind, author_id, author_name, body, created_at)
WITH nb AS (
  SELECT b.id, b.start_date, p.name AS property_name,
         ROW_NUMBER() OVER (PARTITION BY b.property_id ORDER BY b.start_date) AS rn
  FROM bookings b
  JOIN properties p ON p.tenant_id = b.tenant_id AND p.id = b.property_id
  WHERE b.tenant_id = @porch_demo_tenant
)
SELECT @porch_demo_tenant, nb.id, 'staff', NULL, 'Seaside Stays office',
       ELT(1 + ((nb.rn + CHAR_LENGTH(nb.property_name)) MOD 5),
           'Guests asked for an early check-in at 1 pm, cleaners confirmed.',
           'Extra towels and a travel cot requested.',
           'Late arrival expected (around 11 pm), lockbox code sent.',
           'Guest reported a dripping kitchen tap, plumber booked for the next turnover.',
           'Returning guests, welcome basket left in the kitchen.'),
       LEAST(TIMESTAMP(nb.start_date - INTERVAL 2 DAY, '14:30:00'), UTC_TIMESTAMP(6))
FROM nb
WHERE nb.rn IN (4, 12, 25, 33)
ORDER BY nb.id;

-- Statements -------------------------------------------------------------
-- One statement per customer (all of its properties) per month of 2026 that
-- ended before today (UTC), issued three days after the month ends.
-- Lines: the customer's confirmed bookings that check in during the month.

INSERT INTO statements (tenant_id, customer_id, property_id, period_start, period_end, issued_at, currency, created_at)
WITH RECURSIVE months AS (
  SELECT DATE '2026-01-01' AS m
  UNION ALL
  SELECT m + INTERVAL 1 MONTH FROM months WHERE m < DATE '2026-12-01'
)
SELECT @porch_demo_tenant, c.id, NULL, mo.m, LAST_DAY(mo.m),
       LEAST(TIMESTAMP(LAST_DAY(mo.m) + INTERVAL 3 DAY, '09:00:00'), UTC_TIMESTAMP(6)),
       'USD',
       LEAST(TIMESTAMP(LAST_DAY(mo.m) + INTERVAL 3 DAY, '09:00:00'), UTC_TIMESTAMP(6))
FROM months mo
JOIN customers c ON c.tenant_id = @porch_demo_tenant
WHERE LAST_DAY(mo.m) < UTC_DATE()
ORDER BY mo.m, c.name;

INSERT INTO statement_lines
  (tenant_id, statement_id, booking_id, line_order, description,
   base_rate_cents, cleaning_fee_cents, taxes_cents, channel_commission_cents,
   management_fee_cents, owner_revenue_cents, total_price_cents, payout_cents)
SELECT @porch_demo_tenant, s.id, b.id,
       ROW_NUMBER() OVER (PARTITION BY s.id ORDER BY b.start_date, p.name),
       CONCAT(p.name, ': ', b.reference, ', ',
              DATE_FORMAT(b.start_date, '%b %e'), ' - ', DATE_FORMAT(b.end_date, '%b %e'), ', ',
              DATEDIFF(b.end_date, b.start_date), ' nights (', b.channel, ')'),
       b.base_rate_cents, b.cleaning_fee_cents, b.taxes_cents, b.channel_commission_cents,
       b.management_fee_cents, b.owner_revenue_cents, b.total_price_cents, b.payout_cents
FROM statements s
JOIN properties p ON p.tenant_id = s.tenant_id AND p.customer_id = s.customer_id
JOIN bookings b ON b.tenant_id = s.tenant_id AND b.property_id = p.id
               AND b.status = 'confirmed'
               AND b.start_date BETWEEN s.period_start AND s.period_end
WHERE s.tenant_id = @porch_demo_tenant
ORDER BY s.id, b.start_date, p.name;

UPDATE statements s
JOIN (
  SELECT statement_id,
         SUM(base_rate_cents) AS base_rate, SUM(cleaning_fee_cents) AS cleaning_fee,
         SUM(taxes_cents) AS taxes, SUM(channel_commission_cents) AS channel_commission,
         SUM(management_fee_cents) AS management_fee, SUM(owner_revenue_cents) AS owner_revenue,
         SUM(total_price_cents) AS total_price, SUM(payout_cents) AS payout
  FROM statement_lines
  WHERE tenant_id = @porch_demo_tenant
  GROUP BY statement_id
) t ON t.statement_id = s.id
SET s.base_rate_cents = t.base_rate,
    s.cleaning_fee_cents = t.cleaning_fee,
    s.taxes_cents = t.taxes,
    s.channel_commission_cents = t.channel_commission,
    s.management_fee_cents = t.management_fee,
    s.owner_revenue_cents = t.owner_revenue,
    s.total_price_cents = t.total_price,
    s.payout_cents = t.payout
WHERE s.tenant_id = @porch_demo_tenant;

-- Documents --------------------------------------------------------------
-- storage_path is relative to the protected files root the web server serves
-- through X-Accel-Redirect / X-Sendfile: demo/<customer dir>/<file>.
-- The seed creates rows only, not the files.

INSERT INTO documents
  (tenant_id, customer_id, property_id, title, file_name, storage_path,
   content_type, size_bytes, visibility, created_at)
SELECT @porch_demo_tenant, c.id, NULL, d.title, d.file_name,
       CONCAT('demo/', cd.dir, '/', d.file_name),
       d.content_type, d.size_bytes + 97 * cd.ord, d.visibility, d.created_at
FROM (
  SELECT 1 AS ord, 'Harbor Holdings LLC' AS customer, 'harbor-holdings' AS dir
  UNION ALL SELECT 2, 'Dune Road Partners', 'dune-road-partners'
  UNION ALL SELECT 3, 'Lighthouse Family Trust', 'lighthouse-family-trust'
  UNION ALL SELECT 4, 'Jan & Ewa Kowalski', 'kowalski'
) AS cd
JOIN customers c ON c.tenant_id = @porch_demo_tenant AND c.name = cd.customer
CROSS JOIN (
  SELECT 1 AS ord, 'Owner handbook 2026' AS title, 'owner-handbook-2026.pdf' AS file_name,
         'application/pdf' AS content_type, 284113 AS size_bytes, 'public' AS visibility,
         '2026-01-05 09:00:00' AS created_at
  UNION ALL SELECT 2, 'Management agreement', 'management-agreement.pdf',
         'application/pdf', 156872, 'private', '2025-12-15 14:00:00'
  UNION ALL SELECT 3, '2025 tax summary', 'tax-summary-2025.pdf',
         'application/pdf', 48230, 'private', '2026-02-10 09:30:00'
  UNION ALL SELECT 4, 'Insurance certificate 2026', 'insurance-certificate-2026.pdf',
         'application/pdf', 91544, 'private', '2026-01-20 11:15:00'
) AS d
ORDER BY cd.ord, d.ord;

-- One public house-rules sheet per property (property_id set).
INSERT INTO documents
  (tenant_id, customer_id, property_id, title, file_name, storage_path,
   content_type, size_bytes, visibility, created_at)
SELECT @porch_demo_tenant, p.customer_id, p.id,
       CONCAT('House rules - ', p.name),
       CONCAT('house-rules-', LOWER(REPLACE(p.name, ' ', '-')), '.txt'),
       CONCAT('demo/', cd.dir, '/house-rules-', LOWER(REPLACE(p.name, ' ', '-')), '.txt'),
       'text/plain', 1800 + 37 * CHAR_LENGTH(p.name), 'public',
       '2026-03-01 10:00:00'
FROM properties p
JOIN customers c ON c.tenant_id = p.tenant_id AND c.id = p.customer_id
JOIN (
  SELECT 'Harbor Holdings LLC' AS customer, 'harbor-holdings' AS dir
  UNION ALL SELECT 'Dune Road Partners', 'dune-road-partners'
  UNION ALL SELECT 'Lighthouse Family Trust', 'lighthouse-family-trust'
  UNION ALL SELECT 'Jan & Ewa Kowalski', 'kowalski'
) AS cd ON cd.customer = c.name
WHERE p.tenant_id = @porch_demo_tenant
ORDER BY p.name;

