"""How OpenAI names canonical records: a session is a thread (and a conversation) by name, a
message has its ``msg_`` id; workspaces and peers have no OpenAI object."""

from __future__ import annotations

from adapters.openai_threads.shapes import message_id


def record_id(kind: str, record) -> str | None:
    if kind == "session":
        return record.name
    return message_id(record) if kind == "message" else None
