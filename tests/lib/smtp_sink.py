#!/usr/bin/python3
# porch — an SMTP sink for the tests: accepts mail on 127.0.0.1:PORT and writes each
# message, exactly as received (after the SMTP dot-unstuffing), into DIR as
# NNNNNN.eml, with its envelope (MAIL FROM, RCPT TO) beside it in NNNNNN.env
# (one "from ADDR" line, one "to ADDR" line per recipient). Files appear
# atomically, so counting *.eml never sees half a message.
#
#   smtp_sink.py --port PORT --dir DIR [--refuse CODE]
#
# --refuse 451 answers every RCPT TO with "451 4.3.0 ..." (a relay that is
# down for a while); --refuse 550 with a permanent refusal. The sink runs until
# SIGTERM or SIGINT. Needs python3-aiosmtpd (Debian).
import argparse
import itertools
import os
import signal
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory, refuse):
        self.dir = directory
        self.refuse = refuse
        self.lock = threading.Lock()
        existing = [int(n[:-4]) for n in os.listdir(directory)
                    if n.endswith(".eml") and n[:-4].isdigit()]
        self.seq = itertools.count(max(existing, default=0) + 1)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            if self.refuse >= 500:
                return "%d 5.7.1 Refused by the test sink" % self.refuse
            return "%d 4.3.0 The test sink is refusing mail for now" % self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            n = next(self.seq)
        base = os.path.join(self.dir, "%06d" % n)
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        env = "from %s\n" % envelope.mail_from
        env += "".join("to %s\n" % r for r in envelope.rcpt_tos)
        with open(base + ".env.tmp", "w") as f:
            f.write(env)
        os.rename(base + ".env.tmp", base + ".env")
        with open(base + ".eml.tmp", "wb") as f:
            f.write(data)
        os.rename(base + ".eml.tmp", base + ".eml")
        return "250 2.0.0 Stored as %06d" % n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--refuse", type=int, default=0)
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)

    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    controller = Controller(Sink(args.dir, args.refuse), hostname="127.0.0.1",
                            port=args.port, decode_data=False,
                            enable_SMTPUTF8=False)
    controller.start()
    try:
        done.wait()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
