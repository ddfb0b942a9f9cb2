"""PostgreSQL URLs and the connection pool: what to open, and a one-line reason when it fails."""

from __future__ import annotations

import asyncio
from urllib.parse import unquote, urlsplit

from store.errors import Unavailable
from store.postgres.pool import Pool

SCHEMES = ("postgresql", "postgres")
POOL_MIN, POOL_MAX = 2, 16
# Every commit waits for its WAL flush, whatever the server's default: no acknowledged write
# is lost to a crash of the database (docs/contract.md durability; README "Durability").
SERVER_SETTINGS = {"synchronous_commit": "on", "application_name": "rosetta"}


def is_url(db: str) -> bool:
    return db.split("://", 1)[0].lower() in SCHEMES and "://" in db


def where(url: str) -> str:
    """``database NAME on HOST:PORT``, for messages (never the password)."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname or "localhost", parts.port or 5432
    except ValueError:
        return f"database at {redact(url)}"
    name = unquote(parts.path.lstrip("/")) or parts.username or "postgres"
    return f"database {name} on {host}:{port}"


def redact(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    userinfo, at, hostpart = rest.rpartition("@")
    if at and ":" in userinfo:
        return f"{scheme}{sep}{userinfo.split(':', 1)[0]}:***@{hostpart}"
    return url


def _reason(exc: BaseException) -> str:
    import asyncpg

    if isinstance(exc, asyncpg.InvalidCatalogNameError):
        return "it does not exist"
    if isinstance(exc, asyncpg.InvalidAuthorizationSpecificationError | asyncpg.InvalidPasswordError):
        return f"authentication failed ({str(exc).splitlines()[0]})"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, asyncio.TimeoutError | TimeoutError):
        return "timed out connecting"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text


async def open_pool(url: str, *, min_size: int = POOL_MIN, max_size: int = POOL_MAX) -> Pool:
    """A pool (store/postgres/pool.py) on ``url`` with ``min_size`` connections open; Unavailable
    (one line naming host and database) when the URL is malformed, the server refuses or times
    out, or the database is missing."""
    import asyncpg

    from store.postgres.faults import Unreachable, connector

    def connect():
        return connector(url)(url, timeout=10, server_settings=SERVER_SETTINGS, command_timeout=None)

    try:
        urlsplit(url).port  # noqa: B018 - raises ValueError on a bad port
        return await Pool(connect, min_size=min_size, max_size=max_size).open()
    except Unreachable as exc:
        raise Unavailable("closed", where(url), f"cannot open PostgreSQL {where(url)}: {exc.reason}") from None
    except (OSError, asyncio.TimeoutError, ValueError, asyncpg.PostgresError,
            asyncpg.InterfaceError) as exc:
        raise Unavailable("closed", where(url), f"cannot open PostgreSQL {where(url)}: {_reason(exc)}") from None
