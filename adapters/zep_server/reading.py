"""What both Zep dialects read the same way: the caller's workspace and whole store listings."""

from __future__ import annotations

from adapters.contract import bound_workspace

DEFAULT_WORKSPACE = "default"
CHUNK = 500


def workspace(request) -> str:
    """The key's workspace, or ``default`` (auth off or an admin key), as for OpenAI."""
    return bound_workspace(request) or DEFAULT_WORKSPACE


async def everything(fetch) -> list:
    """Every item of a paged store listing (``fetch(offset, limit)`` returns a Page)."""
    items: list = []
    while True:
        page = await fetch(len(items), CHUNK)
        items += page.items
        if len(page.items) < CHUNK or len(items) >= page.total:
            return items
