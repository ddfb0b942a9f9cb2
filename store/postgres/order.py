"""Compile ``store.order.Order`` into the sort terms of a peer or session listing (PostgreSQL)."""

from __future__ import annotations

from store.order import PKS, Order, sort_column
from store.postgres.where import json_at

# Terms that may be NULL sort after a NOT NULL test: SQLite sorts NULL first ascending and last
# descending; PostgreSQL would do the opposite (and a NULLS clause keeps an index from serving
# the order).
NULLABLE = {"owner"}


def compile_order(record: str, order: Order) -> tuple[tuple[str, ...], list]:
    """(terms, params) as store/sqlite/order.py: an extras value sorts as SQLite's json_extract
    does (missing first, then numbers, then text by code point), its path bound. No term is
    NULL where it decides the order."""
    pk, column = PKS[record], sort_column(record, order)
    if column is None:
        return (pk,), []
    if order.by == "extras":
        params: list = []
        a, b, c, d = (json_at(column, order.path, params) for _ in range(4))
        kind = f"coalesce(CASE jsonb_typeof({a}) WHEN 'number' THEN 1 WHEN 'string' THEN 2 END, 0)"
        number = f"(CASE WHEN jsonb_typeof({b}) = 'number' THEN ({c} #>> '{{}}')::numeric END)"
        text = f"(({d} #>> '{{}}') COLLATE \"C\")"
        return (kind, number, text, pk), params
    if order.by in NULLABLE:
        return (f"({column} IS NOT NULL)", column, pk), []
    return (column, pk), []
