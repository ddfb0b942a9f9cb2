"""Writer-thread helpers that find or create rows by name, with the writer's private cache.

Only the writer thread calls these (it owns the cache); see ``writer.Writer``.
"""

from __future__ import annotations

import sqlite3

from store.clock import now_text
from store.errors import Inactive, NotFound
from store.ids import new_uid
from store.rows import dump


def workspace_pk(
    conn: sqlite3.Connection,
    cache: dict,
    name: str,
    *,
    create: bool = True,
    metadata: dict | None = None,
    configuration: dict | None = None,
) -> tuple[int, bool]:
    key = ("w", name)
    pk = cache.get(key)
    if pk is not None:
        return pk, False
    row = conn.execute("SELECT pk FROM workspaces WHERE name = ?", (name,)).fetchone()
    if row:
        cache[key] = row[0]
        return row[0], False
    if not create:
        raise NotFound("workspace", name)
    cur = conn.execute(
        "INSERT INTO workspaces (uid, name, metadata, configuration, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (new_uid(), name, dump(metadata or {}), dump(configuration or {}), now_text()),
    )
    cache[key] = cur.lastrowid
    return cur.lastrowid, True


def peer_pk(
    conn: sqlite3.Connection, cache: dict, ws_pk: int, name: str, *, create: bool = True,
    uid: bytes | None = None,
) -> tuple[int, bool]:
    key = ("p", ws_pk, name)
    pk = cache.get(key)
    if pk is not None:
        return pk, False
    row = conn.execute(
        "SELECT pk FROM peers WHERE workspace_pk = ? AND name = ?", (ws_pk, name)
    ).fetchone()
    if row:
        cache[key] = row[0]
        return row[0], False
    if not create:
        raise NotFound("peer", name)
    cur = conn.execute(
        "INSERT INTO peers (uid, workspace_pk, name, created_at) VALUES (?, ?, ?, ?)",
        (uid or new_uid(), ws_pk, name, now_text()),
    )
    cache[key] = cur.lastrowid
    return cur.lastrowid, True


def session_state(
    conn: sqlite3.Connection, cache: dict, ws_pk: int, name: str
) -> tuple[int, bool, bool] | None:
    """(pk, is_active, ended) of a session, or None."""
    key = ("s", ws_pk, name)
    state = cache.get(key)
    if state is not None:
        return state
    row = conn.execute(
        "SELECT pk, is_active, ended_at IS NOT NULL FROM sessions"
        " WHERE workspace_pk = ? AND name = ?",
        (ws_pk, name),
    ).fetchone()
    if row is None:
        return None
    state = (row[0], bool(row[1]), bool(row[2]))
    cache[key] = state
    return state


def forget_session(cache: dict, ws_pk: int, name: str) -> None:
    cache.pop(("s", ws_pk, name), None)


def live_session_pk(
    conn: sqlite3.Connection,
    cache: dict,
    ws_pk: int,
    name: str,
    *,
    create: bool,
    owner_pk: int | None = None,
    inactive_ok: bool = False,
    uid: bytes | None = None,
) -> tuple[int, bool]:
    """The pk of an active, not-ended session, creating it when allowed; with ``inactive_ok`` an
    inactive (not ended) session is writable too. (pk, created)"""
    state = session_state(conn, cache, ws_pk, name)
    if state is not None:
        pk, active, ended = state
        if ended or not (active or inactive_ok):
            raise Inactive("session", name)
        return pk, False
    if not create:
        raise NotFound("session", name)
    cur = conn.execute(
        "INSERT INTO sessions (uid, workspace_pk, name, owner_pk, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (uid or new_uid(), ws_pk, name, owner_pk, now_text()),
    )
    cache[("s", ws_pk, name)] = (cur.lastrowid, True, False)
    return cur.lastrowid, True


def existing_workspace_pk(conn: sqlite3.Connection, cache: dict, name: str) -> int:
    return workspace_pk(conn, cache, name, create=False)[0]


def existing_session_pk(conn: sqlite3.Connection, cache: dict, ws_pk: int, name: str) -> int:
    state = session_state(conn, cache, ws_pk, name)
    if state is None:
        raise NotFound("session", name)
    return state[0]
