"""What Zep handlers look up: the caller's workspace, sessions and users that 404, whole listings."""

from __future__ import annotations

from adapters.contract import bound_workspace, store
from adapters.zep_v2.errors import not_found
from store.model import Peer, Session

DEFAULT_WORKSPACE = "default"
CHUNK = 500
OK = {"message": "OK"}


def workspace(request) -> str:
    """The key's workspace, or ``default`` (auth off or an admin key), as for OpenAI."""
    return bound_workspace(request) or DEFAULT_WORKSPACE


async def session_of(request, ws: str, name: str) -> Session:
    found = await store(request).get_session(ws, name)
    if found is None:
        raise not_found()
    return found


async def user_of(request, ws: str, name: str) -> Peer:
    found = await store(request).get_peer(ws, name)
    if found is None:
        raise not_found()
    return found


async def everything(fetch) -> list:
    """Every item of a paged store listing (``fetch(offset, limit)`` returns a Page)."""
    items: list = []
    while True:
        page = await fetch(len(items), CHUNK)
        items += page.items
        if len(page.items) < CHUNK or len(items) >= page.total:
            return items
