#!/usr/bin/env python3
# porch — minimal FastCGI client for the test suite (stdlib only): talks to
# porchd's socket directly, bypassing the web server.
"""Send one FastCGI RESPONDER request to a unix socket and print the reply.

Records sent: BEGIN_REQUEST, PARAMS (then an empty PARAMS), STDIN (then an
empty STDIN). With --pause-after-params the request stops half-way through
the PARAMS stream, announces that on stderr ("paused") and in --ready-file,
waits, then finishes: this keeps a request in flight at a chosen moment.

stdout gets the responder's STDOUT stream as is (CGI headers, blank line,
body). Exit status: 0 when END_REQUEST arrived with REQUEST_COMPLETE,
1 on any other outcome (connection closed early, bad record, timeout),
2 on usage errors.
"""

import argparse
import os
import socket
import struct
import sys
import time

FCGI_VERSION_1 = 1
FCGI_BEGIN_REQUEST = 1
FCGI_END_REQUEST = 3
FCGI_PARAMS = 4
FCGI_STDIN = 5
FCGI_STDOUT = 6
FCGI_STDERR = 7
FCGI_RESPONDER = 1
FCGI_REQUEST_COMPLETE = 0
REQUEST_ID = 1
MAX_CONTENT = 65535


def record(rtype, content=b""):
    """One record: header, content, padding to a multiple of 8."""
    pad = (8 - len(content) % 8) % 8
    return (struct.pack("!BBHHBB", FCGI_VERSION_1, rtype, REQUEST_ID,
                        len(content), pad, 0) + content + b"\0" * pad)


def stream(rtype, data):
    """A whole stream: the data in records of at most 65535 bytes, then the
    empty record that ends it."""
    out = b""
    for i in range(0, len(data), MAX_CONTENT):
        out += record(rtype, data[i:i + MAX_CONTENT])
    return out + record(rtype)


def nv_length(n):
    return bytes([n]) if n < 128 else struct.pack("!I", n | 0x80000000)


def encode_params(pairs):
    out = b""
    for name, value in pairs:
        out += nv_length(len(name)) + nv_length(len(value)) + name + value
    return out


def read_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError("connection closed after %d of %d bytes"
                           % (len(buf), n))
        buf += chunk
    return buf


def read_response(sock):
    """Read records until END_REQUEST. Returns (stdout, stderr, app_status,
    protocol_status)."""
    out, err = b"", b""
    while True:
        header = read_exact(sock, 8)
        version, rtype, rid, clen, plen, _ = struct.unpack("!BBHHBB", header)
        if version != FCGI_VERSION_1:
            raise ValueError("bad record version %d" % version)
        content = read_exact(sock, clen)
        read_exact(sock, plen)
        if rid != REQUEST_ID:
            raise ValueError("record for request id %d" % rid)
        if rtype == FCGI_STDOUT:
            out += content
        elif rtype == FCGI_STDERR:
            err += content
        elif rtype == FCGI_END_REQUEST:
            app_status, proto_status = struct.unpack("!IB", content[:5])
            return out, err, app_status, proto_status
        else:
            raise ValueError("unexpected record type %d" % rtype)


def build_params(args):
    uri = args.uri
    path, _, query = uri.partition("?")
    params = [
        ("GATEWAY_INTERFACE", "CGI/1.1"),
        ("SERVER_PROTOCOL", "HTTP/1.1"),
        ("REQUEST_METHOD", args.method),
        ("REQUEST_URI", uri),
        ("SCRIPT_NAME", path),
        ("QUERY_STRING", query),
        ("SERVER_NAME", args.host),
        ("HTTP_HOST", args.host),
        ("SERVER_PORT", "80"),
        ("REMOTE_ADDR", "127.0.0.1"),
        ("REMOTE_PORT", "40000"),
        ("CONTENT_LENGTH", str(len(args.stdin.encode()))),
    ]
    if args.stdin:
        params.append(("CONTENT_TYPE", "application/x-www-form-urlencoded"))
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise SystemExit("fcgi_client: --param wants NAME=VALUE, got %r"
                             % item)
        params = [p for p in params if p[0] != name] + [(name, value)]
    return [(n.encode(), v.encode("utf-8", "surrogateescape"))
            for n, v in params]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("socket", help="path of porchd's unix socket")
    ap.add_argument("--uri", default="/healthz",
                    help="REQUEST_URI, query included (default /healthz)")
    ap.add_argument("--method", default="GET")
    ap.add_argument("--host", default="localhost",
                    help="SERVER_NAME and HTTP_HOST")
    ap.add_argument("--param", action="append", default=[],
                    metavar="NAME=VALUE", help="add or replace a param")
    ap.add_argument("--stdin", default="", help="request body")
    ap.add_argument("--pause-after-params", type=float, default=0.0,
                    metavar="SECONDS",
                    help="send BEGIN_REQUEST and part of PARAMS, wait, finish")
    ap.add_argument("--ready-file",
                    help="created once the partial request has been sent")
    ap.add_argument("--timeout", type=float, default=15.0)
    args = ap.parse_args()

    pairs = build_params(args)
    begin = record(FCGI_BEGIN_REQUEST,
                   struct.pack("!HB5x", FCGI_RESPONDER, 0))
    half = max(1, len(pairs) // 2)
    first = encode_params(pairs[:half])
    rest = encode_params(pairs[half:])
    body = args.stdin.encode()

    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(args.timeout)
    try:
        sock.connect(args.socket)
        if args.pause_after_params > 0:
            # Part of the PARAMS stream, in its own record, no terminator.
            sock.sendall(begin + record(FCGI_PARAMS, first))
            print("paused", file=sys.stderr, flush=True)
            if args.ready_file:
                with open(args.ready_file, "w") as f:
                    f.write("%d\n" % os.getpid())
            time.sleep(args.pause_after_params)
            sock.sendall(record(FCGI_PARAMS, rest) + record(FCGI_PARAMS)
                         + stream(FCGI_STDIN, body))
        else:
            sock.sendall(begin + stream(FCGI_PARAMS, first + rest)
                         + stream(FCGI_STDIN, body))
        out, err, app_status, proto_status = read_response(sock)
    except (OSError, EOFError, ValueError) as e:
        print("fcgi_client: %s" % e, file=sys.stderr)
        return 1
    finally:
        sock.close()

    sys.stdout.buffer.write(out)
    sys.stdout.flush()
    if err:
        sys.stderr.buffer.write(b"fcgi_client: responder stderr: " + err
                                + b"\n")
    if proto_status != FCGI_REQUEST_COMPLETE:
        print("fcgi_client: END_REQUEST protocolStatus %d" % proto_status,
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
