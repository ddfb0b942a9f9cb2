"""Filters over canonical records, as a small expression tree.

Adapters translate their vendor's filter language into these nodes; a store backend compiles
them into its own query language. Fields are canonical nouns:

    workspace, peer, session records: name, created_at, metadata (+ extras for peers and
    sessions, is_active for sessions, enrolled for peers)
    message records: workspace, session, peer, role, token_count, created_at, metadata, content

Operators: eq, ne, gt, gte, lt, lte, in, contains (substring, case-sensitive), icontains.
On ``metadata`` (or ``extras``), ``key`` names a key to compare (text or number): a string for a
top-level key, a list for a path (``["openai", "run_id"]``). The operator ``has`` is JSON
containment of ``value`` in the whole object.
"""

from __future__ import annotations

from typing import Any, Union

import msgspec

OPERATORS = ("eq", "ne", "gt", "gte", "lt", "lte", "in", "contains", "icontains", "has")


class Cond(msgspec.Struct, tag="cond"):
    field: str
    op: str
    value: Any
    key: str | list[str] | None = None


class All(msgspec.Struct, tag="all"):
    parts: list["Filter"]


class AnyOf(msgspec.Struct, tag="any"):
    parts: list["Filter"]


class Not(msgspec.Struct, tag="not"):
    part: "Filter"


Filter = Union[Cond, All, AnyOf, Not]


def all_of(*parts: Filter | None) -> Filter | None:
    """AND the given filters, dropping Nones; None when nothing is left."""
    kept = [p for p in parts if p is not None]
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else All(kept)
