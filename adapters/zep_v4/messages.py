"""Thread messages: add (one or many), list with cursor paging, get, PATCH metadata.

A v4 message names its role ``role`` (system, assistant, user, function, tool) and its sender
``name``. Authorship follows docs/contract.md §3 as for Zep v2: the author peer is the
thread's user for user messages, else the sender name, else the role. A client ``uuid`` is
kept as the message's id; ``reference_time`` as its creation time.
"""

from __future__ import annotations

from adapters.contract import store, settings_of
from adapters.http import respond
from adapters.zep_server.reading import workspace
from adapters.zep_v4 import body, context as ctx, shapes, wire
from adapters.zep_v4.errors import bad_request, conflict, not_found
from adapters.zep_v4.paging import Window
from adapters.zep_v4.resolve import message_of, thread_of
from store.errors import Conflict, Inactive, NotFound
from store.ids import uuid_text
from store.model import NewMessage

MAX_MESSAGES = 30
ROLES = ("system", "assistant", "user", "function", "tool")


def role(value: str | None, param: str) -> str | None:
    if value is not None and value not in ROLES:
        raise bad_request(f"{param} must be one of {', '.join(ROLES)}", param)
    return value


def draft(m: wire.AddMessage, owner: str | None, limit: int) -> NewMessage:
    if not m.content.strip():
        raise bad_request("messages[].content cannot be empty", "messages.content")
    if len(m.content) > limit:
        raise bad_request(f"message content exceeds {limit} characters", "messages.content")
    kind = role(m.role, "messages.role")
    name = m.name or None
    author = (owner or name or "user") if kind == "user" else (name or kind)
    return NewMessage(content=m.content, role=kind, peer=author, sender=name,
                      metadata=body.metadata(m.metadata, "messages.metadata"),
                      created_at=body.moment(m.reference_time, "messages.reference_time"),
                      uid=body.uuid_value(m.uuid, "messages.uuid") if m.uuid else None)


async def add(request):
    ws = workspace(request)
    session = await thread_of(request, ws)
    data = await body.parse(request, wire.AddMessages)
    if not data.messages:
        raise bad_request("messages cannot be empty", "messages")
    if len(data.messages) > MAX_MESSAGES:
        raise bad_request(f"at most {MAX_MESSAGES} messages per call", "messages")
    for value in data.ignore_roles or ():
        role(value, "ignore_roles")
    limit = settings_of(request).zep_max_content_chars
    drafts = [draft(m, session.owner, limit) for m in data.messages]
    try:
        written = await store(request).add_messages(ws, session.name, drafts)  # makes authors
    except (NotFound, Inactive):
        raise not_found("thread") from None
    except Conflict:
        raise conflict("a message with this uuid already exists") from None
    answer = {"messages": [shapes.message(m, uuid_text(session.uid)) for m in written]}
    if data.return_context:
        answer["context"] = await ctx.of_thread(request, ws, session)
    return respond(answer)


async def list_all(request):
    ws = workspace(request)
    session = await thread_of(request, ws)
    window = Window(request)
    body.choice(request, "order_by", ("created_at",), "created_at")
    reverse = body.choice(request, "order", ("asc", "desc"), "asc") == "desc"
    page = await store(request).list_messages(
        ws, session.name, offset=window.offset, limit=window.size, reverse=reverse)
    thread = uuid_text(session.uid)
    return respond(window.page([shapes.message(m, thread) for m in page.items], page.total))


async def get(request):
    ws = workspace(request)
    session = await thread_of(request, ws)
    return respond(shapes.message(await message_of(request, ws, session), uuid_text(session.uid)))


async def update(request):
    """Merge metadata: a null value removes its key; at most 10 keys after the merge."""
    ws = workspace(request)
    session = await thread_of(request, ws)
    found = await message_of(request, ws, session)
    data = await body.parse(request, wire.MetadataPatch)
    patch = body.metadata(data.metadata, nulls=True) if data.metadata is not None else {}
    if len(body.merged(found.metadata, patch)) > body.MAX_METADATA_KEYS:
        raise bad_request(f"metadata may have at most {body.MAX_METADATA_KEYS} keys after the merge",
                          "metadata")
    try:
        updated = await store(request).update_message(
            ws, found.uid, metadata=lambda old: body.merged(old, patch), session=session.name)
    except NotFound:
        raise not_found("message") from None
    return respond(shapes.message(updated, uuid_text(session.uid)))
