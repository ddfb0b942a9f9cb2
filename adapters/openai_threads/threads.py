"""Threads: create (with up to 32 messages), retrieve, modify, delete
(docs/vendors.md, OpenAI §3)."""

from __future__ import annotations

from adapters.openai_threads import bodies, shapes, validate
from adapters.contract import store
from adapters.http import respond
from adapters.openai_threads.lookup import closed, thread, workspace
from adapters.openai_threads.errors import not_found
from adapters.openai_threads.messages import new_message
from store.errors import Inactive, NotFound
from store.ids import new_uid


async def create(request):
    ws = workspace(request)
    data = await validate.json_object(request, bodies.THREAD_CREATE)
    news = [new_message(m, f"messages[{i}].") for i, m in enumerate(data.get("messages") or [])]
    metadata = data.get("metadata") or {}
    resources = data.get("tool_resources")
    name = shapes.mint("thread_", new_uid())
    s = store(request)
    session, _ = await s.get_or_create_session(
        ws, name, metadata=metadata,
        extras={shapes.DIALECT: {"tool_resources": resources}} if resources else None)
    if news:
        await s.add_messages(ws, name, news)
    return respond(shapes.thread(session))


async def retrieve(request):
    ws = workspace(request)
    return respond(shapes.thread(await thread(request, ws)))


async def modify(request):
    ws = workspace(request)
    found = await thread(request, ws)
    data = await validate.json_object(request, bodies.THREAD_MODIFY)
    metadata = data.get("metadata")
    resources = data.get("tool_resources")
    own = {**shapes.extras(found), "tool_resources": resources} if resources is not None else None
    try:
        updated = await store(request).update_session(
            ws, found.name, metadata=metadata, extras={shapes.DIALECT: own} if own else None)
    except Inactive:
        raise closed(found.name) from None
    return respond(shapes.thread(updated))


async def delete(request):
    ws = workspace(request)
    name = request.path_params["thread_id"]
    try:
        await store(request).delete_session(ws, name)
    except NotFound:
        raise not_found("thread", name) from None
    return respond({"id": name, "object": "thread.deleted", "deleted": True})
