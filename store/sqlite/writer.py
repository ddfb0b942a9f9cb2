"""One writer thread per database, committing many queued writes in one transaction.

Callers hand a function ``fn(conn, cache)`` to ``Writer.submit``; it runs on the writer thread
inside ``SAVEPOINT`` within a shared ``BEGIN IMMEDIATE`` transaction. When the queue is drained (or
``max_batch`` jobs ran) the transaction commits and every caller's future resolves: a resolved
future means the write is committed. A job that raises is rolled back alone; a failed COMMIT fails
every job in the group. ``cache`` is a dict private to the writer thread (name -> pk lookups);
it is cleared whenever anything rolls back, so it never outlives the rows it describes.

Storage faults (a full disk, an I/O error: store/sqlite/faults.py) never end the thread. SQLite
rolls the whole transaction back by itself on those, so a job that meets one (or a COMMIT that
does) fails every job of its group with ``store.errors.Unavailable``, including those that ran
before it: their work went with the transaction, and none of them was answered yet. ``failure``
holds the last such fault until a group commits again.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from typing import Any

from store.errors import Unavailable
from store.sqlite.faults import unavailable

log = logging.getLogger("rosetta")

_STOP = object()


class _GroupLost(Exception):
    """The group's transaction is gone (SQLite rolled it back): every job of it fails."""


class _Job:
    __slots__ = ("fn", "future", "loop", "result", "error")

    def __init__(self, fn: Callable, future: asyncio.Future, loop: asyncio.AbstractEventLoop):
        self.fn = fn
        self.future = future
        self.loop = loop
        self.result: Any = None
        self.error: BaseException | None = None


def _settle(jobs: list[_Job]) -> None:
    for job in jobs:
        if job.future.cancelled():
            continue
        if job.error is not None:
            job.future.set_exception(job.error)
        else:
            job.future.set_result(job.result)


class Writer:
    """``idle(conn) -> bool``, when given, is upkeep the thread runs in small steps whenever the
    queue has stayed empty for ``idle_after`` seconds (it manages its own transaction, and returns
    whether work may remain); a job that arrives waits for one step at most. ``tick(conn)``, when
    given, runs between two groups (the first group's callers already answered) at most once
    every ``tick_every`` seconds while writes keep coming; ``after_group(conn)``, when given,
    after every group (its callers already answered). ``before_commit(conn)`` runs inside each
    group's transaction after its jobs; if it fails, the whole group fails."""

    def __init__(self, connect: Callable[[], sqlite3.Connection], max_batch: int = 256, *,
                 idle: Callable[[sqlite3.Connection], bool] | None = None,
                 idle_after: float = 0.05,
                 tick: Callable[[sqlite3.Connection], None] | None = None,
                 tick_every: float = 1.0,
                 after_group: Callable[[sqlite3.Connection], None] | None = None,
                 before_commit: Callable[[sqlite3.Connection], None] | None = None):
        self._connect = connect
        self._max_batch = max_batch
        self._idle = idle
        self._idle_after = idle_after
        self._tick = tick
        self._tick_every = tick_every
        self._ticked = 0.0
        self._after_group = after_group
        self._before_commit = before_commit
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self.commit_sizes: dict[int, int] = {}  # power-of-two bucket of a group's jobs -> groups
        self.committed_jobs = 0
        self._thread = threading.Thread(target=self._run, name="rosetta-writer", daemon=True)
        self._conn: sqlite3.Connection | None = None
        self._stopped = False
        self.cache: dict = {}
        self.failure: Unavailable | None = None  # the last storage fault, until a group commits

    def start(self) -> None:
        self._conn = self._connect()  # here, so that a file that cannot be opened fails the caller
        self._thread.start()

    def stop(self, timeout: float | None = None) -> None:
        """Finishes the jobs already queued, then ends the thread (waits ``timeout`` at most)."""
        self._stopped = True
        self._queue.put(_STOP)
        self._thread.join(timeout)

    def submit(self, fn: Callable[[sqlite3.Connection, dict], Any]) -> asyncio.Future:
        loop = asyncio.get_running_loop()
        job = _Job(fn, loop.create_future(), loop)
        if self._stopped:
            job.future.set_exception(Unavailable("closed", message="the store is shutting down"))
            return job.future
        self._queue.put(job)
        return job.future

    def _run(self) -> None:
        conn = self._conn
        wait = None  # None: block until a job; else seconds of quiet before the next idle step
        try:
            while True:
                try:
                    job = self._queue.get(timeout=wait)
                except queue.Empty:
                    wait = 0 if self._idle_step(conn) else None
                    continue
                if job is _STOP:
                    return
                batch = [job]
                stop = self._drain(batch)
                self._execute(conn, batch)
                if stop:
                    return
                if self._after_group is not None:
                    self._upkeep(conn, self._after_group)
                self._maybe_tick(conn)
                wait = None if self._idle is None else self._idle_after
        finally:
            conn.close()

    def _maybe_tick(self, conn: sqlite3.Connection) -> None:
        if self._tick is None or time.monotonic() - self._ticked < self._tick_every:
            return
        self._ticked = time.monotonic()
        self._upkeep(conn, self._tick)  # a failure waits for the next tick

    def _idle_step(self, conn: sqlite3.Connection) -> bool:
        return bool(self._upkeep(conn, self._idle))  # a failure waits for the next write

    @staticmethod
    def _upkeep(conn: sqlite3.Connection, fn: Callable):
        """Upkeep is optional: a failing step is rolled back and reported as nothing done."""
        try:
            return fn(conn)
        except Exception:  # noqa: BLE001 - upkeep never ends the thread
            _abandon(conn)
            return None

    def _drain(self, batch: list) -> bool:
        while len(batch) < self._max_batch:
            try:
                job = self._queue.get_nowait()
            except queue.Empty:
                return False
            if job is _STOP:
                return True
            batch.append(job)
        return False

    def _execute(self, conn: sqlite3.Connection, batch: list[_Job]) -> None:
        try:
            conn.execute("BEGIN IMMEDIATE")
            for job in batch:
                self._run_job(conn, job)
            if self._before_commit is not None:
                self._before_commit(conn)
            conn.execute("COMMIT")
            self._count(len(batch))
        except Exception as exc:  # noqa: BLE001 - every job of the group gets it
            _abandon(conn)
            self.cache.clear()
            cause = exc.__cause__ if isinstance(exc, _GroupLost) else exc
            error = unavailable(cause) or cause
            for job in batch:
                job.result, job.error = None, error
        self._note(batch)
        self._deliver(batch)

    def _count(self, jobs: int) -> None:
        self.committed_jobs += jobs
        bucket = 1 << (jobs - 1).bit_length()
        self.commit_sizes[bucket] = self.commit_sizes.get(bucket, 0) + 1

    @property
    def queue_depth(self) -> int:
        return self._queue.qsize()

    def _run_job(self, conn: sqlite3.Connection, job: _Job) -> None:
        conn.execute("SAVEPOINT job")
        try:
            job.result = job.fn(conn, self.cache)
            conn.execute("RELEASE job")
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller
            if not conn.in_transaction:  # SQLite rolled the group back (full disk, I/O error)
                raise _GroupLost() from exc
            conn.execute("ROLLBACK TO job")
            conn.execute("RELEASE job")
            self.cache.clear()
            job.error = unavailable(exc) or exc

    def _note(self, batch: list[_Job]) -> None:
        """Keeps ``failure`` (the group's storage fault, or None once writes work) and logs a
        change of state in one line."""
        failure = next((j.error for j in batch if isinstance(j.error, Unavailable)), None)
        committed = any(j.error is None for j in batch)
        if failure is None and not committed:
            return  # only callers' own errors: says nothing about the disk
        if failure is not None and self.failure is None:
            log.error("rosetta: writes are failing: %s", failure)
        elif failure is None and self.failure is not None:
            log.warning("rosetta: writes work again")
        self.failure = failure

    @staticmethod
    def _deliver(batch: list[_Job]) -> None:
        by_loop: dict[asyncio.AbstractEventLoop, list[_Job]] = {}
        for job in batch:
            by_loop.setdefault(job.loop, []).append(job)
        for loop, jobs in by_loop.items():
            if not loop.is_closed():
                loop.call_soon_threadsafe(_settle, jobs)


def _abandon(conn: sqlite3.Connection) -> None:
    """Rolls back what is left of a transaction. SQLite may have rolled it back already (a full
    disk, an I/O error), and the ROLLBACK itself may fail on a failing disk: neither may end the
    thread, so both are ignored (what matters is that nothing of it was committed)."""
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass
