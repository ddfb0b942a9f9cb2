"""Conversations over the same sessions as threads: one name space, so a thread is readable and
writable as a conversation (and the reverse) under its own id (docs/vendors.md, OpenAI §12-13)."""

from __future__ import annotations

import os
import time

from adapters.contract import ApiError, bound_workspace
from adapters.openai_threads import bodies, items, shapes, validate
from adapters.contract import store
from adapters.http import respond
from adapters.openai_threads.lookup import peer_roles
from adapters.openai_threads.errors import body, invalid
from store.errors import Inactive, NotFound
from store.query import Cond


def _workspace(request) -> str:
    return bound_workspace(request) or "default"  # no beta header on conversations


def _missing(ident: str) -> ApiError:
    return ApiError(404, body(f"Conversation with id '{ident}' not found.", "invalid_request_error"))


def _item_missing(ident: str) -> ApiError:
    return ApiError(404, body(f"Item with id '{ident}' not found in conversation.", "invalid_request_error"))


def conversation(s) -> dict:
    return {"id": s.name, "object": "conversation", "created_at": shapes.seconds(s.created_at),
            "metadata": s.metadata}


async def _find(request, ws: str):
    ident = request.path_params["conversation_id"]
    found = await store(request).get_session(ws, ident)
    if found is None:
        raise _missing(ident)
    return found


async def create(request):
    ws = _workspace(request)
    data = await validate.json_object(request, bodies.CONVERSATION_CREATE)
    news = items.new_messages(data.get("items"))
    metadata = data.get("metadata") or {}
    name = f"conv_{int(time.time()):08x}{os.urandom(20).hex()}"
    s = store(request)
    session, _ = await s.get_or_create_session(ws, name, metadata=metadata)
    if news:
        await s.add_messages(ws, name, news)
    return respond(conversation(session))


async def retrieve(request):
    return respond(conversation(await _find(request, _workspace(request))))


async def update(request):
    ws = _workspace(request)
    found = await _find(request, ws)
    data = await validate.json_object(request, bodies.CONVERSATION_UPDATE)
    if "metadata" not in data:  # required, and null is a value here (it clears)
        raise invalid("Missing required parameter: 'metadata'.", "metadata", "missing_required_parameter")
    metadata = data["metadata"] or {}
    try:
        updated = await store(request).update_session(ws, found.name, metadata=metadata)
    except Inactive:
        raise invalid(f"Conversation {found.name} is ended or deleted and cannot be written.") from None
    return respond(conversation(updated))


async def delete(request):
    ws = _workspace(request)
    ident = request.path_params["conversation_id"]
    try:
        await store(request).delete_session(ws, ident)
    except NotFound:
        raise _missing(ident) from None
    return respond({"id": ident, "object": "conversation.deleted", "deleted": True})


async def _render(request, ws, messages) -> list[dict]:
    roles = await peer_roles(request, ws, messages)
    return [items.item(m, roles) for m in messages]


async def items_list(request):
    ws = _workspace(request)
    found = await _find(request, ws)
    limit = validate.integer(request, "limit", 20, 1, 100)
    forward = validate.order(request) == "asc"
    where = None
    after = request.query_params.get("after")
    if after:
        cursor = await _message(request, ws, found.name, after, "after")
        where = Cond("seq", "gt" if forward else "lt", cursor.seq)
    page = await store(request).list_messages(ws, found.name, where=where, limit=limit + 1, reverse=not forward,
                                                count=False)
    data = await _render(request, ws, page.items[:limit])
    return respond(shapes.listing(data, len(page.items) > limit))


async def items_create(request):
    ws = _workspace(request)
    found = await _find(request, ws)
    data = await validate.json_object(request, bodies.ITEMS_CREATE)
    news = items.new_messages(data["items"])
    try:
        written = await store(request).add_messages(ws, found.name, news, create=False)
    except Inactive:
        raise invalid(f"Conversation {found.name} is ended or deleted and cannot be written.") from None
    return respond(shapes.listing(await _render(request, ws, written), False))


async def _message(request, ws: str, session: str, ident: str, param: str | None = None):
    uid = shapes.uid_of(ident, "msg_") or await store(request).resolve_alias("openai", "message", ident)
    found = await store(request).get_message(ws, uid, session=session) if uid else None
    if found is None:
        if param:
            raise invalid(f"Invalid value for '{param}': no item with id '{ident}' in this conversation.", param, "invalid_value")
        raise _item_missing(ident)
    return found


async def item_retrieve(request):
    ws = _workspace(request)
    found = await _find(request, ws)
    message = await _message(request, ws, found.name, request.path_params["item_id"])
    return respond((await _render(request, ws, [message]))[0])


async def item_delete(request):
    ws = _workspace(request)
    found = await _find(request, ws)
    message = await _message(request, ws, found.name, request.path_params["item_id"])
    await store(request).delete_message(ws, message.uid, session=found.name)
    return respond(conversation(found))
