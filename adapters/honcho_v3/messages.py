"""Message routes: create (batch), list, get, update metadata."""

from __future__ import annotations

from datetime import datetime, timezone

from adapters.honcho_v3 import body, moments, shapes, wire
from adapters.honcho_v3.common import clean_metadata, guard, message_uid, paged, respond, store
from adapters.honcho_v3.errors import fail, invalid, issue
from adapters.honcho_v3.filters import translate
from store.errors import NotFound
from store.model import NewMessage
from store.query import all_of


def _moment(value, index: int) -> tuple[datetime | None, datetime | None]:
    """A client created_at, and how Honcho echoes it (pydantic's rendering of the parsed value)."""
    if value is None:
        return None, None
    loc = ["body", "messages", index, "created_at"]
    try:
        moment = moments.parse(value)
    except ValueError:
        raise invalid([issue("datetime_from_date_parsing", loc, "Input should be a valid datetime", value)]) from None
    echo = moment  # rendered as given: naive stays naive, an offset is kept
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)), echo


async def create(request):
    workspace = body.workspace(request, creating=True)
    session = request.path_params["session_id"]
    body.check_name(session, ["path", "session_id"])
    data = await body.parse(request, wire.MessageBatch)
    news, echoes = [], []
    for i, m in enumerate(data.messages):
        moment, echo = _moment(m.created_at, i)
        echoes.append(echo)
        news.append(NewMessage(
            content=m.content.replace("\x00", ""), peer=m.peer_id,
            metadata=clean_metadata(m.metadata, ["body", "messages", i, "metadata"]) or {},
            created_at=moment,
            extras={"honcho_v3": {"configuration": m.configuration}} if m.configuration else {},
        ))
    written = await guard(store(request).add_messages(workspace, session, news), workspace, session)
    return respond([shapes.message(m, e) for m, e in zip(written, echoes)], 201)


async def list_all(request):
    workspace = body.workspace(request)
    page, size, reverse = body.paging(request)
    data = await body.parse(request, wire.Filters, empty=wire.Filters())
    offset = body.offset_of(page, size)
    result = await store(request).list_messages(
        workspace, request.path_params["session_id"], where=all_of(translate(data.filters, "message")),
        offset=offset or 0, limit=size if offset is not None else 0, reverse=reverse,
    )
    return respond(paged(result, shapes.message, page, size))


async def _uid(request) -> bytes:
    uid = await message_uid(store(request), request.path_params["message_id"])
    if uid is None:
        raise fail(404, "Message not found")
    return uid


async def get(request):
    workspace = body.workspace(request)
    found = await store(request).get_message(workspace, await _uid(request),
                                             session=request.path_params["session_id"])
    if found is None:
        raise fail(404, "Message not found")
    return respond(shapes.message(found))


async def update(request):
    workspace = body.workspace(request)
    uid = await _uid(request)
    data = await body.parse(request, wire.MessageUpdate, empty=wire.MessageUpdate())
    s = store(request)
    session = request.path_params["session_id"]
    if data.metadata is None:
        found = await s.get_message(workspace, uid, session=session)
        if found is None:
            raise fail(404, "Message not found")
        return respond(shapes.message(found))
    try:
        updated = await s.update_message(workspace, uid, session=session,
                                         metadata=clean_metadata(data.metadata, ["body", "metadata"]))
    except NotFound:
        raise fail(404, "Message not found") from None
    return respond(shapes.message(updated))


async def upload(request):
    body.workspace(request)
    raise fail(501, "Rosetta does not accept file uploads yet: send the text as messages instead")
