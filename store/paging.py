"""One page of a listing as both stores read it: the SELECT of the page, the query of its total,
and when the page itself tells the total (no count need run). The stores differ only in how
they run the two queries (a reader thread's snapshot, a pooled PostgreSQL connection) and in
their filter compiler."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from store.query import Filter

Compiler = Callable[[str, Filter | None], tuple[str, list]]


@dataclass(frozen=True, slots=True)
class Listing:
    """``order``: the sort terms, each taking the direction, the last one unique (a pk);
    ``order_params`` binds their placeholders. ``count_source``, when given, is a narrower FROM
    clause that still holds every column the scope and filter read (the total need not join
    what only the page shows); ``count``, when given, is a query (sql, params) that reads the
    total as kept (e.g. a session's message count) instead of counting."""

    record: str
    columns: str
    source: str
    scope: str
    scope_params: list
    where: Filter | None
    order: tuple[str, ...]
    offset: int
    limit: int
    reverse: bool
    count_source: str | None = None
    order_params: tuple | list = ()
    count: tuple[str, list] | None = None

    def queries(self, compile_filter: Compiler) -> tuple[tuple[str, list], tuple[str, list]]:
        """((select, params), (count, params)) with ``?`` placeholders."""
        sql, params = compile_filter(self.record, self.where)
        condition = f"({self.scope}) AND ({sql})"
        args = [*self.scope_params, *params]
        direction = " DESC" if self.reverse else " ASC"
        select = (f"SELECT {self.columns} FROM {self.source} WHERE {condition}"
                  f" ORDER BY {', '.join(term + direction for term in self.order)} LIMIT ? OFFSET ?")
        counting = self.count or (f"SELECT count(*) FROM {self.count_source or self.source} WHERE {condition}", args)
        return (select, [*args, *self.order_params, self.limit, self.offset]), counting

    def shown_total(self, found: int) -> int | None:
        """The total when a page of ``found`` rows shows it (the last page, or an empty first
        page: the same snapshot holds nothing more); None when it must be counted."""
        if 0 < found < self.limit or (not found and self.offset == 0 and self.limit > 0):
            return self.offset + found
        return None
