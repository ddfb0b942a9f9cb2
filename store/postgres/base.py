"""Plumbing shared by the PostgreSQL store's operation mixins.

SQL is written with ``?`` placeholders (as the SQLite store's is) and numbered ``$n`` once per
distinct text (``numbered``). Reads run on any pooled connection in autocommit; writes go
through the process's group committer (``_write``, store/postgres/committer.py). A write
returns only after COMMIT, which waits for the WAL flush (synchronous_commit on). A read or
write that loses its connection, or finds the database unreachable, raises ``Unavailable``
(store/postgres/faults.py ``lost``), logged once per ``LOG_EVERY`` seconds at most.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from functools import lru_cache

from store.errors import Unavailable
from store.model import Page
from store.paging import Listing
from store.postgres.faults import lost
from store.postgres.order import compile_order
from store.postgres.where import compile_filter

log = logging.getLogger("rosetta")
LOG_EVERY = 10.0  # a failover fails every query in flight: one log line says it


@lru_cache(maxsize=4096)
def numbered(sql: str) -> str:
    """``?`` placeholders as ``$1, $2, ...`` (our SQL has no ``?`` inside literals)."""
    parts = sql.split("?")
    out = [parts[0]]
    for n, part in enumerate(parts[1:], start=1):
        out.append(f"${n}{part}")
    return "".join(out)


def bound(params) -> list:
    """Parameters PostgreSQL can take: text cannot hold NUL, so a NUL in a string (a lookup by a
    name no record can have, or a name being written) becomes U+FFFD; message content has its
    NULs dropped before this (store/postgres/messages.py ``text``)."""
    out = list(params)
    for i, value in enumerate(out):
        if type(value) is str:
            if "\x00" in value:
                out[i] = value.replace("\x00", "\ufffd")
        elif type(value) is list and value and any(type(v) is str and "\x00" in v for v in value):
            out[i] = [v.replace("\x00", "\ufffd") if type(v) is str else v for v in value]
    return out


class Tx:
    """A write transaction's connection, with the ``?`` SQL helpers the operations use."""

    __slots__ = ("conn",)

    def __init__(self, conn):
        self.conn = conn

    async def rows(self, sql: str, params=()) -> list:
        return await self.conn.fetch(numbered(sql), *bound(params))

    async def row(self, sql: str, params=()):
        return await self.conn.fetchrow(numbered(sql), *bound(params))

    async def value(self, sql: str, params=()):
        return await self.conn.fetchval(numbered(sql), *bound(params))

    async def execute(self, sql: str, params=()) -> str:
        return await self.conn.execute(numbered(sql), *bound(params))

    async def many(self, sql: str, rows: list) -> None:
        await self.conn.executemany(numbered(sql), [bound(r) for r in rows])


class Base:
    _pool: object
    url: str
    _logged_at: dict[str, float]  # Unavailable.kind -> when a failure of that kind was last logged

    def _unavailable(self, exc: BaseException) -> Unavailable | None:
        """The ``Unavailable`` to raise instead of ``exc`` (None: re-raise ``exc`` itself). Each
        kind of failure is logged once per LOG_EVERY seconds: a lost connection, and a database
        that cannot be reached (the pool's connect raises that ``Unavailable`` itself), so an
        outage that lasts shows in the log as such."""
        failure = lost(exc, self.url)
        if failure is None:
            return None
        now = time.monotonic()
        if now - self._logged_at.get(failure.kind, -LOG_EVERY) >= LOG_EVERY:
            self._logged_at[failure.kind] = now
            log.warning("rosetta: %s (the pool reconnects; requests it fails are answered 503)", failure)
        return None if failure is exc else failure

    async def _write(self, fn: Callable[[Tx], Awaitable]):
        """Run ``fn(tx)`` in a write transaction (shared with the other writes queued in this
        process: store/postgres/committer.py); returns once it is committed."""
        return await self._guarded(self._committer.submit, fn)

    async def _rows(self, sql: str, params=()) -> list:
        return await self._guarded(self._pool.fetch, numbered(sql), *bound(params))

    async def _row(self, sql: str, params=()):
        return await self._guarded(self._pool.fetchrow, numbered(sql), *bound(params))

    _one = _row  # the shared reads' point lookup (store/reads.py)

    _compile_order = staticmethod(compile_order)

    async def _guarded(self, call: Callable[..., Awaitable], *args):
        """``await call(*args)``; a lost or unreachable database raises ``Unavailable`` (also
        when ``call`` refuses at once, as a closed committer does)."""
        try:
            return await call(*args)
        except Exception as exc:
            if (failure := self._unavailable(exc)) is None:
                raise
            raise failure from exc

    async def _page(self, *, decode: Callable, counted: bool = True, **listing) -> Page:
        """As the SQLite store's ``_page`` (store/sqlite/base.py). The order terms are never NULL
        (store/postgres/order.py makes nullable ones so), so a plain ASC/DESC walks an index."""
        spec = Listing(**listing)
        (select, params), counting = spec.queries(compile_filter)
        rows = await self._rows(select, params)
        total = spec.shown_total(len(rows))
        if total is None and counted:
            total = (await self._row(*counting))[0]
        return Page(items=[decode(r) for r in rows], total=total)
