"""What Zep v2 handlers look up: sessions and users that 404."""

from __future__ import annotations

from adapters.contract import store
from adapters.zep_v2.errors import not_found
from store.model import Peer, Session

OK = {"message": "OK"}


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
