"""Message search on a workspace, a session or a peer (storage path of docs/vendors.md, Honcho §5.6)."""

from __future__ import annotations

from adapters.honcho_v3 import body, shapes, wire
from adapters.contract import store
from adapters.http import respond
from adapters.honcho_v3.filters import translate
from store.query import Cond, all_of


async def run_search(request, workspace: str, scope: Cond | None):
    data = await body.parse(request, wire.Search)
    where = all_of(translate(data.filters, "message"), scope)
    found = await store(request).search_messages(workspace, data.query.replace("\x00", ""),
                                                 where=where, limit=data.limit)
    return respond([shapes.message(m) for m in found])
