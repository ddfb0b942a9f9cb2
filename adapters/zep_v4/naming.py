"""How Zep v4 names canonical records: users, threads and messages by server UUIDs (the
external ``user_id``/``thread_id`` resolve through ``lookup``); workspaces have no v4 object."""

from __future__ import annotations

from adapters.zep_v4.shapes import message_uuid
from store.ids import uuid_text


def record_id(kind: str, record) -> str | None:
    if kind in ("peer", "session"):
        return uuid_text(record.uid)
    return message_uuid(record) if kind == "message" else None
