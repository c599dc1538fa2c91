#!/usr/bin/env python3
# porch — the api-load case's data (tests/bench/api.sh): the same customers,
# properties and bookings written twice, as NDJSON batch files for
# POST /api/v1/batch and as one file of multi-row INSERTs for the mariadb client.
#
#   api_load.py DIR PROPERTIES BOOKINGS LINES SLUG
#
# DIR/batch.NNNNN.ndjson: LINES lines each; customers first, then properties
# (their own files), then bookings in property order, so that requests sent side by
# side touch different properties. DIR/load.sql: the customers and properties for
# the tenant SLUG, with explicit ids counted up from the largest of each table (as a
# fast loader writes them); DIR/load.NNNNN.sql: the bookings of batch.NNNNN.ndjson
# as INSERTs of their own, their ids counted up from the largest when the file is
# loaded (so the API's loads in between never collide with them) and their
# properties found by the tenant's first property id (load.sql writes them in one
# run). One customer owns 10 properties; each property gets
# BOOKINGS/PROPERTIES bookings of four nights, one every five days. Prints the
# number of batch files before the bookings' and the number of all.
import datetime
import os
import sys

out, nprop, nbook, per, slug = sys.argv[1:6]
nprop, nbook, per = int(nprop), int(nbook), int(per)
ncust = max(1, nprop // 10)
ROWS = 1000  # rows per INSERT

day0 = datetime.date(2020, 1, 1)
files = 0


def flush(buf):
    global files
    files += 1
    with open(os.path.join(out, "batch.%05d.ndjson" % files), "w") as f:
        f.write("\n".join(buf) + "\n")


# The bookings' SQL of the batch file being written: its own file.
chunk = []


def chunk_flush(table, first):
    if chunk:
        with open(os.path.join(out, "load.%05d.sql" % files), "w") as f:
            f.write("SET @t = (SELECT id FROM tenants WHERE slug = '%s');\n"
                    "SET @p = (SELECT MIN(id) - 1 FROM properties WHERE tenant_id = @t);\n"
                    "SET @b = (SELECT COALESCE(MAX(id), 0) FROM bookings) - %d + 1;\n"
                    % (slug, first))
            f.write("".join(chunk))
        del chunk[:]


def customers():
    for c in range(1, ncust + 1):
        yield c, ('{"op":"put","resource":"customers","external_id":"c%d","data":'
                  '{"name":"Owner %d","email":"owner%d@owner.test","phone":"+1 555 %04d"}}'
                  % (c, c, c, c % 10000)), \
            "(@c+%d,@t,'c%d','Owner %d','owner%d@owner.test','+1 555 %04d')" % (
                c, c, c, c, c % 10000)


def properties():
    for p in range(1, nprop + 1):
        c = (p - 1) % ncust + 1
        yield p, ('{"op":"put","resource":"properties","external_id":"p%d","data":'
                  '{"customer":"c%d","name":"House %d","address":"%d Shore Road",'
                  '"city":"Porto","bedrooms":%d,"description":"A house by the sea.",'
                  '"arrival_instructions":"The key is in the box by the door."}}'
                  % (p, c, p, p, p % 6 + 1)), \
            ("(@p+%d,@t,@c+%d,'p%d','House %d','%d Shore Road','Porto',%d,"
             "'A house by the sea.','The key is in the box by the door.')"
             % (p, c, p, p, p, p % 6 + 1))


def bookings():
    b = 0
    each = nbook // nprop
    extra = nbook - each * nprop
    for p in range(1, nprop + 1):
        for k in range(each + (1 if p <= extra else 0)):
            b += 1
            a = day0 + datetime.timedelta(days=5 * k)
            d = a + datetime.timedelta(days=4)
            rate = 10000 + (b % 50) * 100
            yield b, ('{"op":"put","resource":"bookings","external_id":"b%d","data":'
                      '{"property":"p%d","reference":"R%d","arrival":"%s","departure":"%s",'
                      '"checkin_time":"15:00","checkout_time":"10:00","status":"confirmed",'
                      '"channel":"direct","guest_name":"Guest %d","guest_email":"g%d@guest.test",'
                      '"guest_phone":"+1 555 %04d","adults":2,"children":1,"infants":0,'
                      '"base_rate_cents":%d,"cleaning_fee_cents":5000,"taxes_cents":3000,'
                      '"channel_commission_cents":1500,"management_fee_cents":2000,'
                      '"owner_revenue_cents":%d,"total_price_cents":%d,"payout_cents":%d,'
                      '"currency":"EUR"}}'
                      % (b, p, b, a, d, b, b, b % 10000, rate, rate - 2000, rate + 8000,
                         rate - 2000)), \
                ("(@b+%d,@t,@p+%d,'b%d','R%d','%s','%s','15:00','10:00','confirmed','direct',"
                 "'Guest %d','g%d@guest.test','+1 555 %04d',2,1,0,%d,5000,3000,1500,2000,"
                 "%d,%d,%d,'EUR')"
                 % (b, p, b, b, a, d, b, b, b % 10000, rate,
                    rate - 2000, rate + 8000, rate - 2000))


HEADS = {
    "customers": "INSERT INTO customers (id, tenant_id, external_id, name, email, phone) VALUES\n",
    "properties": "INSERT INTO properties (id, tenant_id, customer_id, external_id, name, "
                  "address, city, bedrooms, description, arrival_instructions) VALUES\n",
    "bookings": "INSERT INTO bookings (id, tenant_id, property_id, external_id, reference, "
                "start_date, end_date, checkin_time, checkout_time, status, channel, "
                "guest_name, guest_email, guest_phone, adults, children, infants, "
                "base_rate_cents, cleaning_fee_cents, taxes_cents, channel_commission_cents, "
                "management_fee_cents, owner_revenue_cents, total_price_cents, payout_cents, "
                "currency) VALUES\n",
}

with open(os.path.join(out, "load.sql"), "w") as sql:
    # As mysqldump loads: one transaction per INSERT (autocommit), keys checked.
    sql.write("SET @t = (SELECT id FROM tenants WHERE slug = '%s');\n" % slug)
    for v, table in (("c", "customers"), ("p", "properties"), ("b", "bookings")):
        sql.write("SET @%s = (SELECT COALESCE(MAX(id), 0) FROM %s);\n" % (v, table))
    for table, rows in (("customers", customers()), ("properties", properties()),
                        ("bookings", bookings())):
        lines, values, first = [], [], 1
        # Bookings: an INSERT ends with each batch file, in that file's SQL.
        dest = chunk.append if table == "bookings" else sql.write
        for n, line, value in rows:
            if not lines:
                first = n
            lines.append(line)
            values.append(value)
            if len(values) == ROWS:
                dest(HEADS[table] + ",\n".join(values) + ";\n")
                values = []
            if len(lines) == per:
                if values:
                    dest(HEADS[table] + ",\n".join(values) + ";\n")
                    values = []
                flush(lines)
                chunk_flush(table, first)
                lines = []
        if values:
            dest(HEADS[table] + ",\n".join(values) + ";\n")
        if lines:
            flush(lines)
            chunk_flush(table, first)
        if table == "properties":
            before = files
print(before, files)
