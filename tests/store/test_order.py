"""Peer and session listings in each order, sorted and paged by the store, ties in creation
order, ``reverse`` flipping the whole order."""

import pytest

from store.archive import PeerRow, SessionRow, WorkspaceRow
from store.order import CREATED, NAME, OWNER, UPDATED, Order, extras_key
from store.query import Cond

pytestmark = pytest.mark.anyio

# name, owner, email (None: no email), in creation order
SESSIONS = [("s-d", "bob", "b@x"), ("s-b", None, None), ("s-a", "amy", "a@x"),
            ("s-e", "bob", None), ("s-c", "amy", "b@x"), ("s-f", None, "a@x")]


async def sessions(store):
    for name, owner, email in SESSIONS:
        await store.get_or_create_session("w", name, owner=owner,
                                   extras={"zep": {"email": email}} if email else None)
    for name in ("s-e", "s-a"):  # updated later, s-a last
        await store.get_or_create_session("w", name, metadata={"touched": True})


async def names(store, order, **kwargs):
    return [s.name for s in (await store.list_sessions("w", order=order, limit=100, **kwargs)).items]


EXPECTED = {  # ascending; ties in creation order
    CREATED: ["s-d", "s-b", "s-a", "s-e", "s-c", "s-f"],
    UPDATED: ["s-d", "s-b", "s-c", "s-f", "s-e", "s-a"],
    NAME: ["s-a", "s-b", "s-c", "s-d", "s-e", "s-f"],
    OWNER: ["s-b", "s-f", "s-a", "s-c", "s-d", "s-e"],
    extras_key("zep", "email"): ["s-b", "s-e", "s-a", "s-f", "s-d", "s-c"],
}


@pytest.mark.parametrize("order", list(EXPECTED), ids=lambda o: o.by)
async def test_sessions_in_each_order_both_ways(store, order):
    await sessions(store)
    assert await names(store, order) == EXPECTED[order]
    assert await names(store, order, reverse=True) == EXPECTED[order][::-1]


@pytest.mark.parametrize("order", list(EXPECTED), ids=lambda o: o.by)
async def test_sessions_pages_cut_the_ordered_listing(store, order):
    await sessions(store)
    for reverse in (False, True):
        whole = EXPECTED[order][::-1] if reverse else EXPECTED[order]
        pages = [await store.list_sessions("w", order=order, offset=at, limit=4, reverse=reverse)
                 for at in (0, 4, 8)]
        assert [p.total for p in pages] == [6, 6, 6]
        assert [[s.name for s in p.items] for p in pages] == [whole[:4], whole[4:], []]


async def test_order_applies_after_scope_and_filter(store):
    await sessions(store)
    await store.set_session_state("w", "s-c", is_active=False)  # bumps it, hides it
    assert await names(store, UPDATED, active_only=True) == ["s-d", "s-b", "s-f", "s-e", "s-a"]
    assert await names(store, UPDATED) == ["s-d", "s-b", "s-f", "s-e", "s-a", "s-c"]
    assert await names(store, NAME, owner="bob", reverse=True) == ["s-e", "s-d"]


async def test_updated_ties_fall_back_to_creation_order(store):
    """Records imported with one timestamp tie on updated (and created) time."""
    stamp = "2024-01-01T00:00:00.000000Z"
    rows = [WorkspaceRow(uid="00" * 16, name="w", metadata={}, configuration={}, extras={},
                         created_at=stamp)]
    for i, name in enumerate(["p-c", "p-a", "p-b"], start=1):
        rows.append(PeerRow(workspace="w", uid=f"{i:032x}", name=name, metadata={},
                            configuration={}, extras={}, role=None, created_at=stamp))
        rows.append(SessionRow(workspace="w", uid=f"{i + 10:032x}", name=name, owner=None,
                               is_active=True, metadata={}, configuration={}, extras={},
                               created_at=stamp, ended_at=None, updated_at=stamp if i == 2 else None))
    await store.import_rows(rows)
    assert await names(store, UPDATED) == ["p-c", "p-a", "p-b"]
    assert await names(store, UPDATED, reverse=True) == ["p-b", "p-a", "p-c"]
    peers = await store.list_peers("w", order=UPDATED, reverse=True)
    assert [p.name for p in peers.items] == ["p-b", "p-a", "p-c"]


async def test_peers_in_each_order(store):
    for name, email in (("carl", "z@x"), ("ada", None), ("bea", "a@x"), ("dan", "a@x")):
        await store.ensure_peer("w", name, extras={"zep": {"email": email}} if email else None)
    await store.update_peer("w", "carl", metadata={"x": 1})
    expected = {
        CREATED: ["carl", "ada", "bea", "dan"],
        UPDATED: ["ada", "bea", "dan", "carl"],
        NAME: ["ada", "bea", "carl", "dan"],
        extras_key("zep", "email"): ["ada", "bea", "dan", "carl"],
    }
    for order, ascending in expected.items():
        for reverse in (False, True):
            page = await store.list_peers("w", order=order, reverse=reverse)
            assert [p.name for p in page.items] == (ascending[::-1] if reverse else ascending), order
    page = await store.list_peers("w", order=NAME, offset=1, limit=2, reverse=True)
    assert ([p.name for p in page.items], page.total) == (["carl", "bea"], 4)


async def test_extras_paths_are_bound_not_interpolated(store):
    odd = "e.mail'); DROP TABLE peers; --"
    for name, value in (("x", "2"), ("y", "1")):
        await store.ensure_peer("w", name, extras={"zep": {odd: value}})
    page = await store.list_peers("w", order=extras_key("zep", odd))
    assert [p.name for p in page.items] == ["y", "x"]


async def test_orders_a_record_does_not_have_are_refused(store):
    with pytest.raises(ValueError):
        await store.list_peers("w", order=OWNER)
    with pytest.raises(ValueError):
        Order(by="colour")
    with pytest.raises(ValueError):
        Order(by="extras")


async def test_peer_and_session_filters_read_extras_keys(store):
    await store.ensure_peer("w", "ann", extras={"zep": {"email": "Ann@Mail.io"}})
    await store.ensure_peer("w", "bo", extras={"zep": {"first_name": "mail"}})
    await store.ensure_peer("w", "cy")
    found = await store.list_peers("w", where=Cond("extras", "icontains", "MAIL", key=["zep", "email"]),
                                   order=NAME, reverse=True)
    assert [p.name for p in found.items] == ["ann"]
    await store.get_or_create_session("w", "s", extras={"openai": {"tag": "x"}})
    await store.get_or_create_session("w", "t")
    found = await store.list_sessions("w", where=Cond("extras", "eq", "x", key=["openai", "tag"]))
    assert [s.name for s in found.items] == ["s"]
