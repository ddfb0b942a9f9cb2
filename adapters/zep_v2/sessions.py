"""Sessions: add, get, update (deep-merged metadata), sessions-ordered, end one, end many."""

from __future__ import annotations

import msgspec

from adapters.contract import store
from adapters.http import respond
from adapters.zep_server.extras import VENDOR, own_update
from adapters.zep_server.reading import workspace
from adapters.zep_v2 import body, shapes, wire
from adapters.zep_v2.errors import bad_request, no_llm, not_found, session_ended
from adapters.zep_v2.listing import Window
from adapters.zep_v2.lookup import session_of
from adapters.zep_v2.metadata import deep_merge
from store.errors import Conflict, Inactive, NotFound
from store.model import Session
from store.order import CREATED, NAME, OWNER, UPDATED

ORDERS = {"created_at": CREATED, "updated_at": UPDATED, "user_id": OWNER, "session_id": NAME}


async def create(request, ws: str, name: str, user: str | None, metadata=None, rating=None) -> Session:
    """A new session owned by an existing user; Zep's 400s for a taken id or unknown user."""
    name = body.client_id(name, "session_id")
    s = store(request)
    if user is not None and await s.get_peer(ws, body.client_id(user, "user_id")) is None:
        raise bad_request(f"user does not exist with user_id: {user}")
    extras = {VENDOR: {"fact_rating_instruction": rating}} if rating is not None else None
    try:
        session = await s.create_session(ws, name, owner=user, metadata=metadata or None,
                                         extras=extras)
    except Conflict:
        raise bad_request(f"session already exists with session_id: {name}") from None
    return session


async def add(request):
    ws = workspace(request)
    data = await body.parse(request, wire.SessionCreate)
    body.nested(data.metadata, "metadata")
    session = await create(request, ws, data.session_id, data.user_id, data.metadata,
                           msgspec.to_builtins(data.fact_rating_instruction))
    return respond(shapes.session(session), 201)


async def get(request):
    ws = workspace(request)
    return respond(shapes.session(await session_of(request, ws, body.path_id(request, "session_id"))))


def writable(found: Session) -> Session:
    """Zep answers 409 for an ended session; one deleted through another dialect is gone."""
    if found.ended_at is not None:
        raise session_ended()
    if not found.is_active:
        raise not_found()
    return found


async def update(request):
    ws = workspace(request)
    found = writable(await session_of(request, ws, body.path_id(request, "session_id")))
    data = await body.parse(request, wire.SessionUpdate, empty=wire.SessionUpdate())
    body.nested(data.metadata, "metadata")
    patch = data.metadata or {}  # an empty patch only bumps updated_at (docs/vendors.md, Zep §6)
    rating = msgspec.to_builtins(data.fact_rating_instruction)
    extras = None if rating is None else own_update({"fact_rating_instruction": rating})
    try:
        session = await store(request).update_session(
            ws, found.name, metadata=lambda old: deep_merge(old, patch, drop_system=True),
            extras=extras)
    except (Inactive, NotFound):
        writable(await session_of(request, ws, found.name))
        raise not_found() from None
    return respond(shapes.session(session))


async def ordered(request, window: Window) -> tuple[list, int]:
    """The active sessions of the workspace in the requested order, and how many there are."""
    page = await store(request).list_sessions(workspace(request), active_only=True, **window.page())
    return page.items, page.total


async def list_ordered(request):
    found, total = await ordered(request, Window(request, ORDERS))
    shaped = [shapes.session(x) for x in found]
    return respond({"sessions": shaped, "total_count": total, "response_count": len(shaped)})


async def _end(request, ws: str, found: Session) -> Session:
    if found.ended_at is not None:
        return found
    try:
        return await store(request).set_session_state(ws, found.name, ended=True)
    except NotFound:
        raise not_found() from None


async def end(request):
    ws = workspace(request)
    found = await session_of(request, ws, body.path_id(request, "session_id"))
    data = await body.parse(request, wire.EndSession, empty=wire.EndSession())
    if data.classify is not None:
        raise no_llm("session classification")
    return respond({"session": shapes.session(await _end(request, ws, found))})


async def end_many(request):
    ws = workspace(request)
    data = await body.parse(request, wire.EndSessions)
    found = [await session_of(request, ws, name) for name in data.session_ids]
    return respond({"sessions": [shapes.session(await _end(request, ws, x)) for x in found]})
