#!/usr/bin/env python3
# porch — a load client for the fault run and the cluster benchmark
# (tests/integration/galera_fault.sh, tests/bench/cluster.sh). Client threads sign
# in, browse and write through one web server on loopback, each in a bounded loop
# that ends by itself (a stop file, a deadline or a number of rounds), and record
# every request they make: one JSON line each, with its times, status and, for a
# write, the marker that names what it wrote.
#
#   load_client.py run CONFIG LOG      the load (CONFIG: JSON, see below)
#   load_client.py check LOG FAULTS ROWS...   after a run: the counts and checks
#   load_client.py bench LOG           throughput and latency of a run
#
# CONFIG: {"port": P, "host": "acme.test", "stop": FILE, "seconds": S,
#   "rounds": N, "pause": SECONDS, "clients": [CLIENT...]}, a CLIENT one of
#   {"kind": "portal", "login", "password", "property", "first": DAY, "step": N}:
#       signs in on /login; each round the calendar page, then a block-off of one
#       night (day FIRST + N x round, counted from 2030-01-01; N is 2 unless given)
#       with the reason as marker;
#   {"kind": "staff", "login", "password"}: signs in on /staff/login; each round
#       the customers page, then a new customer named by the marker;
#   {"kind": "api", "key", "booking"}: each round a read of the booking, then
#       PUT /api/v1/notes/MARKER on that booking (the external id is the marker).
# "prefix" starts each marker ("fault" unless given: "fault-CLIENT-ROUND").
# "write": false makes the rounds browse only. Sign-ins go one at a time, and the
# loops start together once every client has signed in.
# Whoever signed in makes one more request after the loop (a "final" line): still
# signed in, or the session was lost.
import datetime
import http.client
import json
import os
import re
import sys
import threading
import time
import urllib.parse

CSRF = re.compile(r'name="csrf" value="([^"]*)"')
# Sign-ins one at a time: porchd hashes at most argon2.max_concurrent passwords at
# once and answers 503 to one more (as designed), which is not what is measured.
SIGNIN = threading.Lock()


class Client:
    def __init__(self, cfg, n, spec, out, lock):
        self.port, self.host = cfg["port"], cfg["host"]
        self.cfg, self.n, self.spec = cfg, n, spec
        self.out, self.lock = out, lock
        self.cookies = {}
        self.conn = None
        self.seq = 0
        self.csrf = ""

    def connect(self):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        return self.conn

    def request(self, method, path, body=None, ctype=None, write=None, what="page"):
        """One request, recorded; returns (status, location, body) or (0, '', '')."""
        headers = {"Host": self.host}
        if self.cookies:
            headers["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        if ctype:
            headers["Content-Type"] = ctype
        if "key" in self.spec:
            headers["Authorization"] = "Bearer " + self.spec["key"]
        t0 = time.time()
        status, loc, text, err = 0, "", "", ""
        try:
            c = self.connect()
            c.request(method, path, body=body, headers=headers)
            r = c.getresponse()
            text = r.read().decode("utf-8", "replace")
            status, loc = r.status, r.getheader("Location") or ""
            for h, v in r.getheaders():
                if h.lower() == "set-cookie":
                    name, _, rest = v.partition("=")
                    val = rest.split(";", 1)[0]
                    if "Max-Age=0" in v or val == "":
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = val
            if r.getheader("Connection", "").lower() == "close":
                c.close()
                self.conn = None
        except (OSError, http.client.HTTPException) as e:
            err = type(e).__name__
            if self.conn is not None:
                self.conn.close()
            self.conn = None
        t1 = time.time()
        rec = {"c": self.n, "kind": self.spec["kind"], "what": what, "m": method,
               "path": path.split("?")[0], "t0": round(t0, 4), "t1": round(t1, 4),
               "status": status, "loc": loc}
        if err:
            rec["err"] = err
        if write is not None:
            rec["write"] = write
            rec["ok"] = self.write_ok(status, loc)
        elif what == "signin-form":
            rec["ok"] = status == 200
        elif what == "signin":
            rec["ok"] = status == 303
        else:
            rec["ok"] = self.page_ok(status, loc, text)
        with self.lock:
            self.out.write(json.dumps(rec) + "\n")
        return status, loc, text

    def write_ok(self, status, loc):
        k = self.spec["kind"]
        if k == "portal":
            return status == 303 and "/portal/calendar?" in loc and "done=" in loc
        if k == "staff":
            return status == 303 and "done=created" in loc
        return status == 201

    def page_ok(self, status, loc, text):
        # A page that sends a signed-in visitor to a sign-in form lost the session.
        return status == 200 and 'name="password"' not in text

    def sign_in(self):
        path = "/staff/login" if self.spec["kind"] == "staff" else "/login"
        for _ in range(20):
            st, _, text = self.request("GET", path, what="signin-form")
            m = CSRF.search(text)
            if st == 200 and m:
                body = urllib.parse.urlencode({"csrf": m.group(1),
                                               "login": self.spec["login"],
                                               "password": self.spec["password"]})
                st, loc, _ = self.request("POST", path, body,
                                          "application/x-www-form-urlencoded",
                                          what="signin")
                if st == 303:
                    return True
            time.sleep(0.5)
        return False

    def browse(self):
        k = self.spec["kind"]
        if k == "portal":
            path = "/portal/calendar?property=%d&month=2030-01" % self.spec["property"]
        elif k == "staff":
            path = "/staff/customers"
        else:
            path = "/api/v1/bookings/" + self.spec["booking"]
        st, _, text = self.request("GET", path)
        if k != "api":
            m = CSRF.search(text)
            if st == 200 and m:
                self.csrf = m.group(1)

    def write(self, r):
        k = self.spec["kind"]
        marker = "%s-%d-%d" % (self.cfg.get("prefix", "fault"), self.n, r)
        form = "application/x-www-form-urlencoded"
        if k == "portal":
            d = datetime.date(2030, 1, 1) + datetime.timedelta(
                days=self.spec["first"] + self.spec.get("step", 2) * r)
            body = urllib.parse.urlencode({
                "csrf": self.csrf, "property": self.spec["property"],
                "start": d.isoformat(), "end": (d + datetime.timedelta(days=1)).isoformat(),
                "reason": marker})
            self.request("POST", "/portal/blocks/new", body, form, write=marker)
        elif k == "staff":
            body = urllib.parse.urlencode({"csrf": self.csrf, "name": marker})
            self.request("POST", "/staff/customers/new", body, form, write=marker)
        else:
            body = json.dumps({"booking": self.spec["booking"], "author_name": "Load",
                               "body": "note " + marker})
            self.request("PUT", "/api/v1/notes/" + marker, body, "application/json",
                         write=marker)

    def final(self):
        k = self.spec["kind"]
        if k == "api":
            return
        path = "/portal" if k == "portal" else "/staff/"
        for _ in range(60):
            st, loc, text = self.request("GET", path, what="final")
            if st != 503 and st != 502 and st != 0:
                return
            time.sleep(1)

    def run(self):
        cfg = self.cfg
        if self.spec["kind"] != "api":
            with SIGNIN:
                signed = self.sign_in()
        else:
            signed = True
        # Every client starts its loop once all have signed in.
        self.barrier.wait()
        if not signed:
            return
        end = time.time() + cfg.get("seconds", 120)
        r = 0
        while r < cfg.get("rounds", 100000) and time.time() < end \
                and not os.path.exists(cfg["stop"]):
            self.browse()
            if cfg.get("write", True):
                self.write(r)
            r += 1
            if cfg.get("pause"):
                time.sleep(cfg["pause"])
        self.final()


def run(config, log):
    with open(config) as f:
        cfg = json.load(f)
    lock = threading.Lock()
    with open(log, "w", buffering=1) as out:
        cs = [Client(cfg, i, s, out, lock) for i, s in enumerate(cfg["clients"])]
        barrier = threading.Barrier(len(cs))
        for c in cs:
            c.barrier = barrier
        ts = [threading.Thread(target=c.run) for c in cs]
        for t in ts:
            t.start()
        for t in ts:
            t.join()


def records(log):
    with open(log) as f:
        return [json.loads(line) for line in f if line.strip()]


def check(log, faults, rowfiles):
    """Prints NAME=VALUE lines (the counts), then PROBLEM lines, one a problem."""
    recs = records(log)
    wins = []
    with open(faults) as f:
        for line in f:
            p = line.split()
            if len(p) == 3:
                wins.append((p[0], float(p[1]), float(p[2])))
    grace = 1.0

    def in_flight(r):
        return [w[0] for w in wins if r["t0"] <= w[2] + grace and r["t1"] >= w[1]]

    # Rows found after the run: one file per kind, lines "MARKER ROWS AUDIT [EVENTS]
    # [TOKEN]", each count of a write that is whole equal to ROWS.
    found = {}
    for rf in rowfiles:
        with open(rf) as f:
            for line in f:
                p = line.split()
                if p:
                    found[p[0]] = [int(x) for x in p[1:]]
    problems = []
    run_recs = [r for r in recs if r["what"] != "final"]
    failed = [r for r in run_recs if not r["ok"]]
    unexplained = [r for r in failed if not in_flight(r)]
    inflight = sum(1 for r in run_recs if in_flight(r))
    writes = [r for r in run_recs if "write" in r]
    acked = [r for r in writes if r["ok"]]
    nacked = [r for r in writes if not r["ok"]]
    present_failed = 0
    for r in writes:
        got = found.get(r["write"], [0, 0, 0])
        rows, rest = got[0], got[1:]
        whole = all(x == rows for x in rest)
        if r["ok"] and (rows != 1 or not whole):
            problems.append("acknowledged write %s (%s): rows/audit/events %s"
                            % (r["write"], r["kind"], got))
        if not r["ok"]:
            if rows > 1 or not whole:
                problems.append("write %s answered %s: rows/audit/events %s (half or twice)"
                                % (r["write"], r["status"], got))
            present_failed += rows
    markers = {r["write"] for r in writes}
    for m in found:
        if m not in markers:
            problems.append("row %s written by no request" % m)
    write_problems = len(problems)
    for r in unexplained:
        problems.append("failed outside any fault: %s %s at %.2f-%.2f: %s %s"
                        % (r["m"], r["path"], r["t0"], r["t1"], r["status"],
                           r.get("err", "")))
    signed_out = 0
    for r in failed:
        if r["status"] == 303 and "login" in r.get("loc", ""):
            problems.append("signed out: %s %s" % (r["m"], r["path"]))
            signed_out += 1
    finals = [r for r in recs if r["what"] == "final"]
    lost = [r for r in finals if not r["ok"]]
    for r in lost:
        problems.append("session of client %d lost: final %s answered %s"
                        % (r["c"], r["path"], r["status"]))
    signed = len({r["c"] for r in recs if r["what"] == "signin" and r["status"] == 303})
    by_fault = {}
    for r in failed:
        for w in in_flight(r):
            by_fault[w] = by_fault.get(w, 0) + 1
    print("requests=%d" % len(run_recs))
    print("failed=%d" % len(failed))
    print("in_flight=%d" % inflight)
    print("unexplained=%d" % len(unexplained))
    print("writes=%d" % len(writes))
    print("acked=%d" % len(acked))
    print("not_acked=%d" % len(nacked))
    print("not_acked_present=%d" % present_failed)
    print("signed_in=%d" % signed)
    print("finals=%d" % len(finals))
    print("sessions_lost=%d" % len(lost))
    print("failed_by_fault=%s" % ",".join("%s:%d" % kv for kv in sorted(by_fault.items())))
    statuses = {}
    for r in failed:
        k = str(r["status"]) if r["status"] else r.get("err", "error")
        statuses[k] = statuses.get(k, 0) + 1
    print("failed_statuses=%s" % ",".join("%s:%d" % kv for kv in sorted(statuses.items())))
    print("write_problems=%d" % write_problems)
    print("signed_out=%d" % signed_out)
    print("problems=%d" % len(problems))
    for p in problems[:40]:
        print("PROBLEM " + p)


def bench(log):
    recs = [r for r in records(log) if r["what"] in ("page",) or "write" in r]
    if not recs:
        print("0 0 0 0 0")
        return
    t0 = min(r["t0"] for r in recs)
    t1 = max(r["t1"] for r in recs)
    lat = sorted((r["t1"] - r["t0"]) * 1000 for r in recs)

    def pct(p):
        return lat[min(len(lat) - 1, int(len(lat) * p))]
    bad = sum(1 for r in recs if not r["ok"])
    print("%.1f %.2f %.2f %d %d" % (len(recs) / (t1 - t0), pct(0.5), pct(0.99), bad, len(recs)))


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "run":
        run(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 4 and sys.argv[1] == "check":
        check(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif len(sys.argv) == 3 and sys.argv[1] == "bench":
        bench(sys.argv[2])
    else:
        sys.exit("usage: load_client.py run CONFIG LOG | check LOG FAULTS ROWS... | bench LOG")
