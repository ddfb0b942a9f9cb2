"""The PostgreSQL store's message gets of one event-loop turn share one query
(store/postgres/turn.py): each caller gets exactly what a get of its own returns, a lost
connection fails every caller of the query with a 503's error, an error about one key reaches
only its caller, and a caller cancelled while it waits leaves the others their rows."""

import asyncio

import pytest

from store import open_store
from store.errors import Unavailable
from store.model import NewMessage
from tests.support import postgres

pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("postgres_server")]


@pytest.fixture
async def store(pg_url):
    opened = await open_store(pg_url)
    yield opened
    await opened.close()


class Counted:
    """The store's pool, counting the queries sent through it."""

    def __init__(self, pool):
        self.pool = pool
        self.queries = 0

    def __getattr__(self, name):
        return getattr(self.pool, name)

    async def fetch(self, *args):
        self.queries += 1
        return await self.pool.fetch(*args)

    async def fetchrow(self, *args):
        self.queries += 1
        return await self.pool.fetchrow(*args)


async def messages(store):
    """Keys (workspace, uid, session) to look up: present, in another session, in another
    workspace, absent, asked for twice, and a name no record can have."""
    a = await store.add_messages("w", "s", [NewMessage(content=f"a{i}", peer="p") for i in range(3)])
    b = await store.add_messages("w", "t", [NewMessage(content="b", peer="q", metadata={"k": 1})])
    c = await store.add_messages("other", "s", [NewMessage(content="c")])
    absent = bytes(16)
    return [("w", a[0].uid, "s"), ("w", a[1].uid, "s"), ("w", b[0].uid, "t"), ("w", b[0].uid, "s"),
            ("w", c[0].uid, "s"), ("other", c[0].uid, "s"), ("w", absent, "s"), ("w", a[0].uid, "s"),
            ("w\x00", a[2].uid, "s"), ("other", a[2].uid, "s")]


async def test_gets_of_one_turn_return_what_each_get_alone_returns_in_one_query(store):
    keys = await messages(store)
    alone = [await store.get_message(w, uid, session=s) for w, uid, s in keys]
    alone_any = [await store.get_message(w, uid) for w, uid, _ in keys]
    store._pool = counted = Counted(store._pool)
    together = await asyncio.gather(*(store.get_message(w, uid, session=s) for w, uid, s in keys))
    together_any = await asyncio.gather(*(store.get_message(w, uid) for w, uid, _ in keys))
    assert together == alone and together_any == alone_any
    assert [m and m.content for m in together] == ["a0", "a1", "b", None, None, "c", None, "a0", None, None]
    assert [m and m.content for m in together_any] == ["a0", "a1", "b", "b", None, "c", None, "a0", None, None]
    assert together[2].metadata == {"k": 1} and together[2].peer == "q"
    assert together[0] is not together[7]  # each caller its own message to change
    assert counted.queries == 2  # one per turn


async def test_a_key_the_server_cannot_take_fails_only_its_caller(store):
    [first, *_] = await messages(store)
    with pytest.raises(Exception) as alone:
        await store.get_message("w\ud800", first[1], session="s")  # not encodable as UTF-8
    outcomes = await asyncio.gather(store.get_message("w\ud800", first[1], session="s"),
                                    store.get_message(*first[:2], session="s"), return_exceptions=True)
    assert type(outcomes[0]) is type(alone.value) and not isinstance(outcomes[0], Unavailable)
    assert outcomes[1].content == "a0"


class HeldGets:
    """The gets of ``keys`` started together, their query waiting on a lock the test holds on
    the messages table until the block ends (the lock's transaction is rolled back)."""

    def __init__(self, pg_url, store, keys):
        self.url, self.store, self.keys = pg_url, store, keys
        self.tasks: list[asyncio.Task] = []

    async def __aenter__(self) -> list[asyncio.Task]:
        self.held = postgres.Held(self.url)
        try:
            self.held.execute("BEGIN")
            self.held.execute("LOCK TABLE messages IN ACCESS EXCLUSIVE MODE")
            self.tasks = [asyncio.create_task(self.store.get_message(w, uid, session=s)) for w, uid, s in self.keys]
            for _ in range(500):
                if await asyncio.to_thread(postgres.waiting_on_locks, self.url):
                    break
                await asyncio.sleep(0.02)
            await asyncio.sleep(0.1)
            assert await asyncio.to_thread(postgres.waiting_on_locks, self.url) == 1  # one query for all
        except BaseException:
            await self.__aexit__()
            raise
        return self.tasks

    async def __aexit__(self, *exc) -> None:
        self.held.execute("ROLLBACK")
        self.held.close()
        await asyncio.wait_for(asyncio.gather(*self.tasks, return_exceptions=True), 30)


async def test_a_lost_connection_fails_every_caller_of_the_query_and_the_next_gets_work(pg_url, store):
    keys = (await messages(store))[:4]
    async with HeldGets(pg_url, store, keys) as tasks:
        assert await asyncio.to_thread(postgres.terminate, pg_url) >= 1
        outcomes = await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 30)
    assert all(isinstance(o, Unavailable) and o.kind == "lost" for o in outcomes), outcomes
    again = await asyncio.gather(*(store.get_message(w, uid, session=s) for w, uid, s in keys))
    assert [m and m.content for m in again] == ["a0", "a1", "b", None]


async def test_a_caller_cancelled_while_waiting_leaves_the_others_their_rows(pg_url, store):
    keys = await messages(store)
    keys = keys[:3] + keys[:1]
    async with HeldGets(pg_url, store, keys) as tasks:
        tasks[0].cancel()
        await asyncio.sleep(0.05)
    outcomes = await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 30)
    assert isinstance(outcomes[0], asyncio.CancelledError)
    assert [m.content for m in outcomes[1:]] == ["a1", "b", "a0"]  # the same key as the cancelled one's too


async def test_a_get_after_an_acknowledged_write_sees_it(store):
    async def write_then_get(i):
        [m] = await store.add_messages("w", "s", [NewMessage(content=f"m{i}")])
        return await store.get_message("w", m.uid, session="s")

    found = await asyncio.gather(*(write_then_get(i) for i in range(40)))
    assert [m.content for m in found] == [f"m{i}" for i in range(40)]


async def test_a_get_in_another_process_after_an_acknowledged_write_sees_it(pg_url, store):
    reader = await open_store(pg_url)  # another process's store: its own pool and turns
    try:
        async def write_then_get(i):
            [m] = await store.add_messages("w", "s", [NewMessage(content=f"m{i}")])
            return await reader.get_message("w", m.uid, session="s")

        found = await asyncio.gather(*(write_then_get(i) for i in range(40)))
    finally:
        await reader.close()
    assert [m.content for m in found] == [f"m{i}" for i in range(40)]


async def test_callers_are_not_left_waiting_when_the_query_task_is_cancelled():
    """Cancelled (as the loop's shutdown cancels it) while it runs the keys one by one after a
    failed shared query: every caller learns, none waits on."""
    from store.postgres.turn import TurnLookups

    started = asyncio.Event()

    async def many(keys):
        raise ValueError("one key the server cannot take")

    async def one(key):
        started.set()
        await asyncio.sleep(30)

    lookups = TurnLookups(one, many, is_lost=lambda exc: False)
    callers = [asyncio.create_task(lookups.get(k)) for k in (1, 2)]
    await asyncio.wait_for(started.wait(), 5)
    for task in list(lookups._running):
        task.cancel()
    outcomes = await asyncio.wait_for(asyncio.gather(*callers, return_exceptions=True), 5)
    assert all(isinstance(o, asyncio.CancelledError) for o in outcomes)
