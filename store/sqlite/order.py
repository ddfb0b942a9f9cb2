"""Compile ``store.order.Order`` into the sort terms of a peer or session listing."""

from __future__ import annotations

from store.order import Order
from store.sqlite.where import json_path

PKS = {"peer": "p.pk", "session": "s.pk"}
COLUMNS = {
    "peer": {
        "updated": "coalesce(p.updated_at, p.created_at)", "name": "p.name", "extras": "p.extras",
    },
    "session": {
        "updated": "coalesce(s.updated_at, s.created_at)", "name": "s.name", "owner": "o.name",
        "extras": "s.extras",
    },
}


def compile_order(record: str, order: Order) -> tuple[tuple[str, ...], list]:
    """(terms, params): the sort terms, ending in the pk (creation order breaks ties), and the
    parameters they bind (an extras path is bound, never interpolated)."""
    pk = PKS[record]
    if order.by == "created":
        return (pk,), []
    column = COLUMNS[record].get(order.by)
    if column is None:
        raise ValueError(f"a {record} listing cannot be ordered by {order.by}")
    if order.by == "extras":
        return (f"json_extract({column}, ?)", pk), [json_path(order.path)]
    return (column, pk), []
