"""Each session's message count, kept in ``sessions.message_count``.

A page of a session's messages reports its total; ``count(*)`` over the session's index costs
~25 us per 1,000 messages on every page, so the count is kept instead. Inserts add to it in
``add`` (one UPDATE per session per statement, every insert path goes through ``insert_rows`` or
``recount_after``); deletes subtract through a trigger (they are rare, and cascade from session
and workspace deletion). tests/store/test_counts.py holds it equal to ``count(*)`` after every
kind of write.
"""

from __future__ import annotations

from collections import Counter

SCHEMA = (
    "ALTER TABLE sessions ADD COLUMN message_count INTEGER NOT NULL DEFAULT 0",
    "UPDATE sessions SET message_count ="
    " (SELECT count(*) FROM messages WHERE session_pk = sessions.pk)",
    "CREATE TRIGGER messages_count_delete AFTER DELETE ON messages BEGIN"
    " UPDATE sessions SET message_count = message_count - 1 WHERE pk = old.session_pk; END",
)


def add(conn, rows: list[tuple], session_at: int = 2) -> None:
    """Count inserted message rows (tuples whose ``session_at`` item is the session pk)."""
    for session_pk, n in Counter(row[session_at] for row in rows).items():
        conn.execute(
            "UPDATE sessions SET message_count = message_count + ? WHERE pk = ?", (n, session_pk)
        )


def recount_after(conn, pk: int) -> None:
    """Recount the sessions that gained messages past ``pk`` (bulk paths such as import)."""
    conn.execute(
        "UPDATE sessions SET message_count ="
        " (SELECT count(*) FROM messages m WHERE m.session_pk = sessions.pk)"
        " WHERE pk IN (SELECT DISTINCT session_pk FROM messages WHERE pk > ?)",
        (pk,),
    )
