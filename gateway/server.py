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
    if not 0 <= port <= 65535:
        raise StartupError(f"cannot listen on {host}:{port}: a port is 0-65535")
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


def run(settings: Settings, *, freeze_gc: bool = True, workers: int = 1) -> int:
    import uvicorn

    from gateway.app import build_app
    from gateway.logs import uvicorn_config
    from store.postgres.connection import is_url

    sock = listen(settings.host, settings.port)
    if is_url(settings.db):
        try:
            return _run_shared(settings, sock, workers, freeze_gc)
        finally:
            sock.close()
    try:
        store = asyncio.run(open_store(settings))
    except BaseException:
        sock.close()
        raise
    try:
        if not settings.auth_enabled and not is_loopback(settings.host):
            log.warning("rosetta: warning: listening on %s with auth off: anyone who reaches this "
                        "port can read and write every workspace (give --api-key)", settings.host)
        log.info("rosetta: listening on http://%s:%d", settings.host, sock.getsockname()[1])
        config = uvicorn.Config(
            build_app(settings, store, freeze_gc=freeze_gc), loop="uvloop", http="httptools",
            workers=1, access_log=False, log_level=settings.log_level, log_config=uvicorn_config(),
            lifespan="on", timeout_graceful_shutdown=GRACE,
        )
        with _terminated() as caught:
            uvicorn.Server(config).run(sockets=[sock])
    finally:
        asyncio.run(store.close())
        sock.close()
    if caught:  # end the way a SIGTERM ends a process, now that the store is closed
        signal.raise_signal(signal.SIGTERM)
    return 0


def _run_shared(settings: Settings, sock: socket.socket, workers: int, freeze_gc: bool) -> int:
    """A PostgreSQL store, served by ``workers`` processes on the bound socket. The store is
    opened (connected, migrated) and closed here first, so a bad URL or an unreachable database
    is a StartupError before any worker starts; each worker then opens its own pool in its
    app's lifespan, on its own event loop (an asyncpg pool belongs to the loop that made it)."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from gateway import workers as shared
    from gateway.app import build_app
    from gateway.logs import uvicorn_config

    try:
        shared.prepare(settings.db)
    except Unavailable as exc:
        raise StartupError(str(exc)) from None
    log.info("rosetta: listening on http://%s:%d (%d worker%s)", settings.host,
             sock.getsockname()[1], workers, "" if workers == 1 else "s")
    options = dict(loop="uvloop", http="httptools", access_log=False, log_level=settings.log_level,
                   log_config=uvicorn_config(), lifespan="on", timeout_graceful_shutdown=GRACE)
    if workers == 1:
        uvicorn.Server(uvicorn.Config(build_app(settings, freeze_gc=freeze_gc), **options)).run(sockets=[sock])
        return 0
    config = uvicorn.Config(shared.factory(settings), factory=True, workers=workers, **options)
    Multiprocess(config, sockets=[sock]).run()
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
