"""Starting ``rosetta serve``: bind the port, open the store, then hand both to uvicorn.

Order matters for what a failure leaves behind: the socket is bound first (a busy port creates
nothing), then the store is opened (its path checked, its lock taken, one write proven), and
only then "listening on" is logged. Every start-up failure is a ``StartupError``: one line
naming the cause and the port or path (the CLI prints it, exit status 1; no traceback).

Shutting down (SIGTERM, ^C) gives open requests ``GRACE`` seconds, then the store's threads a
second each (store/sqlite/__init__.py), so the process is gone within 5 s whatever the disk does.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import signal
import socket

from gateway.settings import Settings
from store.errors import Unavailable

log = logging.getLogger("rosetta")

GRACE = 2  # seconds open requests get after SIGTERM


class StartupError(Exception):
    pass


def listen(host: str, port: int) -> socket.socket:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise StartupError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)  # connections queue from now on, and are served once start-up is done
    except OSError as exc:
        sock.close()
        raise StartupError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    return sock


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


async def open_store(settings: Settings):
    from store import open_store as opening

    try:
        return await opening(settings.db, durability=settings.durability, exclusive=True)
    except Unavailable as exc:
        raise StartupError(str(exc)) from None


def run(settings: Settings, *, freeze_gc: bool = True) -> int:
    import uvicorn

    from gateway.app import build_app
    from gateway.logs import uvicorn_config

    if not settings.auth_enabled and not is_loopback(settings.host):
        log.warning("rosetta: warning: listening on %s with auth off: anyone who reaches this port "
                    "can read and write every workspace (give --api-key)", settings.host)
    sock = listen(settings.host, settings.port)
    try:
        store = asyncio.run(open_store(settings))
    except BaseException:
        sock.close()
        raise
    try:
        log.info("rosetta: listening on http://%s:%d", settings.host, sock.getsockname()[1])
        config = uvicorn.Config(
            build_app(settings, store, freeze_gc=freeze_gc), loop="uvloop", http="httptools",
            workers=1, access_log=False, log_level=settings.log_level, log_config=uvicorn_config(),
            lifespan="on",
            timeout_graceful_shutdown=GRACE,
        )
        with _terminated() as caught:
            uvicorn.Server(config).run(sockets=[sock])
    finally:
        asyncio.run(store.close())
        sock.close()
    if caught:  # end the way a SIGTERM ends a process, now that the store is closed
        signal.raise_signal(signal.SIGTERM)
    return 0


@contextlib.contextmanager
def _terminated():
    """uvicorn stops on SIGTERM, then raises it again as it was handled before it started: by
    default that kills the process before the store is closed (no final checkpoint). Noted
    here instead, and raised again once the store is closed."""
    caught: list[int] = []
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: caught.append(signum))
    try:
        yield caught
    finally:
        signal.signal(signal.SIGTERM, previous)
