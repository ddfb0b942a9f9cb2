"""The vendors' list loops: Honcho ``page``/``size`` envelopes, Zep page numbers, OpenAI
``after`` cursors. Each yields one page of decoded items at a time; ``numbered_rows`` turns
pages of messages into batches of rows."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Generic, TypeVar

import msgspec

from gateway.migrate.client import VendorError

T = TypeVar("T")


class HonchoPage(msgspec.Struct, Generic[T]):
    """fastapi-pagination's envelope (Honcho v1 and v3)."""

    items: list[T]
    total: int | None = None
    page: int | None = None
    size: int | None = None
    pages: int | None = None


class CursorPage(msgspec.Struct, Generic[T]):
    """OpenAI's list envelope."""

    data: list[T]
    has_more: bool | None = None
    last_id: str | None = None


async def honcho(client, path: str, item: type, *, size: int, body=None,
                 method: str = "POST") -> AsyncIterator[list]:
    page = 1
    while True:
        found = await client.call(method, path, params={"page": page, "size": size},
                                  json=(body if body is not None else {}) if method == "POST" else None,
                                  type=HonchoPage[item])
        if found.items:
            yield found.items
        last = found.pages if found.pages is not None else (page if len(found.items) < size else page + 1)
        if not found.items or page >= last:
            return
        page += 1


async def numbered(client, path: str, envelope: type, field: str, params, *, size: int) -> AsyncIterator[list]:
    """Zep: 1-based page numbers; ``params(number, size)`` names them per route."""
    number, seen = 1, 0
    while True:
        found = await client.call("GET", path, params=params(number, size), type=envelope)
        items = getattr(found, field) or []
        seen += len(items)
        if items:
            yield items
        total = found.total_count
        if not items or (seen >= total if total is not None else len(items) < size):
            return
        number += 1


async def cursor(client, path: str, item: type, *, size: int, params=None) -> AsyncIterator[list]:
    after = None
    while True:
        query = {"limit": size, "order": "asc", **(params or {}), **({"after": after} if after else {})}
        found = await client.call("GET", path, params=query, type=CursorPage[item])
        if found.data:
            yield found.data
        last = found.last_id or (getattr(found.data[-1], "id", None) if found.data else None)
        if not found.data or found.has_more is False or not last:
            return
        if last == after:
            raise VendorError(None, "GET", path, f"the vendor ignored after={after}: the listing does not move")
        after = last


class ZepPage(msgspec.Struct, Generic[T]):
    """Zep v4's list envelope."""

    items: list[T] | None = None
    next_cursor: str | None = None
    total_size: int | None = None


async def zep_cursor(client, method: str, path: str, item: type, *, size: int,
                     body: dict | None = None) -> AsyncIterator[list]:
    """Zep v4: ``page_size`` and the ``next_cursor`` of the page before, until there is none."""
    after = None
    while True:
        query = {"page_size": size, **({"cursor": after} if after else {})}
        found = await client.call(method, path, params=query, type=ZepPage[item],
                                  json=(body or {}) if method == "POST" else None)
        if found.items:
            yield found.items
        if not found.items or not found.next_cursor:
            return
        if found.next_cursor == after:
            raise VendorError(None, method, path, f"the vendor repeated cursor={after}: the listing does not move")
        after = found.next_cursor


async def numbered_rows(pages: AsyncIterator[list], rows_of: Callable[[object, int], list]) -> AsyncIterator[list]:
    """One batch of rows a page: ``rows_of(item, seq)`` for each item, ``seq`` counting from 1
    across the pages (a session's messages in the order the vendor lists them)."""
    seq = 0
    async for page in pages:
        batch = []
        for item in page:
            seq += 1
            batch += rows_of(item, seq)
        yield batch
