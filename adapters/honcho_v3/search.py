"""Message search on a workspace, a session or a peer (docs/vendors.md, Honcho §5.6).

The caller's filters are ANDed with the route's own scope (its workspace, and its session or
peer), as the real Honcho 3.0.12 server answered in recorded replays: a session search filtered
to another session, or a workspace search filtered to another workspace, finds nothing, and no
search reaches outside its route.
"""

from __future__ import annotations

from adapters.honcho_v3 import body, shapes, wire
from adapters.contract import store
from adapters.http import respond
from adapters.honcho_v3.filters import translate
from store.query import Cond, Filter, all_of


MAX_SESSIONS = 1_000_000


async def run_search(request, workspace: str, pinned: dict[str, str] | None = None, *,
                     within: Filter | None = None):
    """``pinned``: the route's top-level filter keys; ``within``: a further condition (a scope's
    sessions) ANDed with everything."""
    data = await body.parse(request, wire.Search)
    filters = dict(data.filters) if isinstance(data.filters, dict) else {}
    perspective = filters.pop("peer_perspective", None)
    route = {"workspace_id": workspace, **(pinned or {})}
    where = all_of(translate(filters, "message"), translate(route, "message"), within)
    if perspective is not None:
        where = all_of(where, await _seen_by(request, workspace, str(perspective)))
    found = await store(request).search_messages(workspace, data.query.replace("\x00", ""),
                                                 where=where, limit=data.limit)
    return respond([shapes.message(m) for m in found])


async def _seen_by(request, workspace: str, peer: str) -> Cond:
    """Honcho's ``peer_perspective`` filter: messages of the sessions the peer is or was a
    member of (Honcho also bounds each by the peer's membership window; Rosetta does not)."""
    sessions = await store(request).list_sessions(workspace, member=peer, limit=MAX_SESSIONS)
    return Cond("session", "in", [s.name for s in sessions.items])
