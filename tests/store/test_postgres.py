"""What only the PostgreSQL store has to prove: sequences under writers in many processes,
migrations, a distribution-ready schema, indexed search, and one-line errors on open."""

import asyncio
import subprocess
import sys
import textwrap

import pytest

from store import open_store
from store.errors import Unavailable
from store.model import NewMessage
from store.postgres import schema
from tests.store.test_counts import query
from tests.support import postgres

pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("postgres_server")]

WRITER = textwrap.dedent("""
    import asyncio, sys
    from store import open_store
    from store.model import NewMessage

    async def main(url, tag, n, batch):
        store = await open_store(url)
        try:
            for i in range(n):
                await store.add_messages("w", "shared", [
                    NewMessage(content=f"{tag} {i} {j}", peer=tag, role="user") for j in range(batch)])
        finally:
            await store.close()

    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
""")


async def test_writers_in_several_processes_never_duplicate_or_reorder_a_sessions_seq(pg_url):
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, pg_url, f"p{k}", "40", str(1 + k % 3)])
             for k in range(4)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0, 0]
    store = await open_store(pg_url)
    try:
        page = await store.list_messages("w", "shared", limit=1000)
    finally:
        await store.close()
    expected = sum(40 * (1 + k % 3) for k in range(4))
    assert page.total == expected
    assert [m.seq for m in page.items] == list(range(1, expected + 1))  # no gap, no duplicate
    for k in range(4):  # each writer's messages in the order it wrote them, batches contiguous
        mine = [m for m in page.items if m.peer == f"p{k}"]
        assert [m.content for m in mine] == [f"p{k} {i} {j}" for i in range(40) for j in range(1 + k % 3)]
    assert query(pg_url, "SELECT message_count FROM sessions WHERE name = 'shared'") == [(expected,)]


async def test_migrations_are_recorded_once_and_reopening_applies_nothing(pg_url):
    applied = query(pg_url, "SELECT version FROM rosetta_migrations ORDER BY version")
    assert applied == [(v,) for v, _, _ in schema.MIGRATIONS]
    store = await open_store(pg_url)
    await store.close()
    assert query(pg_url, "SELECT version FROM rosetta_migrations ORDER BY version") == applied


WORKSPACE_OWNED = ("peers", "sessions", "members", "messages", "records")


def test_the_workspace_key_leads_every_key_and_index_of_workspace_owned_tables(pg_url):
    """B-tree keys and indexes; the GIN search indexes hold words alone (store/postgres/schema.py)."""
    indexes = query(pg_url, f"""
        SELECT t.relname, i.relname, a.attname, m.amname FROM pg_index x
        JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_am m ON m.oid = i.relam
        LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
        WHERE t.relname IN {WORKSPACE_OWNED}""")
    assert {t for t, _, _, _ in indexes} == set(WORKSPACE_OWNED)
    assert [(t, i) for t, i, first, kind in indexes if first != "workspace_pk" and kind != "gin"] == []
    assert sorted(i for _, i, _, kind in indexes if kind == "gin") == ["messages_substrings", "messages_words"]
    foreign = query(pg_url, f"""
        SELECT c.conrelid::regclass::text, c.conname, a.attname FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'f' AND c.conrelid::regclass::text IN {WORKSPACE_OWNED}""")
    assert foreign and [(t, n) for t, n, first in foreign if first != "workspace_pk"] == []


def explain(url: str, condition: str) -> str:
    """The plan PostgreSQL picks for a search condition."""
    async def plan():
        import asyncpg

        conn = await asyncpg.connect(url)
        try:
            rows = await conn.fetch(f"EXPLAIN SELECT pk FROM messages m WHERE m.workspace_pk = 1 AND {condition}")
            return "\n".join(r[0] for r in rows)
        finally:
            await conn.close()

    return postgres.run(plan)


async def test_search_reads_the_gin_indexes_not_the_table(pg_url):
    store = await open_store(pg_url)
    try:
        for b in range(20):  # enough rows that an index beats reading the table
            await store.add_messages("w", "s", [NewMessage(content=f"note {b} about item{b * 1000 + i}")
                                                for i in range(1000)])
        await store.add_messages("w", "s", [NewMessage(content="the zebras crossed the road")])
        query(pg_url, "VACUUM ANALYZE messages")  # as autovacuum would
        assert [m.content for m in await store.search_messages("w", "zebra")] == ["the zebras crossed the road"]
        assert [m.content for m in await store.search_messages("w", "m2999")] == ["note 2 about item2999"]
    finally:
        await store.close()
    words = explain(pg_url, "m.words @@ plainto_tsquery('rosetta'::regconfig, 'zebra')")
    substring = explain(pg_url, "lower(m.content) LIKE '%em2999%'")
    assert "messages_words" in words and "Seq Scan" not in words
    assert "messages_substrings" in substring and "Seq Scan" not in substring


@pytest.mark.parametrize("url, reason", [
    ("postgresql://postgres@127.0.0.1:5432/rosetta_no_such_db", "database rosetta_no_such_db on 127.0.0.1:5432: it does not exist"),
    ("postgresql://postgres@127.0.0.1:1/x", "database x on 127.0.0.1:1: connection refused"),
    ("postgresql://postgres@127.0.0.1:port/x", "cannot open PostgreSQL database at postgresql://postgres@127.0.0.1:port/x"),
])
async def test_an_unopenable_database_is_one_line_naming_host_and_database(url, reason):
    with pytest.raises(Unavailable) as raised:
        await open_store(url)
    assert reason in str(raised.value) and "\n" not in str(raised.value)


@pytest.mark.parametrize("command", [["serve"], ["export"], ["import", "/dev/null"]])
def test_the_cli_says_it_in_one_line_and_exits_non_zero(command):
    url = "postgresql://postgres@127.0.0.1:1/rosetta_nowhere"
    if command[0] == "import":  # the file is valid, so the store is what fails
        command = ["import", "-"]
    done = subprocess.run([sys.executable, "-m", "gateway.cli", *command, "--db", url],
                          capture_output=True, text=True, timeout=60,
                          input='{"type":"header","format":"rosetta","version":1}\n{"type":"end","counts":{}}\n')
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0 and "Traceback" not in done.stderr
    assert "database rosetta_nowhere on 127.0.0.1:1: connection refused" in done.stderr


def test_workers_are_refused_on_sqlite_in_one_line(tmp_path):
    done = subprocess.run([sys.executable, "-m", "gateway.cli", "serve", "--workers", "2", "--db",
                           str(tmp_path / "x.db")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "--workers > 1 needs a PostgreSQL store" in done.stderr


RACER = textwrap.dedent("""
    import asyncio, sys
    from store import open_store
    from store.errors import StoreError
    from store.model import NewMessage

    async def main(url, tag):
        store = await open_store(url)
        try:
            for i in range(150):
                try:
                    await store.add_messages("w", "doomed", [NewMessage(content=f"{tag} {i}", peer=tag)])
                except StoreError:
                    pass  # the session was deleted between finding it and writing to it
        finally:
            await store.close()

    asyncio.run(main(sys.argv[1], sys.argv[2]))
""")
ORPHANS = ("SELECT count(*) FROM messages m WHERE NOT EXISTS (SELECT 1 FROM sessions s"
           " WHERE s.workspace_pk = m.workspace_pk AND s.pk = m.session_pk)")


async def test_deleting_a_session_while_other_processes_append_leaves_no_orphan_messages(pg_url):
    procs = [subprocess.Popen([sys.executable, "-c", RACER, pg_url, f"p{k}"]) for k in range(2)]
    store = await open_store(pg_url)
    try:
        deleted = 0
        while any(p.poll() is None for p in procs):
            try:
                await store.delete_session("w", "doomed")
                deleted += 1
            except Exception:  # noqa: BLE001 - not there (yet) this time
                pass
        assert [p.wait(timeout=120) for p in procs] == [0, 0]
    finally:
        await store.close()
    assert deleted > 0
    assert query(pg_url, ORPHANS) == [(0,)]
    from tests.store.test_counts import DRIFT

    assert query(pg_url, DRIFT) == []


async def test_closing_the_store_under_busy_writers_ends_and_refuses_later_writes(pg_url):
    """Writers that keep writing (tasks of the server's own) while the store closes: the close
    ends, what was queued or running is committed and answered, and the writes after it are
    Unavailable (a 503). It used to wait for a queue that never emptied, or to cancel a batch
    in flight, whose callers then got CancelledError or no answer at all."""
    import anyio

    store = await open_store(pg_url)
    written: list[int] = []

    async def writer(k: int) -> Exception:
        try:
            while True:
                await store.add_messages("w", f"s{k % 2}", [NewMessage(content=f"{k} {len(written)}")])
                written.append(1)
        except Exception as exc:  # noqa: BLE001 - the outcome under test
            return exc

    tasks = [asyncio.create_task(writer(k)) for k in range(6)]
    while len(written) < 40:
        await asyncio.sleep(0.01)
    with anyio.fail_after(15):
        await store.close()
    with anyio.fail_after(15):
        ended = await asyncio.gather(*tasks, return_exceptions=True)
    assert all(isinstance(e, Unavailable) and "closed" in str(e) for e in ended), ended
    assert [r[0] for r in query(pg_url, "SELECT count(*) FROM messages")] == [len(written)]
    with pytest.raises(Unavailable, match="closed"):  # a write long after the close: a 503 too
        await store.add_messages("w", "s0", [NewMessage(content="late")])
