"""The event loop's read connection: one read transaction per turn of the loop.

In WAL mode every statement outside a transaction opens and closes its own read transaction
(a snapshot of the WAL index and a read lock), which costs as much as the lookup itself. Reads
made during one turn of the event loop therefore share one: the first read of a turn begins it
and a callback queued behind that turn's work ends it.

That keeps read-your-writes. A writer's future is resolved by a callback the writer thread
queues *after* its commit; a snapshot older than that commit was begun, and its end queued,
before the commit, so it ends before the caller learns of the write, and every read after that
opens a fresh snapshot. Outside a running loop (command-line tools) each statement stands alone.
"""

from __future__ import annotations

import asyncio
import sqlite3


class Reader:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._open = False

    def execute(self, sql: str, params: tuple | list = ()) -> sqlite3.Cursor:
        if not self._open:
            self._begin()
        return self.conn.execute(sql, params)

    def _begin(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self.conn.execute("BEGIN")
        self._open = True
        loop.call_soon(self.end)

    def end(self) -> None:
        """Finish the current turn's read transaction (idempotent)."""
        if self._open:
            self._open = False
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    def close(self) -> None:
        self.end()
        self.conn.close()
