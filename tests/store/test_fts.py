"""Search indexing happens once per write group (store/sqlite/fts.py): whatever a group does to
its own new messages (delete them, reuse their pks), the index matches the table, and a committed
message is searchable."""

import asyncio
import sqlite3

import pytest

from store.ids import new_uid
from store.model import NewMessage

pytestmark = pytest.mark.anyio


def check(path: str) -> list[tuple]:
    """The index's integrity, and (rowid, content) of what it holds."""
    with sqlite3.connect(path) as conn:
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
