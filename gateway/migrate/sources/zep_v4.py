"""Zep v4 (``/api/v4``, ``--from zep --api v4``): users (``POST users/list``), their graphs'
episodes, standalone graphs and theirs, threads (``GET threads``) and their messages, all
paged with ``next_cursor``. The account is one workspace (``--workspace``, default
``default``). Zep's UUIDs become the canonical uids, so Zep v4 (and v2) show the same UUIDs;
a user or thread without a developer id is named after its UUID, as Zep v4 names its own.
Episodes and standalone graphs are stored as the Zep v4 dialect stores them (records)."""

from __future__ import annotations

from functools import partial

import msgspec

from adapters.zep_v4 import EPISODE, GRAPH
from gateway.migrate import rows, times, uids
from gateway.migrate.sources import paging
from gateway.migrate.unit import Listed, Unit, guarded
from gateway.migrate.vendor_api import VendorApi
from store.archive import RecordRow
from store.ids import uuid_text

DIALECT = "zep"
API = VendorApi(scheme="Api-Key", prefix="/api/v4")
USER_FIELDS = ("email", "first_name", "last_name", "time_zone", "disable_default_ontology")


class User(msgspec.Struct):
    uuid: str
    user_id: str | None = None
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    time_zone: str | None = None
    disable_default_ontology: bool | None = None
    metadata: dict | None = None
    created_at: str | None = None
    updated_at: str | None = None


class Graph(msgspec.Struct):
    uuid: str
    graph_id: str | None = None
    name: str | None = None
    description: str | None = None
    time_zone: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


class Thread(msgspec.Struct):
    uuid: str
    thread_id: str | None = None
    user_uuid: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


class Message(msgspec.Struct):
    content: str
    uuid: str | None = None
    role: str | None = None
    name: str | None = None
    metadata: dict | None = None
    created_at: str | None = None


class Episode(msgspec.Struct):
    uuid: str
    content: str = ""
    source: str | None = None
    source_description: str | None = None
    metadata: dict | None = None
    reference_time: str | None = None
    created_at: str | None = None
    document_id: str | None = None


def _uid(ident: str) -> bytes:
    found = uids.native(DIALECT, ident)
    if found is None:
        raise ValueError(f"Zep v4 answered a non-UUID id {ident!r}")
    return found


def _name(developer_id: str | None, ident: str) -> str:
    return developer_id or uuid_text(_uid(ident))


async def units(client, options, store=None):
    head = rows.workspace(DIALECT, options.workspace_or_default(), times.stamp(None))
    size = options.page_size
    yield Unit(f"users:{head.name}", "users", partial(_user_rows, client, head, size), session=False)
    yield Unit(f"graphs:{head.name}", "graphs", partial(_graph_rows, client, head, size), session=False)
    async for item in guarded("threads", _threads(client, head, size)):
        yield item


async def _user_rows(client, head, size: int):
    yield [head]
    async for page in paging.zep_cursor(client, "POST", "/api/v4/users/list", User, size=size):
        for u in page:
            yield _user(head.name, u)
            yield await _episodes(client, head.name, uuid_text(_uid(u.uuid)), size, user=True)


def _user(ws: str, u: User) -> list:
    kept = {k: getattr(u, k) for k in USER_FIELDS if getattr(u, k) is not None}
    peer = rows.peer(DIALECT, ws, _name(u.user_id, u.uuid), times.stamp(u.created_at),
                     metadata=u.metadata, extras={DIALECT: kept} if kept else None, uid=_uid(u.uuid),
                     updated=times.maybe(u.updated_at))
    return [peer, rows.alias(DIALECT, "user", u.uuid, peer.uid)]


async def _episodes(client, ws: str, graph: str, size: int, *, user: bool) -> list:
    found = []
    path = f"/api/v4/graphs/{graph}/episodes/list"
    async for page in paging.zep_cursor(client, "POST", path, Episode, size=size):
        for e in page:
            created = times.stamp(e.created_at)
            body = {"uuid": uuid_text(_uid(e.uuid)), "graph_uuid": graph, "content": e.content,
                    "source": e.source or "text", "source_description": e.source_description,
                    "metadata": e.metadata or {}, "document_id": e.document_id,
                    "reference_time": times.stamp(e.reference_time, created), "created_at": created,
                    "user_uuid": graph if user else None}
            found.append(RecordRow(workspace=ws, kind=EPISODE, uid=_uid(e.uuid).hex(),
                                   parent=graph, body=body))
    return found


async def _graph_rows(client, head, size: int):
    yield [head]
    async for page in paging.zep_cursor(client, "POST", "/api/v4/graphs/list", Graph, size=size):
        for g in page:
            created = times.stamp(g.created_at)
            uuid = uuid_text(_uid(g.uuid))
            body = {"uuid": uuid, "graph_id": g.graph_id, "name": g.name, "description": g.description,
                    "time_zone": g.time_zone, "created_at": created,
                    "updated_at": times.stamp(g.updated_at, created)}
            yield [RecordRow(workspace=head.name, kind=GRAPH, uid=_uid(g.uuid).hex(),
                             parent=g.graph_id or "", body=body),
                   *await _episodes(client, head.name, uuid, size, user=False)]


async def _threads(client, head, size: int):
    owners: dict[str, str] = {}
    async for page in paging.zep_cursor(client, "POST", "/api/v4/users/list", User, size=size):
        owners |= {uuid_text(_uid(u.uuid)): _name(u.user_id, u.uuid) for u in page}
    found = []
    async for page in paging.zep_cursor(client, "GET", "/api/v4/threads", Thread, size=size):
        found += page
    yield Listed(len(found))
    for t in found:
        owner = owners.get(uuid_text(_uid(t.user_uuid))) if t.user_uuid else None
        name = _name(t.thread_id, t.uuid)
        yield Unit(f"{head.name}/{name}", f"thread {name}", partial(_thread_rows, client, head, t, name, owner, size))


async def _thread_rows(client, head, t: Thread, name: str, owner: str | None, size: int):
    ws, created = head.name, times.stamp(t.created_at)
    session = rows.session(DIALECT, ws, name, created, owner=owner, uid=_uid(t.uuid),
                           updated=times.maybe(t.updated_at))
    yield [head, *([rows.peer(DIALECT, ws, owner, created)] if owner else []), session,
           rows.alias(DIALECT, "session", t.uuid, session.uid)]
    authors = rows.Authors(DIALECT, ws, name, join=True)
    pages = paging.zep_cursor(client, "GET", f"/api/v4/threads/{t.uuid}/messages", Message, size=size)
    async for batch in paging.numbered_rows(pages, lambda m, seq: _message(ws, name, owner, m, seq, authors)):
        yield batch


def _message(ws: str, session: str, owner: str | None, m: Message, seq: int, authors) -> list:
    """docs/contract.md §3, as the v4 dialect writes: the author is the thread's user for user
    messages, else the sender name, else the role."""
    created = times.stamp(m.created_at)
    sender = m.name or None
    author = (owner or sender or "user") if m.role == "user" else (sender or m.role)
    row, alias = rows.message(DIALECT, ws, session, m.uuid or f"{session}#{seq}", seq, created,
                              m.content, role=m.role, author=author, sender=sender,
                              metadata=m.metadata, extras={DIALECT: {"uuid": m.uuid}} if m.uuid else None)
    return [*authors.rows(author, m.role, created), row, alias]
