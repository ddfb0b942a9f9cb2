"""Users (canonical peers): add, get, update, delete, users-ordered, and a user's sessions."""

from __future__ import annotations

from adapters.zep_v2 import body, shapes, wire
from adapters.zep_v2.common import (
    DIALECT, OK, deep_merge, everything, now_stamp, own, respond, store, user_of, workspace,
)
from adapters.zep_v2.errors import bad_request, not_found
from adapters.zep_v2.listing import Window
from store.clock import to_text
from store.errors import NotFound

ORDERS = ("created_at", "updated_at", "user_id", "email")
SORT_KEYS = {
    "updated_at": lambda p: own(p).get("updated_at") or to_text(p.created_at),
    "user_id": lambda p: p.name,
    "email": lambda p: own(p).get("email") or "",
}


def given_fields(data) -> dict:
    body.nested(data.metadata, "metadata")
    body.nested(data.fact_rating_instruction, "fact_rating_instruction")
    return {k: getattr(data, k) for k in shapes.USER_EXTRAS if getattr(data, k) is not None}


async def add(request):
    ws = workspace(request)
    data = await body.parse(request, wire.UserCreate)
    name = body.client_id(data.user_id, "user_id")
    s = store(request)
    peer, created = await s.ensure_peer(ws, name)
    if not created:
        raise bad_request(f"user already exists with user_id: {name}")
    fields = given_fields(data)
    if fields or data.metadata is not None:
        peer = await s.update_peer(ws, name, metadata=data.metadata,
                                   extras={DIALECT: fields} if fields else None)
    return respond(shapes.user(peer), 201)


async def get(request):
    ws = workspace(request)
    return respond(shapes.user(await user_of(request, ws, body.path_id(request, "user_id"))))


async def update(request):
    ws = workspace(request)
    found = await user_of(request, ws, body.path_id(request, "user_id"))
    data = await body.parse(request, wire.UserUpdate, empty=wire.UserUpdate())
    mine = {**own(found), **given_fields(data), "updated_at": now_stamp()}
    metadata = None
    if data.metadata is not None:  # users are "privileged": their system key is kept
        metadata = lambda old: deep_merge(old, data.metadata, drop_system=False)  # noqa: E731 (applied in the write)
    peer = await store(request).update_peer(ws, found.name, metadata=metadata, extras={DIALECT: mine})
    return respond(shapes.user(peer))


async def delete(request):
    ws = workspace(request)
    try:
        await store(request).delete_peer(ws, body.path_id(request, "user_id"), with_owned_sessions=True)
    except NotFound:
        raise not_found() from None
    return respond(OK)


def _matches(p, term: str) -> bool:
    mine = own(p)
    fields = (p.name, mine.get("email"), mine.get("first_name"), mine.get("last_name"))
    return any(term in f.casefold() for f in fields if isinstance(f, str))


async def list_ordered(request):
    ws = workspace(request)
    window = Window(request, ORDERS)
    search = body.text(request, "search")
    s = store(request)
    if window.by_store() and not search:
        page = await s.list_peers(ws, offset=window.offset, limit=window.limit, reverse=not window.asc)
        users, total = page.items, page.total
    else:
        everyone = await everything(lambda offset, limit: s.list_peers(ws, offset=offset, limit=limit))
        if search:
            everyone = [p for p in everyone if _matches(p, search.casefold())]
        users, total = window.cut(everyone, SORT_KEYS.get(window.order, lambda p: p.created_at)), len(everyone)
    shaped = [shapes.user(p) for p in users]
    return respond({"users": shaped, "total_count": total, "row_count": len(shaped)})


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
