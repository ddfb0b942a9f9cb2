"""Honcho v3 (``/v3``): workspaces, peers, sessions with their members and messages, through
the ``POST .../list`` routes with ``page``/``size`` (docs/vendors.md, Honcho §5). Names are ids in v3, so
only message ids need aliases.

A session's peer list shows its current members only; those who left are found through each
peer's own session list (``POST P/sessions``, which keeps them, docs/vendors.md, Honcho §10) and copied as
members who left, with their session config (``GET S/peers/{p}/config`` still answers for
them). Honcho never shows when a member joined or left: members count as joined when the
session was created, and those who left as gone after their last message in it (else at its
creation). A peer's own card (``GET P/card``) is kept where the v3 dialect keeps cards.

``--workspace NAME`` that the vendor does not hold fails. A key bound to one workspace cannot
list workspaces, and Honcho's only read of one is its get-or-create, which would make a
mistyped one: the workspace is read that way only once its peer or session list is not empty,
so an empty workspace cannot be migrated with such a key.

Scopes (Honcho's main branch after 3.0.12; a server without them answers 404 and none are
copied) are copied with the workspace, as the v3 dialect keeps them: each with its backfill
status (``GET .../status``) and its member sessions, in membership order (Honcho never shows when
a session joined: they count as joined one microsecond apart from the scope's creation).

Not copied: sessions deleted on the vendor but not yet purged (``sessions/list`` leaves them
out; a peer's session list still shows them); the cards a peer holds about other peers
(``GET P/card?target=``: one call per pair of peers); conclusions and session summaries (the
deriver's LLM output: the store has no place for them, and the v3 dialect shows none)."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

import msgspec

from adapters.honcho_v3 import scope_records
from gateway.migrate import rows, times, uids
from gateway.migrate.client import VendorError
from gateway.migrate.sources import paging
from gateway.migrate.unit import Listed, Unit, guarded
from gateway.migrate.vendor_api import VendorApi
from store.archive import RecordRow
from store.clock import from_text, to_text

DIALECT = "honcho_v3"
API = VendorApi(scheme="Bearer", prefix="/v3")
HONCHO_MAX_SIZE = 100


class Workspace(msgspec.Struct):
    id: str
    metadata: dict | None = None
    configuration: dict | None = None
    created_at: str | None = None


class Peer(msgspec.Struct):
    id: str
    metadata: dict | None = None
    configuration: dict | None = None
    created_at: str | None = None


class Session(msgspec.Struct):
    id: str
    is_active: bool = True
    metadata: dict | None = None
    configuration: dict | None = None
    created_at: str | None = None


class Message(msgspec.Struct):
    id: str
    content: str
    peer_id: str | None = None
    metadata: dict | None = None
    created_at: str | None = None


class Card(msgspec.Struct):
    peer_card: list[str] | None = None


class Scope(msgspec.Struct):
    id: str
    metadata: dict | None = None
    created_at: str | None = None


class ScopeStatus(msgspec.Struct):
    backfill_status: dict = {}


class PeerConfig(msgspec.Struct):
    observe_me: bool | None = None
    observe_others: bool | None = None


def _size(options) -> int:
    return min(options.page_size, HONCHO_MAX_SIZE)


async def units(client, options, store=None):
    async for ws in guarded("workspaces", _workspaces(client, options)):
        if not isinstance(ws, Workspace):
            yield ws
            continue
        head = rows.workspace(DIALECT, ws.id, times.stamp(ws.created_at), metadata=ws.metadata,
                              configuration=ws.configuration)
        yield Unit(f"workspace:{ws.id}", f"workspace {ws.id}",
                   partial(_workspace_rows, client, store, head, _size(options)), session=False)
        async for item in guarded(f"sessions of workspace {ws.id}", _sessions(client, head, _size(options))):
            yield item


async def _workspaces(client, options):
    if options.workspace is None:
        async for page in paging.honcho(client, "/v3/workspaces/list", Workspace, size=_size(options)):
            for ws in page:
                yield ws
        return
    name, found = options.workspace, []
    try:
        async for page in paging.honcho(client, "/v3/workspaces/list", Workspace, size=1,
                                        body={"filters": {"id": name}}):
            found += page
    except VendorError as exc:  # a workspace-scoped key cannot list: get it as the SDKs do
        if exc.status not in (401, 403):
            raise
        found = [await _scoped(client, name)]
    if not found:
        raise VendorError(None, "POST", "/v3/workspaces/list", f"no workspace {name} on the vendor")
    for ws in found:
        yield ws


async def _scoped(client, name: str) -> Workspace:
    """The workspace through its get-or-create (a key bound to it can read it no other way),
    once its peer or session list shows it exists: get-or-create would make a mistyped one."""
    for listing in ("peers", "sessions"):
        path = f"/v3/workspaces/{name}/{listing}/list"
        page = await client.call("POST", path, params={"page": 1, "size": 1}, json={},
                                 type=paging.HonchoPage[dict])
        if page.items:
            return await client.call("POST", "/v3/workspaces", json={"id": name}, type=Workspace)
    raise VendorError(None, "POST", path, f"workspace {name} holds no peers and no sessions on the "
                      "vendor: is the name right? (not created: Honcho's get-or-create would make it)")


async def _workspace_rows(client, store, head, size: int):
    yield [head]
    async for page in paging.honcho(client, f"/v3/workspaces/{head.name}/peers/list", Peer, size=size):
        yield [_peer(head.name, p, await _card(client, head.name, p.id)) for p in page]
    async for batch in _scopes(client, store, head, size):
        yield batch


async def _scopes(client, store, head, size: int):
    """Each scope with its status and member sessions, as ``scope_records`` keeps them."""
    ws, base = head.name, f"/v3/workspaces/{head.name}/scopes"
    try:
        found = [s async for page in paging.honcho(client, base + "/list", Scope, size=size) for s in page]
    except VendorError as exc:
        if exc.status != 404:  # a server from before scopes
            raise
        return
    for scope in found:
        created = times.stamp(scope.created_at)
        status = await client.call("GET", f"{base}/{scope.id}/status", type=ScopeStatus)
        body = scope_records.scope_body(scope.id, scope.metadata, created, status.backfill_status)
        batch = [head, RecordRow(workspace=ws, kind=scope_records.SCOPE,
                                 uid=scope_records.scope_uid(scope.id).hex(), parent="", body=body)]
        async for page in paging.honcho(client, f"{base}/{scope.id}/sessions/list", Session, size=size):
            for s in page:
                joined = to_text(from_text(created) + timedelta(microseconds=len(batch) - 1))
                member = scope_records.member_body(scope.id, s.id, await _session_uid(store, ws, s), joined)
                batch.append(RecordRow(workspace=ws, kind=scope_records.MEMBER, parent=scope.id, body=member,
                                       uid=scope_records.member_uid(scope.id, s.id).hex()))
        yield batch


async def _session_uid(store, ws: str, s: Session) -> bytes:
    """The uid of the session the store holds under that name (made before, through the dialect),
    else the one its row gets here (``rows.session``)."""
    held = await store.get_session(ws, s.id) if store is not None else None
    return held.uid if held is not None else uids.derived(times.stamp(s.created_at), DIALECT, "session", ws, s.id)


async def _card(client, ws: str, peer: str) -> list[str] | None:
    """The peer's own card (``GET P/card``)."""
    return (await client.call("GET", f"/v3/workspaces/{ws}/peers/{peer}/card", type=Card)).peer_card


def _peer(ws: str, p: Peer, card: list[str] | None = None):
    """A peer row; its own card where the v3 dialect keeps cards (extras, keyed by target)."""
    return rows.peer(DIALECT, ws, p.id, times.stamp(p.created_at), metadata=p.metadata,
                     configuration=p.configuration, extras={DIALECT: {"cards": {"": card}}} if card else None)


async def _sessions(client, head, size: int):
    ws = head.name
    found = []
    async for page in paging.honcho(client, f"/v3/workspaces/{ws}/sessions/list", Session, size=size):
        found += page
    joined = await _memberships(client, ws, size)
    yield Listed(len(found))
    for s in found:
        yield Unit(f"{ws}/{s.id}", f"session {ws}/{s.id}",
                   partial(_session_rows, client, head, s, size, joined.get(s.id, [])))


async def _memberships(client, ws: str, size: int) -> dict[str, list[str]]:
    """Session name -> the peers that ever joined it, members who left included."""
    joined: dict[str, list[str]] = {}
    async for page in paging.honcho(client, f"/v3/workspaces/{ws}/peers/list", Peer, size=size):
        for p in page:
            path = f"/v3/workspaces/{ws}/peers/{p.id}/sessions"
            async for sessions in paging.honcho(client, path, Session, size=size):
                for s in sessions:
                    joined.setdefault(s.id, []).append(p.id)
    return joined


async def _session_rows(client, ws_row, s: Session, size: int, joined: list[str]):
    ws = ws_row.name
    base = f"/v3/workspaces/{ws}/sessions/{s.id}"
    created = times.stamp(s.created_at)
    head = [ws_row, rows.session(DIALECT, ws, s.id, created, is_active=s.is_active,
                                 metadata=s.metadata, configuration=s.configuration)]
    members = []
    async for page in paging.honcho(client, base + "/peers", Peer, size=size, method="GET"):
        for p in page:
            config = await _member_config(client, f"{base}/peers/{p.id}/config")
            head += [_peer(ws, p), rows.member(ws, s.id, p.id, created, config)]
            members.append(p.id)
    yield head
    authors = rows.Authors(DIALECT, ws, s.id, join=False, known=members)
    seq, last = 0, {}
    async for page in paging.honcho(client, base + "/messages/list", Message, size=size):
        batch = []
        for m in page:
            seq += 1
            sent = times.stamp(m.created_at)
            last[m.peer_id] = sent
            batch += _message(ws, s.id, m, seq, sent, authors)
        yield batch
    gone = [p for p in joined if p not in members]
    if gone:
        yield [ws_row, *[r for p in gone for r in await _left(client, ws, s.id, p, created, last)]]


async def _left(client, ws: str, session: str, peer: str, created: str, last: dict) -> list:
    """A member who left: joined when the session began, gone after its last message there."""
    config = await _member_config(client, f"/v3/workspaces/{ws}/sessions/{session}/peers/{peer}/config")
    return [rows.peer(DIALECT, ws, peer, created),
            rows.member(ws, session, peer, created, config, left=max(created, last.get(peer, created)))]


async def _member_config(client, path: str) -> dict:
    """A member's session config (only the keys set, as Honcho stores it); {} if the row is gone
    (the session was just purged)."""
    try:
        config = await client.call("GET", path, type=PeerConfig)
    except VendorError as exc:
        if exc.status != 404:
            raise
        return {}
    return {k: v for k, v in msgspec.structs.asdict(config).items() if v is not None}


def _message(ws: str, session: str, m: Message, seq: int, created: str, authors) -> list:
    row, alias = rows.message(DIALECT, ws, session, m.id, seq, created, m.content,
                              author=m.peer_id, metadata=m.metadata)
    return [*authors.rows(m.peer_id, None, created), row, alias]
