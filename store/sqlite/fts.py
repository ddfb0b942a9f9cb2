"""Full-text indexing of new messages, once per write group.

The writer indexes what its group inserted with one statement just before COMMIT
(``index_pending``): every message whose pk is past the highest pk in the index. No unindexed row
sits below it: SQLite gives a new row max(pk) + 1, and a deleted row leaves the index with it.
Indexing per job (one statement per write) cost as much as the rest of a one-message write (FTS5
sets itself up per statement), and a per-row trigger twice that. Deletes and content updates
keep their triggers (they need the old content), guarded to rows the index holds (FTS5's
``messages_fts_docsize`` shadow table has one row per indexed rowid): a message inserted and
deleted within one group never reaches the index (migration 0006).

``merge_step`` is the writer's idle upkeep: FTS5 merges its segments incrementally during writes,
and after a bulk load the debt lands on the next interactive writes (and, when a level fills, all
at once inside one unlucky write). Doing it while the writer is idle keeps it off their latency.
"""

from __future__ import annotations


def last_pk(conn) -> int:
    return conn.execute("SELECT coalesce(max(pk), 0) FROM messages").fetchone()[0]


def index_pending(conn) -> None:
    """Index the messages past the highest indexed pk (the writer's hook before COMMIT)."""
    indexed = conn.execute("SELECT coalesce(max(id), 0) FROM messages_fts_docsize").fetchone()[0]
    conn.execute(
        "INSERT INTO messages_fts (rowid, content) SELECT pk, content FROM messages WHERE pk > ?",
        (indexed,),
    )


GUARDED_TRIGGERS = (
    "DROP TRIGGER IF EXISTS messages_fts_delete",
    "DROP TRIGGER IF EXISTS messages_fts_update",
    "CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages"
    " WHEN EXISTS (SELECT 1 FROM messages_fts_docsize WHERE id = old.pk) BEGIN"
    " INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.pk, old.content);"
    " END",
    "CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages"
    " WHEN EXISTS (SELECT 1 FROM messages_fts_docsize WHERE id = old.pk) BEGIN"
    " INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.pk, old.content);"
    " INSERT INTO messages_fts (rowid, content) VALUES (new.pk, new.content);"
    " END",
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
