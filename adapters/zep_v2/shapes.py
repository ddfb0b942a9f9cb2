"""Canonical records as Zep JSON (docs/vendors.md, Zep §5): v2 users, sessions and messages, 3.x threads.

Timestamps are RFC 3339 UTC with microseconds; ``updated_at`` is the canonical one, else
``created_at`` for a record never updated. Keys Zep CE omits when empty (email, names)
are omitted here too; ``uuid`` is always the wire name (never ``uuid_``).
"""

from __future__ import annotations

from adapters.zep_server.extras import own
from store.clock import to_text
from store.ids import uuid_text
from store.model import Message, Peer, Session

USER_EXTRAS = ("email", "first_name", "last_name", "fact_rating_instruction", "time_zone",
               "disable_default_ontology")


def updated(record, created: str) -> str:
    """The canonical ``updated_at``, else ``created`` (never updated)."""
    return to_text(record.updated_at) if record.updated_at else created


def user(p: Peer) -> dict:
    mine = own(p)
    created = to_text(p.created_at)
    shaped = {"uuid": uuid_text(p.uid), "user_id": p.name, "created_at": created,
              "updated_at": updated(p, created), "deleted_at": None, "metadata": p.metadata}
    for key in USER_EXTRAS:
        if mine.get(key) is not None:
            shaped[key] = mine[key]
    return shaped


def session(s: Session) -> dict:
    mine = own(s)
    created = to_text(s.created_at)
    shaped = {"uuid": uuid_text(s.uid), "session_id": s.name, "user_id": s.owner,
              "metadata": s.metadata, "created_at": created,
              "updated_at": updated(s, created), "deleted_at": None,
              "ended_at": to_text(s.ended_at) if s.ended_at else None}
    if mine.get("fact_rating_instruction") is not None:
        shaped["fact_rating_instruction"] = mine["fact_rating_instruction"]
    return shaped


def thread(s: Session) -> dict:
    return {"uuid": uuid_text(s.uid), "thread_id": s.name, "user_id": s.owner,
            "created_at": to_text(s.created_at)}


def message_uuid(m: Message) -> str:
    return own(m).get("uuid") or uuid_text(m.uid)


ROLE_NAMES = ("user", "assistant", "system", "tool", "function")


def sender(m: Message) -> str:
    """docs/contract.md §3 and README "Roles": the sender name, else the author peer, else the
    role type (an OpenAI write has neither sender nor author)."""
    return m.sender or m.peer or m.role or ""


def role_type(m: Message, learned: dict | None = None) -> str:
    """README "Roles": the message's role, else the role its author peer learned from
    role-aware writes, else the author's name when it names a role (Honcho writes by the
    peer "assistant"), else ``norole``, as the OpenAI view reads the same message."""
    if m.role:
        return m.role
    found = (learned or {}).get(m.peer) or m.peer
    return found if found in ROLE_NAMES else "norole"


def message(m: Message, learned: dict | None = None) -> dict:
    created = to_text(m.created_at)
    return {"uuid": message_uuid(m), "role": sender(m), "role_type": role_type(m, learned),
            "content": m.content, "metadata": m.metadata, "created_at": created,
            "updated_at": updated(m, created), "token_count": m.token_count,
            "processed": True}


def thread_message(m: Message, learned: dict | None = None) -> dict:
    """3.x swaps the names: ``role`` is the role type, ``name`` the sender."""
    return {"uuid": message_uuid(m), "role": role_type(m, learned), "name": sender(m),
            "content": m.content, "metadata": m.metadata, "created_at": to_text(m.created_at),
            "processed": True}
