"""Message routes: create, batch (1..100, in order), list (``filter``, pages), get, update.

``is_user`` gives the canonical role (user or assistant); user messages are authored by the
path's user (docs/contract.md §3). Reads show ``is_user`` = the role is user.
"""

from __future__ import annotations

from adapters.honcho_v1 import body, filters, ids, scope, shapes, wire
from adapters.contract import store
from adapters.honcho_v1.content import text
from adapters.http import respond
from adapters.honcho_v1.errors import fail
from adapters.honcho_v1.sessions import writable
from store.errors import NotFound
from store.model import NewMessage


def _new(m: wire.MessageCreate, peer: str) -> NewMessage:
    return NewMessage(content=text(m.content), role="user" if m.is_user else "assistant",
                      peer=peer if m.is_user else None, metadata=m.metadata)


async def _add(request, news: list[wire.MessageCreate]):
    user = await scope.user_or_none(request)
    found = await scope.session(request, user)

    async def write():
        return await store(request).add_messages(
            user.name, found.name, [_new(m, user.peer.name) for m in news], create=False, inactive_ok=True)

    written = await writable(request, user.name, found, write)
    stamps: dict = {}  # a batch shares one timestamp: render it once
    return user, [shapes.message(m, user, stamps.get(id(m.created_at)) or stamps.setdefault(
        id(m.created_at), shapes.iso(m.created_at))) for m in written]


async def create(request):
    data = await body.parse(request, wire.MessageCreate)
    _, rendered = await _add(request, [data])
    return respond(shapes.echoed(rendered[0], data.metadata))


async def batch(request):
    data = await body.parse(request, wire.MessageBatch)
    _, rendered = await _add(request, data.messages)
    return respond(rendered)


async def list_all(request):
    page, size, reverse = body.paging(request)
    data = await body.parse(request, wire.Filter, empty=wire.Filter())
    user = await scope.user_or_none(request)
    found = user and await scope.reachable(request, user, request.path_params["session_id"])
    if found is None:  # Honcho answers an unknown app, user or session with an empty page
        return respond(shapes.page([], 0, page, size))
    offset, limit = body.window(page, size)
    result = await store(request).list_messages(
        user.name, found.name, where=filters.condition(data.filter),
        offset=offset, limit=limit, reverse=reverse)
    return respond(shapes.page([shapes.message(m, user) for m in result.items], result.total, page, size))


async def _located(request, user) -> bytes | None:
    ident = request.path_params["message_id"]
    found = user and await scope.reachable(request, user, request.path_params["session_id"])
    return await ids.message_uid(request, ident) if found is not None else None


async def get(request):
    user = await scope.user_or_none(request)
    uid = await _located(request, user)
    found = await store(request).get_message(
        user.name, uid, session=request.path_params["session_id"]) if uid else None
    if found is None:
        raise fail(404, f"Message with ID {request.path_params['message_id']} not found")
    return respond(shapes.message(found, user))


async def update(request):
    data = await body.parse(request, wire.MetadataUpdate)
    user = await scope.user_or_none(request)
    uid = await _located(request, user)
    if uid is None:
        raise fail(404, "Message not found")
    try:
        updated = await store(request).update_message(
            user.name, uid, metadata=data.metadata, session=request.path_params["session_id"])
    except NotFound:
        raise fail(404, "Message not found") from None
    return respond(shapes.echoed(shapes.message(updated, user), data.metadata))
