"""How Honcho v1 names canonical records: apps, users and messages by 22-character ids,
sessions by name (docs/contract.md §2)."""

from __future__ import annotations

from adapters.honcho_v1.ids import shown


def record_id(kind: str, record) -> str | None:
    if kind == "session":
        return record.name
    return shown(record) if kind in ("workspace", "peer", "message") else None
