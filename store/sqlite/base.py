"""Plumbing shared by the SQLite store's operation mixins: point lookups inline on the loop's
connection, listings and searches on the reader threads (``pool``), writes via the writer."""

from __future__ import annotations

from collections.abc import Callable

from store.model import Page
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

    async def _page(
        self,
        *,
        record: str,
        columns: str,
        source: str,
        scope: str,
        scope_params: list,
        where,
        order: tuple[str, ...],
        offset: int,
        limit: int,
        reverse: bool,
        decode: Callable,
        count_source: str | None = None,
        order_params: tuple | list = (),
        count: tuple[str, list] | None = None,
        counted: bool = True,
    ) -> Page:
        """``order``: the sort terms, each taking the direction, the last one unique (a pk);
        ``order_params`` binds their placeholders. ``count_source``, when given, is a narrower
        FROM clause that still holds every column the scope and filter read (the total need
        not join what only the page shows); ``count``, when given, is a query (sql, params) that
        reads the total as kept (e.g. a session's message count) instead of counting; with
        ``counted`` False the total is None unless the page itself shows it (no count runs)."""
        sql, params = compile_filter(record, where)
        condition = f"({scope}) AND ({sql})"
        args = [*scope_params, *params]
        direction = " DESC" if reverse else " ASC"
        select = (f"SELECT {columns} FROM {source} WHERE {condition}"
                  f" ORDER BY {', '.join(term + direction for term in order)} LIMIT ? OFFSET ?")
        counting = count or (f"SELECT count(*) FROM {count_source or source} WHERE {condition}", args)

        def read(conn) -> Page:
            rows = conn.execute(select, [*args, *order_params, limit, offset]).fetchall()
            if 0 < len(rows) < limit or (not rows and offset == 0 and limit > 0):
                total = offset + len(rows)  # the last page: the total needs no count (same snapshot)
            elif not counted:
                total = None
            else:
                total = self._pool.count(conn, *counting)
            return Page(items=[decode(r) for r in rows], total=total)

        return await self._read(read)
