#!/usr/bin/env python3
"""A real SMTP server on 127.0.0.1 that keeps every message it accepts, for the sending tests.

Uses aiosmtpd (PyPI): `pip install aiosmtpd`. Each accepted message is written to DIR as
NNNN.eml (the raw message as received, envelope in X-Envelope-* headers first).

    python3 scripts/smtp-sink.py --dir DIR [--port 0] [--auth USER:PASS] [--starttls CERT KEY] [--delay-after-data S]

Prints "ready PORT" once listening, then serves until killed. With --auth, AUTH PLAIN/LOGIN
is required before MAIL; with --starttls, STARTTLS is offered and required before AUTH.
"""
import argparse
import asyncio
import os
import socket
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, directory, delay):
        self.directory = directory
        self.delay = delay
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        path = os.path.join(self.directory, "%04d.eml" % self.count)
        header = "X-Envelope-From: %s\r\nX-Envelope-To: %s\r\n" % (envelope.mail_from, ",".join(envelope.rcpt_tos))
        with open(path + ".part", "wb") as out:
            out.write(header.encode() + envelope.original_content)
        os.rename(path + ".part", path)
        if self.delay:
            await asyncio.sleep(self.delay)  # stored, but the client hears nothing yet
        return "250 OK stored %04d" % self.count


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--auth")
    parser.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--delay-after-data", type=float, default=0, help="seconds to wait before answering the end of DATA")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)

    port = args.port
    if port == 0:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]

    options = {}
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password
            return AuthResult(success=ok, handled=False)

        options.update(authenticator=authenticator, auth_required=True, auth_require_tls=bool(args.starttls))
    if args.starttls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.starttls[0], args.starttls[1])
        options.update(tls_context=context, require_starttls=True)

    controller = Controller(Sink(args.dir, args.delay_after_data), hostname="127.0.0.1", port=port, **options)
    controller.start()
    print("ready %d" % port, flush=True)
    try:
        asyncio.get_event_loop().run_forever()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    sys.exit(main())
