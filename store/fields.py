"""The fields a ``store.query`` filter may name, per record, as the columns both SQL stores
read them from (the same tables and aliases in SQLite and PostgreSQL); each backend's
``where.py`` compiles filters over these."""

from __future__ import annotations

from store.query import Cond, Filter, Not

FIELDS = {
    "workspace": {"name": "w.name", "created_at": "w.created_at", "metadata": "w.metadata"},
    "peer": {
        "name": "p.name", "created_at": "p.created_at", "metadata": "p.metadata",
        "workspace": "w.name", "extras": "p.extras", "enrolled": "p.enrolled",
    },
    "session": {
        "name": "s.name", "created_at": "s.created_at", "metadata": "s.metadata",
        "is_active": "s.is_active", "workspace": "w.name", "extras": "s.extras",
    },
    "message": {
        "workspace": "w.name", "session": "s.name", "peer": "p.name", "role": "m.role",
        "token_count": "m.token_count", "created_at": "m.created_at", "metadata": "m.metadata",
        "content": "m.content", "seq": "m.seq", "sender": "m.sender", "extras": "m.extras",
    },
}


class FilterError(ValueError):
    """A filter names a field, operator or value type no store can compile."""


def tables(record: str, node: Filter | None) -> set[str]:
    """The table aliases (``m``, ``p``, ...) a filter over ``record`` reads."""
    if node is None:
        return set()
    if isinstance(node, Cond):
        column = FIELDS[record].get(node.field)
        return {column.partition(".")[0]} if column else set()
    if isinstance(node, Not):
        return tables(record, node.part)
    return set().union(*(tables(record, p) for p in node.parts))
