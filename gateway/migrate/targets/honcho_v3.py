"""Pushes the store into a Honcho v3 account: get-or-create workspaces, peers and sessions (with
their members), then messages in batches of 100 (``POST .../messages``, docs/vendors.md, Honcho §5.2-5.4).

Honcho mints its own message ids and cannot deduplicate, so a session's messages are compared
with what the vendor already holds (author and text, in order) and only the rest is sent.

Scopes (Honcho's main branch after 3.0.12) go last, once the sessions are there: each scope is
got or created and its member sessions added (adding a member again changes nothing). A vendor
without scopes answers 404: they are reported as not sent."""

from __future__ import annotations

from functools import partial

from adapters.honcho_v3 import author, iso, scope_records
from gateway.migrate.client import VendorError
from gateway.migrate.targets import reading, resync
from gateway.migrate.unit import Failure, Listed, Unit
from gateway.migrate.vendor_api import VendorApi

DIALECT = "honcho_v3"
API = VendorApi(scheme="Bearer", prefix="/v3")
BATCH = 100  # Honcho's limit per create call


async def units(client, options, store):
    found = await reading.workspaces(store, options.workspace)
    if options.workspace is not None and not found:  # a typo would push nothing, silently
        yield Failure(f"workspace {options.workspace}", "not in the store")
    for ws in found:
        yield Unit(f"workspace:{ws.name}", f"workspace {ws.name}",
                   partial(_workspace, client, store, ws), session=False)
        sessions = await reading.everything(partial(store.list_sessions, ws.name, active_only=True))
        yield Listed(len(sessions))
        for s in sessions:
            yield Unit(f"{ws.name}/{s.name}", f"session {ws.name}/{s.name}",
                       partial(_session, client, store, ws.name, s, options.page_size))
        yield Unit(f"scopes:{ws.name}", f"scopes of workspace {ws.name}",
                   partial(_scopes, client, store, ws.name), session=False)


async def _create(client, path: str, body: dict, noun: str):
    response = await client.send("POST", path, params=None, json=body, server_retries=True)
    return noun, 1, None if response.status_code == 201 else "already on the vendor"


async def _workspace(client, store, ws):
    yield await _create(client, "/v3/workspaces", {"id": ws.name, "metadata": ws.metadata,
                                                   "configuration": ws.configuration}, "workspace")
    for p in await reading.everything(partial(store.list_peers, ws.name)):
        yield await _create(client, f"/v3/workspaces/{ws.name}/peers",
                            {"id": p.name, "metadata": p.metadata, "configuration": p.configuration}, "peer")


async def _session(client, store, ws: str, s, size: int):
    members = await reading.everything(partial(store.list_members, ws, s.name))
    configs = {}
    for p in members:
        member = await store.get_member(ws, s.name, p.name)
        configs[p.name] = member.configuration if member else {}
    yield await _create(client, f"/v3/workspaces/{ws}/sessions",
                        {"id": s.name, "metadata": s.metadata, "configuration": s.configuration,
                         "peers": configs}, "session")
    ours = await reading.everything(partial(store.list_messages, ws, s.name))
    base = f"/v3/workspaces/{ws}/sessions/{s.name}/messages"

    async def pending():
        held = await _held(client, base + "/list", min(size, 100))
        done = _matched(held, ours)
        return done, ours[done:]

    async def send(batch):
        await client.call("POST", base, json={"messages": [_wire(m) for m in batch]}, server_retries=False)

    async for count in resync.push_all(client, pending, send, BATCH):
        yield count


async def _scopes(client, store, ws: str):
    scopes = await scope_records.every(store, ws)
    for at, scope in enumerate(scopes):
        name = scope["name"]
        try:
            yield await _create(client, f"/v3/workspaces/{ws}/scopes",
                                {"id": name, "metadata": scope["metadata"]}, "record")
        except VendorError as exc:
            if exc.status != 404 or at:
                raise
            yield "record", len(scopes), "not sent: the vendor has no scopes routes"
            return
        members = [s.name for s in await scope_records.members(store, ws, name)]
        for start in range(0, len(members), BATCH):
            await client.call("POST", f"/v3/workspaces/{ws}/scopes/{name}/sessions",
                              json={"session_ids": members[start:start + BATCH]})


def _key(peer: str, content: str) -> tuple:
    return peer, content.replace("\x00", "")


async def _held(client, path: str, size: int) -> list[tuple]:
    held, page = [], 1
    while True:
        found = await client.call("POST", path, params={"page": page, "size": size}, json={})
        held += [_key(m["peer_id"], m["content"]) for m in found["items"]]
        if not found["items"] or page >= (found.get("pages") or page):
            return held
        page += 1


def _matched(held: list[tuple], ours: list) -> int:
    """How many of our messages, from the first, the vendor holds as one run in the same order
    (a session that had messages of its own before we pushed keeps them first)."""
    if not ours:
        return 0
    mine = [_key(author(m), m.content) for m in ours]
    best = 0
    for start in (i for i, theirs in enumerate(held) if theirs == mine[0]):
        n = 0
        while n < len(mine) and start + n < len(held) and held[start + n] == mine[n]:
            n += 1
        best = max(best, n)
    return best


def _wire(m) -> dict:
    body = {"content": m.content, "peer_id": author(m), "metadata": m.metadata, "created_at": iso(m.created_at)}
    configuration = (m.extras.get(DIALECT) or {}).get("configuration")
    if configuration:
        body["configuration"] = configuration
    return body
