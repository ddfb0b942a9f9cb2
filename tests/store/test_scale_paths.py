"""The paths that keep reads fast on a large store: the reader threads, the search indexes'
migration, O(log n) session pages. What they return is pinned in test_read_semantics.py; these
check what those tests cannot see."""

import asyncio
import sqlite3
import threading

import pytest
from sqlite_utils import Database

from store import open_store
from store.model import NewMessage
from store.query import Cond
from store.sqlite import schema
from store.sqlite.connection import connect

pytestmark = pytest.mark.anyio


@pytest.mark.sqlite_only  # SQLite's reader threads
async def test_a_long_read_on_a_reader_thread_does_not_hold_up_the_loop(store):
    [m] = await store.add_messages("w", "s", [NewMessage(content="hello there")])
    started, release = threading.Event(), threading.Event()

    def slow(conn):
        started.set()
        release.wait(5)
        return conn.execute("SELECT count(*) FROM messages").fetchone()[0]

    slow_read = asyncio.ensure_future(store._read(slow))
    while not started.is_set():
        await asyncio.sleep(0.001)
    # the loop answers other reads, listings and searches included, while that one runs
    assert (await store.get_message("w", m.uid)).content == "hello there"
    assert [x.content for x in await store.search_messages("w", "hello")] == ["hello there"]
    assert (await store.list_messages("w", "s")).total == 1
    assert not slow_read.done()
    release.set()
    assert await slow_read == 1


async def test_a_read_after_an_acknowledged_write_sees_it_on_every_reader_thread(store):
    for n in range(1, 31):
        await store.add_messages("w", "s", [NewMessage(content=f"word{n} note")])
        pages = await asyncio.gather(*[store.list_messages("w", "s", limit=1, reverse=True) for _ in range(4)])
        assert {p.items[0].content for p in pages} == {f"word{n} note"}
        found = await store.search_messages("w", f"word{n}")
        assert [x.content for x in found] == [f"word{n} note"]


async def test_the_migration_indexes_an_existing_store_for_search(path):
    db = Database(connect(path))
    schema.migrations().apply(db, stop_before="0007_search_indexes")
    db.execute("INSERT INTO workspaces (uid, name, created_at) VALUES (x'01', 'w', '2026-01-01')")
    db.execute("INSERT INTO sessions (uid, workspace_pk, name, created_at) VALUES (x'02', 1, 's', '2026-01-01')")
    db.execute("INSERT INTO peers (uid, workspace_pk, name, created_at) VALUES (x'03', 1, 'alice', '2026-01-01')")
    for i, text in enumerate(["old cats purring", "a catalogue of old things", "nothing"], start=1):
        db.execute(
            "INSERT INTO messages (uid, workspace_pk, session_pk, seq, peer_pk, content, token_count,"
            " created_at) VALUES (?, 1, 1, ?, 1, ?, 3, ?)", (bytes([i, 9]), i, text, f"2026-01-0{i}"))
    db.conn.close()
    store = await open_store(path)
    try:
        found = await store.search_messages("w", "cat", where=Cond("peer", "eq", "alice"))
        assert [m.content for m in found] == ["old cats purring", "a catalogue of old things"]
        assert [m.content for m in await store.search_messages("w", "old things")] == [
            "a catalogue of old things"]
    finally:
        await store.close()
    with sqlite3.connect(path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "messages_fts" not in tables and {"messages_words", "messages_grams"} <= tables


async def test_pages_of_a_session_with_gaps_in_its_seqs_still_walk_it_in_order(store):
    written = await store.add_messages("w", "s", [NewMessage(content=f"m{i}") for i in range(1, 13)])
    for m in (written[0], written[4], written[11]):  # the first, one inside, the last
        await store.delete_message("w", m.uid)
    kept = [f"m{i}" for i in range(1, 13) if i not in (1, 5, 12)]
    pages = [await store.list_messages("w", "s", offset=o, limit=4) for o in (0, 4, 8)]
    assert [m.content for p in pages for m in p.items] == kept and {p.total for p in pages} == {9}
    back = [await store.list_messages("w", "s", offset=o, limit=4, reverse=True) for o in (0, 4, 8)]
    assert [m.content for p in back for m in p.items] == kept[::-1]
    await store.add_messages("w", "s", [NewMessage(content="m13")])
    page = await store.list_messages("w", "s", offset=8, limit=4)
    assert [m.content for m in page.items] == ["m11", "m13"] and page.total == 10


async def test_a_deep_page_of_a_gap_free_session_both_ways(store):
    await store.add_messages("w", "s", [NewMessage(content=f"m{i}") for i in range(1, 101)])
    page = await store.list_messages("w", "s", offset=90, limit=5, reverse=True)
    assert [m.content for m in page.items] == ["m10", "m9", "m8", "m7", "m6"] and page.total == 100
    page = await store.list_messages("w", "s", offset=97, limit=5)
    assert [m.content for m in page.items] == ["m98", "m99", "m100"] and page.total == 100
    assert (await store.list_messages("w", "s", offset=100, limit=5, reverse=True)).items == []


async def test_openai_style_lists_can_skip_the_count(store):
    await store.add_messages("w", "s", [NewMessage(content=f"m{i}") for i in range(1, 30)])
    page = await store.list_messages("w", "s", where=Cond("seq", "gt", 3), limit=6, count=False)
    assert [m.content for m in page.items] == [f"m{i}" for i in range(4, 10)] and page.total is None
    last = await store.list_messages("w", "s", where=Cond("seq", "gt", 25), limit=6, count=False)
    assert len(last.items) == 4


async def test_an_import_whose_rows_fail_midway_writes_nothing(store):
    from store.archive import BadArchive, MessageRow, SessionRow, WorkspaceRow

    def rows():
        yield WorkspaceRow(uid="01" * 16, name="w", metadata={}, configuration={}, extras={},
                           created_at="2026-01-01T00:00:00.000000Z")
        yield SessionRow(workspace="w", uid="02" * 16, name="s", owner=None, is_active=True, metadata={},
                         configuration={}, extras={}, created_at="2026-01-01T00:00:00.000000Z", ended_at=None)
        for i in range(1, 2001):
            yield MessageRow(workspace="w", session="s", uid=f"{i:032x}", seq=i, role=None, peer=None,
                             sender=None, content=f"imported {i}", metadata={}, extras={}, token_count=2,
                             created_at="2026-01-01T00:00:00.000000Z")
        raise BadArchive(2004, "changed under us")

    with pytest.raises(BadArchive):
        await store.import_rows(rows())
    assert await store.get_workspace("w") is None
    assert await store.search_messages("w", "imported") == []


def test_a_file_is_checked_without_keeping_its_rows():
    from store import archive

    lines = archive.encode_lines(archive.WorkspaceRow(
        uid=f"{i:032x}", name=f"w{i}", metadata={}, configuration={}, extras={}, created_at="t")
        for i in range(10))
    assert archive.check_lines(lines) == 10  # a generator: read once, nothing kept
    bad = [b'{"type":"header","format":"rosetta","version":1}\n', b'{"type":"end","counts":{"workspace":1}}\n']
    with pytest.raises(archive.BadArchive, match="truncated"):
        archive.check_lines(bad)


@pytest.mark.sqlite_only  # SQLite's reader connections
async def test_a_filtered_listing_is_counted_once_until_something_is_written(store):
    await store.add_messages("w", "s", [NewMessage(content=f"m{i}", metadata={"even": i % 2 == 0})
                                        for i in range(40)])
    even = Cond("metadata", "has", {"even": True})
    await store.list_messages("w", "s", where=even, limit=5)  # opens the reader connections
    counted = []
    for conn in store._pool._conns:
        conn.set_trace_callback(lambda sql: counted.append(sql) if "count(*)" in sql else None)
    pages = [await store.list_messages("w", "s", where=even, offset=o, limit=5) for o in (0, 5, 10)]
    assert [p.total for p in pages] == [20, 20, 20] and len(counted) <= len(store._pool._conns)
    await store.add_messages("w", "s", [NewMessage(content="new", metadata={"even": True})])
    assert (await store.list_messages("w", "s", where=even, limit=5)).total == 21
    for conn in store._pool._conns:
        conn.set_trace_callback(None)


async def test_imported_messages_that_collide_are_skipped_or_appended(store):
    from store.archive import MessageRow

    [kept] = await store.add_messages("w", "s", [NewMessage(content="already here")])

    def row(uid: str, seq: int, content: str) -> MessageRow:
        return MessageRow(workspace="w", session="s", uid=uid, seq=seq, role=None, peer=None, sender=None,
                          content=content, metadata={}, extras={}, token_count=1,
                          created_at="2026-01-01T00:00:00.000000Z")

    counts = await store.import_rows([row(kept.uid.hex(), 1, "same uid"), row("ab" * 16, 1, "seq taken"),
                                      row("cd" * 16, 5, "free seq")])
    assert counts["message"] == {"added": 2, "skipped": 1}
    page = await store.list_messages("w", "s")
    assert [(m.seq, m.content) for m in page.items] == [(1, "already here"), (2, "seq taken"), (5, "free seq")]


async def test_imported_rows_that_collide_within_one_batch_land_as_if_written_one_by_one(store):
    """A batch's messages and aliases are written together (store/postgres/bulk.py): rows that
    collide with earlier rows of the same batch are skipped or appended as a row-by-row import
    does, and a message whose author comes earlier in the batch gets that author."""
    from store.archive import AliasRow, MessageRow, PeerRow

    [kept] = await store.add_messages("w", "s", [NewMessage(content="already here")])
    uid = {name: name * 16 for name in ("aa", "bb", "cc", "dd", "ee", "ff")}

    def row(name: str, seq: int, content: str, peer: str | None = None) -> MessageRow:
        return MessageRow(workspace="w", session="s", uid=uid[name], seq=seq, role=None, peer=peer,
                          sender=None, content=content, metadata={}, extras={}, token_count=1,
                          created_at="2026-01-01T00:00:00.000000Z")

    def alias(external: str, name: str) -> AliasRow:
        return AliasRow(dialect="honcho_v3", kind="message", external=external, uid=uid[name])

    first = await store.import_rows([alias("x", "aa")])
    assert first["alias"] == {"added": 1, "skipped": 0}
    author = PeerRow(workspace="w", uid="12" * 16, name="late", metadata={}, configuration={},
                     extras={}, role=None, created_at="2026-01-01T00:00:00.000000Z")
    counts = await store.import_rows([
        row("aa", 2, "a"), alias("x", "bb"), row("aa", 3, "a again"), alias("y", "bb"),
        row("bb", 2, "b"), alias("y", "cc"), row("cc", 3, "c"), row("dd", 10, "d"),
        author, row("ee", 1, "e", peer="late"), row("ff", 11, "f", peer="late"),
    ])
    assert counts["message"] == {"added": 6, "skipped": 1}
    assert counts["alias"] == {"added": 1, "skipped": 2}
    page = await store.list_messages("w", "s")
    assert [(m.seq, m.content, m.peer) for m in page.items] == [
        (1, "already here", None), (2, "a", None), (3, "b", None), (4, "c", None), (10, "d", None),
        (11, "e", "late"), (12, "f", "late")]
    assert (await store.list_messages("w", "s", limit=1)).total == 7
    assert await store.resolve_alias("honcho_v3", "message", "x") == bytes.fromhex(uid["aa"])
    assert await store.resolve_alias("honcho_v3", "message", "y") == bytes.fromhex(uid["bb"])
    assert kept.seq == 1


async def test_an_import_into_a_session_being_appended_to_keeps_its_sequence_whole(store):
    """A migration run from the console fills the serving gateway's store while clients write:
    the import's messages and the appends share the session's sequence with no gap, no
    duplicate and no failure (the import holds the session as an append does)."""
    from store.archive import MessageRow

    await store.add_messages("w", "s", [NewMessage(content="first")])
    rows = [MessageRow(workspace="w", session="s", uid=f"{i + 1:032x}", seq=i + 1, role=None, peer=None,
                       sender=None, content=f"imported {i}", metadata={}, extras={}, token_count=1,
                       created_at="2026-01-01T00:00:00.000000Z") for i in range(3000)]

    async def appends() -> int:
        for i in range(60):
            await store.add_messages("w", "s", [NewMessage(content=f"live {i}")])
            await asyncio.sleep(0)
        return 60

    async def imports() -> dict:
        counts = {}
        for start in range(0, len(rows), 500):  # as a migration does: one import per page
            counts = await store.import_rows(rows[start:start + 500])
        return counts

    counts, live = await asyncio.gather(imports(), appends(), return_exceptions=True)
    assert not isinstance(counts, Exception), counts  # was: Conflict, a seq an append took
    assert counts["message"] == {"added": 500, "skipped": 0} and live == 60
    page = await store.list_messages("w", "s", limit=10_000)
    numbers = [m.seq for m in page.items]
    assert [(a, b) for a, b in zip([0, *numbers], numbers) if b != a + 1] == []  # no gap, no duplicate
    assert len(numbers) == page.total == 1 + 3000 + live
    imported = [m.content for m in page.items if m.content.startswith("imported")]
    assert imported == [f"imported {i}" for i in range(3000)]


async def test_a_metadata_filter_over_one_session_reads_the_covering_index(store, path):
    await store.add_messages("w", "s", [NewMessage(content="x", metadata={"topic": "a"})])
    from store.sqlite.where import compile_filter

    sql, params = compile_filter("message", Cond("metadata", "has", {"topic": "a"}))
    with sqlite3.connect(path) as conn:
        plan = conn.execute(f"EXPLAIN QUERY PLAN SELECT count(*) FROM messages m WHERE m.session_pk = 1 AND {sql}",
                            params).fetchall()
    assert "COVERING INDEX messages_session_metadata" in str(plan)
