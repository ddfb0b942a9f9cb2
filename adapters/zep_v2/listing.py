"""The ``*-ordered`` listings: 1-based pages, an order column and a direction (docs/vendors.md, Zep §6).

An absent or zero page size lists everything (Zep CE's behaviour). The store sorts and pages:
each order column maps to a ``store.order.Order``; ``asc`` (default false) is the direction.
"""

from __future__ import annotations

from adapters.zep_v2 import body
from adapters.zep_v2.errors import bad_request
from store.order import Order


class Window:
    """Which slice of an ordered listing a request asks for."""

    def __init__(self, request, orders: dict[str, Order], aliases: dict | None = None):
        number = body.integer(request, "page_number", "pageNumber", default=1)
        self.size = body.integer(request, "page_size", "pageSize", default=0) or None
        self.number = max(number, 1)
        order = body.text(request, "order_by", "orderBy")
        order = (aliases or {}).get(order, order)
        if order is not None and order not in orders:
            raise bad_request(f"invalid value for order_by: {order}")
        self.order = orders[order or "created_at"]
        self.asc = body.flag(request, "asc")

    @property
    def offset(self) -> int:
        return (self.number - 1) * (self.size or 0)  # below 2**62: both factors are int32

    @property
    def limit(self) -> int:
        return self.size or body.MAX_INT

    def page(self) -> dict:
        """The store listing's keyword arguments for this window."""
        return {"order": self.order, "offset": self.offset, "limit": self.limit,
                "reverse": not self.asc}
