"""The SQLite store: point lookups on the event loop's own connection, one read transaction per
turn of the loop (see ``reader``), listings and searches on a few reader threads (see ``pool``), writes through one writer thread with group commit (see ``writer``). WAL journal; ``durability`` "full" (synchronous=FULL, the
default: a 2xx survives power loss) or "fast" (synchronous=NORMAL: survives a process crash).

Opening checks the path first (store/sqlite/preflight.py) and, for a server (``exclusive``),
takes the file's lock (store/sqlite/lock.py); every failure to open is one ``Unavailable`` whose
message names the cause and the path. A full disk or an I/O error later fails writes, not the
store (store/sqlite/faults.py); ``health()`` says so."""

from __future__ import annotations

import os
import sqlite3
import time

from sqlite_utils import Database

from store.errors import Unavailable
from store.model import StoreStats
from store.sqlite import archive, faults, fts, preflight, schema, wal
from store.sqlite.connection import connect, connect_readonly
from store.sqlite.members import MemberOps
from store.sqlite.messages import MessageOps
from store.sqlite.peers import PeerOps
from store.sqlite.pool import ReadPool
from store.sqlite.reader import Reader
from store.sqlite.records import RecordOps
from store.sqlite.sessions import SessionOps
from store.sqlite.workspaces import WorkspaceOps
from store.sqlite.checkpointer import Checkpointer
from store.sqlite.lock import FileLock
from store.sqlite.writer import Writer

STOP_WAIT = 2.0  # seconds closing waits for each thread (a stuck disk must not hold shutdown)
PROBE_EVERY = 1.0  # seconds between two probes of a failing disk (see ``health``)


class SqliteStore(WorkspaceOps, PeerOps, SessionOps, MemberOps, MessageOps, RecordOps):
    def __init__(self, path: str, *, durability: str = "full", exclusive: bool = False,
                 readonly: bool = False):
        self.path = path
        self.durability = durability
        self.exclusive = exclusive
        self.readonly = readonly  # reads only (export): never creates the file, no writer
        self._reader = None
        self._pool = None
        self._writer = None
        self._checkpointer = None
        self._lock = None
        self._probed = 0.0
        self.messages_written = 0

    async def open(self) -> "SqliteStore":
        if self.readonly:
            preflight.check(self.path, write=False, create=False)
            try:
                self._reader = Reader(connect_readonly(self.path))
            except sqlite3.Error as exc:
                raise Unavailable("io", self.path, message=f"cannot read {self.path}: {exc}") from None
            return self
        preflight.check(self.path)
        if self.exclusive:
            self._lock = FileLock(self.path).acquire()
        try:
            self._open()
        except sqlite3.Error as exc:
            self._shut()
            failure = faults.unavailable(exc)
            kind = failure.kind if failure else "io"
            raise Unavailable(kind, self.path, message=f"cannot open {self.path}: {exc}") from None
        except BaseException:
            self._shut()
            raise
        try:
            await self._writer.submit(faults.probe(self.path, headroom=False))
        except Unavailable as exc:
            self._shut()
            raise Unavailable(exc.kind, self.path, message=f"cannot write {self.path}: {exc}") from None
        return self

    def _open(self) -> None:
        setup = connect(self.path, self.durability)
        try:
            schema.apply(Database(setup))
        finally:
            setup.close()
        self._writer = Writer(lambda: connect(self.path, self.durability, autocheckpoint=False),
                              idle=fts.upkeep, tick=wal.rewind, tick_every=wal.EVERY,
                              after_group=fts.catch_up, before_commit=fts.index_pending)
        self._writer.start()
        self._checkpointer = Checkpointer(lambda: connect(self.path, self.durability))
        self._checkpointer.start()
        self._reader = Reader(connect(self.path, self.durability))
        self._pool = ReadPool(lambda: connect(self.path, self.durability))

    async def health(self) -> str | None:
        """None while writes work; else why they fail. A failing store is probed (at most once
        per ``PROBE_EVERY``) with a small write that needs free space, so that it reports well
        again once space returns even if no client writes meanwhile."""
        writer = self._writer
        if writer is None:
            return "the store is closed"
        if writer.failure is not None and time.monotonic() - self._probed >= PROBE_EVERY:
            self._probed = time.monotonic()
            try:
                await writer.submit(faults.probe(self.path))
            except Unavailable:
                pass
        return None if writer.failure is None else str(writer.failure)

    def stats(self) -> StoreStats:
        writer = self._writer
        sizes = dict(writer.commit_sizes) if writer is not None else {}
        return StoreStats(
            backend="sqlite", queue_depth=writer.queue_depth if writer else 0,
            commit_groups=sum(sizes.values()), commit_sizes=sizes,
            committed_jobs=writer.committed_jobs if writer else 0,
            messages_written=self.messages_written,
            size_bytes=_size(self.path), wal_bytes=_size(self.path + "-wal"),
        )

    def export_rows(self):
        """Every row as ``store.archive`` rows, streamed from one read transaction on a
        connection of its own (a consistent copy while the gateway keeps writing)."""
        return archive.export_rows(connect_readonly(self.path))

    async def import_rows(self, rows, progress=None) -> dict:
        """Insert the rows that are not there yet, all in one transaction, reading ``rows`` (any
        iterable) once as it goes; per-kind counts."""
        return await self._write(lambda conn, cache: archive.import_rows(conn, cache, rows, progress))

    async def close(self) -> None:
        self._shut()

    def _shut(self) -> None:
        """Stops what is running, each thread waited for ``STOP_WAIT`` at most, then the lock."""
        if self._reader is not None:
            self._reader.end()  # an open snapshot would hold the closing checkpoint back
        if self._pool is not None:
            self._pool.close()
            self._pool = None
        if self._writer is not None:
            self._writer.stop(STOP_WAIT)
            self._writer = None
        if self._checkpointer is not None:
            self._checkpointer.stop(STOP_WAIT)
            self._checkpointer = None
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


__all__ = ["SqliteStore"]
