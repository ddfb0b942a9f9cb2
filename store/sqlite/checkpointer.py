"""WAL checkpoints off the writer's path.

With SQLite's automatic checkpoints, the commit that crosses the WAL threshold copies the WAL
back into the database (and fsyncs it) before it returns, so every writer waiting on that group
commit stalls. Here the writer connection has ``wal_autocheckpoint=0`` and this thread, on its
own connection, runs a PASSIVE checkpoint (which never blocks the writer or readers) every
``interval`` seconds, and a TRUNCATE checkpoint when the store closes.

A checkpoint that fails (a full disk cannot grow the database file, an I/O error) is retried at
the next interval: the WAL still holds every committed page, so nothing is lost meanwhile. The
closing TRUNCATE waits ``CLOSING_WAIT_MS`` at most for readers, so shutting down stays prompt.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable

log = logging.getLogger("rosetta")

CLOSING_WAIT_MS = 1000


class Checkpointer:
    def __init__(self, connect: Callable[[], sqlite3.Connection], *, interval: float = 0.25):
        self._connect = connect
        self._interval = interval
        self._stop = threading.Event()
        self.last: tuple | None = None  # (busy, WAL frames, frames checkpointed) of the last run
        self.failure: sqlite3.Error | None = None  # the last run's error, None once one works
        self._conn: sqlite3.Connection | None = None
        self._thread = threading.Thread(target=self._run, name="rosetta-checkpointer", daemon=True)

    def start(self) -> None:
        self._conn = self._connect()
        self._thread.start()

    def stop(self, timeout: float | None = None) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        conn = self._conn
        try:
            while not self._stop.wait(self._interval):
                self._checkpoint(conn, "PASSIVE")
            conn.execute(f"PRAGMA busy_timeout={CLOSING_WAIT_MS}")
            self._checkpoint(conn, "TRUNCATE")
        finally:
            conn.close()

    def _checkpoint(self, conn: sqlite3.Connection, mode: str) -> None:
        try:
            self.last = conn.execute(f"PRAGMA wal_checkpoint({mode})").fetchone()
        except sqlite3.Error as exc:
            if self.failure is None:
                log.warning("rosetta: checkpoint failed (retried): %s", exc)
            self.failure = exc
        else:
            self.failure = None
