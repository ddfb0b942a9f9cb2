"""The SQLite store: reads on the event loop's own connection, one read transaction per turn of
the loop (see ``reader``), writes through one writer thread with group commit (see ``writer``). WAL journal; ``durability`` "full" (synchronous=FULL, the
default: a 2xx survives power loss) or "fast" (synchronous=NORMAL: survives a process crash)."""

from __future__ import annotations

import os

from sqlite_utils import Database

from store.model import StoreStats
from store.sqlite import archive, fts, schema, wal
from store.sqlite.connection import connect
from store.sqlite.members import MemberOps
from store.sqlite.messages import MessageOps
from store.sqlite.peers import PeerOps
from store.sqlite.reader import Reader
from store.sqlite.records import RecordOps
from store.sqlite.sessions import SessionOps
from store.sqlite.workspaces import WorkspaceOps
from store.sqlite.checkpointer import Checkpointer
from store.sqlite.writer import Writer


class SqliteStore(WorkspaceOps, PeerOps, SessionOps, MemberOps, MessageOps, RecordOps):
    def __init__(self, path: str, *, durability: str = "full"):
        self.path = path
        self.durability = durability
        self._reader = None
        self._writer = None
        self._checkpointer = None
        self.messages_written = 0

    async def open(self) -> "SqliteStore":
        setup = connect(self.path, self.durability)
        schema.apply(Database(setup))
        setup.close()
        self._writer = Writer(lambda: connect(self.path, self.durability, autocheckpoint=False),
                              idle=fts.merge_step, tick=wal.rewind, tick_every=wal.EVERY,
                              before_commit=fts.index_pending)
        self._writer.start()
        self._checkpointer = Checkpointer(lambda: connect(self.path, self.durability))
        self._checkpointer.start()
        self._reader = Reader(connect(self.path, self.durability))
        return self

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
        return archive.export_rows(connect(self.path, self.durability))

    async def import_rows(self, rows: list, progress=None) -> dict:
        """Insert the rows that are not there yet, all in one transaction; per-kind counts."""
        return await self._write(lambda conn, cache: archive.import_rows(conn, cache, rows, progress))

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.end()  # an open snapshot would hold the closing checkpoint back
        if self._writer is not None:
            self._writer.stop()
            self._writer = None
        if self._checkpointer is not None:
            self._checkpointer.stop()
            self._checkpointer = None
        if self._reader is not None:
            self._reader.close()
            self._reader = None


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


__all__ = ["SqliteStore"]
