"""Threads (canonical sessions owned by a user): create, list, lookup, get, delete, context
and the thread's messages seen as episodes.

v4 creates a thread from ``{user_uuid}`` alone: the session is named after its own UUID and
shows ``thread_id: null``. A session made through another dialect shows its name as
``thread_id`` and is found by ``threads/lookup``.
"""

from __future__ import annotations

from adapters.contract import store
from adapters.http import respond
from adapters.zep_server.reading import workspace
from adapters.zep_v4 import body, context as ctx, shapes, tasks, wire
from adapters.zep_v4.errors import bad_request, not_found
from adapters.zep_v4.paging import Window
from adapters.zep_v4.resolve import owners, thread_of, user_by_uuid
from store.errors import NotFound
from store.ids import new_uid, uuid_text
from store.order import CREATED, UPDATED

ORDERS = {"created_at": CREATED, "uuid": CREATED, "updated_at": UPDATED}


async def shaped(request, ws: str, sessions: list) -> list[dict]:
    found = await owners(request, ws, sessions)
    return [shapes.thread(x, found.get(x.owner)) for x in sessions]


async def create(request):
    ws = workspace(request)
    data = await body.parse(request, wire.ThreadCreate)
    owner = await user_by_uuid(request, ws, data.user_uuid)
    uid = new_uid()
    session = await store(request).create_session(ws, uuid_text(uid), owner=owner.name, uid=uid)
    return respond(shapes.thread(session, owner), 201)


async def list_all(request):
    ws = workspace(request)
    window = Window(request)
    order = ORDERS[body.choice(request, "order_by", tuple(ORDERS), "created_at")]
    reverse = body.choice(request, "order", ("asc", "desc"), "asc") == "desc"
    owner = None
    if body.text(request, "user_uuid"):
        owner = (await user_by_uuid(request, ws, body.text(request, "user_uuid"))).name
    page = await store(request).list_sessions(
        ws, owner=owner, active_only=True, offset=window.offset, limit=window.size,
        reverse=reverse, order=order)
    return respond(window.page(await shaped(request, ws, page.items), page.total))


async def lookup(request):
    ws = workspace(request)
    data = await body.parse(request, wire.Lookup)
    if data.thread_id is None or data.user_id is not None or data.graph_id is not None:
        raise bad_request("threads/lookup resolves a thread_id: give thread_id alone", "thread_id")
    session = await store(request).get_session(ws, body.clean(data.thread_id, "thread_id"))
    if session is None:  # one deleted through Honcho v1 (kept inactive) still reads, as in v2
        raise not_found("thread")
    return respond((await shaped(request, ws, [session]))[0])


async def get(request):
    ws = workspace(request)
    session = await thread_of(request, ws)
    return respond((await shaped(request, ws, [session]))[0])


async def delete(request):
    ws = workspace(request)
    session = await thread_of(request, ws)
    try:
        await store(request).delete_session(ws, session.name)
    except NotFound:
        raise not_found("thread") from None
    return respond({"task": await tasks.finished(request, ws, "thread.delete")}, 202)


async def context(request):
    """A context block from the thread's recent messages (no LLM: no facts or entities)."""
    ws = workspace(request)
    session = await thread_of(request, ws)
    return respond({"context": await ctx.of_thread(request, ws, session)})


async def episodes(request):
    """The thread's messages as episodes of its user's graph, in order."""
    ws = workspace(request)
    session = await thread_of(request, ws)
    window = Window(request)
    page = await store(request).list_messages(ws, session.name, offset=window.offset, limit=window.size)
    owner = (await owners(request, ws, [session])).get(session.owner)
    graph = uuid_text(owner.uid) if owner else None
    items = [shapes.message_episode(m, uuid_text(session.uid), graph) for m in page.items]
    return respond(window.page(items, page.total))
