"""Find-or-create rows by name inside a write transaction, safe against other processes doing
the same at once: a missing row is inserted with ON CONFLICT DO NOTHING (which waits for a
concurrent inserter's outcome) and read back when someone else won the race."""

from __future__ import annotations

from store.clock import now_text
from store.errors import Inactive, NotFound
from store.ids import new_uid
from store.postgres.base import Tx
from store.rows import dump


async def workspace_pk(tx: Tx, name: str, *, create: bool = True, metadata: dict | None = None,
                       configuration: dict | None = None) -> tuple[int, bool]:
    pk = await tx.value("SELECT pk FROM workspaces WHERE name = ?", (name,))
    if pk is not None:
        return pk, False
    if not create:
        raise NotFound("workspace", name)
    pk = await tx.value(
        "INSERT INTO workspaces (uid, name, metadata, configuration, created_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING RETURNING pk",
        (new_uid(), name, dump(metadata or {}), dump(configuration or {}), now_text()),
    )
    if pk is not None:
        return pk, True
    return await tx.value("SELECT pk FROM workspaces WHERE name = ?", (name,)), False


async def existing_workspace_pk(tx: Tx, name: str) -> int:
    return (await workspace_pk(tx, name, create=False))[0]


async def peer_pk(tx: Tx, ws_pk: int, name: str, *, create: bool = True, uid: bytes | None = None,
                  enrolled: bool = False) -> tuple[int, bool]:
    """A peer's pk, created when missing (with ``uid`` when given; enrolled only when made on
    purpose: store/model.py). (pk, created)"""
    pk = await tx.value("SELECT pk FROM peers WHERE workspace_pk = ? AND name = ?", (ws_pk, name))
    if pk is not None:
        return pk, False
    if not create:
        raise NotFound("peer", name)
    pk = await tx.value(
        "INSERT INTO peers (workspace_pk, uid, name, created_at, enrolled) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (workspace_pk, name) DO NOTHING RETURNING pk",
        (ws_pk, uid or new_uid(), name, now_text(), enrolled),
    )
    if pk is not None:
        return pk, True
    return await tx.value("SELECT pk FROM peers WHERE workspace_pk = ? AND name = ?", (ws_pk, name)), False


async def peer_pks(tx: Tx, ws_pk: int, names: list[str]) -> dict[str, int]:
    """Several peers at once (created as needed), in one round trip when they all exist."""
    found = {r[0]: r[1] for r in await tx.rows(
        "SELECT name, pk FROM peers WHERE workspace_pk = ? AND name = ANY(?::text[])", (ws_pk, names))}
    for name in names:
        if name not in found:
            found[name] = (await peer_pk(tx, ws_pk, name))[0]
    return found


async def session_state(tx: Tx, ws_pk: int, name: str) -> tuple[int, bool, bool] | None:
    """(pk, is_active, ended) of a session, or None."""
    row = await tx.row(
        "SELECT pk, is_active, ended_at IS NOT NULL FROM sessions WHERE workspace_pk = ? AND name = ?",
        (ws_pk, name),
    )
    return None if row is None else (row[0], row[1], row[2])


async def live_session_pk(tx: Tx, ws_pk: int, name: str, *, create: bool, owner_pk: int | None = None,
                          inactive_ok: bool = False, uid: bytes | None = None) -> tuple[int, bool]:
    """As store/sqlite/lookup.py ``live_session_pk``. (pk, created)"""
    state = await session_state(tx, ws_pk, name)
    if state is None and create:
        pk = await tx.value(
            "INSERT INTO sessions (workspace_pk, uid, name, owner_pk, created_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (workspace_pk, name) DO NOTHING RETURNING pk",
            (ws_pk, uid or new_uid(), name, owner_pk, now_text()),
        )
        if pk is not None:
            return pk, True
        state = await session_state(tx, ws_pk, name)
    if state is None:
        raise NotFound("session", name)
    pk, active, ended = state
    if ended or not (active or inactive_ok):
        raise Inactive("session", name)
    return pk, False


async def existing_session_pk(tx: Tx, ws_pk: int, name: str) -> int:
    state = await session_state(tx, ws_pk, name)
    if state is None:
        raise NotFound("session", name)
    return state[0]
