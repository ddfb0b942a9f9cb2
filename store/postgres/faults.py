"""What a failure to reach PostgreSQL is, once serving: ``Unavailable`` (the gateway answers 503
in the request's dialect), never an asyncpg error (a 500). A connection that cannot be made
(refused, timed out, the database dropped or not accepting connections) is kind "unreachable";
a connection lost in the middle of a query (terminated by the server, a failover, a reset
socket) is kind "lost". The pool replaces lost connections by itself. (store/sqlite/faults.py
is the SQLite store's counterpart.)
"""

from __future__ import annotations

import asyncio

from store.errors import Unavailable
from store.postgres.connection import _reason, where


class Unreachable(Unavailable):
    """The pool could not make a connection; ``reason`` says why, in a few words."""

    def __init__(self, url: str, reason: str):
        super().__init__("unreachable", where(url), f"cannot reach PostgreSQL {where(url)}: {reason}")
        self.reason = reason


def connector(url: str):
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


def in_doubt(exc: BaseException) -> bool:
    """Whether a write that failed with ``exc`` may have committed all the same: the connection
    was lost while the statement or its COMMIT was on the wire, so the server may have applied
    it before the reply was lost. (A connection never made is no doubt: nothing was sent.)"""
    if isinstance(exc, Unreachable):
        return False
    return _lost_reason(exc) is not None
