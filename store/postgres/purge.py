"""Hard deletion of a session's rows (inside a write transaction)."""

from __future__ import annotations


async def delete_session_rows(tx, ws_pk: int, session_pk: int) -> None:
    await tx.execute("DELETE FROM messages WHERE workspace_pk = ? AND session_pk = ?", (ws_pk, session_pk))
    await tx.execute("DELETE FROM members WHERE workspace_pk = ? AND session_pk = ?", (ws_pk, session_pk))
    await tx.execute("DELETE FROM sessions WHERE workspace_pk = ? AND pk = ?", (ws_pk, session_pk))
