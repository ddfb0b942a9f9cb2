"""Pushes one store workspace (``--workspace``, default ``default``) into a Zep v2 account:
users, sessions (each needs a user), then messages through ``POST sessions/{id}/memory`` in
batches of 30 (docs/vendors.md, Zep §4, §7). Messages carry their Zep UUID (the one the Zep dialect
shows), so what the vendor already holds is known exactly and never sent twice."""

from __future__ import annotations

from functools import partial
from urllib.parse import quote

from gateway.migrate.client import VendorError
from gateway.migrate.targets import reading, resync
from gateway.migrate.unit import Failure, Listed, Unit
from gateway.migrate.vendor_api import VendorApi
from store.clock import to_text
from store.ids import uuid_text

DIALECT = "zep"
API = VendorApi(scheme="Api-Key", prefix="/api/v2")
BATCH = 30  # Zep's limit per memory add
USER_FIELDS = ("email", "first_name", "last_name")
NOT_USERS = ("assistant", "system", "tool", "function")


def _q(name: str) -> str:
    return quote(name, safe="")


def _own(record) -> dict:
    return record.extras.get(DIALECT) or {}


async def units(client, options, store):
    ws = options.workspace_or_default()
    if await store.get_workspace(ws) is None:
        yield Failure(f"workspace {ws}", "not in the store")
        return
    sessions = await reading.everything(partial(store.list_sessions, ws, active_only=True))
    yield Unit(f"users:{ws}", "users", partial(_users, client, store, ws, sessions), session=False)
    yield Listed(len(sessions))
    for s in sessions:
        yield Unit(f"{ws}/{s.name}", f"session {s.name}", partial(_session, client, store, ws, s, options.page_size))


async def _exists(client, path: str) -> bool:
    try:
        await client.call("GET", path)
    except VendorError as exc:
        if exc.status == 404:
            return False
        raise
    return True


async def _ensure_user(client, peer) -> tuple:
    if await _exists(client, f"/api/v2/users/{_q(peer.name)}"):
        return "user", 1, "already on the vendor"
    own = _own(peer)
    body = {"user_id": peer.name, "metadata": peer.metadata,
            **{k: own[k] for k in USER_FIELDS if own.get(k) is not None}}
    await client.call("POST", "/api/v2/users", json=body)
    return "user", 1, None


async def _users(client, store, ws: str, sessions: list):
    owners = {s.owner for s in sessions if s.owner}
    for peer in await reading.everything(partial(store.list_peers, ws)):
        if peer.name in owners or peer.role not in NOT_USERS:
            yield await _ensure_user(client, peer)


async def _owner(client, store, ws: str, s) -> str:
    """Zep needs a user per session: the owner, else the first member (made a user if needed)."""
    if s.owner:
        return s.owner
    members = (await store.list_members(ws, s.name, limit=1)).items
    if not members:
        raise VendorError(None, "POST", "/api/v2/sessions", "Zep needs a user for the session and it has no member")
    await _ensure_user(client, members[0])
    return members[0].name


async def _session(client, store, ws: str, s, size: int):
    path = f"/api/v2/sessions/{_q(s.name)}"
    if await _exists(client, path):
        yield "session", 1, "already on the vendor"
    else:
        user = await _owner(client, store, ws, s)
        await client.call("POST", "/api/v2/sessions", json={"session_id": s.name, "user_id": user, "metadata": s.metadata})
        yield "session", 1, None
    ours = await reading.everything(partial(store.list_messages, ws, s.name))

    async def pending():
        held = await _held(client, path + "/messages", min(size, 100))
        todo = [m for m in ours if _uuid(m) not in held]
        return len(ours) - len(todo), todo

    async def send(batch):
        await client.call("POST", path + "/memory", json={"messages": [_wire(m) for m in batch]}, server_retries=False)

    async for count in resync.push_all(client, pending, send, BATCH):
        yield count


async def _held(client, path: str, size: int) -> set[str]:
    held, cursor = set(), 1
    while True:
        found = await client.call("GET", path, params={"limit": size, "cursor": cursor})
        rows = found.get("messages") or []
        held |= {m.get("uuid") for m in rows}
        if len(rows) < size:
            return held
        cursor += 1


def _uuid(m) -> str:
    return _own(m).get("uuid") or uuid_text(m.uid)


def _wire(m) -> dict:
    """docs/contract.md §3 as the Zep dialect shows it: role_type = role, role = sender or author."""
    return {"uuid": _uuid(m), "role_type": m.role or "norole", "role": m.sender or m.peer or "",
            "content": m.content, "metadata": m.metadata, "created_at": to_text(m.created_at)}
