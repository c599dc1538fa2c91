#!/usr/bin/env python3
# porch — the benchmark's flood (tests/bench/run.sh): bad sign-ins posted to one
# tenant's /login at a fixed rate, open loop (a slow answer does not slow the flood),
# each with a new login as credential stuffing does, for a bounded time and at most
# --conns requests in flight (beyond that a tick is skipped and counted). Prints
# "sent N skipped N statuses CODExN,..." when done or on SIGINT/SIGTERM.
import argparse
import asyncio
import signal
import sys
import time
import urllib.parse


async def one(args, n, stats):
    body = urllib.parse.urlencode({
        "csrf": args.csrf,
        "login": "guess%d@%s" % (n, args.host),
        "password": "not the password %d" % n,
    }).encode()
    head = ("POST /login HTTP/1.1\r\nHost: %s\r\nCookie: %s\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            "Content-Length: %d\r\nConnection: close\r\n\r\n"
            % (args.host, args.cookie, len(body))).encode()
    code = "000"
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", args.port)
        writer.write(head + body)
        await writer.drain()
        line = await asyncio.wait_for(reader.readline(), 60)
        parts = line.split()
        if len(parts) >= 2:
            code = parts[1].decode("ascii", "replace")
        while await asyncio.wait_for(reader.read(65536), 60):
            pass
        writer.close()
    except (OSError, asyncio.TimeoutError):
        pass
    stats[code] = stats.get(code, 0) + 1


async def flood(args):
    stats, tasks = {}, set()
    sent = skipped = 0
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    start = time.monotonic()
    interval = 1.0 / args.rate
    while not stop.is_set() and time.monotonic() - start < args.seconds:
        if len(tasks) < args.conns:
            sent += 1
            t = asyncio.ensure_future(one(args, sent, stats))
            tasks.add(t)
            t.add_done_callback(tasks.discard)
        else:
            skipped += 1
        # The next tick on the fixed schedule, however long this one took.
        delay = start + (sent + skipped) * interval - time.monotonic()
        if delay > 0:
            try:
                await asyncio.wait_for(stop.wait(), delay)
            except asyncio.TimeoutError:
                pass
    for t in list(tasks):
        t.cancel()
    print("sent %d skipped %d statuses %s" % (sent, skipped, ",".join(
        "%sx%d" % (k, v) for k, v in sorted(stats.items()))))
    sys.stdout.flush()


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--host", required=True)
    p.add_argument("--cookie", required=True)
    p.add_argument("--csrf", required=True)
    p.add_argument("--rate", type=float, default=300)
    p.add_argument("--conns", type=int, default=64)
    p.add_argument("--seconds", type=float, default=60)
    asyncio.run(flood(p.parse_args()))


if __name__ == "__main__":
    main()
