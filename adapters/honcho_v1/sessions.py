"""Session routes: get, create, list, update metadata, soft delete, clone, chat (501).

v1 deletes softly: the session turns inactive and keeps its messages (docs/contract.md §6), and an
inactive session still takes metadata and messages, as on Honcho 1.1.0.
"""

from __future__ import annotations

from adapters.honcho_v1 import body, dialectic, filters, ids, metamessages, scope, shapes, wire
from adapters.contract import store
from adapters.http import respond
from adapters.honcho_v1.errors import fail, no_llm, session_missing, unauthorized
from adapters.honcho_server.nanoid import nanoid
from store.errors import Inactive, NotFound


async def get(request):
    """GET U/sessions?session_id= (v1-late) and GET U/sessions/{session_id} (v1-early)."""
    ident = body.query_id(request, "session_id")
    if not ident:
        raise unauthorized("Session ID not found in query parameter or JWT")
    user = await scope.user_or_none(request)
    return respond(shapes.session(await scope.session(request, user, ident), user))


async def create(request):
    data = await body.parse(request, wire.SessionCreate)
    user = await scope.user(request)
    record = await store(request).create_session(
        user.name, nanoid(), metadata=data.metadata, owner=user.peer.name)
    return respond(shapes.echoed(shapes.session(record, user), data.metadata))


async def list_all(request):
    page, size, reverse = body.paging(request)
    data = await body.parse(request, wire.SessionList, empty=wire.SessionList())
    user = await scope.user_or_none(request)
    if user is None:  # Honcho's query finds nothing for an unknown app or user
        return respond(shapes.page([], 0, page, size))
    offset, limit = body.window(page, size)
    found = await store(request).list_sessions(
        user.name, member=user.peer.name, active_only=data.is_active,
        where=filters.condition(data.filter), offset=offset, limit=limit, reverse=reverse)
    return respond(shapes.page([shapes.session(s, user) for s in found.items], found.total, page, size))


async def writable(request, workspace: str, session, write):
    """Run ``write()`` (a store call passing ``inactive_ok=True``: Honcho v1 writes to sessions it
    soft-deleted). A session another dialect ended takes no writes (404)."""
    if session.ended_at is not None:
        raise session_missing()
    try:
        return await write()
    except (Inactive, NotFound) as exc:
        if exc.kind != "session":
            raise
        raise session_missing() from None


async def update(request):
    data = await body.parse(request, wire.MetadataUpdate)
    user = await scope.user_or_none(request)
    found = await scope.session(request, user)

    async def write():
        return await store(request).update_session(user.name, found.name, metadata=data.metadata,
                                                    inactive_ok=True)

    await writable(request, user.name, found, write)
    return respond(shapes.echoed(shapes.session(await store(request).get_session(user.name, found.name), user), data.metadata))


async def delete(request):
    user = await scope.user_or_none(request)
    found = await scope.session(request, user)
    await store(request).set_session_state(user.name, found.name, is_active=False)
    return respond({"message": "Session deleted successfully"})


async def clone(request):
    deep = body.flag(request, "deep_copy")  # FastAPI checks the query before the handler runs
    user = await scope.user_or_none(request)
    found = user and await scope.reachable(request, user, request.path_params["session_id"])
    if found is None:
        raise fail(404, "Session not found")
    upto = None
    cutoff = request.query_params.get("message_id")
    if cutoff:
        upto = await ids.message_uid(request, cutoff)
        if upto is None:
            raise fail(404, "Session not found")
    async def write():
        return await store(request).clone_session(user.name, found.name, nanoid(), upto=upto, inactive_ok=True)

    try:
        copy = await writable(request, user.name, found, write)
    except NotFound:
        raise fail(404, "Session not found") from None
    if deep:
        await metamessages.copy_to_clone(request, user, found.name, copy.name)
    return respond(shapes.session(copy, user))


async def chat(request):
    """POST S/chat (and v1-early S/chat/stream): the dialectic API needs an LLM."""
    await dialectic.options(request)
    user = await scope.user(request)
    await scope.session(request, user)
    raise no_llm("the dialectic chat endpoint")
