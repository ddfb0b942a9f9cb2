"""Full-text indexing of new messages, in bulk.

Inserts are indexed by one statement per write (not a per-row trigger, which cost twice as
much). Every path that inserts messages calls ``last_pk`` before and ``index_after`` after.
Updates and deletes keep their triggers (they need the old content).
"""

from __future__ import annotations


def last_pk(conn) -> int:
    return conn.execute("SELECT coalesce(max(pk), 0) FROM messages").fetchone()[0]


def index_after(conn, pk: int) -> None:
    conn.execute(
        "INSERT INTO messages_fts (rowid, content) SELECT pk, content FROM messages WHERE pk > ?",
        (pk,),
    )
