"""Full-text indexing of new messages, in bulk.

Inserts are indexed by one statement per write (not a per-row trigger, which cost twice as
much). Every path that inserts messages calls ``last_pk`` before and ``index_after`` after.
Updates and deletes keep their triggers (they need the old content).

``merge_step`` is the writer's idle upkeep: FTS5 merges its segments incrementally during writes,
and after a bulk load the debt lands on the next interactive writes (and, when a level fills, all
at once inside one unlucky write). Doing it while the writer is idle keeps it off their latency.
"""

from __future__ import annotations


def last_pk(conn) -> int:
    return conn.execute("SELECT coalesce(max(pk), 0) FROM messages").fetchone()[0]


def index_after(conn, pk: int) -> None:
    conn.execute(
        "INSERT INTO messages_fts (rowid, content) SELECT pk, content FROM messages WHERE pk > ?",
        (pk,),
    )


def merge_step(conn, pages: int = 64) -> bool:
    """Merge up to ~``pages`` pages of FTS5 segments (levels holding ``usermerge`` or more, or a
    merge already under way) in one short transaction; True when it did work (more may remain).
    Committed with synchronous=NORMAL: it changes no data, and losing it to a power cut loses
    nothing; the next FULL commit syncs it along."""
    level = conn.execute("PRAGMA synchronous").fetchone()[0]
    conn.execute("PRAGMA synchronous=NORMAL")
    before = conn.total_changes
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO messages_fts (messages_fts, rank) VALUES ('merge', ?)", (pages,))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute(f"PRAGMA synchronous={level}")
    return conn.total_changes - before >= 2  # FTS5's sign that the merge did work
