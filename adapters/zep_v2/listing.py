"""The ``*-ordered`` listings: 1-based pages, an order column and a direction (research §6).

An absent or zero page size lists everything (Zep CE's behaviour). Ordering by creation uses
the store's own order; any other column sorts the whole listing in memory.
"""

from __future__ import annotations

from adapters.zep_v2 import body
from adapters.zep_v2.errors import bad_request

MAX_OFFSET = 2**62


class Window:
    """Which slice of an ordered listing a request asks for."""

    def __init__(self, request, orders: tuple[str, ...], aliases: dict | None = None):
        number = body.integer(request, "page_number", "pageNumber", default=1)
        self.size = body.integer(request, "page_size", "pageSize", default=0) or None
        self.number = max(number, 1)
        order = body.text(request, "order_by", "orderBy")
        order = (aliases or {}).get(order, order)
        if order is not None and order not in orders:
            raise bad_request(f"invalid value for order_by: {order}")
        self.order = order or "created_at"
        self.asc = body.flag(request, "asc")

    @property
    def offset(self) -> int:
        return (self.number - 1) * (self.size or 0)

    @property
    def limit(self) -> int:
        return self.size or body.MAX_INT

    def by_store(self) -> bool:
        """True when the store's creation order answers the request directly."""
        return self.order == "created_at"

    def cut(self, items: list, key) -> list:
        ordered = sorted(items, key=key, reverse=not self.asc)
        return ordered[self.offset: self.offset + self.limit] if self.offset <= MAX_OFFSET else []
