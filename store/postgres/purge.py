"""Hard deletion of a session's rows (inside a write transaction).

The session row goes first: that waits for any append holding its row lock to commit, and the
statements after it read a fresh snapshot, so they see (and delete) what that append wrote;
an append that comes after finds the session gone (rosetta_append). Messages have no foreign
key (store/postgres/schema.py), so this order is what leaves none behind."""

from __future__ import annotations


async def delete_session_rows(tx, ws_pk: int, session_pk: int) -> None:
    await tx.execute("DELETE FROM sessions WHERE workspace_pk = ? AND pk = ?", (ws_pk, session_pk))
    await tx.execute("DELETE FROM messages WHERE workspace_pk = ? AND session_pk = ?", (ws_pk, session_pk))
    await tx.execute("DELETE FROM members WHERE workspace_pk = ? AND session_pk = ?", (ws_pk, session_pk))
