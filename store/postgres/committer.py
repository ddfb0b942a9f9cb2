"""Group commit for the PostgreSQL store: the writes a process has queued share one transaction.

A commit waits for its WAL flush (synchronous_commit on: ~2-10 ms on this kind of disk), and an
append holds its session's row lock until then (store/postgres/schema.py), so one write per
transaction would serialise a busy session at one flush per message. ``Committer`` runs in each
process: its lanes take every write queued so far (up to ``max_batch``), run them in one
transaction on one connection, and COMMIT once; every caller's future resolves after that
COMMIT, so a resolved write is durable, as before.

Jobs are functions of a transaction (``fn(tx)``) that may run more than once, and only the
committed run counts. A ``Statement`` job is one SQL statement, and the queued statements with
the same ``key`` run as one (``Statement.together``: the appends to one session become one
``rosetta_append`` call, one seq allocation, one multi-row insert). Every job of a batch was
queued before the batch began and none had answered, so running them in any order is an order
in which they could have arrived; merged statements run in key order (one lock order across
processes) after the other jobs, which keep theirs. A batch that is a single statement, merged
or not, runs in autocommit: one round trip, no BEGIN or COMMIT.

A job that fails, or a batch that fails as a whole (a deadlock with another process), rolls the
batch back and its jobs are run again one transaction each, so each caller gets its own outcome
and no job's failure touches another's write (the SQLite writer's rule, store/sqlite/writer.py).
A batch whose connection was lost mid-way is not run again: its COMMIT may have reached the
server before the link broke, and a second run would write its messages twice; every caller of
that batch gets the failure (a 503) and none was acknowledged.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable

from store.errors import Conflict
from store.postgres.faults import in_doubt

RETRIES = 5


class Statement:
    """A write that is one SQL statement, and that may run together with the other queued
    statements of its class and ``key`` as one statement."""

    key: Hashable

    async def __call__(self, tx) -> object:
        return (await self.together(tx, [self]))[0]

    @classmethod
    async def together(cls, tx, jobs: list[Statement]) -> list:
        """Run ``jobs`` (same class and key, in queue order) as one statement; each one's result."""
        raise NotImplementedError


Entry = tuple[Callable, asyncio.Future]


def steps(batch: list[Entry]) -> list[list[Entry]]:
    """The batch as the steps its transaction runs: each plain job alone, in queue order, then
    each group of statements with one class and key, in key order."""
    plain: list[list[Entry]] = []
    groups: dict[tuple, list[Entry]] = {}
    for entry in batch:
        fn = entry[0]
        if isinstance(fn, Statement):
            groups.setdefault((type(fn).__qualname__, fn.key), []).append(entry)
        else:
            plain.append([entry])
    return plain + [groups[k] for k in sorted(groups, key=repr)]


async def run_step(tx, step: list[Entry]) -> list:
    first = step[0][0]
    if len(step) == 1:
        return [await first(tx)]
    return await type(first).together(tx, [fn for fn, _ in step])


class Committer:
    def __init__(self, pool, *, lanes: int = 2, max_batch: int = 128):
        self._pool = pool
        self._max_batch = max_batch
        self._queue: list[Entry] = []
        self._ready = asyncio.Event()
        self.commit_sizes: dict[int, int] = {}  # power-of-two bucket of a group's jobs -> groups
        self.committed_jobs = 0
        self._closing = False
        self._running = 0  # lanes running a batch
        self._lanes = [asyncio.create_task(self._lane()) for _ in range(lanes)]

    @property
    def queue_depth(self) -> int:
        return len(self._queue)

    def _count(self, jobs: int) -> None:
        self.committed_jobs += jobs
        bucket = 1 << (jobs - 1).bit_length()
        self.commit_sizes[bucket] = self.commit_sizes.get(bucket, 0) + 1

    def submit(self, fn: Callable[[object], Awaitable]) -> asyncio.Future:
        if self._closing:  # a 503, as the pool's refusal once it is closed
            raise ConnectionError("the PostgreSQL store is closed")
        future = asyncio.get_running_loop().create_future()
        self._queue.append((fn, future))
        self._ready.set()
        return future

    async def close(self) -> None:
        """Run what is queued, and refuse what comes after (a writer that goes on writing kept
        the queue from ever emptying, and the close from ever ending); the lanes are stopped
        once none runs a batch (one stopped mid-batch left its callers waiting for ever)."""
        self._closing = True
        while self._queue or self._running:
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
                self._running += 1
                try:
                    await self._run(batch)
                finally:
                    self._running -= 1

    async def _run(self, batch: list[Entry]) -> None:
        if len(batch) > 1:
            try:
                ordered, results = await self._together(steps(batch))
            except Exception as exc:  # noqa: BLE001 - each job learns its own outcome below
                if in_doubt(exc):  # it may have committed: running the jobs again could write
                    fail(batch, exc)  # them twice, so each caller learns the write is unknown
                    return
            else:
                self._count(len(batch))
                for (_, future), result in zip(ordered, results):
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

    async def _together(self, plan: list[list[Entry]]) -> tuple[list[Entry], list]:
        """Every step of ``plan`` committed at once: (entries, results) in the order they ran."""
        from store.postgres.base import Tx

        ordered = [entry for step in plan for entry in step]
        results: list = []
        async with self._pool.acquire() as conn:
            tx = Tx(conn)
            if len(plan) == 1 and isinstance(plan[0][0][0], Statement):
                return ordered, await run_step(tx, plan[0])  # one statement commits itself
            async with conn.transaction():
                for step in plan:
                    results += await run_step(tx, step)
        return ordered, results


def fail(batch: list[Entry], exc: BaseException) -> None:
    for _, future in batch:
        if not future.done():
            future.set_exception(exc)


async def alone(pool, fn, attempts: int = RETRIES):
    """``fn`` in a transaction of its own (a ``Statement`` is one already), run again (up to
    ``attempts`` runs in all) when PostgreSQL picks it as a deadlock victim; a unique violation
    is a Conflict."""
    import asyncpg

    from store.postgres.base import Tx

    for attempt in range(attempts):
        try:
            async with pool.acquire() as conn:
                if isinstance(fn, Statement):
                    return await fn(Tx(conn))
                async with conn.transaction():
                    return await fn(Tx(conn))
        except (asyncpg.DeadlockDetectedError, asyncpg.SerializationError):
            if attempt == attempts - 1:
                raise
        except asyncpg.UniqueViolationError as exc:
            raise Conflict("record", "", exc.detail or "a record with this key already exists") from None
