"""updated_at: None until a record's own fields change, then the time of the last such write;
old databases get it from the Zep dialect's extras when they open."""

import sqlite3

import pytest
from sqlite_utils import Database

from store import open_store
from store.clock import from_text
from store.errors import Conflict
from store.model import NewMessage
from store.sqlite import schema

pytestmark = pytest.mark.anyio


async def bumped(before, read):
    """The record ``read()`` returns has an updated_at later than ``before``'s (or its
    created_at when never updated)."""
    after = await read()
    assert after.updated_at is not None
    assert after.updated_at > (before.updated_at or before.created_at)
    return after


async def test_records_start_never_updated_even_when_created_with_fields(store):
    peer, _ = await store.ensure_peer("w", "p", metadata={"a": 1}, configuration={"c": 1},
                                      extras={"zep": {"email": "e"}})
    session, _ = await store.get_or_create_session("w", "s", metadata={"a": 1}, configuration={"c": 1},
                                            extras={"openai": {"x": 1}}, owner="p")
    [message] = await store.add_messages("w", "s", [NewMessage(content="hi", peer="p", role="user",
                                                               metadata={"a": 1})])
    assert (peer.updated_at, session.updated_at, message.updated_at) == (None, None, None)
    assert (await store.get_message("w", message.uid)).updated_at is None
    assert (await store.list_peers("w")).items[0].updated_at is None


async def test_writes_that_are_not_updates_leave_it_alone(store):
    await store.get_or_create_session("w", "s", owner="p")
    await store.add_messages("w", "s", [NewMessage(content="x", peer="q", role="assistant")])
    await store.join_members("w", "s", {"r": {}})
    await store.leave_members("w", "s", ["r"])
    await store.get_or_create_session("w", "s")  # get, nothing given
    await store.ensure_peer("w", "q")
    assert (await store.get_session("w", "s")).updated_at is None
    assert (await store.get_peer("w", "q")).updated_at is None  # its role was learned


@pytest.mark.parametrize("change", [
    {"metadata": {"a": 2}}, {"configuration": {"c": 2}}, {"extras": {"zep": {"email": "f"}}},
    {"metadata": lambda old: old},  # unchanged values still count (Zep's empty PATCH)
])
async def test_each_kind_of_peer_update_bumps(store, change):
    peer, _ = await store.ensure_peer("w", "p", metadata={"a": 1})
    peer = await bumped(peer, lambda: store.update_peer("w", "p", **change))
    assert (await store.get_peer("w", "p")).updated_at == peer.updated_at
    again, _ = await store.ensure_peer("w", "p", **change)
    assert again.updated_at > peer.updated_at


@pytest.mark.parametrize("change", [
    {"metadata": {"a": 2}}, {"configuration": {"c": 2}}, {"extras": {"openai": {"y": 1}}},
    {"metadata": lambda old: old},
])
async def test_each_kind_of_session_update_bumps(store, change):
    session, _ = await store.get_or_create_session("w", "s", metadata={"a": 1})

    async def update():
        return await store.update_session("w", "s", **change)

    session = await bumped(session, update)
    assert (await store.get_session("w", "s")).updated_at == session.updated_at
    listed = (await store.list_sessions("w")).items[0]
    assert listed.updated_at == session.updated_at


async def test_session_state_changes_bump(store):
    session, _ = await store.get_or_create_session("w", "s")
    ended = await bumped(session, lambda: store.set_session_state("w", "s", ended=True))
    assert ended.updated_at == ended.ended_at
    reopened = await bumped(ended, lambda: store.set_session_state("w", "s", ended=False))
    assert reopened.ended_at is None
    deleted = await bumped(reopened, lambda: store.set_session_state("w", "s", is_active=False))
    assert not deleted.is_active


@pytest.mark.parametrize("change", [{"metadata": {"a": 2}}, {"extras": {"zep": {"k": 1}}}])
async def test_message_updates_bump_only_that_message(store, change):
    first, second = await store.add_messages("w", "s", [NewMessage(content="1"), NewMessage(content="2")])
    updated = await bumped(first, lambda: store.update_message("w", first.uid, **change))
    assert (await store.get_message("w", first.uid)).updated_at == updated.updated_at
    assert (await store.get_message("w", second.uid)).updated_at is None
    assert (await store.get_session("w", "s")).updated_at is None
    listed = (await store.list_messages("w", "s")).items
    assert [m.updated_at for m in listed] == [updated.updated_at, None]


async def test_deleting_a_peer_bumps_what_it_owned_and_wrote(store):
    await store.get_or_create_session("w", "s", owner="p")
    await store.get_or_create_session("w", "other")
    [mine, theirs] = await store.add_messages("w", "other", [NewMessage(content="a", peer="p"),
                                                              NewMessage(content="b", peer="q")])
    await store.delete_peer("w", "p", with_owned_sessions=False)
    session = await store.get_session("w", "s")
    assert session.owner is None and session.updated_at is not None
    assert (await store.get_message("w", mine.uid)).updated_at is not None
    assert (await store.get_message("w", theirs.uid)).updated_at is None
    assert (await store.get_session("w", "other")).updated_at is None


async def test_creating_twice_is_a_conflict_that_writes_nothing(store):
    peer, created = await store.ensure_peer("w", "p", metadata={"a": 1}, exists_ok=False)
    assert created and peer.metadata == {"a": 1} and peer.updated_at is None
    with pytest.raises(Conflict):
        await store.ensure_peer("w", "p", metadata={"b": 2}, exists_ok=False)
    assert await store.get_peer("w", "p") == peer
    session = await store.create_session("w", "s", owner="p", metadata={"a": 1})
    assert session.owner == "p" and session.updated_at is None
    await store.set_session_state("w", "s", ended=True)
    with pytest.raises(Conflict):  # in any state
        await store.create_session("w", "s", metadata={"b": 2})
    assert (await store.get_session("w", "s")).metadata == {"a": 1}


OLD_ROWS = """
INSERT INTO workspaces (pk, uid, name, created_at) VALUES (1, x'01', 'w', '2024-01-01T00:00:00.000000Z');
INSERT INTO peers (pk, uid, workspace_pk, name, extras, created_at) VALUES
  (1, x'11', 1, 'kept', '{"zep":{"email":"e@x","updated_at":"2024-03-01T00:00:00.000000Z"}}', '2024-01-01T00:00:00.000000Z'),
  (2, x'12', 1, 'only', '{"zep":{"updated_at":"2024-03-02T00:00:00.000000Z"},"honcho_v3":{"cards":{}}}', '2024-01-01T00:00:00.000000Z'),
  (3, x'13', 1, 'never', '{"zep":{"email":"n@x"}}', '2024-01-01T00:00:00.000000Z');
INSERT INTO sessions (pk, uid, workspace_pk, name, extras, created_at) VALUES
  (1, x'21', 1, 's', '{"zep":{"updated_at":"2024-03-03T00:00:00.000000Z"}}', '2024-01-01T00:00:00.000000Z'),
  (2, x'22', 1, 't', '{}', '2024-01-01T00:00:00.000000Z');
INSERT INTO messages (pk, uid, workspace_pk, session_pk, seq, content, extras, token_count, created_at) VALUES
  (1, x'31', 1, 1, 1, 'a', '{"zep":{"uuid":"u","updated_at":"2024-03-04T00:00:00.000000Z"}}', 1, '2024-01-01T00:00:00.000000Z'),
  (2, x'32', 1, 1, 2, 'b', '{"zep":{"updated_at":7}}', 1, '2024-01-01T00:00:00.000000Z');
"""


def old_database(path: str) -> None:
    """A database at the schema before updated_at existed, holding Zep's stamps in extras."""
    conn = sqlite3.connect(path)
    schema.migrations().apply(Database(conn), stop_before="0003_updated_at")
    assert "updated_at" not in {row[1] for row in conn.execute("PRAGMA table_info(sessions)")}
    conn.executescript(OLD_ROWS)
    conn.close()


async def test_migration_moves_zeps_stamps_into_updated_at(tmp_path):
    path = str(tmp_path / "old.db")
    old_database(path)
    store = await open_store(path)
    try:
        kept, only, never = [await store.get_peer("w", n) for n in ("kept", "only", "never")]
        assert kept.updated_at == from_text("2024-03-01T00:00:00.000000Z")
        assert kept.extras == {"zep": {"email": "e@x"}}
        assert only.updated_at == from_text("2024-03-02T00:00:00.000000Z")
        assert only.extras == {"honcho_v3": {"cards": {}}}  # the emptied zep object goes too
        assert never.updated_at is None and never.extras == {"zep": {"email": "n@x"}}
        s, t = await store.get_session("w", "s"), await store.get_session("w", "t")
        assert (s.updated_at, s.extras) == (from_text("2024-03-03T00:00:00.000000Z"), {})
        assert (t.updated_at, t.extras) == (None, {})
        a, b = (await store.list_messages("w", "s")).items
        assert (a.updated_at, a.extras) == (from_text("2024-03-04T00:00:00.000000Z"), {"zep": {"uuid": "u"}})
        assert (b.updated_at, b.extras) == (None, {"zep": {"updated_at": 7}})  # not a stamp: left
    finally:
        await store.close()
    applied = [r[0] for r in sqlite3.connect(path).execute("SELECT name FROM _sqlite_migrations")]
    every = [m.name for m in schema.migrations().pending(Database(sqlite3.connect(":memory:")))]
    assert applied == every  # 0003 and everything after it ran on the old database
