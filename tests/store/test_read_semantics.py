"""What searches, filters and pages return, pinned on small stores.

These were written against the scanning implementation (a Python substring test over every
message, offset paging, a Python JSON-containment callback) before the indexed paths replaced
it, so the indexed paths are held to the same answers. Where an answer changed on purpose, the
test says so (and the README's Performance section does too).
"""

from datetime import datetime, timedelta, timezone

import pytest

from store.model import NewMessage
from store.query import All, AnyOf, Cond, Not

pytestmark = pytest.mark.anyio

T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)

CORPUS = [  # (session, peer, content, metadata)
    ("s1", "alice", "The cats are running home", {"topic": "pets", "n": 1}),
    ("s1", "bob", "a dog; cat-like and proud", {"topic": "pets", "n": 2, "tags": ["a", "b"]}),
    ("s1", "alice", "Concatenate the strings, then run", {}),
    ("s2", "bob", "Running late: the cat ran off", {"n": 3.0, "flag": True}),
    ("s2", "alice", "scattered thoughts about CATS", {"deep": {"k": [1, {"x": "y"}]}}),
    ("s2", None, "nothing to see here", {"flag": 1}),
    ("s3", "carol", "the running of the bulls", {"topic": "travel", "n": 10}),
    ("s3", "carol", "Straße und Strasse", {"topic": None}),
    ("s3", "bob", "ab", {"n": "2"}),
    ("s1", "bob", "zzz catalogue zzz", {"tags": ["b"]}),
]


@pytest.fixture
async def corpus(store):
    for i, (session, peer, content, metadata) in enumerate(CORPUS):
        await store.add_messages("w", session, [NewMessage(
            content=content, peer=peer, metadata=metadata, created_at=T0 + timedelta(minutes=i))])
    await store.add_messages("other", "s1", [NewMessage(content="cats in another workspace", peer="alice")])
    return store


def texts(found) -> list[str]:
    items = found.items if hasattr(found, "items") else found
    return [m.content for m in items]


SEARCHES = [  # (query, where, limit, expected contents in order)
    # stemmed words first (ranked, then newest), then substrings newest first
    ("cats", None, 10, [
        "scattered thoughts about CATS", "The cats are running home", "Running late: the cat ran off",
        "a dog; cat-like and proud",
    ]),
    ("cats", None, 2, ["scattered thoughts about CATS", "The cats are running home"]),
    ("cat", None, 10, [
        "scattered thoughts about CATS", "The cats are running home", "Running late: the cat ran off",
        "a dog; cat-like and proud", "zzz catalogue zzz", "Concatenate the strings, then run",
    ]),
    # every word must match (stemmed), in any order
    ("cat run", None, 10, ["The cats are running home", "Running late: the cat ran off"]),
    ("run the", None, 10, [
        "the running of the bulls", "Concatenate the strings, then run",
        "The cats are running home", "Running late: the cat ran off",
    ]),
    # punctuation: substring only, case-insensitive, newest first
    ("cat-like", None, 10, ["a dog; cat-like and proud"]),
    ("late: the", None, 10, ["Running late: the cat ran off"]),
    ("CAT-", None, 10, ["a dog; cat-like and proud"]),
    # short queries
    ("ab", None, 10, ["ab", "scattered thoughts about CATS"]),
    ("zz", None, 10, ["zzz catalogue zzz"]),
    ("z", None, 1, ["zzz catalogue zzz"]),
    # scope: session, sessions, peer, metadata, in other workspaces nothing leaks
    ("cats", Cond("session", "eq", "s2"), 10, [
        "scattered thoughts about CATS", "Running late: the cat ran off"]),
    ("cats", Cond("session", "in", ["s1", "s3"]), 10, [
        "The cats are running home", "a dog; cat-like and proud"]),
    ("cats", Cond("session", "in", []), 10, []),
    ("cats", Cond("session", "eq", "nope"), 10, []),
    ("cat", Cond("peer", "eq", "bob"), 10, [
        "Running late: the cat ran off", "a dog; cat-like and proud", "zzz catalogue zzz"]),
    ("cat", All([Cond("peer", "eq", "alice"), Cond("session", "eq", "s1")]), 10, [
        "The cats are running home", "Concatenate the strings, then run"]),
    ("cat", Cond("metadata", "eq", "pets", key="topic"), 10, [
        "The cats are running home", "a dog; cat-like and proud"]),
    ("cat", AnyOf([Cond("peer", "eq", "carol"), Cond("session", "eq", "s2")]), 10, [
        "scattered thoughts about CATS", "Running late: the cat ran off"]),
    ("running", Not(Cond("session", "eq", "s3")), 10, [
        "Concatenate the strings, then run", "The cats are running home",
        "Running late: the cat ran off"]),
    ("nothing matches this", None, 10, []),
    ('quote " AND OR NEAR(', None, 10, []),
    ("another workspace", None, 10, []),
]


@pytest.mark.parametrize("query,where,limit,expected", SEARCHES, ids=[s[0] + str(i) for i, s in enumerate(SEARCHES)])
async def test_search(corpus, query, where, limit, expected):
    assert texts(await corpus.search_messages("w", query, where=where, limit=limit)) == expected


async def test_an_empty_query_returns_the_newest_in_scope(corpus):
    assert texts(await corpus.search_messages("w", "  ", limit=3)) == [
        "zzz catalogue zzz", "ab", "Straße und Strasse"]
    assert texts(await corpus.search_messages("w", "", where=Cond("session", "eq", "s2"), limit=2)) == [
        "nothing to see here", "scattered thoughts about CATS"]


async def test_search_sees_updates_and_deletes(corpus):
    [gone] = [m for m in await corpus.search_messages("w", "catalogue") if m.content.startswith("zzz")]
    await corpus.delete_message("w", gone.uid)
    assert texts(await corpus.search_messages("w", "zz")) == []
    assert texts(await corpus.search_messages("w", "catalogue")) == []
    await corpus.delete_peer("w", "bob", with_owned_sessions=False)
    assert texts(await corpus.search_messages("w", "cat", where=Cond("peer", "eq", "bob"))) == []
    assert "a dog; cat-like and proud" in texts(await corpus.search_messages("w", "cat"))


FILTERS = [  # (where, expected contents in session order over the whole workspace)
    (Cond("metadata", "eq", "pets", key="topic"), ["The cats are running home", "a dog; cat-like and proud"]),
    (Cond("metadata", "gte", 2, key="n"), [
        "a dog; cat-like and proud", "Running late: the cat ran off", "the running of the bulls", "ab"]),
    (Cond("metadata", "lt", 3, key="n"), ["The cats are running home", "a dog; cat-like and proud"]),
    (Cond("metadata", "in", [1, "2"], key="n"), ["The cats are running home", "ab"]),
    # ne keeps records without the key (SQL's IS NOT)
    (Cond("metadata", "ne", "pets", key="topic"), [
        "Concatenate the strings, then run", "Running late: the cat ran off",
        "scattered thoughts about CATS", "nothing to see here", "the running of the bulls",
        "Straße und Strasse", "ab", "zzz catalogue zzz"]),
    (Cond("metadata", "eq", None, key="topic"), [
        "Concatenate the strings, then run", "Running late: the cat ran off",
        "scattered thoughts about CATS", "nothing to see here", "Straße und Strasse", "ab",
        "zzz catalogue zzz"]),
    (Cond("metadata", "eq", "y", key=["deep", "k", "1", "x"]), []),
    # containment: objects by key, arrays by element, scalars by value and JSON type
    (Cond("metadata", "has", {"topic": "pets"}), ["The cats are running home", "a dog; cat-like and proud"]),
    (Cond("metadata", "has", {"tags": ["b"]}), ["a dog; cat-like and proud", "zzz catalogue zzz"]),
    (Cond("metadata", "has", {"tags": ["b", "a"]}), ["a dog; cat-like and proud"]),
    (Cond("metadata", "has", {"tags": []}), ["a dog; cat-like and proud", "zzz catalogue zzz"]),
    (Cond("metadata", "has", {"tags": "b"}), []),
    (Cond("metadata", "has", {"deep": {"k": [{"x": "y"}]}}), ["scattered thoughts about CATS"]),
    (Cond("metadata", "has", {"deep": {"k": [1]}}), ["scattered thoughts about CATS"]),
    (Cond("metadata", "has", {"deep": {"k": [{}]}}), ["scattered thoughts about CATS"]),
    (Cond("metadata", "has", {"deep": {"k": [2]}}), []),
    (Cond("metadata", "has", {"flag": True}), ["Running late: the cat ran off"]),
    (Cond("metadata", "has", {"flag": 1}), ["nothing to see here"]),
    (Cond("metadata", "has", {"n": 3.0}), ["Running late: the cat ran off"]),
    (Cond("metadata", "has", {"n": 3}), []),
    (Cond("metadata", "has", {"n": 1}), ["The cats are running home"]),
    (Cond("metadata", "has", {"topic": None}), ["Straße und Strasse"]),
    (Cond("metadata", "has", {}), [c for _, _, c, _ in sorted(CORPUS, key=lambda r: r[0])]),
    (Not(Cond("metadata", "has", {"topic": "pets"})), [
        "Concatenate the strings, then run", "zzz catalogue zzz", "Running late: the cat ran off",
        "scattered thoughts about CATS", "nothing to see here", "the running of the bulls",
        "Straße und Strasse", "ab"]),
    # SQLite's ordering of types: any text sorts above any number ("2" > 5)
    (AnyOf([Cond("metadata", "has", {"flag": True}), Cond("metadata", "gt", 5, key="n")]), [
        "Running late: the cat ran off", "the running of the bulls", "ab"]),
    (Cond("content", "icontains", "CAT"), [
        "The cats are running home", "a dog; cat-like and proud", "Concatenate the strings, then run",
        "zzz catalogue zzz", "Running late: the cat ran off", "scattered thoughts about CATS"]),
    (Cond("content", "contains", "CAT"), ["scattered thoughts about CATS"]),
]


def session_order(contents: list[str]) -> list[str]:
    """Workspace listings run in write order; the corpus was written in CORPUS order."""
    order = [c for _, _, c, _ in CORPUS]
    return sorted(contents, key=order.index)


@pytest.mark.parametrize("where,expected", FILTERS, ids=[str(i) for i in range(len(FILTERS))])
async def test_filter(corpus, where, expected):
    page = await corpus.list_messages("w", None, where=where, limit=100)
    assert texts(page) == session_order(expected)
    assert page.total == len(expected)
    one = await corpus.list_messages("w", None, where=where, limit=1)
    assert one.total == len(expected)  # the count of a filtered page, not of the page


async def test_filters_in_one_session_keep_session_order_and_totals(corpus):
    page = await corpus.list_messages("w", "s1", where=Cond("metadata", "has", {"tags": ["b"]}), limit=1)
    assert texts(page) == ["a dog; cat-like and proud"] and page.total == 2
    page = await corpus.list_messages("w", "s1", where=Cond("metadata", "has", {"tags": ["b"]}), offset=1,
                                      limit=1, reverse=True)
    assert texts(page) == ["a dog; cat-like and proud"] and page.total == 2


@pytest.fixture
async def long_session(store):
    await store.add_messages("w", "long", [NewMessage(content=f"m{i}", peer="p") for i in range(1, 26)])
    await store.add_messages("w", "other", [NewMessage(content="x")])
    return store


async def test_offset_pages_walk_the_session_both_ways(long_session):
    s = long_session
    assert [texts(await s.list_messages("w", "long", offset=o, limit=10)) for o in (0, 10, 20, 30)] == [
        [f"m{i}" for i in range(1, 11)], [f"m{i}" for i in range(11, 21)],
        [f"m{i}" for i in range(21, 26)], []]
    page = await s.list_messages("w", "long", offset=20, limit=10, reverse=True)
    assert texts(page) == [f"m{i}" for i in range(5, 0, -1)] and page.total == 25
    assert (await s.list_messages("w", "long", offset=30, limit=10)).total == 25


async def test_seq_bounds_page_like_after_and_before(long_session):
    """OpenAI's ``after``/``before`` and Zep-style cursors arrive as seq bounds."""
    s = long_session
    after = await s.list_messages("w", "long", where=Cond("seq", "gt", 20), limit=3)
    assert texts(after) == ["m21", "m22", "m23"] and after.total == 5
    desc = await s.list_messages("w", "long", where=Cond("seq", "lt", 20), limit=3, reverse=True)
    assert texts(desc) == ["m19", "m18", "m17"] and desc.total == 19
    both = await s.list_messages("w", "long", where=All([Cond("seq", "gt", 3), Cond("seq", "lt", 7)]), limit=10)
    assert texts(both) == ["m4", "m5", "m6"] and both.total == 3
    mixed = await s.list_messages(
        "w", "long", where=All([Cond("seq", "lt", 20), Cond("content", "contains", "1")]), limit=4, reverse=True)
    assert texts(mixed) == ["m19", "m18", "m17", "m16"] and mixed.total == 11


async def test_containment_tells_a_string_from_the_json_text_of_an_array(store):
    await store.add_messages("w", "s", [
        NewMessage(content="array", metadata={"a": [1], "b": {"c": 1}}),
        NewMessage(content="texts", metadata={"a": "[1]", "b": '{"c":1}'}),
    ])
    for want, expected in [({"a": "[1]"}, ["texts"]), ({"a": [1]}, ["array"]), ({"b": '{"c":1}'}, ["texts"]),
                           ({"b": {"c": 1}}, ["array"]), ({"b": {}}, ["array"]), ({"a": []}, ["array"])]:
        page = await store.list_messages("w", "s", where=Cond("metadata", "has", want))
        assert texts(page) == expected, want
