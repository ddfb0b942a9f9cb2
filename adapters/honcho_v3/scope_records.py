"""Honcho scopes (Honcho's main branch, after 3.0.12) kept as store records, so they export,
import and migrate with everything else and no other dialect sees them.

Honcho builds a scope as a hidden peer ``scope.<name>`` that observes its member sessions; the
store keeps only what the routes show. A scope is a record of kind ``honcho_v3.scope`` (body:
``name``, ``metadata``, ``created_at``, ``backfill``: the per-session status map); a session's
membership is a record of kind ``honcho_v3.scope_session`` owned by the scope's name (body:
``scope``, ``session``, ``session_uid``, ``joined_at``). Record uids are derived from the names,
so a scope or a membership is found without a scan and writing one twice keeps one record.

A membership holds the session's uid: a session deleted (through any dialect) and made again
under the same name is not a member, so a scoped read fails closed rather than widening.
"""

from __future__ import annotations

import hashlib

from store.clock import from_text, now_text
from store.model import Session
from store.query import Cond

SCOPE = "honcho_v3.scope"
MEMBER = "honcho_v3.scope_session"
PEER_PREFIX = "scope."  # the name of the peer backing a scope on Honcho
ALL = 10**9


def _uid(*parts: str) -> bytes:
    return hashlib.sha256("\x1f".join(parts).encode()).digest()[:16]


def scope_uid(name: str) -> bytes:
    return _uid(SCOPE, name)


def member_uid(scope: str, session: str) -> bytes:
    return _uid(MEMBER, scope, session)


def scope_body(name: str, metadata: dict | None, created_at: str | None = None,
               backfill: dict | None = None) -> dict:
    return {"name": name, "metadata": metadata or {}, "created_at": created_at or now_text(),
            "backfill": backfill or {}}


def member_body(scope: str, session: str, session_uid: bytes, joined_at: str | None = None) -> dict:
    return {"scope": scope, "session": session, "session_uid": session_uid.hex(),
            "joined_at": joined_at or now_text()}


def created(scope: dict):
    return from_text(scope["created_at"])


async def get(s, workspace: str, name: str) -> dict | None:
    return await s.get_record(workspace, SCOPE, scope_uid(name))


async def put(s, workspace: str, scope: dict) -> dict:
    return await s.put_record(workspace, SCOPE, scope_uid(scope["name"]), scope)


async def every(s, workspace: str) -> list[dict]:
    """The workspace's scopes in creation order (Honcho's: created_at, then id)."""
    found = (await s.list_records(workspace, SCOPE, limit=ALL)).items
    return sorted(found, key=lambda r: (r["created_at"], r["name"]))


async def members(s, workspace: str, scope: str) -> list[Session]:
    """The scope's member sessions that still exist and are active, longest-standing first."""
    joined = (await s.list_records(workspace, MEMBER, parent=scope, limit=ALL)).items
    if not joined:
        return []
    names = [m["session"] for m in joined]
    alive = {x.name: x for x in (await s.list_sessions(
        workspace, where=Cond("name", "in", names), active_only=True, limit=ALL)).items}
    kept = [(m["joined_at"], alive[m["session"]]) for m in joined
            if m["session"] in alive and alive[m["session"]].uid.hex() == m["session_uid"]]
    kept.sort(key=lambda pair: (pair[0], pair[1].uid))
    return [session for _, session in kept]


async def scopes_of(s, workspace: str, session: Session) -> list[str]:
    """The names of the scopes ``session`` is a member of."""
    held = []
    for scope in await every(s, workspace):
        member = await s.get_record(workspace, MEMBER, member_uid(scope["name"], session.name))
        if member is not None and member["session_uid"] == session.uid.hex():
            held.append(scope["name"])
    return held


async def join(s, workspace: str, scope: str, session: Session) -> None:
    """Make ``session`` a member; one that already is keeps its place."""
    uid = member_uid(scope, session.name)
    held = await s.get_record(workspace, MEMBER, uid)
    if held is None or held["session_uid"] != session.uid.hex():
        await s.put_record(workspace, MEMBER, uid, member_body(scope, session.name, session.uid),
                           parent=scope)


async def leave(s, workspace: str, scope: str, session: str) -> None:
    await s.delete_record(workspace, MEMBER, member_uid(scope, session))
