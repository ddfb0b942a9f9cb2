"""The PostgreSQL store's connections: at most ``max_size`` to one database, handed out in turn.

asyncpg's own pool costs about as much client CPU per query as the query itself (measured on
this 2-core machine, 32 tasks over 16 connections, ``SELECT $1``: 150 us of CPU per query through
``asyncpg.Pool.fetchrow`` against 70-85 us here): each acquire and release goes through an
``asyncio.Queue``, a timeout, a shielded task and a reset query or callback. A read here takes an
idle connection from a list and puts it back with no await; a caller that finds none waits for
the next one released (first come, first served), or opens one while fewer than ``max_size``
are open.

A connection goes back idle only when it is clean: not in a transaction (a leftover transaction
is rolled back first) and not in the middle of an operation (one interrupted by a timeout or a
cancellation is closed instead, as is one the server or the network closed); an idle slot it
leaves is refilled for a waiting caller.
"""

from __future__ import annotations

import asyncio
import collections
from collections.abc import Awaitable, Callable

# What leaves a connection mid-operation (asyncpg cancels the query, or the link is gone): it is
# closed rather than reused, as after an asyncpg InterfaceError. Any other error (the server's,
# or ours raised inside a lease) leaves it usable.
INTERRUPTED = (asyncio.CancelledError, TimeoutError, OSError)


class Pool:
    def __init__(self, connect: Callable[[], Awaitable[object]], *, min_size: int, max_size: int):
        self._connect = connect
        self._min_size = min_size
        self._max_size = max_size
        self._idle: list = []
        self._open = 0  # connections open or being opened
        self._waiters: collections.deque[asyncio.Future] = collections.deque()
        self._leased: set = set()
        self._closing: set[asyncio.Future] = set()  # closes of connections given back after close()
        self._closed = False

    async def open(self) -> "Pool":
        for _ in range(self._min_size):
            self._open += 1
            try:
                self._idle.append(await self._connect())
            except BaseException:
                self._open -= 1
                await self.close()
                raise
        return self

    def acquire(self) -> "_Lease":
        """``async with pool.acquire() as conn``: a connection of one's own until the block ends."""
        return _Lease(self)

    async def fetch(self, sql: str, *args) -> list:
        return await self._query(lambda conn: conn.fetch(sql, *args))

    async def fetchrow(self, sql: str, *args):
        return await self._query(lambda conn: conn.fetchrow(sql, *args))

    async def fetchval(self, sql: str, *args):
        return await self._query(lambda conn: conn.fetchval(sql, *args))

    async def _query(self, run: Callable[[object], Awaitable]):
        """``run(conn)`` on a connection of the pool's, given back clean or dropped."""
        conn = await self._take()
        try:
            result = await run(conn)
        except BaseException as exc:
            await self._put(conn, exc)
            raise
        self._give(conn)
        return result

    async def close(self) -> None:
        """Close every idle connection now and each leased one as it comes back (or after 10 s)."""
        self._closed = True
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_exception(ConnectionError("the PostgreSQL store is closed"))
        idle, self._idle = self._idle, []
        await asyncio.gather(*(conn.close(timeout=5) for conn in idle), return_exceptions=True)
        for _ in range(1000):
            if not self._leased:
                break
            await asyncio.sleep(0.01)
        for conn in list(self._leased):
            conn.terminate()
        await asyncio.gather(*self._closing, return_exceptions=True)

    def _idle_connection(self):
        """An idle connection still open, or None; one the server or the network closed while
        it sat idle (a terminated backend, a failover) is dropped on the way."""
        while self._idle:
            conn = self._idle.pop()
            if not conn.is_closed():
                return conn
            self._open -= 1
            conn.terminate()
        return None

    async def _take(self):
        conn = self._idle_connection()
        if conn is not None:
            pass
        elif self._closed:
            raise ConnectionError("the PostgreSQL store is closed")
        elif self._open < self._max_size:
            self._open += 1
            try:
                conn = await self._connect()
            except BaseException:
                self._open -= 1
                raise
        else:
            waiter = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            try:
                conn = await waiter
            except asyncio.CancelledError:
                if waiter.done() and not waiter.cancelled():  # handed over as we were cancelled
                    self._give(waiter.result())
                raise
        self._leased.add(conn)
        return conn

    def _give(self, conn) -> None:
        """A clean connection back: to the first caller waiting, else idle."""
        self._leased.discard(conn)
        if self._closed:
            self._open -= 1
            self._closing.add(asyncio.ensure_future(conn.close(timeout=5)))
            return
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                self._leased.add(conn)
                waiter.set_result(conn)
                return
        self._idle.append(conn)

    async def _put(self, conn, exc: BaseException | None) -> None:
        """A connection back after use that may have left it unclean (an error, a transaction)."""
        import asyncpg

        clean = not conn.is_closed() and not isinstance(exc, (*INTERRUPTED, asyncpg.InterfaceError))
        if clean and conn.is_in_transaction():
            try:
                await conn.execute("ROLLBACK")
            except BaseException:  # noqa: BLE001 - the connection is dropped below
                clean = False
        if clean:
            self._give(conn)
            return
        self._leased.discard(conn)
        self._open -= 1
        conn.terminate()
        if self._waiters and not self._closed:
            asyncio.ensure_future(self._refill())

    async def _refill(self) -> None:
        """A new connection for the caller waiting first, in place of one dropped."""
        self._open += 1
        try:
            conn = await self._connect()
        except BaseException as exc:  # noqa: BLE001 - handed to a waiting caller
            self._open -= 1
            while self._waiters:
                waiter = self._waiters.popleft()
                if not waiter.done():
                    waiter.set_exception(exc)
                    return
            return
        self._leased.add(conn)
        self._give(conn)


class _Lease:
    __slots__ = ("_pool", "_conn")

    def __init__(self, pool: Pool):
        self._pool = pool
        self._conn = None

    async def __aenter__(self):
        self._conn = await self._pool._take()
        return self._conn

    async def __aexit__(self, kind, exc, tb) -> None:
        conn, self._conn = self._conn, None
        await self._pool._put(conn, exc)
