"""How Honcho v3 names canonical records: workspaces, peers and sessions by name, messages by
their id (docs/contract.md §2)."""

from __future__ import annotations

from adapters.honcho_v3.shapes import message_id


def record_id(kind: str, record) -> str | None:
    if kind == "message":
        return message_id(record)
    return record.name if kind in ("workspace", "peer", "session") else None
