"""Message search on a workspace, a session or a peer.

As Honcho's routers do, the route's own scope is written into the caller's filters before they
are read: ``workspace_id`` (and ``session_id`` or ``peer_id``) at the top level name the route's
workspace, session or peer whatever the caller put there, and conditions nested in
``AND``/``OR``/``NOT`` are ANDed with it, so a search never reaches outside its route.
"""

from __future__ import annotations

from adapters.honcho_v3 import body, shapes, wire
from adapters.honcho_v3.common import respond, store
from adapters.honcho_v3.filters import translate


async def run_search(request, workspace: str, pinned: dict[str, str] | None = None):
    data = await body.parse(request, wire.Search)
    filters = data.filters if isinstance(data.filters, dict) else {}
    filters = {**filters, "workspace_id": workspace, **(pinned or {})}
    found = await store(request).search_messages(workspace, data.query.replace("\x00", ""),
                                                 where=translate(filters, "message"), limit=data.limit)
    return respond([shapes.message(m) for m in found])
