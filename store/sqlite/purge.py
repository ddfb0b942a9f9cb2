"""Hard deletion of a session's rows (writer thread only)."""

from __future__ import annotations


def delete_session_rows(conn, session_pk: int) -> None:
    conn.execute("DELETE FROM messages WHERE session_pk = ?", (session_pk,))
    conn.execute("DELETE FROM members WHERE session_pk = ?", (session_pk,))
    conn.execute("DELETE FROM sessions WHERE pk = ?", (session_pk,))
