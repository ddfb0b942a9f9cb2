"""Session messages: list (limit + 1-based page cursor), get, PATCH metadata (deep merge);
the 3.x global ``PATCH /messages/{uuid}``."""

from __future__ import annotations

from adapters.contract import store
from adapters.http import respond
from adapters.zep_server.extras import VENDOR
from adapters.zep_server.reading import workspace
from adapters.zep_v2 import body, roles, shapes, wire
from adapters.zep_v2.errors import not_found
from adapters.zep_v2.lookup import session_of
from adapters.zep_v2.metadata import deep_merge
from store.errors import NotFound
from store.ids import from_uuid_text
from store.model import Message, Page


async def page_of(request, ws: str, name: str, *, lastn: int | None = None) -> Page:
    """``lastn`` newest (oldest first), else page ``cursor`` of ``limit``, else everything."""
    s = store(request)
    if lastn:
        page = await s.list_messages(ws, name, limit=lastn, reverse=True)
        return Page(items=page.items[::-1], total=page.total)
    limit = body.integer(request, "limit", default=0)
    cursor = body.integer(request, "cursor", default=1)
    if not limit:
        return await s.list_messages(ws, name, limit=body.MAX_INT)
    return await s.list_messages(ws, name, offset=(max(cursor, 1) - 1) * limit, limit=limit)


async def list_all(request):
    ws = workspace(request)
    found = await session_of(request, ws, body.path_id(request, "session_id"))
    page = await page_of(request, ws, found.name)
    learned = await roles.learned(request, ws, page.items)
    shaped = [shapes.message(m, learned) for m in page.items]
    return respond({"messages": shaped, "total_count": page.total, "row_count": len(shaped)})


async def message_uid(request, text: str) -> bytes:
    uid = from_uuid_text(text) or await store(request).resolve_alias(VENDOR, "message", text)
    if uid is None:
        raise not_found()
    return uid


async def _message(request, ws: str, session: str | None) -> Message:
    uid = await message_uid(request, body.path_id(request, "message_uuid"))
    found = await store(request).get_message(ws, uid, session=session)
    if found is None:
        raise not_found()
    return found


async def get(request):
    """One read: the message scoped to its session (Zep answers a missing session and a
    missing message alike)."""
    ws = workspace(request)
    return await _one(request, ws, shapes.message, await _message(request, ws, body.path_id(request, "session_id")))


async def _update(request, ws: str, message: Message) -> Message:
    data = await body.parse(request, wire.MetadataUpdate)
    patch = body.nested(data.metadata, "metadata")
    try:
        return await store(request).update_message(
            ws, message.uid, metadata=lambda old: deep_merge(old, patch, drop_system=True),
            session=message.session)
    except NotFound:
        raise not_found() from None


async def update(request):
    ws = workspace(request)
    found = await session_of(request, ws, body.path_id(request, "session_id"))
    message = await _message(request, ws, found.name)
    return await _one(request, ws, shapes.message, await _update(request, ws, message))


async def update_anywhere(request):
    """3.x ``thread.message.update``: the message is found by its UUID alone."""
    ws = workspace(request)
    message = await _message(request, ws, None)
    return await _one(request, ws, shapes.thread_message, await _update(request, ws, message))


async def _one(request, ws: str, render, message: Message):
    return respond(render(message, await roles.learned(request, ws, [message])))


