"""PostgreSQL URLs and the connection pool: what to open, and a one-line reason when it fails.

Once serving, a database that cannot be reached is ``Unavailable`` (the gateway answers 503 in
the request's dialect), never an asyncpg error (a 500): a connection the pool cannot make
(refused, timed out, the database dropped or not accepting connections) is kind
"unreachable"; a connection lost in the middle of a query (terminated by the server, a
failover, a reset socket) is kind "lost". The pool replaces lost connections by itself.
"""

from __future__ import annotations

import asyncio
from urllib.parse import unquote, urlsplit

from store.errors import Unavailable

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


class Unreachable(Unavailable):
    """The pool could not make a connection; ``reason`` says why, in a few words."""

    def __init__(self, url: str, reason: str):
        super().__init__("unreachable", where(url), f"cannot reach PostgreSQL {where(url)}: {reason}")
        self.reason = reason


def _connector(url: str):
    """asyncpg's connect, for the pool: a failure to connect is ``Unreachable``."""
    async def connect(*args, **kwargs):
        import asyncpg

        try:
            return await asyncpg.connect(*args, **kwargs)
        except (OSError, asyncio.TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            raise Unreachable(url, _reason(exc)) from None

    return connect


def _chain(exc: BaseException | None) -> list[BaseException]:
    """``exc`` and the errors it was raised from or while handling."""
    found = []
    while exc is not None and len(found) < 8:
        found.append(exc)
        exc = exc.__cause__ or exc.__context__
    return found


def _lost_reason(exc: BaseException) -> str | None:
    """Why the connection is gone, when ``exc`` (or an error it came from) says it is."""
    import asyncpg

    chain = _chain(exc)
    for e in chain:
        if isinstance(e, asyncpg.PostgresConnectionError | asyncpg.OperatorInterventionError
                      | OSError | asyncio.TimeoutError):
            return (str(e).splitlines() or [""])[0] or type(e).__name__
    for e in chain:
        if isinstance(e, asyncpg.InternalClientError):  # the server's FATAL reached an idle
            return "the server ended the connection"   # connection: its protocol is out of step
        if isinstance(e, asyncpg.InterfaceError) and not isinstance(e, asyncpg.DataError) and "closed" in str(e):
            return "the connection is closed"
    return None


def lost(exc: BaseException, url: str) -> Unavailable | None:
    """The ``Unavailable`` a failure during a query means (``exc`` itself when it already is
    one), or None when the failure is not about reaching the database (a bug, a constraint)."""
    if isinstance(exc, Unavailable):
        return exc
    refused = next((e for e in _chain(exc) if _refused_connection(e)), None)
    if refused is not None:  # whichever pool made the connection, this is why it could not
        return Unreachable(url, _reason(refused))
    reason = _lost_reason(exc)
    if reason is None:
        return None
    return Unavailable("lost", where(url), f"lost the connection to PostgreSQL {where(url)}: {reason}")


def _refused_connection(exc: BaseException) -> bool:
    """An error only connecting can raise: the database missing, authentication, too many
    connections, a database that does not accept connections now."""
    import asyncpg

    if isinstance(exc, asyncpg.InvalidCatalogNameError | asyncpg.InvalidAuthorizationSpecificationError
                  | asyncpg.InvalidPasswordError | asyncpg.TooManyConnectionsError):
        return True
    return type(exc) is asyncpg.ObjectNotInPrerequisiteStateError and "accepting connections" in str(exc)


async def _reset(conn) -> None:
    """What a connection needs before it goes back to the pool: nothing, unless a transaction
    was left open. asyncpg's default reset runs a query (RESET ALL, UNLISTEN *, CLOSE ALL, ...)
    on every release, one more round trip per read; the store sets nothing those undo (only
    transaction-scoped advisory locks, no LISTEN, no session SET, cursors inside transactions)."""
    if conn.is_in_transaction():
        await conn.execute("ROLLBACK")


async def open_pool(url: str, *, min_size: int = POOL_MIN, max_size: int = POOL_MAX):
    """An asyncpg pool on ``url``; Unavailable (one line naming host and database) when the URL
    is malformed, the server refuses or times out, or the database is missing."""
    import asyncpg

    try:
        urlsplit(url).port  # noqa: B018 - raises ValueError on a bad port
        return await asyncpg.create_pool(
            url, min_size=min_size, max_size=max_size, timeout=10, connect=_connector(url),
            server_settings=SERVER_SETTINGS, command_timeout=None, reset=_reset,
        )
    except Unreachable as exc:
        raise Unavailable("closed", where(url), f"cannot open PostgreSQL {where(url)}: {exc.reason}") from None
    except (OSError, asyncio.TimeoutError, ValueError, asyncpg.PostgresError,
            asyncpg.InterfaceError) as exc:
        raise Unavailable("closed", where(url), f"cannot open PostgreSQL {where(url)}: {_reason(exc)}") from None
