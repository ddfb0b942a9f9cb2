"""Group commit for the PostgreSQL store: the writes a process has queued share one transaction.

A commit waits for its WAL flush (synchronous_commit on: ~2-10 ms on this kind of disk), and an
append holds its session's row lock until then (store/postgres/schema.py), so one write per
transaction would serialise a busy session at one flush per message. ``Committer`` runs in each
process: its lanes take every write queued so far (up to ``max_batch``), run them one after
another in one transaction on one connection, and COMMIT once; every caller's future resolves
after that COMMIT, so a resolved write is durable, as before.

A job that fails, or a batch that fails as a whole (a deadlock with another process, a lost
connection), rolls the batch back and its jobs are run again one transaction each, so each
caller gets its own outcome and no job's failure touches another's write (the SQLite writer's
rule, store/sqlite/writer.py). Jobs are functions of a transaction (``fn(tx)``) that may run more
than once, and only the committed run counts.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from store.errors import Conflict

RETRIES = 5


class Committer:
    def __init__(self, pool, *, lanes: int = 2, max_batch: int = 128):
        self._pool = pool
        self._max_batch = max_batch
        self._queue: list[tuple[Callable, asyncio.Future]] = []
        self._ready = asyncio.Event()
        self.commit_sizes: dict[int, int] = {}  # power-of-two bucket of a group's jobs -> groups
        self.committed_jobs = 0
        self._lanes = [asyncio.create_task(self._lane()) for _ in range(lanes)]

    @property
    def queue_depth(self) -> int:
        return len(self._queue)

    def _count(self, jobs: int) -> None:
        self.committed_jobs += jobs
        bucket = 1 << (jobs - 1).bit_length()
        self.commit_sizes[bucket] = self.commit_sizes.get(bucket, 0) + 1

    def submit(self, fn: Callable[[object], Awaitable]) -> asyncio.Future:
        future = asyncio.get_running_loop().create_future()
        self._queue.append((fn, future))
        self._ready.set()
        return future

    async def close(self) -> None:
        while self._queue:
            await asyncio.sleep(0.001)
        for lane in self._lanes:
            lane.cancel()
        await asyncio.gather(*self._lanes, return_exceptions=True)

    async def _lane(self) -> None:
        while True:
            await self._ready.wait()
            batch = self._queue[: self._max_batch]
            del self._queue[: len(batch)]
            if not self._queue:
                self._ready.clear()
            if batch:
                await self._run(batch)

    async def _run(self, batch: list) -> None:
        from store.postgres.base import Tx

        if len(batch) > 1:
            try:
                results = []
                async with self._pool.acquire() as conn:
                    async with conn.transaction():
                        tx = Tx(conn)
                        for fn, _ in batch:
                            results.append(await fn(tx))
            except Exception:  # noqa: BLE001 - each job learns its own outcome below
                pass
            else:
                self._count(len(batch))
                for (_, future), result in zip(batch, results):
                    if not future.done():
                        future.set_result(result)
                return
        for fn, future in batch:
            try:
                result = await alone(self._pool, fn)
            except BaseException as exc:  # noqa: BLE001 - handed to the caller
                if not future.done():
                    future.set_exception(exc)
            else:
                self._count(1)
                if not future.done():
                    future.set_result(result)


async def alone(pool, fn):
    """``fn`` in a transaction of its own, run again when PostgreSQL picks it as a deadlock
    victim; a unique violation is a Conflict."""
    import asyncpg

    from store.postgres.base import Tx

    for attempt in range(RETRIES):
        try:
            async with pool.acquire() as conn:
                async with conn.transaction():
                    return await fn(Tx(conn))
        except (asyncpg.DeadlockDetectedError, asyncpg.SerializationError):
            if attempt == RETRIES - 1:
                raise
        except asyncpg.UniqueViolationError as exc:
            raise Conflict("record", "", exc.detail or "a record with this key already exists") from None
