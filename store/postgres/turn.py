"""Lookups made in one turn of the event loop share one query.

A GET on PostgreSQL is one round trip, and with many clients most of its cost is per query:
the client's protocol work, the server's parse/bind/execute and the wakeups on both sides.
``TurnLookups`` collects the lookups of one kind that callers make during one turn of the loop
(the requests whose data arrived together), and a task queued behind that turn's work runs them
as one query (an ``unnest`` of the keys joined to the table) on one connection; each caller gets
its own row. A turn with one lookup runs the plain one-key query.

Read-your-writes holds as it does for a query of one's own: the query is sent after every one of
its callers asked, so after each caller's acknowledged writes (in this process or another), and
an autocommit statement's snapshot is taken when the server runs it. No result outlives its query.

Failures: a lost connection or an unreachable database fails every caller of the query (each
gets the error, which the store turns into its 503). Any other error (one key the server cannot
take, say) runs the keys again one query each, so each caller gets its own outcome, as alone.
A caller cancelled while it waits leaves: the query runs in a task of its own and the others
still get their rows.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Sequence

# (keys) -> one result per key, in key order; (key) -> its result
Many = Callable[[Sequence[Hashable]], Awaitable[list]]
One = Callable[[Hashable], Awaitable[object]]


class TurnLookups:
    def __init__(self, one: One, many: Many, *, is_lost: Callable[[BaseException], bool]):
        self._one = one
        self._many = many
        self._is_lost = is_lost
        self._pending: dict[Hashable, list[asyncio.Future]] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None  # the loop of the turn collecting
        self._running: set[asyncio.Task] = set()

    async def get(self, key: Hashable):
        """``key``'s result, looked up with the other keys asked for in this turn."""
        loop = asyncio.get_running_loop()
        if self._pending is None or self._loop is not loop:  # (or a loop that stopped mid-turn)
            self._pending, self._loop = {}, loop
            task = loop.create_task(self._flush(self._pending))  # runs after this turn's callbacks
            self._running.add(task)
            task.add_done_callback(self._running.discard)
        future = loop.create_future()
        self._pending.setdefault(key, []).append(future)
        return await future

    async def close(self) -> None:
        await asyncio.gather(*self._running, return_exceptions=True)

    async def _flush(self, pending: dict[Hashable, list[asyncio.Future]]) -> None:
        if self._pending is pending:  # later lookups start the next turn's query
            self._pending = None
        try:
            await self._answer(pending)
        finally:  # cancelled itself (the loop shutting down): no caller is left waiting
            _fail([f for waiting in pending.values() for f in waiting], asyncio.CancelledError())

    async def _answer(self, pending: dict[Hashable, list[asyncio.Future]]) -> None:
        keys = [k for k, waiting in pending.items() if any(not f.done() for f in waiting)]
        if len(keys) <= 1:
            for key in keys:
                await self._alone(key, pending[key])
            return
        try:
            results = await self._many(keys)
        except Exception as exc:  # noqa: BLE001 - handed to the callers below
            if self._is_lost(exc):
                for key in keys:
                    _fail(pending[key], exc)
                return
            for key in keys:  # each caller's own outcome, as if it had asked alone
                await self._alone(key, pending[key])
            return
        for key, result in zip(keys, results):
            for future in pending[key]:
                if not future.done():
                    future.set_result(result)

    async def _alone(self, key: Hashable, waiting: list[asyncio.Future]) -> None:
        try:
            result = await self._one(key)
        except Exception as exc:  # noqa: BLE001 - handed to the callers
            _fail(waiting, exc)
            return
        for future in waiting:
            if not future.done():
                future.set_result(result)


def _fail(waiting: list[asyncio.Future], exc: BaseException) -> None:
    for future in waiting:
        if future.done():
            continue
        if isinstance(exc, asyncio.CancelledError):  # the query's task cancelled (the loop ending)
            future.cancel()
        else:
            future.set_exception(exc)
