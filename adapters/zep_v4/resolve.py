"""The records most v4 handlers resolve: the store, and the lookups that 404 (the workspace is
``adapters.zep_server.reading``'s, the Zep-only fields ``adapters.zep_server.extras``'s)."""

from __future__ import annotations

from adapters.contract import store
from adapters.zep_server.extras import VENDOR
from adapters.zep_v4 import body
from adapters.zep_v4.errors import not_found
from store.ids import uuid_text
from store.model import Message, Peer, Session


def developer_id(record) -> str | None:
    """The name, unless the record was made without one and so is named after its UUID."""
    return None if record.name == uuid_text(record.uid) else record.name


async def user_of(request, ws: str, param: str = "user_uuid") -> Peer:
    """The user the path parameter ``param`` names by UUID."""
    return await user_by_uuid(request, ws, request.path_params[param], param)


async def user_by_uuid(request, ws: str, text: str, param: str = "user_uuid") -> Peer:
    found = await store(request).peer_by_uid(ws, body.uuid_value(text, param))
    if found is None:
        raise not_found("user")
    return found


async def thread_of(request, ws: str, param: str = "thread_uuid") -> Session:
    found = await store(request).session_by_uid(ws, body.uid(request, param))
    if found is None:
        raise not_found("thread")
    return found


async def message_of(request, ws: str, session: Session, param: str = "message_uuid") -> Message:
    """A message of the thread by its UUID, or by an imported Zep UUID kept as an alias."""
    text = request.path_params[param]
    s = store(request)
    found = await s.get_message(ws, body.uuid_value(text, param), session=session.name)
    if found is None:
        alias = await s.resolve_alias(VENDOR, "message", text)
        found = alias and await s.get_message(ws, alias, session=session.name)
    if not found:
        raise not_found("message")
    return found


async def owners(request, ws: str, sessions: list[Session]) -> dict[str, Peer]:
    """The owning peers of some sessions, read once each."""
    s = store(request)
    found: dict[str, Peer] = {}
    for name in {x.owner for x in sessions if x.owner}:
        peer = await s.get_peer(ws, name)
        if peer is not None:
            found[name] = peer
    return found
