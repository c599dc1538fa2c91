-- porch — the benchmark's scale data (tests/bench/run.sh, BENCH_SCALE): grows the
-- bench database to 10,000 more tenants, 100,000 portal users and 1,000,000 bookings.
--
-- Bench-only, never for a real database. Run by the database's root on database
-- porch after the small cases: it needs the Sequence engine's seq_1_to_N tables
-- (built into MariaDB 10.11) and sets the buffer pool's size. Set-based
-- INSERT ... SELECT only, no loop and no hashing: every generated portal user gets
-- the password hash of the first portal user that has one (the bench's Ada), so
-- they all sign in with the bench password.
--
-- Generated tenant N (1..10000) is slug tNNNNN on host tNNNNN.bench.test with the
-- groups porchctl gives every tenant ("Non-Portal Users", system; "Owners",
-- default), 5 customers, 10 properties (2 per customer), 10 portal users
-- u<U>@tNNNNN.bench.test (2 per customer, U numbered across all tenants) with a
-- customer grant in Owners on their customer (odd U: a second one on the next
-- customer of the tenant) and one live session each. Each property has 10 bookings
-- across 2026-2028 (one every 109 days, 2 to 8 nights, none overlapping), a note on
-- one booking in five (id mod 5 = 0) and one block-off between its first two
-- bookings. Numbering:
-- tenant 1 = customers 1-5 = properties 1-10 ("House 1", "House 2" are customer 1's,
-- user u1's), property K's bookings are GK-0 .. GK-9, GK-0 starting on 2026-01-01 +
-- (K mod 90) days, its block-off on 2026-01-01 + 99 + (K mod 90) days.

-- A larger buffer pool while writing (the stack's 32 MB makes the foreign key
-- checks read from disk: several times slower), the old size again at the end, so
-- the large cases run with the server settings of the small ones.
SET @scale_pool = @@GLOBAL.innodb_buffer_pool_size;
SET GLOBAL innodb_buffer_pool_size = GREATEST(@scale_pool, 256 * 1024 * 1024);

SET @hash = (SELECT password_hash FROM portal_users WHERE password_hash IS NOT NULL
  ORDER BY id LIMIT 1);

INSERT INTO tenants (slug, name, staff_mfa_required)
  SELECT CONCAT('t', LPAD(seq, 5, '0')), CONCAT('Bench tenant ', seq), 0
  FROM seq_1_to_10000;
CREATE TEMPORARY TABLE scale_t (n INT NOT NULL PRIMARY KEY, id BIGINT UNSIGNED NOT NULL,
  slug VARCHAR(64) NOT NULL, UNIQUE KEY (id)) ENGINE=MEMORY;
INSERT INTO scale_t SELECT CAST(SUBSTRING(slug, 2) AS UNSIGNED), id, slug FROM tenants
  WHERE slug REGEXP '^t[0-9]{5}$';

INSERT INTO tenant_domains (host, tenant_id)
  SELECT CONCAT(slug, '.bench.test'), id FROM scale_t ORDER BY n;

INSERT INTO permission_groups (tenant_id, name, description, is_default, is_system,
  permissions, financial_level)
  SELECT id, 'Non-Portal Users', 'Visitors who open a token link (no portal account)',
    0, 1, 'calendar.view', 'none' FROM scale_t
  UNION ALL
  SELECT id, 'Owners', 'Given to new portal users', 1, 0,
    'calendar.view,statements.view,documents.public', 'owner_revenue' FROM scale_t;

-- Customers 1..50000, 5 per tenant.
INSERT INTO customers (tenant_id, name, email)
  SELECT t.id, CONCAT('Owner ', s.seq), CONCAT('owner', s.seq, '@', t.slug, '.bench.test')
  FROM seq_1_to_50000 s JOIN scale_t t ON t.n = (s.seq - 1) DIV 5 + 1 ORDER BY s.seq;
CREATE TEMPORARY TABLE scale_c (n INT NOT NULL PRIMARY KEY, id BIGINT UNSIGNED NOT NULL,
  tenant_id BIGINT UNSIGNED NOT NULL) ENGINE=MEMORY;
INSERT INTO scale_c SELECT CAST(SUBSTRING(c.name, 7) AS UNSIGNED), c.id, c.tenant_id
  FROM customers c JOIN scale_t t ON t.id = c.tenant_id;

-- Properties 1..100000, 2 per customer.
INSERT INTO properties (tenant_id, customer_id, name, city, bedrooms)
  SELECT c.tenant_id, c.id, CONCAT('House ', s.seq), 'Benchton', 1 + s.seq MOD 5
  FROM seq_1_to_100000 s JOIN scale_c c ON c.n = (s.seq - 1) DIV 2 + 1 ORDER BY s.seq;
CREATE TEMPORARY TABLE scale_p (n INT NOT NULL PRIMARY KEY, id BIGINT UNSIGNED NOT NULL,
  tenant_id BIGINT UNSIGNED NOT NULL) ENGINE=MEMORY;
INSERT INTO scale_p SELECT CAST(SUBSTRING(p.name, 7) AS UNSIGNED), p.id, p.tenant_id
  FROM properties p JOIN scale_t t ON t.id = p.tenant_id;

-- Portal users 1..100000, 2 per customer, active, the bench password.
INSERT INTO portal_users (tenant_id, customer_id, login, status, password_hash)
  SELECT c.tenant_id, c.id, CONCAT('u', s.seq, '@', t.slug, '.bench.test'), 'active', @hash
  FROM seq_1_to_100000 s JOIN scale_c c ON c.n = (s.seq - 1) DIV 2 + 1
  JOIN scale_t t ON t.id = c.tenant_id ORDER BY s.seq;
CREATE TEMPORARY TABLE scale_u (n INT NOT NULL PRIMARY KEY, id BIGINT UNSIGNED NOT NULL,
  tenant_id BIGINT UNSIGNED NOT NULL, customer_n INT NOT NULL) ENGINE=MEMORY;
INSERT INTO scale_u SELECT CAST(SUBSTRING(u.login, 2, LOCATE('@', u.login) - 2) AS UNSIGNED),
    u.id, u.tenant_id, 0
  FROM portal_users u JOIN scale_t t ON t.id = u.tenant_id;
UPDATE scale_u SET customer_n = (n - 1) DIV 2 + 1;

-- Grants: Owners over the user's customer; odd users also over the next customer
-- of their tenant (customer 5 of a tenant wraps to its customer 1).
INSERT INTO access_grants (tenant_id, portal_user_id, group_id, scope, customer_id)
  SELECT u.tenant_id, u.id, g.id, 'customer', c.id
  FROM scale_u u JOIN scale_c c ON c.n = u.customer_n
  JOIN permission_groups g ON g.tenant_id = u.tenant_id AND g.is_default = 1
  UNION ALL
  SELECT u.tenant_id, u.id, g.id, 'customer', c.id
  FROM scale_u u JOIN scale_c c
    ON c.n = (u.customer_n - 1) DIV 5 * 5 + u.customer_n MOD 5 + 1
  JOIN permission_groups g ON g.tenant_id = u.tenant_id AND g.is_default = 1
  WHERE u.n MOD 2 = 1;

-- Bookings: 10 per property, in property order (the calendar index grows at its end).
SET @b0 = (SELECT COALESCE(MAX(id), 0) FROM bookings);
INSERT INTO bookings (tenant_id, property_id, reference, start_date, end_date,
  status, adults, children, guest_name, guest_email, channel,
  base_rate_cents, cleaning_fee_cents, taxes_cents, channel_commission_cents,
  management_fee_cents, owner_revenue_cents, total_price_cents, payout_cents)
  SELECT x.tenant_id, x.id, CONCAT('G', x.n, '-', x.j),
    DATE '2026-01-01' + INTERVAL x.d DAY,
    DATE '2026-01-01' + INTERVAL (x.d + 2 + (x.n + x.j) MOD 7) DAY,
    CASE WHEN (x.n + x.j) MOD 20 = 0 THEN 'cancelled'
      WHEN (x.n + x.j) MOD 7 = 0 THEN 'tentative' ELSE 'confirmed' END,
    1 + (x.n + x.j) MOD 4, (x.n + x.j) MOD 3,
    CONCAT('Guest ', x.n, '-', x.j), CONCAT('guest', x.n, '-', x.j, '@guest.test'),
    ELT(1 + (x.n + x.j) MOD 3, 'Airbnb', 'Vrbo', 'Direct'),
    x.base, 5000, x.base DIV 10, x.base DIV 8, x.base DIV 5,
    x.base + 5000 - x.base DIV 8 - x.base DIV 5,
    x.base + 5000 + x.base DIV 10,
    x.base + 5000 - x.base DIV 8 - x.base DIV 5
  FROM (SELECT p.tenant_id, p.id, p.n, j.seq AS j, j.seq * 109 + p.n MOD 90 AS d,
      20000 + (p.n * 37 + j.seq * 11) MOD 80000 AS base
    FROM scale_p p JOIN seq_0_to_9 j) x
  ORDER BY x.n, x.j;

-- A note on every fifth generated booking (200,000).
INSERT INTO notes (tenant_id, booking_id, author_kind, author_name, body)
  SELECT tenant_id, id, 'staff', 'Front desk', CONCAT('Note on ', reference)
  FROM bookings WHERE id > @b0 AND id MOD 5 = 0;

-- One block-off per property, between its first and second booking.
INSERT INTO blocks (tenant_id, property_id, start_date, end_date, reason)
  SELECT tenant_id, id, DATE '2026-01-01' + INTERVAL (99 + n MOD 90) DAY,
    DATE '2026-01-01' + INTERVAL (102 + n MOD 90) DAY, 'Owner stay'
  FROM scale_p ORDER BY n;

-- A live session per generated portal user (random token hashes nobody holds),
-- written in token order: random keys would scatter the inserts over the index.
CREATE TEMPORARY TABLE scale_s (token_hash BINARY(32) NOT NULL PRIMARY KEY,
  tenant_id BIGINT UNSIGNED NOT NULL, portal_user_id BIGINT UNSIGNED NOT NULL,
  customer_id BIGINT UNSIGNED NOT NULL) ENGINE=MEMORY;
INSERT INTO scale_s SELECT RANDOM_BYTES(32), u.tenant_id, u.id, c.id
  FROM scale_u u JOIN scale_c c ON c.n = u.customer_n;
INSERT INTO sessions (token_hash, tenant_id, principal, portal_user_id, customer_id,
  mfa_state, csrf_secret, expires_at)
  SELECT token_hash, tenant_id, 'portal', portal_user_id, customer_id, 'none',
    RANDOM_BYTES(32), UTC_TIMESTAMP(6) + INTERVAL 30 DAY
  FROM scale_s ORDER BY token_hash;

DROP TEMPORARY TABLE scale_t, scale_c, scale_p, scale_u, scale_s;

SET GLOBAL innodb_buffer_pool_size = @scale_pool;

ANALYZE TABLE tenants, tenant_domains, permission_groups, customers, properties,
  portal_users, access_grants, bookings, notes, blocks, sessions;
