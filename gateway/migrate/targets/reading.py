"""Reading the store for a push: whole listings, chunk by chunk, and the workspaces to push."""

from __future__ import annotations

CHUNK = 1000


async def everything(fetch) -> list:
    """Every item of a store listing (``fetch(offset=, limit=)`` returns a Page)."""
    items: list = []
    while True:
        page = await fetch(offset=len(items), limit=CHUNK)
        items += page.items
        if len(page.items) < CHUNK or len(items) >= page.total:
            return items


async def workspaces(store, name: str | None) -> list:
    if name is not None:
        found = await store.get_workspace(name)
        return [found] if found is not None else []
    return await everything(store.list_workspaces)


def chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start: start + size]
