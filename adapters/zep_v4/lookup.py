"""``POST lookup``: developer ids (v3-style user, thread and graph ids) resolved to v4 UUIDs
in one call, each answered ``found`` or not, in request order."""

from __future__ import annotations

import msgspec

from adapters.contract import store
from adapters.http import respond
from adapters.zep_server.reading import workspace
from adapters.zep_v4 import body
from adapters.zep_v4.errors import bad_request
from adapters.zep_v4.graphs import by_graph_id
from store.ids import uuid_text

MAX_IDS = 100


class Batch(msgspec.Struct, kw_only=True):
    users: list[str] | None = None
    threads: list[str] | None = None
    graphs: list[str] | None = None


async def _user(request, ws: str, ident: str) -> str | None:
    peer = await store(request).get_peer(ws, ident)
    return uuid_text(peer.uid) if peer is not None and peer.enrolled else None


async def _thread(request, ws: str, ident: str) -> str | None:
    session = await store(request).get_session(ws, ident)
    return uuid_text(session.uid) if session is not None else None


async def _graph(request, ws: str, ident: str) -> str | None:
    record = await by_graph_id(request, ws, ident)
    return record["uuid"] if record is not None else None


async def batch(request):
    ws = workspace(request)
    data = await body.parse(request, Batch)
    asked = [("user", i, _user) for i in data.users or ()] + \
        [("thread", i, _thread) for i in data.threads or ()] + \
        [("graph", i, _graph) for i in data.graphs or ()]
    if not asked:
        raise bad_request("give at least one of users, threads and graphs")
    if len(asked) > MAX_IDS:
        raise bad_request(f"at most {MAX_IDS} ids per lookup")
    items = []
    for kind, ident, resolve in asked:
        found = await resolve(request, ws, body.clean(ident, kind + "s"))
        item = {"resource_type": kind, "legacy_id": ident, "found": found is not None}
        if found is not None:
            item["uuid"] = found
        items.append(item)
    return respond({"items": items})
