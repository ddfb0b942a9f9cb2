"""The search indexes, and indexing new messages once per write group.

Two FTS5 indexes hold every message (migration 0007), read by ``store.sqlite.search``:

- ``messages_words``: stemmed words (``porter unicode61``), for word matches ranked by BM25;
- ``messages_grams``: trigrams (``trigram``, case-insensitive), for substring matches of three
  characters or more (a phrase, punctuation and spaces included, is one substring).

Besides ``content`` each holds three scope columns, ``w``, ``s`` and ``p``: the message's
workspace, session and peer, each written as one three-character token (``code``), so that a
search of one session or peer is a single index query (``content : ... AND s : "<code>"``) that
FTS5 answers by stepping both doclists together, never by reading the workspace's matches and
dropping the other sessions' ones. The tokens are CJK ideographs: one token under both
tokenizers, and never matched by a content query (which names the ``content`` column). The
indexes read their content through the view ``messages_scoped``; BM25 gives the scope columns
weight 0.

The writer indexes what its group inserted into ``messages_words`` with one statement just before
COMMIT (``index_pending``): every message whose pk is past the highest pk in the index. No
unindexed row sits below it: SQLite gives a new row max(pk) + 1, and a deleted row leaves the
index with it. Indexing per job (one statement per write) cost as much as the rest of a
one-message write (FTS5 sets itself up per statement), and a per-row trigger twice that.

``messages_grams`` is fed off the commit path: a write's trigrams cost more than its words (in
one A/B of 100-message batches, words and trigrams ~58 us a message on the writer, words
only ~40), so the writer indexes the messages past the highest pk it holds (its *tail*) when
its queue is idle (``upkeep``, ``GRAMS_STEP`` messages a step), and after each group what the
tail holds past ``SOFT`` messages (``catch_up``). A search scans the tail directly (``tail``
gives where it starts), so a message is found by substring as soon as its write is
acknowledged.

Deletes and updates of content, peer or session keep their triggers (they need the old
values), one per index, each guarded to rows that index holds (``<index>_docsize`` has one row
per indexed rowid): a message inserted and deleted within one group never reaches an index, and
one in the trigram tail is indexed with its content of then.

``merge_step`` is the writer's idle upkeep: FTS5 merges its segments incrementally during writes,
and after a bulk load the debt lands on the next interactive writes (and, when a level fills, all
at once inside one unlucky write). Doing it while the writer is idle keeps it off their latency.
"""

from __future__ import annotations

INDEXES = ("messages_words", "messages_grams")
_BASE, _RANGE = 0x4E00, 20992  # CJK Unified Ideographs: 20,992 letters, three of them per pk


def code(pk: int) -> str:
    """The scope token of a pk (as the SQL of ``_code`` writes it)."""
    return "".join(chr(_BASE + d) for d in (pk % _RANGE, pk // _RANGE % _RANGE, pk // _RANGE ** 2))


def _code(column: str) -> str:
    return (f"CASE WHEN {column} IS NULL THEN NULL ELSE char({_BASE} + {column} % {_RANGE},"
            f" {_BASE} + {column} / {_RANGE} % {_RANGE}, {_BASE} + {column} / {_RANGE ** 2}) END")


def _values(row: str) -> str:
    return (f"{row}.content, {_code(row + '.workspace_pk')}, {_code(row + '.session_pk')},"
            f" {_code(row + '.peer_pk')}")


SCHEMA = (
    "DROP TRIGGER IF EXISTS messages_fts_delete",
    "DROP TRIGGER IF EXISTS messages_fts_update",
    "DROP TABLE IF EXISTS messages_fts",
    f"CREATE VIEW messages_scoped (pk, content, w, s, p) AS SELECT m.pk, {_values('m')} FROM messages m",
    "CREATE VIRTUAL TABLE messages_words USING fts5(content, w, s, p, content='messages_scoped',"
    " content_rowid='pk', tokenize='porter unicode61')",
    "CREATE VIRTUAL TABLE messages_grams USING fts5(content, w, s, p, content='messages_scoped',"
    " content_rowid='pk', tokenize='trigram')",
    "INSERT INTO messages_words (messages_words, rank) VALUES ('rank', 'bm25(1.0, 0.0, 0.0, 0.0)')",
    # a level merged at once inside some unlucky write hurt the next writes' p99 (migration 0004)
    "INSERT INTO messages_words (messages_words, rank) VALUES ('crisismerge', 64)",
    "INSERT INTO messages_grams (messages_grams, rank) VALUES ('crisismerge', 64)",
    "INSERT INTO messages_words (messages_words) VALUES ('rebuild')",
    "INSERT INTO messages_grams (messages_grams) VALUES ('rebuild')",
    "CREATE TRIGGER messages_search_delete AFTER DELETE ON messages"
    " WHEN EXISTS (SELECT 1 FROM messages_words_docsize WHERE id = old.pk) BEGIN"
    + "".join(f" INSERT INTO {t} ({t}, rowid, content, w, s, p) VALUES ('delete', old.pk, {_values('old')});"
              for t in INDEXES)
    + " END",
    "CREATE TRIGGER messages_search_update AFTER UPDATE OF content, workspace_pk, session_pk, peer_pk"
    " ON messages WHEN EXISTS (SELECT 1 FROM messages_words_docsize WHERE id = old.pk) BEGIN"
    + "".join(f" INSERT INTO {t} ({t}, rowid, content, w, s, p) VALUES ('delete', old.pk, {_values('old')});"
              f" INSERT INTO {t} (rowid, content, w, s, p) VALUES (new.pk, {_values('new')});"
              for t in INDEXES)
    + " END",
)


def _guarded(table: str, event: str, body: str) -> str:
    return (f"CREATE TRIGGER {table}_{event.split()[0].lower()} AFTER {event} ON messages"
            f" WHEN EXISTS (SELECT 1 FROM {table}_docsize WHERE id = old.pk) BEGIN {body} END")


def _delete(table: str) -> str:
    return f"INSERT INTO {table} ({table}, rowid, content, w, s, p) VALUES ('delete', old.pk, {_values('old')});"


# Migration 0010: one delete and one update trigger per index, each guarded by its own index
# (the trigram index lags behind the words index: see above).
TRIGGERS = (
    "DROP TRIGGER IF EXISTS messages_search_delete",
    "DROP TRIGGER IF EXISTS messages_search_update",
    *(_guarded(t, "DELETE", _delete(t)) for t in INDEXES),
    *(_guarded(t, "UPDATE OF content, workspace_pk, session_pk, peer_pk",
               _delete(t) + f" INSERT INTO {t} (rowid, content, w, s, p) VALUES (new.pk, {_values('new')});")
      for t in INDEXES),
)


# Migration 0006's triggers on the first index, ``messages_fts`` (dropped by 0007).
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


def last_pk(conn) -> int:
    return conn.execute("SELECT coalesce(max(pk), 0) FROM messages").fetchone()[0]


def _indexed(conn, table: str = "messages_words") -> int:
    return conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}_docsize").fetchone()[0]


def tail(conn) -> int:
    """The highest pk the trigram index holds: messages past it are not in it yet."""
    return _indexed(conn, "messages_grams")


def _index(conn, table: str, after: int, most: int = -1) -> None:
    conn.execute(f"INSERT INTO {table} (rowid, content, w, s, p) SELECT pk, content, w, s, p"
                 " FROM messages_scoped WHERE pk > ? ORDER BY pk LIMIT ?", (after, most))


def index_pending(conn) -> None:
    """Index the messages past the highest pk of the words index (the writer's hook before
    COMMIT); the trigram index catches up off the commit path (``upkeep``, ``catch_up``)."""
    _index(conn, "messages_words", _indexed(conn))


TAIL = 20000  # messages past which the trigram index catches up whole, whatever it costs
SOFT = 2000  # messages of tail the writer lets stand while writes never pause (see catch_up)
CATCH_STEP = 5000  # most messages one catch-up step indexes (about 200 ms here)
GRAMS_STEP = 500  # messages indexed per idle step (a write arriving waits for one step at most)


def upkeep(conn) -> bool:
    """The writer's idle step: index up to ``GRAMS_STEP`` messages of the trigram tail, or,
    with no tail, merge segments (``merge_step``); True when work may remain."""
    after = tail(conn)
    if conn.execute("SELECT EXISTS (SELECT 1 FROM messages WHERE pk > ?)", (after,)).fetchone()[0]:
        _quietly(conn, lambda: _index(conn, "messages_grams", after, GRAMS_STEP))
        return True
    return merge_step(conn)


def catch_up(conn) -> None:
    """After every group (the writer's ``after_group``), when writes never pause: the tail past
    ``SOFT`` messages is indexed, ``CATCH_STEP`` at most, so each group pays for about its own
    messages' trigrams and the tail stays near ``SOFT``. Indexing the whole tail at once when it
    passed 20,000 made the groups queued meanwhile wait most of a second (the batch p99 of
    ``benchmarks/run.py``: 479 ms at 32 clients). A tail past ``TAIL`` (writes outpacing the
    steps) is indexed whole. The tail's length is read from the pks (max pk less the index's
    highest), an upper bound that needs no count."""
    after = tail(conn)
    length = last_pk(conn) - after
    if length <= SOFT:
        return
    most = -1 if length >= TAIL else min(CATCH_STEP, length - SOFT)
    _quietly(conn, lambda: _index(conn, "messages_grams", after, most))


def _quietly(conn, work) -> None:
    """``work`` in one short transaction committed with synchronous=NORMAL: an index is derived
    data, and losing its last steps to a power cut only lengthens the tail; the next FULL
    commit syncs them along."""
    level = conn.execute("PRAGMA synchronous").fetchone()[0]
    conn.execute("PRAGMA synchronous=NORMAL")
    try:
        conn.execute("BEGIN IMMEDIATE")
        work()
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute(f"PRAGMA synchronous={level}")


# FTS5's merge settings while a bulk load is indexed, and its defaults (restored after)
_BULK = {"automerge": 0, "crisismerge": 1999}
_DEFAULTS = {"automerge": 4, "crisismerge": 16}


def index_bulk(conn, added: int) -> None:
    """Index the messages past the highest indexed pk when ``added`` of them were just loaded
    at once (``rosetta import``). When they are at least as many as those already indexed,
    FTS5's incremental merging is off while they are indexed and the segments are merged once
    after (``optimize``): each flushed segment is rewritten once, not once per level it climbs
    (200,000 messages on a loaded 2-core VM: the trigram index 30 -> 20 s of CPU, both 33 -> 28), and
    the index ends in one segment per table, the fastest to search. A smaller load goes the
    usual way, one statement per index: an optimize rewrites the whole index."""
    if added < conn.execute("SELECT count(*) FROM messages_words_docsize").fetchone()[0]:
        for table in INDEXES:  # the trigrams too: an import leaves no tail behind
            _index(conn, table, _indexed(conn, table))
        return
    for table in INDEXES:
        indexed = _indexed(conn, table)
        kept = dict(conn.execute(f"SELECT k, v FROM {table}_config WHERE k IN ('automerge', 'crisismerge')"))
        _configure(conn, table, _BULK)
        _index(conn, table, indexed)
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
        _configure(conn, table, {k: kept.get(k, v) for k, v in _DEFAULTS.items()})


def _configure(conn, table: str, settings: dict[str, int]) -> None:
    for key, value in settings.items():
        conn.execute(f"INSERT INTO {table} ({table}, rank) VALUES (?, ?)", (key, value))


def merge_step(conn, pages: int = 64) -> bool:
    """Merge up to ~``pages`` pages of FTS5 segments per index (levels holding ``usermerge`` or
    more, or a merge already under way) in one short transaction (see ``_quietly``); True when
    it did work (more may remain)."""
    before = conn.total_changes
    _quietly(conn, lambda: [conn.execute(f"INSERT INTO {t} ({t}, rank) VALUES ('merge', ?)", (pages,))
                            for t in INDEXES])
    return conn.total_changes - before > len(INDEXES)  # FTS5's sign that a merge did work
