"""Reader threads: the store's listings and searches run here, off the event loop.

A read that walks many rows (a page, a search, a filtered count) would hold the event loop for
as long as it runs, and every other request, a GET by id included, would wait behind it. So each
such read is handed, as one function ``fn(conn)``, to a small pool of threads, each with its own
connection; SQLite releases the GIL while it steps, so the loop keeps answering meanwhile.

Each call runs in one read transaction of its own (a page and its count see one snapshot), begun
on the pool thread after the caller asked for it. A write is acknowledged only after its commit,
so a read asked for after an acknowledged write begins after that commit and sees it.

Point lookups by a unique key (a message by id, a session by name) and unfiltered session pages
of up to 100 messages (a few index seeks) stay on the loop's own connection
(``store.sqlite.reader``): a thread handoff would cost about as much as the read.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

THREADS = 3  # two cores: enough to keep one long read from queueing the short ones behind it
COUNTS_KEPT = 256


class ReadPool:
    def __init__(self, connect: Callable[[], sqlite3.Connection], threads: int = THREADS):
        self._connect = connect
        self._local = threading.local()
        self._conns: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._executor = ThreadPoolExecutor(threads, thread_name_prefix="rosetta-reader")

    async def run(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, self._call, fn)

    def _call(self, fn: Callable[[sqlite3.Connection], Any]):
        conn = self._conn()
        # read before the snapshot begins: a commit in between makes the version older than the
        # data, never newer, so a count kept under it is never reused for older data
        self._local.version = conn.execute("PRAGMA data_version").fetchone()[0]
        conn.execute("BEGIN")
        try:
            return fn(conn)
        finally:
            conn.execute("COMMIT")

    def count(self, conn: sqlite3.Connection, sql: str, params: list) -> int:
        """``SELECT count(*) ...`` as of this call's snapshot, reused while no other connection
        has committed (``PRAGMA data_version``, per connection): the pages of one filtered
        listing count it once, not once per page."""
        kept: dict = self._local.__dict__.setdefault("counts", {})
        key = (sql, tuple(params))
        found = kept.get(key)
        if found is not None and found[0] == self._local.version:
            return found[1]
        total = conn.execute(sql, params).fetchone()[0]
        if len(kept) >= COUNTS_KEPT:
            kept.pop(next(iter(kept)))
        kept[key] = (self._local.version, total)
        return total

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect()
            with self._lock:
                self._conns.append(conn)
        return conn

    def close(self) -> None:
        self._executor.shutdown(wait=True)
        with self._lock:
            for conn in self._conns:
                conn.close()
            self._conns.clear()
