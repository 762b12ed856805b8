"""A real SMTP server for Vigie's tests: aiosmtpd (from PyPI) on loopback.

Modes: plain, starttls (STARTTLS required before AUTH), tls (implicit TLS). Every message
received is saved as N.eml (the raw bytes) and N.json (envelope and login) in --out.
Prints "READY <port>" once listening; stops on SIGTERM.
"""

import argparse
import asyncio
import json
import signal
import socket
import ssl
import sys
import threading
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Recorder:
    def __init__(self, out: Path, delay: float, reject: str):
        self.out = out
        self.delay = delay
        self.reject = reject
        self.count = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject and address.startswith(self.reject):
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.count += 1
            n = self.count
        login = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None
        (self.out / f"{n:06}.eml").write_bytes(envelope.original_content or envelope.content)
        tls = session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None
        meta = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, "login": login, "tls": tls}
        # Written then renamed, so a reader never sees half a file.
        tmp = self.out / f"{n:06}.json.tmp"
        tmp.write_text(json.dumps(meta))
        tmp.rename(self.out / f"{n:06}.json")
        return "250 2.0.0 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--mode", choices=["plain", "starttls", "tls"], default="plain")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--out", required=True)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--delay-ms", type=int, default=0)
    p.add_argument("--reject-prefix", default="")
    args = p.parse_args()

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    port = args.port or free_port()

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login.decode() == args.user
              and auth_data.password.decode() == args.password)
        return AuthResult(success=ok, handled=False, auth_data=auth_data)

    tls_context = None
    if args.mode in ("starttls", "tls"):
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(args.cert, args.key)

    kwargs = dict(hostname="127.0.0.1", port=port, server_hostname="localhost")
    server_kwargs = {}
    if args.user:
        # With implicit TLS the whole session is encrypted, but aiosmtpd only knows of STARTTLS.
        server_kwargs.update(authenticator=authenticator, auth_required=True,
                             auth_require_tls=args.mode == "starttls")
    if args.mode == "starttls":
        server_kwargs.update(tls_context=tls_context, require_starttls=True)
    elif args.mode == "tls":
        kwargs["ssl_context"] = tls_context
    controller = Controller(Recorder(out, args.delay_ms / 1000, args.reject_prefix),
                            server_kwargs=server_kwargs, **kwargs)
    controller.start()
    print(f"READY {port}", flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    sys.exit(main())
