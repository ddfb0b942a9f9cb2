"""Each session's kept message count equals count(*) after every kind of write, and pages
report it as their total."""

import sqlite3

import pytest
from sqlite_utils import Database

from store import open_store
from store.model import NewMessage
from store.query import Cond
from store.sqlite import schema
from tests.support import postgres

pytestmark = pytest.mark.anyio


DRIFT = (
    "SELECT name, message_count, (SELECT count(*) FROM messages m WHERE m.session_pk = s.pk)"
    " FROM sessions s WHERE message_count != (SELECT count(*) FROM messages m"
    " WHERE m.session_pk = s.pk)"
)


def query(db: str, sql: str) -> list[tuple]:
    """Rows of ``sql`` read straight from the database (a SQLite file or a PostgreSQL URL)."""
    if not db.startswith("postgresql://"):
        with sqlite3.connect(db) as conn:
            return conn.execute(sql).fetchall()

    async def fetch():
        import asyncpg

        conn = await asyncpg.connect(db)
        try:
            return [tuple(r) for r in await conn.fetch(sql)]
        finally:
            await conn.close()

    return postgres.run(fetch)


def drift(db: str) -> list:
    """Sessions whose kept count differs from their rows: (name, kept, counted)."""
    return query(db, DRIFT)


def messages(n: int, peer: str = "p", start: int = 0) -> list[NewMessage]:
    return [NewMessage(content=f"m{start + i}", peer=peer, role="user") for i in range(n)]


async def test_every_kind_of_write_keeps_the_count(store, db):
    steps = {
        "append": lambda: store.add_messages("w", "s", messages(150)),
        "append one": lambda: store.add_messages("w", "s", messages(1, start=150)),
        "append elsewhere": lambda: store.add_messages("w", "t", messages(3, peer="q")),
        "clone": lambda: store.clone_session("w", "s", "c"),
        "delete a message": _delete_first(store, "s"),
        "delete a session": lambda: store.delete_session("w", "t"),
        "delete an owner": _owned_then_deleted(store),
        "import": _reimported(store),
        "delete the workspace": lambda: store.delete_workspace("other"),
    }
    for name, step in steps.items():
        await step()
        assert drift(db) == [], name
    kept = dict(query(db, "SELECT name, message_count FROM sessions"))
    assert kept["s"] == 150 and kept["c"] == 151 and "t" not in kept


def _delete_first(store, session):
    async def step():
        first = (await store.list_messages("w", session, limit=1)).items[0]
        await store.delete_message("w", first.uid)
    return step


def _owned_then_deleted(store):
    async def step():
        await store.get_or_create_session("w", "owned", owner="o")
        await store.add_messages("w", "owned", messages(4, peer="o"))
        await store.delete_peer("w", "o")
    return step


def _reimported(store):
    async def step():
        await store.add_messages("other", "x", messages(7))
        rows = list(store.export_rows())
        await store.delete_workspace("other")
        await store.import_rows(rows)  # brings "other" back, and leaves what exists alone
    return step


@pytest.mark.parametrize("size", [1, 7, 50, 200])
async def test_pages_report_the_total(store, size):
    await store.add_messages("w", "s", messages(120))
    for offset in (0, size, 119, 120, 500):
        page = await store.list_messages("w", "s", offset=offset, limit=size)
        assert page.total == 120, (offset, size)
        assert [m.seq for m in page.items] == list(range(offset + 1, min(offset + size, 120) + 1))
    filtered = await store.list_messages("w", "s", where=Cond("content", "eq", "m3"), limit=1)
    assert filtered.total == 1
    assert (await store.list_messages("w", "nowhere", offset=10)).total == 0


async def test_migration_counts_what_is_there(path):
    conn = sqlite3.connect(path)
    schema.migrations().apply(Database(conn), stop_before="0005_message_count")
    conn.executescript("""
    INSERT INTO workspaces (pk, uid, name, created_at) VALUES (1, x'01', 'w', '2024-01-01T00:00:00Z');
    INSERT INTO sessions (pk, uid, workspace_pk, name, created_at) VALUES
      (1, x'11', 1, 's', '2024-01-01T00:00:00Z'), (2, x'12', 1, 'e', '2024-01-01T00:00:00Z');
    INSERT INTO messages (uid, workspace_pk, session_pk, seq, content, token_count, created_at)
      VALUES (x'21', 1, 1, 1, 'a', 1, '2024-01-01T00:00:00Z'),
             (x'22', 1, 1, 2, 'b', 1, '2024-01-01T00:00:00Z');
    """)
    conn.commit()
    conn.close()
    store = await open_store(path)
    try:
        assert drift(path) == []
        assert (await store.list_messages("w", "s", limit=1)).total == 2
    finally:
        await store.close()
