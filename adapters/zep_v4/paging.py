"""v4 lists: ``{items, next_cursor, total_size}`` read with ``page_size`` and an opaque
``cursor`` (here the offset of the next page, as base62 text behind a ``c`` tag)."""

from __future__ import annotations

from adapters.zep_server.body import MAX_INT
from adapters.zep_v4 import body
from adapters.zep_v4.errors import bad_request
from store.ids import base62, from_base62

DEFAULT_SIZE = 50
MAX_SIZE = 1000


def _cursor(offset: int) -> str:
    return "c" + base62(offset.to_bytes(16, "big"), 1)


def _offset(cursor: str) -> int:
    raw = from_base62(cursor[1:]) if cursor.startswith("c") and 1 < len(cursor) <= 23 else None
    value = int.from_bytes(raw, "big") if raw is not None else -1
    if not 0 <= value <= MAX_INT:
        raise bad_request("cursor is not one this server issued", "cursor")
    return value


class Window:
    """Which page a list request asks for."""

    def __init__(self, request):
        self.size = body.integer(request, "page_size", default=DEFAULT_SIZE, low=1, high=MAX_SIZE)
        cursor = body.text(request, "cursor")
        self.offset = _offset(cursor) if cursor else 0

    def page(self, items: list, total: int) -> dict:
        after = self.offset + len(items)
        more = bool(items) and after < total
        return {"items": items, "next_cursor": _cursor(after) if more else None, "total_size": total}
