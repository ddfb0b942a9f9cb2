"""Search indexing happens once per write group (store/sqlite/fts.py): whatever a group does to
its own new messages (delete them, reuse their pks), the index matches the table, and a committed
message is searchable."""

import asyncio
import sqlite3
import time

import pytest

from store.ids import new_uid
from store.model import NewMessage

pytestmark = pytest.mark.anyio


def caught_up(conn) -> None:
    """Waits (5 s at most) for the writer, idle, to bring the trigram index up to the table's
    last message (it is fed off the commit path)."""
    deadline = time.monotonic() + 5
    while conn.execute("SELECT (SELECT coalesce(max(pk), 0) FROM messages)"
                       " > (SELECT coalesce(max(id), 0) FROM messages_grams_docsize)").fetchone()[0]:
        assert time.monotonic() < deadline, "the trigram index never caught up"
        time.sleep(0.02)


def check(path: str) -> list[tuple]:
    """The indexes' integrity once the trigram index caught up, and (rowid, content) of what
    the words index holds."""
    with sqlite3.connect(path) as conn:
        caught_up(conn)
        for index in ("messages_words", "messages_grams"):
            conn.execute(f"INSERT INTO {index} ({index}, rank) VALUES ('integrity-check', 1)")
        return conn.execute(
            "SELECT m.pk, m.content FROM messages m JOIN messages_words_docsize d ON d.id = m.pk"
            " ORDER BY m.pk"
        ).fetchall()


def message(text: str, uid: bytes | None = None) -> NewMessage:
    return NewMessage(content=text, peer="p", uid=uid)


async def found(store, word: str) -> list[str]:
    return sorted(m.content for m in await store.search_messages("w", word, limit=50))


async def test_a_message_deleted_in_the_group_that_wrote_it_never_reaches_the_index(store, path):
    await store.add_messages("w", "s", [message("kept apple")])
    uid = new_uid()
    await asyncio.gather(  # queued together: one group
        store.add_messages("w", "s", [message("gone banana", uid)]),
        store.delete_message("w", uid),
        store.add_messages("w", "s", [message("late cherry")]),  # takes the deleted row's pk
    )
    assert [c for _, c in check(path)] == ["kept apple", "late cherry"]
    assert await found(store, "banana") == []
    assert await found(store, "cherry") == ["late cherry"]


async def test_a_reused_pk_is_indexed_with_its_new_content(store, path):
    await store.add_messages("w", "s", [message("first apple")])
    [last] = await store.add_messages("w", "s", [message("second banana")])
    await store.delete_message("w", last.uid)  # the highest pk leaves table and index
    await store.add_messages("w", "s", [message("third cherry")])  # gets that pk again
    assert [c for _, c in check(path)] == ["first apple", "third cherry"]
    assert await found(store, "banana") == []
    assert await found(store, "cherry") == ["third cherry"]


async def test_every_path_that_inserts_is_searchable_once(store, path):
    await asyncio.gather(*[
        store.add_messages("w", f"s{i}", [message(f"word{i} shared"), message(f"more{i} shared")])
        for i in range(20)
    ])
    await store.clone_session("w", "s3", "copy")
    rows = list(store.export_rows())
    await store.delete_workspace("w")
    await store.import_rows(rows)
    indexed = check(path)
    with sqlite3.connect(path) as conn:
        assert len(indexed) == conn.execute("SELECT count(*) FROM messages").fetchone()[0] == 42
    assert len(await found(store, "shared")) == 42
    assert await found(store, "word3") == ["word3 shared", "word3 shared"]  # and its clone


def settings(path: str) -> list[dict]:
    """Each index's settings, FTS5's defaults for the merge settings it does not hold."""
    with sqlite3.connect(path) as conn:
        return [{"automerge": 4, "crisismerge": 16,
                 **dict(conn.execute(f"SELECT k, v FROM {index}_config WHERE k <> 'version'"))}
                for index in ("messages_words", "messages_grams")]


async def test_an_import_indexes_in_bulk_and_leaves_the_merge_settings_as_they_were(store, path):
    before = settings(path)
    await store.add_messages("w", "s", [message(f"old{i} shared") for i in range(3)])
    rows = list(store.export_rows())
    await store.delete_workspace("w")
    await store.import_rows(rows)  # into an empty index: indexed in bulk, then merged
    for uid in (new_uid(), new_uid()):
        await store.add_messages("w", "t", [message(f"new {uid.hex()} shared", uid)])
    rows = [r for r in store.export_rows() if getattr(r, "session", None) != "s"]
    await store.delete_session("w", "t")
    await store.import_rows(rows)  # two into an index of three: the usual way
    assert settings(path) == before
    assert len(check(path)) == 5
    assert len(await found(store, "shared")) == 5
    assert len(await found(store, "hare")) == 5  # the trigram index too


async def test_a_substring_is_found_in_messages_the_trigram_index_does_not_hold_yet(store, path):
    from store.query import Cond
    from store.sqlite import fts, search
    from store.sqlite.connection import connect

    await store.add_messages("w", "s", [message("indexed needle-one")])
    await store.add_messages("w", "other", [message("elsewhere needle-three")])
    conn = connect(path)
    caught_up(conn)
    await store.close()  # no writer left to feed the trigram index
    try:
        conn.execute("BEGIN IMMEDIATE")  # a group commit of one more message in session s
        conn.execute(
            "INSERT INTO messages (uid, workspace_pk, session_pk, seq, role, peer_pk, sender, content,"
            " metadata, extras, token_count, created_at) SELECT randomblob(16), workspace_pk,"
            " session_pk, seq + 1, role, peer_pk, sender, 'tail NEEDLE-two', metadata, extras,"
            " token_count, created_at FROM messages WHERE content = 'indexed needle-one'")
        fts.index_pending(conn)
        conn.execute("COMMIT")
        assert fts.tail(conn) < conn.execute("SELECT max(pk) FROM messages").fetchone()[0]

        def texts(query, where=None):
            return sorted(m.content for m in search.search(conn, "w", query, where, 10))

        assert texts("needle-") == ["elsewhere needle-three", "indexed needle-one", "tail NEEDLE-two"]
        assert texts("le-tw") == ["tail NEEDLE-two"]
        assert texts("needle-", Cond("session", "eq", "s")) == ["indexed needle-one", "tail NEEDLE-two"]
        assert texts("needle-", Cond("session", "eq", "other")) == ["elsewhere needle-three"]
        assert texts("") and "tail NEEDLE-two" in texts("")  # the newest, from the words index
    finally:
        conn.close()


@pytest.mark.parametrize(("length", "left"), [(1_500, 1_500), (2_600, 2_000), (9_000, 4_000), (30_000, 0)])
async def test_after_each_group_the_trigram_tail_past_soft_is_indexed_a_step_at_a_time(store, path, monkeypatch, length, left):
    """catch_up (the writer's after_group) leaves SOFT messages of tail, indexes CATCH_STEP at
    most per group, and a tail past TAIL whole: before, nothing until the tail passed TAIL and
    then all of it in one go (most of a second of the writer's time, which queued groups
    waited for)."""
    from store.sqlite import fts
    from store.sqlite.connection import connect

    monkeypatch.setattr(fts, "SOFT", 2_000)
    monkeypatch.setattr(fts, "CATCH_STEP", 5_000)
    monkeypatch.setattr(fts, "TAIL", 20_000)
    await store.add_messages("w", "s", [message("first")])
    conn = connect(path)
    caught_up(conn)
    await store.close()  # no writer left to feed the trigram index
    try:
        conn.execute("BEGIN IMMEDIATE")  # one group's worth of messages, words indexed only
        conn.executemany(
            "INSERT INTO messages (uid, workspace_pk, session_pk, seq, role, peer_pk, sender, content,"
            " metadata, extras, token_count, created_at) SELECT ?, workspace_pk, session_pk, seq + ?,"
            " role, peer_pk, sender, ?, metadata, extras, token_count, created_at FROM messages WHERE pk = 1",
            [(new_uid(), n, f"tail message {n}") for n in range(1, length + 1)])
        fts.index_pending(conn)
        conn.execute("COMMIT")
        fts.catch_up(conn)
        assert fts.last_pk(conn) - fts.tail(conn) == left
        # the first message and the tail's oldest ``length - left``, nothing skipped
        assert conn.execute("SELECT count(*) FROM messages_grams_docsize").fetchone()[0] == 1 + length - left
    finally:
        conn.close()
