"""How Zep v2 names canonical records: users (peers) and sessions by id, messages by UUID;
workspaces have no Zep object."""

from __future__ import annotations

from adapters.zep_v2.shapes import message_uuid


def record_id(kind: str, record) -> str | None:
    if kind in ("peer", "session"):
        return record.name
    return message_uuid(record) if kind == "message" else None
