"""Plumbing shared by the SQLite store's operation mixins: point lookups inline on the loop's
connection, listings and searches on the reader threads (``pool``), writes via the writer."""

from __future__ import annotations

from collections.abc import Callable

from store.model import Page
from store.paging import Listing
from store.sqlite.order import compile_order
from store.sqlite.pool import ReadPool
from store.sqlite.reader import Reader
from store.sqlite.where import compile_filter


class Base:
    _reader: Reader
    _pool: ReadPool

    async def _write(self, fn: Callable):
        return await self._writer.submit(fn)

    async def _read(self, fn: Callable):
        """``fn(conn)`` on a reader thread, in one read transaction (store/sqlite/pool.py)."""
        return await self._pool.run(fn)

    def _row(self, sql: str, params: tuple | list = ()):
        return self._reader.execute(sql, params).fetchone()

    async def _one(self, sql: str, params: tuple | list = ()):
        """``_row`` for the shared reads (store/reads.py): a point lookup, inline on the loop."""
        return self._row(sql, params)

    _compile_order = staticmethod(compile_order)

    async def _page(self, *, decode: Callable, counted: bool = True, **listing) -> Page:
        """A page of ``Listing(**listing)`` (store/paging.py) read in one snapshot; with
        ``counted`` False the total is None unless the page itself shows it (no count runs)."""
        spec = Listing(**listing)
        (select, params), counting = spec.queries(compile_filter)

        def read(conn) -> Page:
            rows = conn.execute(select, params).fetchall()
            total = spec.shown_total(len(rows))
            if total is None and counted:
                total = self._pool.count(conn, *counting)
            return Page(items=[decode(r) for r in rows], total=total)

        return await self._read(read)
