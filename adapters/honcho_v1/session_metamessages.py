"""v1-early (server 0.0.12-0.0.16, honcho-ai 0.0.15-0.0.19) session-level metamessages.

Same records as the user-level routes of ``metamessages``: each hangs off a message of the
path's session, and reads check that session and message as the early server did.
"""

from __future__ import annotations

from adapters.contract import ApiError
from adapters.honcho_v1 import body, records, scope, shapes, wire
from adapters.http import respond
from adapters.honcho_v1.errors import fail, invalid, issue
from adapters.honcho_v1.metamessages import listing, message_in, owned, store_new


async def _session(request):
    user = await scope.user(request)
    name = request.path_params["session_id"]
    if await scope.reachable(request, user, name) is None:
        raise fail(404, "Session not found")
    return user, name


async def create(request):
    data = await body.parse(request, wire.SessionMetamessageCreate)
    user, session = await _session(request)
    if not await message_in(request, user, session, data.message_id):
        raise fail(404, "Session not found")
    record = await store_new(request, user, data.metamessage_type, data.content, session,
                              data.message_id, data.metadata)
    return respond(shapes.metamessage(record, user))


async def list_all(request):
    data = await body.parse(request, wire.MetamessageList, empty=wire.MetamessageList())
    user, session = await _session(request)
    label = data.metamessage_type or data.label or None
    return await listing(request, user, label, session, data.message_id or None, data.filter)


async def get(request):
    message = request.query_params.get("message_id")
    if message is None:
        raise invalid([issue("missing", ["query", "message_id"], "Field required", None)])
    user = await scope.user(request)
    ident = request.path_params["metamessage_id"]
    _, record = await owned(request, user, ident)
    if (record.get("session_id"), record.get("message_id")) != (request.path_params["session_id"], message):
        raise fail(404, f"Metamessage with ID {ident} not found")
    return respond(shapes.metamessage(record, user))


async def update(request):
    data = await body.parse(request, wire.SessionMetamessageUpdate)
    if data.metadata is None:
        raise fail(422, "Metamessage metadata cannot be empty")
    user = await scope.user(request)
    try:
        uid, record = await owned(request, user, request.path_params["metamessage_id"])
    except ApiError as exc:
        raise fail(404, "Session or metamessage not found") from exc
    if (record.get("session_id"), record.get("message_id")) != (request.path_params["session_id"], data.message_id):
        raise fail(404, "Session or metamessage not found")
    record["metadata"] = data.metadata
    if data.metamessage_type is not None:
        record["label"] = data.metamessage_type
    await records.put(request, user.name, records.METAMESSAGE, uid, record, record["user"])
    return respond(shapes.metamessage(record, user))
