"""The SQLite schema, as a sqlite-utils migration set. Add migrations; never edit applied ones."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from store.sqlite import counts, fts, legacy

INITIAL = """
CREATE TABLE workspaces (
    pk INTEGER PRIMARY KEY,
    uid BLOB NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE,
    metadata TEXT NOT NULL DEFAULT '{}',
    configuration TEXT NOT NULL DEFAULT '{}',
    extras TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL
);
CREATE TABLE peers (
    pk INTEGER PRIMARY KEY,
    uid BLOB NOT NULL UNIQUE,
    workspace_pk INTEGER NOT NULL,
    name TEXT NOT NULL,
    metadata TEXT NOT NULL DEFAULT '{}',
    configuration TEXT NOT NULL DEFAULT '{}',
    extras TEXT NOT NULL DEFAULT '{}',
    role TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (workspace_pk, name)
);
CREATE TABLE sessions (
    pk INTEGER PRIMARY KEY,
    uid BLOB NOT NULL UNIQUE,
    workspace_pk INTEGER NOT NULL,
    name TEXT NOT NULL,
    owner_pk INTEGER,
    is_active INTEGER NOT NULL DEFAULT 1,
    metadata TEXT NOT NULL DEFAULT '{}',
    configuration TEXT NOT NULL DEFAULT '{}',
    extras TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    ended_at TEXT,
    UNIQUE (workspace_pk, name)
);
CREATE INDEX sessions_owner ON sessions (owner_pk);
CREATE TABLE members (
    session_pk INTEGER NOT NULL,
    peer_pk INTEGER NOT NULL,
    configuration TEXT NOT NULL DEFAULT '{}',
    joined_at TEXT NOT NULL,
    left_at TEXT,
    PRIMARY KEY (session_pk, peer_pk)
);
CREATE INDEX members_peer ON members (peer_pk);
CREATE TABLE messages (
    pk INTEGER PRIMARY KEY,
    uid BLOB NOT NULL UNIQUE,
    workspace_pk INTEGER NOT NULL,
    session_pk INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    role TEXT,
    peer_pk INTEGER,
    sender TEXT,
    content TEXT NOT NULL,
    metadata TEXT NOT NULL DEFAULT '{}',
    extras TEXT NOT NULL DEFAULT '{}',
    token_count INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (session_pk, seq)
);
CREATE INDEX messages_workspace ON messages (workspace_pk, pk);
CREATE INDEX messages_peer ON messages (peer_pk);
CREATE VIRTUAL TABLE messages_fts USING fts5(
    content, content='messages', content_rowid='pk', tokenize='porter unicode61'
);
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, content) VALUES (new.pk, new.content);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.pk, old.content);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.pk, old.content);
    INSERT INTO messages_fts (rowid, content) VALUES (new.pk, new.content);
END;
CREATE TABLE records (
    workspace_pk INTEGER NOT NULL,
    kind TEXT NOT NULL,
    uid BLOB NOT NULL,
    parent TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    PRIMARY KEY (workspace_pk, kind, uid)
) WITHOUT ROWID;
CREATE INDEX records_parent ON records (workspace_pk, kind, parent, uid);
CREATE TABLE aliases (
    dialect TEXT NOT NULL,
    kind TEXT NOT NULL,
    external TEXT NOT NULL,
    uid BLOB NOT NULL,
    PRIMARY KEY (dialect, kind, external)
) WITHOUT ROWID;
"""


def migrations() -> Migrations:
    steps = Migrations("rosetta")

    @steps(name="0001_initial")
    def initial(db: Database) -> None:
        db.executescript(INITIAL)

    @steps(name="0002_bulk_fts_inserts")
    def bulk_fts(db: Database) -> None:
        db.execute("DROP TRIGGER IF EXISTS messages_fts_insert")  # see store/sqlite/fts.py

    @steps(name="0003_updated_at")
    def updated_at(db: Database) -> None:
        _add_updated_at(db)

    @steps(name="0004_fts_crisismerge")
    def fts_crisismerge(db: Database) -> None:
        # FTS5 merges a level at once, inside some unlucky write, when it reaches 16 segments;
        # after bulk writes (a batch load, an import) that made the next writes' p99 1.5x worse.
        # At 64, incremental merging keeps ahead of it (post-batch write p99: 36 -> 23-28 ms).
        db.execute("INSERT INTO messages_fts (messages_fts, rank) VALUES ('crisismerge', 64)")

    @steps(name="0005_message_count")
    def message_count(db: Database) -> None:
        for statement in counts.SCHEMA:  # see store/sqlite/counts.py
            db.execute(statement)

    @steps(name="0006_fts_per_group")
    def fts_per_group(db: Database) -> None:
        for statement in fts.GUARDED_TRIGGERS:  # see store/sqlite/fts.py
            db.execute(statement)

    @steps(name="0007_search_indexes")
    def search_indexes(db: Database) -> None:
        for statement in fts.SCHEMA:  # words and trigrams, with scope columns: store/sqlite/fts.py
            db.execute(statement)

    @steps(name="0008_session_metadata")
    def session_metadata(db: Database) -> None:
        # A session's messages with their metadata, in order: a metadata filter over one session
        # (and its count) reads this index alone, not the rows and their text (a 100,000-message
        # session's filtered count: 340 -> 40-60 ms); an empty '{}' costs two bytes an entry.
        db.execute("CREATE INDEX messages_session_metadata ON messages (session_pk, seq, metadata)")

    @steps(name="0009_enrolled_peers")
    def enrolled_peers(db: Database) -> None:
        # docs/contract.md §8: a peer made only as a message author is not a Zep user. Peers
        # written before this column existed cannot be told apart: they stay enrolled.
        db.execute("ALTER TABLE peers ADD COLUMN enrolled INTEGER NOT NULL DEFAULT 0")
        db.execute("UPDATE peers SET enrolled = 1")

    @steps(name="0010_trigram_tail")
    def trigram_tail(db: Database) -> None:
        # the trigram index is fed off the commit path and lags the words index: one trigger
        # per index, each guarded by what that index holds (store/sqlite/fts.py)
        for statement in fts.TRIGGERS:
            db.execute(statement)

    return steps


UPDATED_INDEXES = """
CREATE INDEX peers_updated ON peers (workspace_pk, coalesce(updated_at, created_at));
CREATE INDEX sessions_updated ON sessions (workspace_pk, coalesce(updated_at, created_at));
"""


def _add_updated_at(db: Database) -> None:
    """Nullable ``updated_at`` (NULL: never updated) on peers, sessions and messages, taken
    from the Zep dialect's extras where it kept one; indexes for listings by last update."""
    for table in legacy.TABLES:
        db.execute(f"ALTER TABLE {table} ADD COLUMN updated_at TEXT")
    legacy.lift(db.conn)
    for statement in UPDATED_INDEXES.strip().splitlines():
        db.execute(statement)


def apply(db: Database) -> None:
    migrations().apply(db)
