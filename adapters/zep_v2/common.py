"""What most Zep handlers need: the workspace, the store, lookups that 404, metadata merging."""

from __future__ import annotations

from adapters.contract import bound_workspace, store_of
from adapters.zep_v2.errors import not_found
from gateway.jsonio import json_response
from store.model import Peer, Session

DIALECT = "zep"
DEFAULT_WORKSPACE = "default"
CHUNK = 500
OK = {"message": "OK"}


def workspace(request) -> str:
    """The key's workspace, or ``default`` (auth off or an admin key), as for OpenAI."""
    return bound_workspace(request) or DEFAULT_WORKSPACE


def store(request):
    return store_of(request)


def respond(content, status: int = 200):
    return json_response(content, status)


def own(record) -> dict:
    """The Zep-only fields kept with a record (names, email, fact rating instruction, ...)."""
    return record.extras.get(DIALECT) or {}


def own_update(fields: dict):
    """An extras update, applied inside the store's write, adding ``fields`` to the Zep-only
    fields kept with a record."""
    return lambda old: {**old, DIALECT: {**(old.get(DIALECT) or {}), **fields}}


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


def deep_merge(old: dict, new: dict, *, drop_system: bool) -> dict:
    """Zep's metadata update: nested objects merge, other values replace; a top-level
    ``system`` key in the update is dropped for sessions and messages (research §6)."""
    merged = dict(old)
    for key, value in new.items():
        if drop_system and key == "system":
            continue
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value, drop_system=False)
        else:
            merged[key] = value
    return merged


async def everything(fetch) -> list:
    """Every item of a paged store listing (``fetch(offset, limit)`` returns a Page)."""
    items: list = []
    while True:
        page = await fetch(len(items), CHUNK)
        items += page.items
        if len(page.items) < CHUNK or len(items) >= page.total:
            return items
