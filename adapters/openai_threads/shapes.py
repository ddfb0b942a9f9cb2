"""Canonical records as OpenAI objects: every key present, null where not applicable
(docs/vendors.md, OpenAI §5)."""

from __future__ import annotations

from adapters.openai_threads.content import response_parts
from store.ids import base62, from_base62
from store.model import Message, Session

DIALECT = "openai"


def seconds(moment) -> int:
    return int(moment.timestamp())


def mint(prefix: str, uid: bytes) -> str:
    return prefix + base62(uid, 24)


def uid_of(ident: str, prefix: str) -> bytes | None:
    if not ident.startswith(prefix) or len(ident) != len(prefix) + 24:
        return None
    return from_base62(ident[len(prefix):])


def extras(record) -> dict:
    return record.extras.get(DIALECT) or {}


def thread(s: Session) -> dict:
    return {"id": s.name, "object": "thread", "created_at": seconds(s.created_at),
            "metadata": s.metadata, "tool_resources": extras(s).get("tool_resources") or {}}


def message_id(m: Message) -> str:
    return extras(m).get("id") or mint("msg_", m.uid)


def role(m: Message, peer_roles: dict) -> str:
    """docs/contract.md §3: user or assistant; an unset role follows the author peer's learned role. A
    peer that never learned one and is named after a role (Honcho shows a thread's roleless
    authors as peers "user" and "assistant") takes that role, so Honcho writes by the peer
    "assistant" read back as the assistant."""
    if m.role == "user":
        return "user"
    if m.role in ("assistant", "system", "tool", "function"):
        return "assistant"
    learned = peer_roles.get(m.peer) or m.peer
    return "assistant" if learned in ("assistant", "system", "tool", "function") else "user"


LIFECYCLE = ("status", "incomplete_details", "completed_at", "incomplete_at")


def message(m: Message, peer_roles: dict) -> dict:
    """status and its times read completed-when-created, unless the message kept the vendor's
    own (a migrated one, in extras; null is a value there)."""
    own = extras(m)
    created = seconds(m.created_at)
    shaped = {
        "id": message_id(m), "object": "thread.message", "created_at": created,
        "assistant_id": own.get("assistant_id"), "thread_id": m.session, "run_id": own.get("run_id"),
        "status": "completed", "incomplete_details": None, "completed_at": created,
        "incomplete_at": None, "role": role(m, peer_roles),
        "content": response_parts(m.content, own.get("content")),
        "attachments": own.get("attachments") or [], "metadata": m.metadata,
    }
    if own:
        for key in LIFECYCLE:
            if key in own:
                shaped[key] = own[key]
    return shaped


def listing(data: list, has_more: bool) -> dict:
    return {"object": "list", "data": data, "first_id": data[0]["id"] if data else None,
            "last_id": data[-1]["id"] if data else None, "has_more": has_more}
