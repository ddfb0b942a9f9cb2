"""Canonical records as Honcho v3 JSON, fields in Honcho's serialization order (docs/vendors.md, Honcho §5.1)."""

from __future__ import annotations

from datetime import datetime, timezone

from adapters.honcho_server.shapes import page
from store.ids import base62
from store.model import Message, Peer, Session, Workspace


# Shapes put datetimes themselves in the JSON: msgspec renders them exactly as ``iso`` (held
# equal by tests/honcho_v3/test_shapes.py), in C, at a tenth of the cost.


def workspace(w: Workspace) -> dict:
    return {"id": w.name, "metadata": w.metadata, "configuration": w.configuration,
            "created_at": w.created_at}


def peer(p: Peer) -> dict:
    return {"id": p.name, "workspace_id": p.workspace, "created_at": p.created_at,
            "metadata": p.metadata, "configuration": p.configuration}


def session(s: Session) -> dict:
    return {"id": s.name, "is_active": s.is_active, "workspace_id": s.workspace,
            "metadata": s.metadata, "configuration": s.configuration,
            "created_at": s.created_at}


def message_id(m: Message) -> str:
    if m.extras:  # an imported message keeps its vendor id
        return (m.extras.get("honcho_v3") or {}).get("id") or base62(m.uid)
    return base62(m.uid)


def author(m: Message) -> str:
    """docs/contract.md §3: the author peer, else the sender name, else the role; never empty."""
    return m.peer or m.sender or m.role or "unknown"


def message(m: Message, created_at: datetime | None = None) -> dict:
    return {"id": message_id(m), "content": m.content, "peer_id": author(m),
            "session_id": m.session, "metadata": m.metadata,
            "created_at": created_at or m.created_at, "workspace_id": m.workspace,
            "token_count": m.token_count}


def utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def paged(result, render, number: int, size: int) -> dict:
    return page([render(x) for x in result.items], result.total, number, size)


def empty_page(number: int, size: int) -> dict:
    return page([], 0, number, size)
