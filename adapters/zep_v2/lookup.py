"""What Zep v2 handlers look up: sessions and users that 404."""

from __future__ import annotations

from adapters.contract import store
from adapters.zep_server.reading import workspace
from adapters.zep_v2 import body
from adapters.zep_v2.errors import not_found
from store.model import Peer, Session

OK = {"message": "OK"}


async def session_of(request, ws: str, name: str) -> Session:
    found = await store(request).get_session(ws, name)
    if found is None:
        raise not_found()
    return found


async def require_session(request, param: str = "session_id") -> None:
    """404 unless the session (or thread) the path names exists: Zep checks that first."""
    await session_of(request, workspace(request), body.path_id(request, param))


async def user_of(request, ws: str, name: str) -> Peer:
    found = await store(request).get_peer(ws, name)
    if found is None:
        raise not_found()
    return found
