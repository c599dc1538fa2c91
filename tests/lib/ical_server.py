#!/usr/bin/env python3
# porch — a small HTTP server for the calendar import's tests: feeds shaped like
# the channels' exports, and the answers a sync must survive. Usage:
#   ical_server.py PORT [DIR] [--bind ADDRESS] [--tls CERT KEY]
# It listens on 127.0.0.1 (or ADDRESS, another loopback address), over https with
# --tls, and says "listening" on stderr once it does, then each request line.
# Paths: /airbnb.ics (ETag "v1", 304 on If-None-Match "v1"), /vrbo.ics (TZID,
# folded lines, CANCELLED), /booking.ics (UTC times), /error.ics (503 with an HTML
# page), /html.ics (an HTML page with 200), /big.ics (30 MB), /redirect.ics (302 to
# http://127.0.0.1:PORT/airbnb.ics, https with --tls), /loop.ics (redirects forever), /slow.ics
# (answers after 5 s), /feed/NAME.ics (the file DIR/NAME.ics as it is at each
# request, a feed a test changes between syncs: ETag its hash, 304 on
# If-None-Match; served as an HTML page when it starts with "<").
import hashlib
import os
import ssl
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARGS = sys.argv[1:]
BIND, TLS = "127.0.0.1", None
if "--tls" in ARGS:
    i = ARGS.index("--tls")
    TLS = ARGS[i + 1:i + 3]
    del ARGS[i:i + 3]
if "--bind" in ARGS:
    i = ARGS.index("--bind")
    BIND = ARGS[i + 1]
    del ARGS[i:i + 2]
PORT = int(ARGS[0])
DIR = ARGS[1] if len(ARGS) > 1 else None

AIRBNB = (
    "BEGIN:VCALENDAR\r\nPRODID;X-RICAL-TZSOURCE=TZINFO:-//Airbnb Inc//Hosting Calendar"
    " 0.8.8//EN\r\nCALSCALE:GREGORIAN\r\nVERSION:2.0\r\n"
    "BEGIN:VEVENT\r\nDTEND;VALUE=DATE:20270310\r\nDTSTART;VALUE=DATE:20270305\r\n"
    "UID:1418fb94e984-2a6b2b2b8e4fb2b0@airbnb.com\r\n"
    "DESCRIPTION:Reservation URL: https://www.airbnb.com/hosting/reservations/d\r\n"
    " etails/HMABCDEF12\\nPhone Number (Last 4 Digits): 1234\r\n"
    "SUMMARY:Reserved\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nDTEND;VALUE=DATE:20270401\r\nDTSTART;VALUE=DATE:20270325\r\n"
    "UID:7f5dd28b8e2f-0c1f1a1e0b3a2a3d@airbnb.com\r\n"
    "SUMMARY:Airbnb (Not available)\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")

VRBO = (
    "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//HomeAway.com, Inc.//EN\n"
    "BEGIN:VEVENT\nUID:vrbo-4711\nDTSTAMP:20270101T000000Z\n"
    "DTSTART;TZID=Europe/London:20270412T160000\n"
    "DTEND;TZID=Europe/London:20270415T100000\nSUMMARY:Reserved - Gr\u00e4ce\n"
    "  Folded-Name\nEND:VEVENT\n"
    "BEGIN:VEVENT\nUID:vrbo-4713\nDTSTART;VALUE=DATE:20270601\nDTEND;VALUE=DATE:2027"
    "0603\nSTATUS:CANCELLED\nSUMMARY:Reserved\nEND:VEVENT\nEND:VCALENDAR\n")

BOOKING = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//admin.booking.com//EN\r\n"
    "BEGIN:VEVENT\r\nUID:8f4c0b6e1f0c@booking.com\r\nDTSTART:20270702T000000Z\r\n"
    "DTEND:20270709T000000Z\r\nSUMMARY:CLOSED - Not available\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n")

HTML = "<!DOCTYPE html><html><body><h1>Something went wrong</h1></body></html>"


class Feeds(BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        # Only the request line: a test can tell which paths were asked for.
        if fmt.startswith('"%s"'):
            print(args[0], file=sys.stderr, flush=True)

    def send(self, status, body, ctype="text/calendar; charset=utf-8", headers=()):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        p = self.path
        if p == "/airbnb.ics":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.send_header("ETag", '"v1"')
                self.end_headers()
                return
            self.send(200, AIRBNB, headers=[("ETag", '"v1"'),
                      ("Last-Modified", "Mon, 01 Mar 2027 10:00:00 GMT")])
        elif p == "/vrbo.ics":
            self.send(200, VRBO)
        elif p == "/booking.ics":
            self.send(200, BOOKING)
        elif p == "/error.ics":
            self.send(503, HTML, "text/html")
        elif p == "/html.ics":
            self.send(200, HTML, "text/html")
        elif p == "/big.ics":
            line = "X-FILLER:" + "x" * 60 + "\r\n"
            self.send_response(200)
            self.send_header("Content-Type", "text/calendar")
            self.end_headers()  # no length: the bound must hold without one
            try:
                self.wfile.write(b"BEGIN:VCALENDAR\r\n")
                chunk = (line * 1000).encode()
                for _ in range(30 * 1024 * 1024 // len(chunk)):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
        elif p == "/redirect.ics":
            self.send(302, "", headers=[("Location",
                      "%s://127.0.0.1:%d/airbnb.ics" %
                      ("https" if TLS else "http", PORT))])
        elif p == "/loop.ics":
            self.send(302, "", headers=[("Location", "/loop.ics")])
        elif p == "/slow.ics":
            time.sleep(5)
            self.send(200, AIRBNB)
        elif p.startswith("/feed/") and DIR is not None and "/" not in p[6:]:
            try:
                with open(os.path.join(DIR, p[6:]), "rb") as f:
                    data = f.read()
            except OSError:
                self.send(404, "not found", "text/plain")
                return
            tag = '"%s"' % hashlib.sha256(data).hexdigest()[:16]
            if self.headers.get("If-None-Match") == tag:
                self.send_response(304)
                self.send_header("ETag", tag)
                self.end_headers()
                return
            html = data.lstrip().startswith(b"<")
            self.send(200, data, "text/html" if html else "text/calendar",
                      headers=[("ETag", tag)])
        else:
            self.send(404, "not found", "text/plain")


ThreadingHTTPServer.daemon_threads = True
server = ThreadingHTTPServer((BIND, PORT), Feeds)
if TLS:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(TLS[0], TLS[1])
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
print("listening on %s:%d" % (BIND, PORT), file=sys.stderr, flush=True)
server.serve_forever()
