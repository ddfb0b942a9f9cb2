"""Users (canonical peers): add, get, update, delete, users-ordered, and a user's sessions."""

from __future__ import annotations

import msgspec

from adapters.contract import store
from adapters.http import respond
from adapters.zep_server.extras import VENDOR, own_update
from adapters.zep_server.reading import everything, workspace
from adapters.zep_v2 import body, graph, shapes, wire
from adapters.zep_v2.errors import bad_request, not_found
from adapters.zep_v2.listing import Window
from adapters.zep_v2.lookup import OK, user_of
from adapters.zep_v2.metadata import deep_merge
from store.errors import Conflict, NotFound
from store.ids import uuid_text
from store.order import CREATED, NAME, UPDATED, extras_key
from store.query import AnyOf, Cond, all_of

ORDERS = {"created_at": CREATED, "updated_at": UPDATED, "user_id": NAME,
          "email": extras_key(VENDOR, "email")}
SEARCHED = ("email", "first_name", "last_name")  # besides the user_id
ENROLLED = Cond("enrolled", "eq", True)  # docs/contract.md §8: message authors are not users


def given_fields(data) -> dict:
    body.nested(data.metadata, "metadata")
    return {k: msgspec.to_builtins(getattr(data, k)) for k in shapes.USER_EXTRAS if getattr(data, k) is not None}


async def add(request):
    ws = workspace(request)
    data = await body.parse(request, wire.UserCreate)
    name = body.client_id(data.user_id, "user_id")
    fields = given_fields(data)
    try:
        peer, _ = await store(request).ensure_peer(
            ws, name, metadata=data.metadata, extras={VENDOR: fields} if fields else None,
            exists_ok=False)
    except Conflict:
        raise bad_request(f"user already exists with user_id: {name}") from None
    return respond(shapes.user(peer), 201)


async def get(request):
    ws = workspace(request)
    return respond(shapes.user(await user_of(request, ws, body.path_id(request, "user_id"))))


async def update(request):
    ws = workspace(request)
    found = await user_of(request, ws, body.path_id(request, "user_id"))
    data = await body.parse(request, wire.UserUpdate, empty=wire.UserUpdate())
    fields = given_fields(data)
    patch = data.metadata or {}  # an empty patch still bumps updated_at, as on Zep
    peer = await store(request).update_peer(
        ws, found.name, metadata=lambda old: deep_merge(old, patch, drop_system=False),
        extras=own_update(fields) if fields else None)
    return respond(shapes.user(peer))


async def delete(request):
    """The user, its sessions and its graph's episodes (the ones Zep v4 and 3.x graph.add keep)."""
    ws = workspace(request)
    found = await user_of(request, ws, body.path_id(request, "user_id"))
    try:
        await store(request).delete_peer(ws, found.name, with_owned_sessions=True)
    except NotFound:
        raise not_found() from None
    await graph.drop_episodes(request, ws, uuid_text(found.uid))
    return respond(OK)


def matching(term: str | None):
    """3.x ``search``: users whose user_id, email or names contain it, ignoring case."""
    if not term:
        return None
    return AnyOf([Cond("name", "icontains", term),
                  *(Cond("extras", "icontains", term, key=[VENDOR, k]) for k in SEARCHED)])


async def list_ordered(request):
    ws = workspace(request)
    window = Window(request, ORDERS)
    where = all_of(ENROLLED, matching(body.text(request, "search")))
    page = await store(request).list_peers(ws, where=where, **window.page())
    shaped = [shapes.user(p) for p in page.items]
    return respond({"users": shaped, "total_count": page.total, "row_count": len(shaped)})


async def owned_sessions(request) -> list:
    ws = workspace(request)
    name = body.path_id(request, "user_id")
    s = store(request)
    return await everything(lambda offset, limit: s.list_sessions(
        ws, owner=name, active_only=True, offset=offset, limit=limit))


async def sessions(request):
    return respond([shapes.session(x) for x in await owned_sessions(request)])


async def threads(request):
    return respond([shapes.thread(x) for x in await owned_sessions(request)])


async def facts(request):
    ws = workspace(request)
    await user_of(request, ws, body.path_id(request, "user_id"))
    return respond({"facts": []})


async def node(request):
    ws = workspace(request)
    await user_of(request, ws, body.path_id(request, "user_id"))
    return respond({"node": None})


async def warm(request):
    ws = workspace(request)
    await user_of(request, ws, body.path_id(request, "user_id"))
    return respond(OK)
