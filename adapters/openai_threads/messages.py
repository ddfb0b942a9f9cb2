"""Thread messages: create, list (cursor pages), retrieve, modify metadata, delete
(docs/vendors.md, OpenAI §3, §6)."""

from __future__ import annotations

from adapters.contract import ApiError
from adapters.openai_threads import bodies, content, shapes, validate
from adapters.contract import store
from adapters.http import respond
from adapters.openai_threads.lookup import closed, render, thread, workspace
from adapters.openai_threads.errors import invalid, not_found
from store.errors import Inactive, NotFound
from store.model import NewMessage
from store.query import Cond, all_of

def new_message(data: dict, prefix: str = "") -> NewMessage:
    """A message body already checked against bodies.MESSAGE, as a canonical message."""
    text, parts = content.parse(data["content"], f"{prefix}content")
    own = {}
    if parts is not None:
        own["content"] = parts
    if data.get("attachments"):
        own["attachments"] = data["attachments"]
    return NewMessage(content=text, role=data["role"], metadata=data.get("metadata") or {},
                      extras={shapes.DIALECT: own} if own else {})


async def create(request):
    ws = workspace(request)
    found = await thread(request, ws)
    data = await validate.json_object(request, bodies.MESSAGE)
    try:
        [written] = await store(request).add_messages(ws, found.name, [new_message(data)], create=False)
    except Inactive:
        raise closed(found.name) from None
    [shaped] = await render(request, ws, [written])
    return respond(shaped)


async def _seq(request, ws: str, session: str, param: str) -> int | None:
    ident = request.query_params.get(param)
    if not ident:
        return None
    uid = shapes.uid_of(ident, "msg_") or await store(request).resolve_alias("openai", "message", ident)
    found = await store(request).get_message(ws, uid, session=session) if uid else None
    if found is None:
        raise invalid(f"Invalid value for '{param}': no message with id '{ident}' in this thread.", param, "invalid_value")
    return found.seq


async def list_all(request):
    ws = workspace(request)
    found = await thread(request, ws)
    limit = validate.integer(request, "limit", 20, 1, 100)
    order = validate.order(request)
    after = await _seq(request, ws, found.name, "after")
    before = await _seq(request, ws, found.name, "before")
    forward = order == "asc"
    run_id = request.query_params.get("run_id")
    where = all_of(
        Cond("seq", "gt" if forward else "lt", after) if after is not None else None,
        Cond("seq", "lt" if forward else "gt", before) if before is not None else None,
        Cond("extras", "eq", run_id, key=[shapes.DIALECT, "run_id"]) if run_id else None,
    )
    page = await store(request).list_messages(ws, found.name, where=where, limit=limit + 1, reverse=not forward,
                                                count=False)
    data = await render(request, ws, page.items[:limit])
    return respond(shapes.listing(data, len(page.items) > limit))


async def _message(request, ws: str, session: str):
    ident = request.path_params["message_id"]
    uid = shapes.uid_of(ident, "msg_") or await store(request).resolve_alias("openai", "message", ident)
    found = await store(request).get_message(ws, uid, session=session) if uid else None
    if found is None:
        raise not_found("message", ident)
    return found


async def retrieve(request):
    """The message scoped to its thread in one read; the thread is looked up only on a miss, to
    tell "No thread found" from "No message found"."""
    ws = workspace(request)
    try:
        message = await _message(request, ws, request.path_params["thread_id"])
    except ApiError:
        await thread(request, ws)
        raise
    [shaped] = await render(request, ws, [message])
    return respond(shaped)


async def modify(request):
    ws = workspace(request)
    found = await thread(request, ws)
    message = await _message(request, ws, found.name)
    data = await validate.json_object(request, bodies.MESSAGE_MODIFY)
    metadata = data.get("metadata")
    if metadata is not None:
        message = await store(request).update_message(ws, message.uid, metadata=metadata)
    [shaped] = await render(request, ws, [message])
    return respond(shaped)


async def delete(request):
    ws = workspace(request)
    found = await thread(request, ws)
    message = await _message(request, ws, found.name)
    try:
        await store(request).delete_message(ws, message.uid, session=found.name)
    except NotFound:
        raise not_found("message", request.path_params["message_id"]) from None
    return respond({"id": request.path_params["message_id"], "object": "thread.message.deleted", "deleted": True})
