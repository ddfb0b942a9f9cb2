"""The Store protocol, exercised on each real implementation (SQLite and PostgreSQL)."""

import asyncio
from datetime import datetime, timezone

import pytest

from store import open_store
from store.errors import Conflict, Inactive, NotFound
from store.ids import new_uid
from store.model import NewMessage
from store.query import All, AnyOf, Cond, Not

pytestmark = pytest.mark.anyio


def texts(page_or_list):
    items = page_or_list.items if hasattr(page_or_list, "items") else page_or_list
    return [m.content for m in items]


async def test_workspace_get_or_create_is_idempotent(store):
    first, created = await store.ensure_workspace("w", metadata={"a": 1})
    again, created_again = await store.ensure_workspace("w", metadata={"b": 2})
    assert (created, created_again) == (True, False)
    assert again.uid == first.uid and again.metadata == {"a": 1}


async def test_concurrent_get_or_create_makes_one_record(store):
    results = await asyncio.gather(*[store.get_or_create_session("w", "s") for _ in range(50)])
    assert sum(created for _, created in results) == 1
    assert len({s.uid for s, _ in results}) == 1


async def test_messages_keep_write_order_across_concurrent_batches(store):
    batches = [[NewMessage(content=f"{b}-{i}", peer="alice") for i in range(10)] for b in range(20)]
    written = await asyncio.gather(*[store.add_messages("w", "s", b) for b in batches])
    page = await store.list_messages("w", "s", limit=500)
    assert page.total == 200
    assert [m.seq for m in page.items] == list(range(1, 201))
    for batch in written:  # a batch keeps request order and stays contiguous
        seqs = [m.seq for m in batch]
        assert seqs == list(range(seqs[0], seqs[0] + 10))
    assert texts(page)[:10] == texts(written[0]) or texts(page)[:10] in [texts(b) for b in written]


async def test_token_count_strips_nul_and_uses_o200k(store):
    [m] = await store.add_messages("w", "s", [NewMessage(content="hello\x00 world", peer="a")])
    assert m.token_count == 2
    assert (await store.get_message("w", m.uid)).token_count == 2


async def test_client_created_at_and_uid_are_kept(store):
    when = datetime(2024, 1, 2, 3, 4, 5, 678900, tzinfo=timezone.utc)
    uid = new_uid()
    [m] = await store.add_messages("w", "s", [NewMessage(content="x", created_at=when, uid=uid)])
    got = await store.get_message("w", uid)
    assert got.created_at == when and m.uid == uid
    with pytest.raises(Conflict):
        await store.add_messages("w", "s", [NewMessage(content="dup", uid=uid)])
    assert (await store.list_messages("w", "s")).total == 1


async def test_failed_write_in_a_group_does_not_lose_the_others(store):
    uid = new_uid()
    await store.add_messages("w", "s", [NewMessage(content="first", uid=uid)])
    outcomes = await asyncio.gather(
        store.add_messages("w", "s", [NewMessage(content="dup", uid=uid)]),
        *[store.add_messages("w", "s", [NewMessage(content=f"ok{i}")]) for i in range(20)],
        return_exceptions=True,
    )
    assert isinstance(outcomes[0], Conflict)
    page = await store.list_messages("w", "s", limit=100)
    assert page.total == 21 and [m.seq for m in page.items] == list(range(1, 22))


async def test_filters(store):
    await store.add_messages("w", "s", [
        NewMessage(content="one", peer="alice", metadata={"n": 1, "tag": "x"}),
        NewMessage(content="two", peer="bob", metadata={"n": 5, "tag": "y", "deep": {"k": [1, 2]}}),
        NewMessage(content="Three", peer="alice", metadata={"n": 10}),
    ])
    async def pick(where):
        return texts(await store.list_messages("w", "s", where=where))
    assert await pick(Cond("peer", "eq", "alice")) == ["one", "Three"]
    assert await pick(Cond("metadata", "gte", 5, key="n")) == ["two", "Three"]
    assert await pick(Cond("metadata", "has", {"deep": {"k": [2]}})) == ["two"]
    assert await pick(AnyOf([Cond("peer", "eq", "bob"), Cond("metadata", "eq", 10, key="n")])) == ["two", "Three"]
    assert await pick(Not(Cond("peer", "in", ["alice"]))) == ["two"]
    assert await pick(All([Cond("content", "icontains", "THR"), Cond("token_count", "gt", 0)])) == ["Three"]
    assert await pick(Cond("metadata", "ne", "x", key="tag")) == ["two", "Three"]


async def test_totals_count_what_the_filter_keeps_in_every_scope(store):
    await store.add_messages("w", "s", [
        NewMessage(content="a1", peer="alice", metadata={"n": 1}),
        NewMessage(content="b1", peer="bob", metadata={"n": 2}),
        NewMessage(content="a2", peer="alice", metadata={"n": 3}),
    ])
    await store.add_messages("w", "t", [NewMessage(content="a3", peer="alice")])
    await store.add_messages("other", "s", [NewMessage(content="elsewhere", peer="alice")])
    cases = [  # (session, filter, total): message-only filters count without joins, others join
        ("s", None, 3), (None, None, 4),
        ("s", Cond("metadata", "gte", 2, key="n"), 2), (None, Cond("content", "contains", "a"), 3),
        ("s", Cond("peer", "eq", "alice"), 2), (None, Cond("peer", "eq", "alice"), 3),
        (None, Cond("session", "eq", "t"), 1), ("s", All([Cond("peer", "eq", "bob"), Cond("seq", "gt", 1)]), 1),
    ]
    for session, where, total in cases:
        page = await store.list_messages("w", session, where=where, limit=1)
        assert (page.total, len(page.items)) == (total, 1), (session, where)
        # a short last page, a page past the end and a filter that keeps nothing: same totals
        assert (await store.list_messages("w", session, where=where, limit=100)).total == total
        assert (await store.list_messages("w", session, where=where, offset=50, limit=10)).total == total
        assert (await store.list_messages("w", session, where=where, offset=total - 1, limit=10)).total == total
    nothing = Cond("content", "eq", "no such message")
    assert (await store.list_messages("w", "s", where=nothing, limit=10)).total == 0
    assert (await store.list_messages("w", "s", where=nothing, offset=3, limit=10)).total == 0


async def test_paging_and_reverse(store):
    await store.add_messages("w", "s", [NewMessage(content=str(i)) for i in range(7)])
    page = await store.list_messages("w", "s", offset=5, limit=5)
    assert texts(page) == ["5", "6"] and page.total == 7
    assert texts(await store.list_messages("w", "s", limit=2, reverse=True)) == ["6", "5"]


async def test_search_words_substrings_and_scope(store):
    await store.add_messages("w", "s1", [NewMessage(content="The cats are running home")])
    await store.add_messages("w", "s2", [NewMessage(content="a dog; cat-like")])
    await store.add_messages("other", "s1", [NewMessage(content="cats elsewhere")])
    assert texts(await store.search_messages("w", "cat run")) == ["The cats are running home"]
    assert texts(await store.search_messages("w", "cat-like")) == ["a dog; cat-like"]
    scoped = await store.search_messages("w", "cats", where=Cond("session", "eq", "s2"))
    assert texts(scoped) == ["a dog; cat-like"]  # stemmed: cats ~ cat
    assert await store.search_messages("w", "running", where=Cond("session", "eq", "s2")) == []
    assert len(await store.search_messages("w", "", limit=10)) == 2
    assert texts(await store.search_messages("w", 'quote " AND OR NEAR(')) == []


async def test_recent_messages_fit_the_budget_oldest_first(store):
    await store.add_messages("w", "s", [NewMessage(content=w) for w in ["alpha", "beta", "gamma"]])
    assert texts(await store.recent_messages("w", "s", token_budget=2)) == ["beta", "gamma"]
    assert await store.recent_messages("w", "s", token_budget=0) == []


async def test_members_join_leave_rejoin_and_config(store):
    await store.get_or_create_session("w", "s", members={"a": {"observe_me": True}, "b": {}})
    await store.leave_members("w", "s", ["a"])
    assert [p.name for p in (await store.list_members("w", "s")).items] == ["b"]
    await store.join_members("w", "s", {"a": {"observe_me": False}})
    assert (await store.get_member("w", "s", "a")).configuration == {"observe_me": False}
    await store.join_members("w", "s", {"c": {}}, replace=True)
    assert [p.name for p in (await store.list_members("w", "s")).items] == ["c"]
    await store.configure_member("w", "s", "c", {"observe_others": True, "observe_me": None})
    assert (await store.get_member("w", "s", "c")).configuration == {"observe_others": True}
    with pytest.raises(NotFound):
        await store.configure_member("w", "s", "zed", {})


async def test_session_delete_removes_messages_everywhere(store):
    [m] = await store.add_messages("w", "s", [NewMessage(content="bye", peer="a")])
    await store.delete_session("w", "s")
    assert await store.get_session("w", "s") is None
    assert await store.get_message("w", m.uid) is None
    assert await store.search_messages("w", "bye") == []
    [again] = await store.add_messages("w", "s", [NewMessage(content="new life")])
    assert again.seq == 1


async def test_inactive_and_ended_sessions_refuse_writes(store):
    await store.get_or_create_session("w", "s")
    await store.set_session_state("w", "s", is_active=False)
    with pytest.raises(Inactive):
        await store.add_messages("w", "s", [NewMessage(content="x")])
    await store.get_or_create_session("w", "e")
    ended = await store.set_session_state("w", "e", ended=True)
    assert ended.ended_at is not None
    with pytest.raises(Inactive):
        await store.get_or_create_session("w", "e")
    with pytest.raises(NotFound):
        await store.add_messages("w", "missing", [NewMessage(content="x")], create=False)


async def test_clone_copies_up_to_the_cutoff(store):
    msgs = await store.add_messages("w", "s", [NewMessage(content=str(i), peer="a") for i in range(4)])
    await store.update_session("w", "s", metadata={"m": 1}) if hasattr(store, "update_session") else None
    clone = await store.clone_session("w", "s", "c", upto=msgs[1].uid)
    assert texts(await store.list_messages("w", "c")) == ["0", "1"]
    assert [p.name for p in (await store.list_members("w", "c")).items] == ["a"]
    assert clone.name == "c"
    with pytest.raises(NotFound):
        await store.clone_session("w", "s", "d", upto=new_uid())


async def test_peer_role_is_learned_and_delete_peer_cascades_owned_sessions(store):
    await store.get_or_create_session("w", "owned", owner="u")
    await store.add_messages("w", "other", [NewMessage(content="hi", peer="u", role="assistant")])
    assert (await store.get_peer("w", "u")).role == "assistant"
    assert [s.name for s in (await store.list_sessions("w", owner="u")).items] == ["owned"]
    await store.delete_peer("w", "u")
    assert await store.get_session("w", "owned") is None
    [kept] = (await store.list_messages("w", "other")).items
    assert kept.peer is None and kept.sender == "u"


async def test_records_and_updates(store):
    a, b = new_uid(), new_uid()
    await store.put_record("w", "k", a, {"x": 1}, parent="p")
    await store.put_record("w", "k", b, {"x": 2})
    assert await store.get_record("w", "k", a) == {"x": 1}
    assert (await store.list_records("w", "k", parent="p")).items == [{"x": 1}]
    assert (await store.list_records("w", "k", reverse=True)).items == [{"x": 2}, {"x": 1}]
    assert await store.delete_record("w", "k", a) is True
    assert await store.delete_record("w", "k", a) is False
    assert await store.resolve_alias("zep", "message", "nope") is None


async def test_metadata_and_extras_updates(store):
    [m] = await store.add_messages("w", "s", [NewMessage(content="x", metadata={"a": 1}, extras={"openai": {"r": 1}})])
    updated = await store.update_message("w", m.uid, metadata={"b": 2}, extras={"zep": {"z": 1}})
    assert updated.metadata == {"b": 2} and updated.extras == {"openai": {"r": 1}, "zep": {"z": 1}}
    ws = await store.update_workspace("w", configuration={"x": 1})
    ws = await store.update_workspace("w", configuration={"y": 2}, metadata={"m": 1})
    assert ws.configuration == {"x": 1, "y": 2} and ws.metadata == {"m": 1}
    with pytest.raises(NotFound):
        await store.update_message("w", new_uid(), metadata={})


async def test_data_survives_reopen(db):
    path = db
    first = await open_store(path)
    await first.add_messages("w", "s", [NewMessage(content="persist me", peer="a")])
    await first.close()
    second = await open_store(path)
    try:
        assert texts(await second.list_messages("w", "s")) == ["persist me"]
        [m] = await second.add_messages("w", "s", [NewMessage(content="next")])
        assert m.seq == 2
    finally:
        await second.close()


async def test_delete_workspace_removes_everything(store):
    await store.add_messages("w", "s", [NewMessage(content="x", peer="a")])
    await store.put_record("w", "k", new_uid(), {})
    await store.delete_workspace("w")
    assert await store.get_workspace("w") is None
    assert (await store.list_peers("w")).total == 0
    with pytest.raises(NotFound):
        await store.delete_workspace("w")


async def test_every_insert_path_is_searchable(store, other_db):
    [m] = await store.add_messages("w", "s", [NewMessage(content="zebra crossing")])
    await store.clone_session("w", "s", "copy")
    assert sorted(x.session for x in await store.search_messages("w", "zebra")) == ["copy", "s"]
    other = await open_store(other_db)
    try:
        await other.import_rows(list(store.export_rows()))
        assert len(await other.search_messages("w", "zebra")) == 2
    finally:
        await other.close()
    await store.update_message("w", m.uid, metadata={"x": 1})
    await store.delete_session("w", "copy")
    assert [x.session for x in await store.search_messages("w", "zebra")] == ["s"]


async def test_inactive_ok_writes_to_an_inactive_session_and_keeps_it_inactive(store):
    await store.add_messages("w", "s", [NewMessage(content="one", peer="p")])
    await store.set_session_state("w", "s", is_active=False)
    with pytest.raises(Inactive):
        await store.add_messages("w", "s", [NewMessage(content="no")])
    await store.add_messages("w", "s", [NewMessage(content="two")], inactive_ok=True)
    session = await store.update_session("w", "s", metadata={"m": 1}, inactive_ok=True)
    copy = await store.clone_session("w", "s", "copy", inactive_ok=True)
    assert (session.is_active, session.metadata) == (False, {"m": 1})
    assert [m.content for m in (await store.list_messages("w", "copy")).items] == ["one", "two"]
    await store.set_session_state("w", "s", ended=True)
    with pytest.raises(Inactive):
        await store.add_messages("w", "s", [NewMessage(content="late")], inactive_ok=True)
    with pytest.raises(NotFound):
        await store.clone_session("w", "s", "copy2", inactive_ok=True)
    assert copy.name == "copy"


async def test_lookup_by_uid(store):
    workspace, _ = await store.ensure_workspace("w")
    peer, _ = await store.ensure_peer("w", "p")
    assert (await store.workspace_by_uid(workspace.uid)).name == "w"
    assert (await store.peer_by_uid("w", peer.uid)).name == "p"
    assert await store.peer_by_uid("other", peer.uid) is None
    assert await store.workspace_by_uid(new_uid()) is None


async def test_function_updates_apply_inside_the_write_and_lose_nothing(store):
    [message] = await store.add_messages("w", "s", [NewMessage(content="x", metadata={"keep": 1})])

    def adding(key):
        return lambda old: {**old, key: True}

    await asyncio.gather(*(store.update_message("w", message.uid, metadata=adding(f"k{i}")) for i in range(30)))
    await asyncio.gather(*(store.update_session("w", "s", metadata=adding(f"s{i}")) for i in range(30)))
    await asyncio.gather(*(store.update_peer("w", "p", metadata=adding(f"p{i}")) for i in range(30)))
    assert (await store.get_message("w", message.uid)).metadata == {"keep": 1, **{f"k{i}": True for i in range(30)}}
    assert (await store.get_session("w", "s")).metadata == {f"s{i}": True for i in range(30)}
    assert (await store.get_peer("w", "p")).metadata == {f"p{i}": True for i in range(30)}


async def test_checkpoints_run_off_the_writer_and_close_truncates_the_wal(tmp_path):
    path = tmp_path / "c.db"
    store = await open_store(str(path))
    assert await store._write(lambda conn, cache: conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]) == 0
    for i in range(30):
        await store.add_messages("w", "s", [NewMessage(content=f"m{i} " * 200) for _ in range(20)])
    await asyncio.sleep(0.6)  # the checkpointer's PASSIVE passes copy the WAL into the database
    assert path.stat().st_size > 600 * 1000  # the rows are in the database file, not only the WAL
    await store.close()
    wal = tmp_path / "c.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0


async def test_unique_record_fields_hold_under_concurrent_writes(store):
    async def make(i):
        try:
            await store.put_record("w", "k", new_uid(), {"name": "same", "i": i}, parent="p", unique="name")
            return True
        except Conflict:
            return False

    assert sum(await asyncio.gather(*(make(i) for i in range(20)))) == 1
    other = await store.put_record("w", "k", new_uid(), {"name": "same"}, parent="q", unique="name")
    assert other == {"name": "same"}  # another parent may reuse the name
    [first] = (await store.list_records("w", "k", parent="p")).items
    assert first["name"] == "same"


@pytest.mark.sqlite_only
async def test_full_text_index_tolerates_more_segments_before_a_crisis_merge(store):
    for index in ("messages_words", "messages_grams"):
        config = dict(store._reader.execute(f"SELECT k, v FROM {index}_config").fetchall())
        assert config.get("crisismerge") == 64


async def test_peers_are_enrolled_only_when_made_on_purpose(store):
    """docs/contract.md §8: authors and members are peers, not enrolled ones, until made so."""
    await store.add_messages("w", "s", [NewMessage(content="hi", peer="bot")])
    await store.join_members("w", "s", {"guest": {}})
    assert [(p.name, p.enrolled) for p in (await store.list_peers("w")).items] == [("bot", False), ("guest", False)]
    made, _ = await store.ensure_peer("w", "bot", metadata={"k": 1}, exists_ok=False)  # no Conflict
    assert made.enrolled and made.metadata == {"k": 1}
    with pytest.raises(Conflict):
        await store.ensure_peer("w", "bot", exists_ok=False)
    assert (await store.update_peer("w", "guest")).enrolled
    assert (await store.list_peers("w", where=Cond("enrolled", "eq", False))).total == 0
    uid = new_uid()
    named, _ = await store.ensure_peer("w", "by-uid", uid=uid)
    assert named.uid == uid and (await store.peer_by_uid("w", uid)).name == "by-uid"
    session = await store.create_session("w", "t", uid=uid)
    assert session.uid == uid and (await store.session_by_uid("w", uid)).name == "t"


async def test_content_with_nul_and_escape_like_characters_round_trips(store):
    odd = ["nul\x00 here", "\ufffe0 not a nul", "\ufffe\ufffe\x00\ufffe", "plain"]
    written = await store.add_messages("w", "s", [NewMessage(content=c) for c in odd])
    assert [m.content for m in written] == odd
    assert texts(await store.list_messages("w", "s")) == odd
    assert texts(await store.list_messages("w", None)) == odd
    assert [(await store.get_message("w", m.uid)).content for m in written] == odd
    await store.clone_session("w", "s", "copy")
    assert texts(await store.list_messages("w", "copy")) == odd
    exported = [r.content for r in store.export_rows() if type(r).__name__ == "MessageRow"]
    assert exported == odd + odd
