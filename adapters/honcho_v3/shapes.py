"""Canonical records as Honcho v3 JSON, fields in Honcho's serialization order (docs/vendors.md, Honcho §5.1).

Metadata and configuration come in JSONB's key order, as Honcho reads them back from PostgreSQL;
the answer to a write (``written``) shows them as stored, in the order they were written:
Honcho returns the objects it just wrote without reading them back (recorded on the real
3.0.12 server, tests/golden/honcho_v3/005_real_server.json)."""

from __future__ import annotations

from datetime import datetime, timezone

from adapters.honcho_server.jsonb import ordered
from adapters.honcho_server.shapes import page
from store.ids import base62
from store.model import Message, Peer, Session, Workspace


# Shapes put datetimes themselves in the JSON: msgspec renders them exactly as ``iso`` (held
# equal by tests/honcho_v3/test_shapes.py), in C, at a tenth of the cost.


def _read(value: dict, written: bool) -> dict:
    return value if written else ordered(value)


def merged(stored: dict, given: dict) -> dict:
    """A configuration as Honcho shows it after merging ``given`` into what it read back: the
    other keys in JSONB's order, then the keys given, as given."""
    rest = {k: v for k, v in ordered(stored).items() if k not in given}
    return {**rest, **{k: stored[k] for k in given if k in stored}}


def workspace(w: Workspace, written: bool = False) -> dict:
    return {"id": w.name, "metadata": _read(w.metadata, written),
            "configuration": _read(w.configuration, written), "created_at": w.created_at}


def peer(p: Peer, written: bool = False) -> dict:
    return {"id": p.name, "workspace_id": p.workspace, "created_at": p.created_at,
            "metadata": _read(p.metadata, written), "configuration": _read(p.configuration, written)}


def session(s: Session, written: bool = False) -> dict:
    return {"id": s.name, "is_active": s.is_active, "workspace_id": s.workspace,
            "metadata": _read(s.metadata, written), "configuration": _read(s.configuration, written),
            "created_at": s.created_at}


def message_id(m: Message) -> str:
    if m.extras:  # an imported message keeps its vendor id
        return (m.extras.get("honcho_v3") or {}).get("id") or base62(m.uid)
    return base62(m.uid)


def author(m: Message) -> str:
    """docs/contract.md §3: the author peer, else the sender name, else the role; never empty."""
    return m.peer or m.sender or m.role or "unknown"


def message(m: Message, created_at: datetime | None = None, written: bool = False) -> dict:
    return {"id": message_id(m), "content": m.content, "peer_id": author(m),
            "session_id": m.session, "metadata": _read(m.metadata, written),
            "created_at": created_at or m.created_at, "workspace_id": m.workspace,
            "token_count": m.token_count}


def utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def paged(result, render, number: int, size: int) -> dict:
    return page([render(x) for x in result.items], result.total, number, size)


def empty_page(number: int, size: int) -> dict:
    return page([], 0, number, size)
