#!/usr/bin/env python3
# porch — what a warm page's one statement costs MariaDB, piece by piece.
#
# Run by tests/bench/run.sh at the end of a BENCH_SQL_LOG=1 run (the slow log
# off again): for each kind of twin in the slow log (a page's statement with its
# session's row, docs/DESIGN.md "A page in one round trip"), the first one
# logged, with its own parameters, is prepared once and run N times by the
# mariadb client, as is each of its parts:
#
#   select-1     SELECT 1: what a round trip costs the server
#   ref-select   the reference's primary-key SELECT
#   page         the page's statement alone (its order kept)
#   session      the session's statement alone (ST_SESSION_LIGHT)
#   session-4    the same row of a portal user from the four tables it needs
#                (sessions, tenants, portal_users, customers): a twin per kind
#                of principal would save the difference
#   twin         the twin, as porchd runs it
#   call         the session's and the page's statements as one CALL returning
#                two result sets (a procedure made for the run, then dropped)
#
# and prints mariadbd's CPU time per run (utime + stime of its process, so run
# it on an otherwise idle server) and the wall time per run.
#
# usage: sql_cost.py SLOW_LOG SOCKET USER DATABASE MARIADBD_PID [RUNS]

import os
import re
import subprocess
import sys
import tempfile
import time

SESSION_NULLS = b", NULL" * 17
TWIN = re.compile(rb" UNION ALL SELECT (?:NULL, )+(s\.principal, .*)$")
HASH = re.compile(rb"s\.token_hash = '((?:[^'\\]|\\.)*)'")
IDLE = re.compile(rb"INTERVAL \d+ SECOND")
UNESC = {b"0": b"\0", b"n": b"\n", b"r": b"\r", b"Z": b"\x1a"}


def unescape(lit):
    out, i = bytearray(), 0
    while i < len(lit):
        c = lit[i:i + 1]
        if c == b"\\" and i + 1 < len(lit):
            n = lit[i + 1:i + 2]
            out += UNESC.get(n, n)
            i += 2
        else:
            out += c
            i += 1
    return bytes(out)


def twins(log):
    """The first twin of each kind (by its first 60 bytes), as logged."""
    seen = {}
    with open(log, "rb") as f:
        for line in f:
            line = line.rstrip(b"\n").rstrip(b";").rstrip()
            if line.startswith(b"SELECT ") and TWIN.search(line) and HASH.search(line):
                seen.setdefault(line[:60], line)
    return list(seen.values())


def plain(stmt):
    """The statement with its hash as X'..' and an idle window that never ends."""
    stmt = HASH.sub(lambda m: b"s.token_hash = X'" +
                    unescape(m.group(1)).hex().upper().encode() + b"'", stmt)
    return IDLE.sub(b"INTERVAL 100000000 SECOND", stmt)


def parts(twin):
    m = TWIN.search(twin)
    page_wide, rest = twin[:m.start()], m.group(1)
    order = b""
    k = rest.rfind(b" SECOND")
    if k >= 0 and b" ORDER BY " in rest[k:]:
        order = rest[rest.index(b" ORDER BY ", k):]
        rest = rest[:rest.index(b" ORDER BY ", k)]
    page = page_wide.replace(SESSION_NULLS + b" FROM", b" FROM") + order
    session = b"SELECT " + rest
    return page, session


def session4(session):
    """The session's row of a portal user, from four tables."""
    cols = (b"s.principal, s.portal_user_id, s.staff_user_id, s.customer_id, "
            b"s.impersonator_staff_id, s.csrf_secret, "
            b"TIMESTAMPDIFF(SECOND, s.last_seen_at, UTC_TIMESTAMP(6)), u.login, u.login, "
            b"NULL, u.must_change_password, IF(c.archived_at IS NULL, u.status, 'disabled'), "
            b"NULL, s.mfa_state, t.rights_version, c.name, u.time_zone")
    where = session[session.index(b" WHERE s.token_hash"):]
    return (b"SELECT " + cols + b" FROM sessions s JOIN tenants t ON t.id = s.tenant_id "
            b"LEFT JOIN portal_users u ON u.tenant_id = s.tenant_id AND u.id = s.portal_user_id "
            b"LEFT JOIN customers c ON c.tenant_id = u.tenant_id AND c.id = u.customer_id" + where)


def quoted(stmt):
    return b"'" + stmt.replace(b"\\", b"\\\\").replace(b"'", b"\\'") + b"'"


def cpu(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def client(sock, user, db, sql):
    with tempfile.TemporaryFile() as f:
        f.write(sql)
        f.seek(0)
        subprocess.run(["mariadb", "--no-defaults", "--socket=" + sock, "-u", user, db],
                       stdin=f, stdout=subprocess.DEVNULL, check=True)


def measure(sock, user, db, pid, runs, setup, each):
    client(sock, user, db, setup + each)          # warm: the plan's tables opened
    c0, t0 = cpu(pid), time.monotonic()
    client(sock, user, db, setup + each * runs)
    c1, t1 = cpu(pid), time.monotonic()
    return (c1 - c0) * 1e6 / runs, (t1 - t0) * 1e6 / runs


def main():
    if len(sys.argv) < 6:
        sys.exit("usage: sql_cost.py SLOW_LOG SOCKET USER DATABASE MARIADBD_PID [RUNS]")
    log, sock, user, db, pid = sys.argv[1:6]
    pid, runs = int(pid), int(sys.argv[6]) if len(sys.argv) > 6 else 10000
    found = twins(log)
    if not found:
        print("sql_cost.py: no warm page's statement in %s (only the calendar, booking "
              "and list cases make them): nothing to time" % log)
        return
    print("mariadbd per run of a warm page's statement and its parts "
          "(%d runs each, prepared once, by the mariadb client):" % runs)
    print("%-14s %-12s %10s %10s" % ("of", "statement", "cpu us", "wall us"))
    refs = [("select-1", b"SELECT 1"),
            ("ref-select", b"SELECT id, name FROM tenants WHERE id = 1")]
    for name, stmt in refs:
        c, w = measure(sock, user, db, pid, runs,
                       b"PREPARE s FROM " + quoted(stmt) + b";\n", b"EXECUTE s;\n")
        print("%-14s %-12s %10.0f %10.0f" % ("-", name, c, w))
    for n, twin in enumerate(found, 1):
        twin = plain(twin)
        page, session = parts(twin)
        kind = "twin %d" % n
        print("%s: %s ..." % (kind, page[:70].decode("utf-8", "replace")))
        cases = [("page", page), ("session", session), ("session-4", session4(session)),
                 ("twin", twin)]
        for name, stmt in cases:
            c, w = measure(sock, user, db, pid, runs,
                           b"PREPARE s FROM " + quoted(stmt) + b";\n", b"EXECUTE s;\n")
            print("%-14s %-12s %10.0f %10.0f" % (kind, name, c, w))
        proc = (b"DROP PROCEDURE IF EXISTS bench_sql_cost;\nDELIMITER //\n"
                b"CREATE PROCEDURE bench_sql_cost() BEGIN " + session + b"; " + page +
                b"; END//\nDELIMITER ;\n")
        client(sock, user, db, proc)
        try:
            c, w = measure(sock, user, db, pid, runs, b"", b"CALL bench_sql_cost();\n")
            print("%-14s %-12s %10.0f %10.0f" % (kind, "call", c, w))
        finally:
            client(sock, user, db, b"DROP PROCEDURE IF EXISTS bench_sql_cost;\n")


if __name__ == "__main__":
    main()
