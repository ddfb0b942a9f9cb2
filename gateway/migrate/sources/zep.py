"""Zep v2 (``/api/v2``): users (``users-ordered``), sessions (``sessions-ordered``) and their
messages (``limit`` + 1-based page ``cursor``), docs/vendors.md, Zep §4-§6. The account is one
workspace: records land in ``--workspace`` (default ``default``). Zep's UUIDs become the
canonical uids, so the Zep dialect shows the same ``uuid`` for users, sessions and messages."""

from __future__ import annotations

from functools import partial
from urllib.parse import quote

import msgspec

from gateway.migrate import rows, times, uids
from gateway.migrate.sources import paging
from gateway.migrate.unit import Listed, Unit, guarded
from gateway.migrate.vendor_api import VendorApi

DIALECT = "zep"
API = VendorApi(scheme="Api-Key", prefix="/api/v2")
USER_FIELDS = ("email", "first_name", "last_name", "fact_rating_instruction")


class User(msgspec.Struct):
    user_id: str
    uuid: str | None = None
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    metadata: dict | None = None
    created_at: str | None = None
    updated_at: str | None = None
    fact_rating_instruction: dict | None = None


class Session(msgspec.Struct):
    session_id: str
    uuid: str | None = None
    user_id: str | None = None
    metadata: dict | None = None
    created_at: str | None = None
    updated_at: str | None = None
    deleted_at: str | None = None
    ended_at: str | None = None
    fact_rating_instruction: dict | None = None


class Message(msgspec.Struct):
    content: str
    uuid: str | None = None
    role: str | None = None
    role_type: str | None = None
    metadata: dict | None = None
    created_at: str | None = None
    updated_at: str | None = None


class UserList(msgspec.Struct):
    users: list[User] | None = None
    total_count: int | None = None


class SessionList(msgspec.Struct):
    sessions: list[Session] | None = None
    total_count: int | None = None


class MessageList(msgspec.Struct):
    messages: list[Message] | None = None
    total_count: int | None = None


def _uid(ident: str | None) -> bytes | None:
    return uids.native(DIALECT, ident) if ident else None


def _own(**fields) -> dict:
    kept = {k: v for k, v in fields.items() if v is not None}
    return {DIALECT: kept} if kept else {}


async def units(client, options, store=None):
    head = rows.workspace(DIALECT, options.workspace_or_default(), times.stamp(None))
    yield Unit(f"users:{head.name}", "users", partial(_user_rows, client, head, options.page_size), session=False)
    async for item in guarded("sessions", _sessions(client, head, options.page_size)):
        yield item


async def _user_rows(client, head, size: int):
    yield [head]
    pages = paging.numbered(client, "/api/v2/users-ordered", UserList, "users",
                            lambda n, k: {"pageNumber": n, "pageSize": k}, size=size)
    async for page in pages:
        yield [row for u in page for row in _user(head.name, u)]


def _user(ws: str, u: User) -> list:
    own = _own(**{k: getattr(u, k) for k in USER_FIELDS})
    peer = rows.peer(DIALECT, ws, u.user_id, times.stamp(u.created_at), metadata=u.metadata,
                     extras=own, uid=_uid(u.uuid), updated=times.maybe(u.updated_at))
    return [peer, rows.alias(DIALECT, "user", u.uuid, peer.uid)] if u.uuid else [peer]


def _session_params(number: int, size: int) -> dict:
    return {"page_number": number, "page_size": size, "pageNumber": number, "pageSize": size,
            "order_by": "created_at", "asc": "true"}


async def _sessions(client, head, size: int):
    found = []
    async for page in paging.numbered(client, "/api/v2/sessions-ordered", SessionList, "sessions",
                                      _session_params, size=size):
        found += [s for s in page if not s.deleted_at]
    yield Listed(len(found))
    for s in found:
        yield Unit(f"{head.name}/{s.session_id}", f"session {s.session_id}",
                   partial(_session_rows, client, head, s, size))


async def _session_rows(client, head, s: Session, size: int):
    ws, created = head.name, times.stamp(s.created_at)
    own = _own(fact_rating_instruction=s.fact_rating_instruction)
    session = rows.session(DIALECT, ws, s.session_id, created, owner=s.user_id, metadata=s.metadata,
                           extras=own, ended_at=times.maybe(s.ended_at), uid=_uid(s.uuid),
                           updated=times.maybe(s.updated_at))
    owner = [rows.peer(DIALECT, ws, s.user_id, created)] if s.user_id else []
    alias = [rows.alias(DIALECT, "session", s.uuid, session.uid)] if s.uuid else []
    yield [head, *owner, session, *alias]
    authors = rows.Authors(DIALECT, ws, s.session_id, join=True)
    path = f"/api/v2/sessions/{quote(s.session_id, safe='')}/messages"
    pages = paging.numbered(client, path, MessageList, "messages",
                            lambda n, k: {"limit": k, "cursor": n}, size=size)
    async for batch in paging.numbered_rows(pages, lambda m, seq: _message(ws, s, m, seq, authors)):
        yield batch


def _message(ws: str, s: Session, m: Message, seq: int, authors) -> list:
    """docs/contract.md §3: role = role type, sender = the name; the author is the session's user for
    user messages, else the sender name, else the role type."""
    created = times.stamp(m.created_at)
    kind = m.role_type or "norole"
    sender = m.role or None
    author = (s.user_id or sender or "user") if kind == "user" else (sender or kind)
    own = _own(uuid=m.uuid)
    role = None if kind == "norole" else kind
    row, alias = rows.message(DIALECT, ws, s.session_id, m.uuid or f"{s.session_id}#{seq}", seq, created,
                              m.content, role=role, author=author, sender=sender, metadata=m.metadata,
                              extras=own, updated=times.maybe(m.updated_at))
    return [*authors.rows(author, role, created), row, alias]
