"""WAL checkpoints off the writer's path.

With SQLite's automatic checkpoints, the commit that crosses the WAL threshold copies the WAL
back into the database (and fsyncs it) before it returns, so every writer waiting on that group
commit stalls. Here the writer connection has ``wal_autocheckpoint=0`` and this thread, on its
own connection, runs a PASSIVE checkpoint (which never blocks the writer or readers) every
``interval`` seconds, and a TRUNCATE checkpoint when the store closes.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable


class Checkpointer:
    def __init__(self, connect: Callable[[], sqlite3.Connection], *, interval: float = 0.25):
        self._connect = connect
        self._interval = interval
        self._stop = threading.Event()
        self.last: tuple | None = None  # (busy, WAL frames, frames checkpointed) of the last run
        self._thread = threading.Thread(target=self._run, name="rosetta-checkpointer", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        conn = self._connect()
        try:
            while not self._stop.wait(self._interval):
                self.last = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            self.last = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            conn.close()
