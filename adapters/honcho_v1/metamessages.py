"""Metamessages, stored as records owned by a user: v1-late user-level routes (``label`` or
its alias ``metamessage_type``, optional session and message) and the v1-early session-level
routes (``metamessage_type``, a required message), over the same records."""

from __future__ import annotations

from adapters.honcho_v1 import body, filters, ids, records, scope, shapes, wire
from adapters.contract import store
from adapters.honcho_v1.content import text
from adapters.http import respond
from adapters.honcho_v1.errors import fail, invalid, issue, session_missing

KIND = records.METAMESSAGE


def _missing(ident: str):
    return fail(404, f"Metamessage with ID {ident} not found")


async def message_in(request, user, session: str, message: str) -> bool:
    uid = await ids.message_uid(request, message)
    return uid is not None and await store(request).get_message(user.name, uid, session=session) is not None


async def _link(request, user, session_id, message_id) -> None:
    """Honcho's checks on a metamessage's session and message."""
    if session_id is None:
        if message_id is not None:
            raise fail(422, "Cannot specify message_id without session_id")
        return
    if await scope.reachable(request, user, session_id) is None:
        raise session_missing()
    if message_id is not None and not await message_in(request, user, session_id, message_id):
        raise fail(404, "Message not found or does not belong to session")


async def store_new(request, user, label, content, session_id, message_id, metadata) -> dict:
    uid, ident = records.fresh()
    record = {"id": ident, "label": label, "content": text(content), "session_id": session_id,
              "message_id": message_id, "metadata": metadata, "created_at": records.now(),
              "user": user.peer.name}
    await records.put(request, user.name, KIND, uid, record, user.peer.name)
    return record


async def create(request):
    data = await body.parse(request, wire.MetamessageCreate)
    label = data.label if data.label is not None else data.metamessage_type
    if label is None:
        raise invalid([issue("missing", ["body", "metamessage_type"], "Field required", await body.given(request))])
    user = await scope.user(request)
    await _link(request, user, data.session_id, data.message_id)
    record = await store_new(request, user, label, data.content, data.session_id,
                              data.message_id, data.metadata)
    return respond(shapes.echoed(shapes.metamessage(record, user), data.metadata))


def _keeper(label, session_id, message_id, wanted):
    if label is None and session_id is None and message_id is None and not wanted:
        return None
    return lambda r: ((label is None or r["label"] == label)
                      and (session_id is None or r.get("session_id") == session_id)
                      and (message_id is None or r.get("message_id") == message_id)
                      and filters.matches(r["metadata"], wanted))


async def listing(request, user, label, session_id, message_id, wanted):
    page, size, reverse = body.paging(request)
    offset, limit = body.window(page, size)
    items, total = await records.page_of(request, user.name, KIND, user.peer.name,
                                         _keeper(label, session_id, message_id, wanted),
                                         (offset, limit, reverse))
    return respond(shapes.page([shapes.metamessage(r, user) for r in items], total, page, size))


async def list_all(request):
    """POST U/metamessages/list (both generations; v1-early sends only filter and type)."""
    data = await body.parse(request, wire.MetamessageList, empty=wire.MetamessageList())
    user = await scope.user_or_none(request)
    if user is None:  # Honcho's query finds nothing for an unknown app or user
        page, size, _ = body.paging(request)
        return respond(shapes.page([], 0, page, size))
    label = data.label or data.metamessage_type or None
    return await listing(request, user, label, data.session_id or None, data.message_id or None, data.filter)


async def owned(request, user: scope.Scope | None, ident: str) -> tuple[bytes, dict]:
    """A metamessage of this user (None when the app or user is unknown), as (uid, record)."""
    found = user and await records.find(request, user.name, KIND, ident)
    if found is None or found[1].get("user") != user.peer.name:
        raise _missing(ident)
    return found


async def get(request):
    user = await scope.user_or_none(request)
    _, record = await owned(request, user, request.path_params["metamessage_id"])
    return respond(shapes.metamessage(record, user))


async def update(request):
    data = await body.parse(request, wire.MetamessageUpdate)
    user = await scope.user_or_none(request)
    uid, record = await owned(request, user, request.path_params["metamessage_id"])
    session_id = data.session_id
    if data.message_id is not None and session_id is None:
        session_id = record.get("session_id")
        if session_id is None:
            raise fail(422, "Cannot specify message_id without session_id")
    if data.message_id is not None and not await message_in(request, user, session_id, data.message_id):
        raise fail(404, "Message not found or doesn't belong to session")  # (create says "does not")
    if session_id is not None and await scope.reachable(request, user, session_id) is None:
        raise session_missing()
    label = data.label if data.label is not None else data.metamessage_type
    changes = {"session_id": session_id, "message_id": data.message_id, "metadata": data.metadata, "label": label}
    record.update({k: v for k, v in changes.items() if v is not None})
    await records.put(request, user.name, KIND, uid, record, user.peer.name)
    return respond(shapes.echoed(shapes.metamessage(record, user), data.metadata))


async def copy_to_clone(request, user, source: str, clone: str) -> None:
    """Deep-copy clones: the source session's metamessages, re-pointed at the copied messages."""
    s = store(request)
    old = (await s.list_messages(user.name, source, limit=records.ALL)).items
    new = (await s.list_messages(user.name, clone, limit=records.ALL)).items
    mapping = {ids.shown(a): ids.shown(b) for a, b in zip(old, new)}
    every = (await s.list_records(user.name, KIND, limit=records.ALL)).items
    for record in [r for r in every if r.get("session_id") == source]:
        if record.get("message_id") is not None and record["message_id"] not in mapping:
            continue
        uid, ident = records.fresh()
        copied = {**record, "id": ident, "session_id": clone, "created_at": records.now(),
                  "message_id": mapping.get(record.get("message_id"))}
        await records.put(request, user.name, KIND, uid, copied, record["user"])
