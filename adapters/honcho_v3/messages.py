"""Message routes: create (batch), upload (a file as messages), list, get, update metadata."""

from __future__ import annotations

from datetime import datetime, timezone

from adapters.honcho_server import query
from adapters.honcho_v3 import body, chunks, files, forms, moments, scope, shapes, wire
from adapters.contract import store
from adapters.honcho_v3.configuration import message as message_configuration
from adapters.honcho_v3.lookup import guard, message_uid
from adapters.honcho_v3.metadata import clean_metadata
from adapters.honcho_v3.shapes import paged
from adapters.http import respond
from adapters.honcho_server.errors import fail, invalid, issue
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
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise ValueError(value)
        moment = moments.parse(value)
    except ValueError:
        kind, msg, ctx = moments.problem(value)
        raise invalid([issue(kind, loc, msg, value, ctx)]) from None
    echo = moment  # rendered as given: naive stays naive, an offset is kept
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)), echo


async def create(request):
    workspace = scope.workspace(request, creating=True)
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
            extras=_configured(message_configuration(m.configuration, ["body", "messages", i, "configuration"])),
        ))
    written = await guard(store(request).add_messages(workspace, session, news), workspace, session)
    return respond([shapes.message(m, e, written=True) for m, e in zip(written, echoes)], 201)


def _configured(settings: dict | None) -> dict:
    return {"honcho_v3": {"configuration": settings}} if settings else {}


async def list_all(request):
    workspace = scope.workspace(request)
    page, size, reverse = query.paging(request)
    data = await body.parse(request, wire.Filters, empty=wire.Filters())
    offset = query.offset_of(page, size)
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
    workspace = scope.workspace(request)
    uid = await message_uid(store(request), request.path_params["message_id"])
    found = uid and await store(request).get_message(workspace, uid, session=request.path_params["session_id"])
    if not found:
        raise fail(404, f"Message with ID {request.path_params['message_id']} not found")
    return respond(shapes.message(found))


async def update(request):
    workspace = scope.workspace(request)
    data = await body.parse(request, wire.MessageUpdate)
    uid = await _uid(request)
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
    return respond(shapes.message(updated, written=True))


async def upload(request):
    """One message per chunk of the file's text, all by ``peer_id``, written as create writes."""
    workspace = scope.workspace(request, creating=True)
    session = request.path_params["session_id"]
    body.check_name(session, ["path", "session_id"])
    fields, upload_file = await forms.read(request)
    body.check_name(fields.peer_id, ["body", "peer_id"])
    moment, echo = forms.created_at(fields.created_at)
    news = _file_messages(fields, upload_file, moment)
    written = await guard(store(request).add_messages(workspace, session, news), workspace, session)
    return respond([shapes.message(m, echo, written=True) for m in written], 201)


def _file_messages(fields: wire.MessageUpload, upload_file: wire.Upload, moment) -> list[NewMessage]:
    metadata = clean_metadata(forms.json_object("metadata", fields.metadata), ["body", "metadata"]) or {}
    configuration = forms.json_object("configuration", fields.configuration)
    text = files.text_of(upload_file)
    pieces = chunks.split(text)
    file_id = files.new_id()
    return [
        NewMessage(content=piece.replace("\x00", ""), peer=fields.peer_id, metadata=metadata, created_at=moment,
                   extras={"honcho_v3": _extras(files.internal_metadata(
                       upload_file, file_id, i, len(pieces), len(text), chunks.MAX_CHARS), configuration)})
        for i, piece in enumerate(pieces)
    ]


def _extras(internal_metadata: dict, configuration: dict | None) -> dict:
    """What a chunk keeps for this dialect only: Honcho's internal file metadata (its API never
    shows it) and the message configuration, as create keeps it."""
    if configuration:
        return {"internal_metadata": internal_metadata, "configuration": configuration}
    return {"internal_metadata": internal_metadata}
