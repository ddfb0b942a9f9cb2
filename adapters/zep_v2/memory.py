"""Session memory: add messages, get the last n with (empty) facts and context, delete."""

from __future__ import annotations

from adapters.contract import store
from adapters.http import respond
from adapters.zep_server.reading import workspace
from adapters.zep_v2 import body, drafts, roles, shapes, wire
from adapters.zep_v2.errors import bad_request, not_found
from adapters.zep_v2.lookup import OK, session_of
from adapters.zep_v2.sessions import writable
from store.errors import Conflict, Inactive, NotFound
from store.model import Message

DEFAULT_LASTN = 6  # Zep CE's DefaultLastNMessages


async def append(request, ws: str, name: str, checked: list[drafts.Draft]) -> list[Message]:
    """Write checked drafts; an unknown session is created (Zep CE), an ended one is a 409."""
    s = store(request)
    found = await s.get_session(ws, name)
    owner = writable(found).owner if found is not None else None
    try:
        return await s.add_messages(ws, name, [d.new(owner) for d in checked])
    except Inactive:
        writable(await session_of(request, ws, name))
        raise not_found() from None
    except Conflict:
        raise bad_request("message_uuid already exists") from None


async def add(request):
    ws = workspace(request)
    name = body.path_id(request, "session_id")
    data = await body.parse(request, wire.MemoryAdd)
    checked = drafts.check(request, data.messages, role_field="role_type", name_field="role")
    drafts.roles(data.ignore_roles)
    await append(request, ws, name, checked)
    return respond({"context": ""} if data.return_context else {})


def lastn(request) -> int:
    raw = body.text(request, "lastn")
    if raw is not None and raw.lstrip().startswith("-"):
        raise bad_request("lastn cannot be negative")
    return body.integer(request, "lastn", default=0) or DEFAULT_LASTN


def min_rating(request) -> None:
    raw = body.text(request, "minRating", "min_rating")
    if raw is not None:
        try:
            float(raw)
        except ValueError:
            raise bad_request(f"invalid value for minRating: {raw!r} is not a number") from None


async def last(request, ws: str, name: str, n: int) -> list[Message]:
    page = await store(request).list_messages(ws, name, limit=n, reverse=True)
    return page.items[::-1]


async def get(request):
    ws = workspace(request)
    found = await session_of(request, ws, body.path_id(request, "session_id"))
    n = lastn(request)
    min_rating(request)
    messages = await last(request, ws, found.name, n)
    learned = await roles.learned(request, ws, messages)
    return respond({"messages": [shapes.message(m, learned) for m in messages], "relevant_facts": [],
                    "context": ""})


async def delete(request):
    ws = workspace(request)
    try:
        await store(request).delete_session(ws, body.path_id(request, "session_id"))
    except NotFound:
        raise not_found() from None
    return respond(OK)
