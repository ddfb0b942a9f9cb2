"""Compile ``store.order.Order`` into the sort terms of a peer or session listing."""

from __future__ import annotations

from store.order import PKS, Order, sort_column
from store.sqlite.where import json_path


def compile_order(record: str, order: Order) -> tuple[tuple[str, ...], list]:
    """(terms, params): the sort terms, ending in the pk (creation order breaks ties), and the
    parameters they bind (an extras path is bound, never interpolated)."""
    pk, column = PKS[record], sort_column(record, order)
    if column is None:
        return (pk,), []
    if order.by == "extras":
        return (f"json_extract({column}, ?)", pk), [json_path(order.path)]
    return (column, pk), []
