"""The PostgreSQL store: the same protocol and semantics as the SQLite store, for several
processes (and hosts) sharing one database. A pool of asyncpg connections per process
(store/postgres/pool.py); reads in autocommit, each write one transaction
(store/postgres/base.py); schema migrations applied at open (store/postgres/schema.py)."""

from __future__ import annotations

import asyncio

from store.model import StoreStats
from store.postgres import archive, imports, schema
from store.postgres.committer import RETRIES, Committer, alone
from store.postgres.connection import open_pool
from store.postgres.faults import lost
from store.postgres.members import MemberOps
from store.postgres.messages import MessageOps, message_lookups
from store.postgres.peers import PeerOps
from store.postgres.records import RecordOps
from store.postgres.sessions import SessionOps
from store.postgres.workspaces import WorkspaceOps


class PostgresStore(WorkspaceOps, PeerOps, SessionOps, MemberOps, MessageOps, RecordOps):
    def __init__(self, url: str, *, pool_size: int | None = None):
        self.url = url
        self.pool_size = pool_size
        self._pool = None
        self._committer = None
        self._gets_in_session = self._gets = None
        self.messages_written = 0
        self.size_bytes = 0
        self._sizer = None
        self._logged_at = {}

    async def open(self) -> "PostgresStore":
        sizes = {} if self.pool_size is None else {"min_size": min(2, self.pool_size),
                                                   "max_size": self.pool_size}
        self._pool = await open_pool(self.url, **sizes)
        async with self._pool.acquire() as conn:
            await schema.apply(conn)
        self._committer = Committer(self._pool)
        self._gets_in_session, self._gets = message_lookups(self)
        self.size_bytes = await self._pool.fetchval("SELECT pg_database_size(current_database())")
        self._sizer = asyncio.create_task(self._measure())
        return self

    async def _measure(self, every: float = 10.0) -> None:
        """The database's size for stats(), read every ``every`` seconds (stats reads no query)."""
        while True:
            await asyncio.sleep(every)
            try:
                self.size_bytes = await self._pool.fetchval("SELECT pg_database_size(current_database())")
            except Exception:  # noqa: BLE001 - a size is optional; the next round tries again
                pass

    def stats(self) -> StoreStats:
        """The write queue and group commits of this process; the database's size as last read."""
        committer = self._committer
        sizes = dict(committer.commit_sizes) if committer is not None else {}
        return StoreStats(
            backend="postgresql", queue_depth=committer.queue_depth if committer else 0,
            commit_groups=sum(sizes.values()), commit_sizes=sizes,
            committed_jobs=committer.committed_jobs if committer else 0,
            messages_written=self.messages_written, size_bytes=self.size_bytes,
        )

    async def health(self) -> str | None:
        """None while the database answers; else why it does not (one short query, 2 s at most)."""
        if self._pool is None:
            return "the store is closed"
        try:
            await asyncio.wait_for(self._pool.fetchval("SELECT 1"), 2.0)
        except Exception as exc:  # noqa: BLE001 - any failure to answer is the cause reported
            failure = lost(exc, self.url)
            return str(failure) if failure else f"PostgreSQL does not answer: {exc or type(exc).__name__}"
        return None

    def export_rows(self):
        """An iterator over every row (one REPEATABLE READ snapshot)."""
        return archive.export_rows(self.url)

    async def import_rows(self, rows, progress=None) -> dict:
        # rows streamed from a file can be read once: a deadlock victim's second run would find
        # them spent and commit an empty import, so only a list is run again
        attempts = 1 if iter(rows) is rows else RETRIES
        return await self._guarded(
            alone, self._pool, lambda tx: imports.import_rows(tx, rows, progress), attempts)

    async def close(self) -> None:
        if self._sizer is not None:
            self._sizer.cancel()
            self._sizer = None
        for lookups in (self._gets_in_session, self._gets):
            if lookups is not None:
                await lookups.close()
        if self._committer is not None:  # kept after: a closed committer refuses writes (a 503)
            await self._committer.close()
        if self._pool is not None:
            await self._pool.close()
            self._pool = None


__all__ = ["PostgresStore"]
