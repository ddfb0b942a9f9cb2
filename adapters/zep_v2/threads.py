"""zep-cloud 3.x threads over the same sessions: create, list, delete, messages get/add, context.

A 3.x message names its role ``role`` and its sender ``name`` (v2: ``role_type`` / ``role``).
"""

from __future__ import annotations

from adapters.contract import store
from adapters.http import respond
from adapters.zep_server.reading import workspace
from adapters.zep_v2 import body, drafts, roles, shapes, wire
from adapters.zep_v2.errors import not_found
from adapters.zep_v2.listing import Window
from adapters.zep_v2.lookup import OK, session_of
from adapters.zep_v2.memory import append
from adapters.zep_v2.messages import page_of
from adapters.zep_v2.sessions import ORDERS, create as create_session, ordered
from store.clock import to_text
from store.errors import NotFound


async def create(request):
    ws = workspace(request)
    data = await body.parse(request, wire.ThreadCreate)
    return respond(shapes.thread(await create_session(request, ws, data.thread_id, data.user_id)), 201)


async def list_all(request):
    window = Window(request, ORDERS, aliases={"thread_id": "session_id"})
    found, total = await ordered(request, window)
    shaped = [shapes.thread(x) for x in found]
    return respond({"threads": shaped, "total_count": total, "response_count": len(shaped)})


async def delete(request):
    ws = workspace(request)
    try:
        await store(request).delete_session(ws, body.path_id(request, "thread_id"))
    except NotFound:
        raise not_found() from None
    return respond(OK)


async def messages(request):
    ws = workspace(request)
    found = await session_of(request, ws, body.path_id(request, "thread_id"))
    page = await page_of(request, ws, found.name, lastn=body.integer(request, "lastn", default=0))
    learned = await roles.learned(request, ws, page.items)
    shaped = [shapes.thread_message(m, learned) for m in page.items]
    return respond({"messages": shaped, "row_count": len(shaped), "total_count": page.total,
                    "thread_created_at": to_text(found.created_at), "user_id": found.owner})


async def add_messages(request):
    ws = workspace(request)
    name = body.path_id(request, "thread_id")
    data = await body.parse(request, wire.ThreadMessagesAdd)
    checked = drafts.check(request, data.messages, role_field="role", name_field="name")
    drafts.roles(data.ignore_roles)
    written = await append(request, ws, name, checked)
    answer = {"message_uuids": [shapes.message_uuid(m) for m in written]}
    if data.return_context:
        answer["context"] = ""
    return respond(answer)


async def context(request):
    ws = workspace(request)
    await session_of(request, ws, body.path_id(request, "thread_id"))
    return respond({"context": ""})
