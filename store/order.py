"""How a listing of peers or sessions is sorted, as a small value a store backend compiles.

``by`` names what to sort on:

    created   creation order (the default)
    updated   last update, or creation for a record never updated
    name      the record's name
    owner     the owning peer's name (sessions only; sessions without one first)
    extras    the value at ``path`` in the record's extras (records without it first),
              e.g. ``extras_key("zep", "email")``

Records that tie are kept in creation order; a listing's ``reverse`` flips the whole order,
ties included.
"""

from __future__ import annotations

import msgspec

KINDS = ("created", "updated", "name", "owner", "extras")


class Order(msgspec.Struct, frozen=True, kw_only=True):
    by: str = "created"
    path: tuple[str, ...] = ()

    def __post_init__(self):
        if self.by not in KINDS:
            raise ValueError(f"unknown order {self.by!r}")
        if (self.by == "extras") != bool(self.path):
            raise ValueError("a path is given with, and only with, an extras order")


CREATED = Order()
UPDATED = Order(by="updated")
NAME = Order(by="name")
OWNER = Order(by="owner")


def extras_key(*path: str) -> Order:
    return Order(by="extras", path=path)


# The columns an order sorts on, per record (SQL of the canonical tables, aliased p and s)
PKS = {"peer": "p.pk", "session": "s.pk"}
COLUMNS = {
    "peer": {"updated": "coalesce(p.updated_at, p.created_at)", "name": "p.name", "extras": "p.extras"},
    "session": {
        "updated": "coalesce(s.updated_at, s.created_at)", "name": "s.name", "owner": "o.name",
        "extras": "s.extras",
    },
}


def sort_column(record: str, order: Order) -> str | None:
    """The column ``order`` sorts a listing of ``record`` on; None for creation order (the pk
    alone). ValueError when the record has no such order."""
    if order.by == "created":
        return None
    column = COLUMNS[record].get(order.by)
    if column is None:
        raise ValueError(f"a {record} listing cannot be ordered by {order.by}")
    return column
