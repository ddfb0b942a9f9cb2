"""The PostgreSQL store's own connection pool (store/postgres/pool.py): a connection the server
closed, a read cancelled mid-query, or a caller waiting for a connection must leave the pool
serving, and writes queued together to one session keep their order and seqs."""

import asyncio

import pytest

from store import open_store
from store.model import NewMessage
from store.postgres.committer import Committer, Statement
from store.postgres.connection import open_pool
from tests.store.test_counts import query

pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("postgres_server")]


async def test_a_connection_the_server_closed_is_replaced(pg_url):
    pool = await open_pool(pg_url, min_size=2, max_size=2)
    try:
        pids = {await pool.fetchval("SELECT pg_backend_pid()") for _ in range(4)}
        query(pg_url, f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid IN {tuple(pids) + (0,)}")
        answers = []
        for _ in range(4):
            try:
                answers.append(await pool.fetchval("SELECT 1"))
            except Exception as exc:  # noqa: BLE001 - a dead connection may fail the read that finds it
                answers.append(type(exc).__name__)
        assert answers[-2:] == [1, 1]
        assert await pool.fetchval("SELECT pg_backend_pid()") not in pids
    finally:
        await pool.close()


async def test_a_read_cancelled_mid_query_leaves_the_pool_serving(pg_url):
    pool = await open_pool(pg_url, min_size=1, max_size=1)
    try:
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(pool.fetchval("SELECT pg_sleep(5)"), 0.2)
        assert await asyncio.wait_for(pool.fetchval("SELECT 2"), 5) == 2
    finally:
        await pool.close()


async def test_callers_beyond_the_pool_size_wait_their_turn(pg_url):
    pool = await open_pool(pg_url, min_size=1, max_size=2)
    try:
        rows = await asyncio.gather(*(pool.fetchrow("SELECT $1::int, pg_backend_pid() FROM pg_sleep(0.01)", i)
                                      for i in range(20)))
        assert [r[0] for r in rows] == list(range(20))
        assert len({r[1] for r in rows}) == 2
        async with pool.acquire() as conn:  # a transaction left open is rolled back on release
            await conn.execute("BEGIN")
            await conn.execute("CREATE TABLE left_open (x int)")
        assert await pool.fetchval("SELECT to_regclass('left_open') IS NULL")
    finally:
        await pool.close()


async def test_appends_queued_together_to_one_session_keep_their_order(pg_url):
    store = await open_store(pg_url)
    try:
        batches = [[NewMessage(content=f"{k} {j}", peer=f"p{k % 3}") for j in range(1 + k % 4)] for k in range(40)]
        written = await asyncio.gather(*(store.add_messages("w", "s", batch) for batch in batches))
        page = await store.list_messages("w", "s", limit=1000)
        groups = store.stats().commit_sizes
    finally:
        await store.close()
    assert [m.seq for m in page.items] == list(range(1, sum(map(len, batches)) + 1))
    by_seq = {m.seq: m.content for m in page.items}
    for batch, messages in zip(batches, written):  # each call's seqs: its own, contiguous, in order
        assert [by_seq[m.seq] for m in messages] == [n.content for n in batch]
        assert [m.seq for m in messages] == list(range(messages[0].seq, messages[0].seq + len(batch)))
    assert max(groups) > 1  # some were committed together
    assert query(pg_url, "SELECT message_count FROM sessions WHERE name = 's'") == [(len(page.items),)]


class _LandedThenLost(Statement):
    """A write that reaches the table and then loses its connection before the answer, as when
    the link breaks while the COMMIT's reply is on its way."""

    key = "t"

    @classmethod
    async def together(cls, tx, jobs):
        await tx.conn.execute("INSERT INTO landed SELECT generate_series(1, $1)", len(jobs))
        raise ConnectionResetError("the link broke after the statement ran")


async def test_a_batch_whose_connection_was_lost_is_not_run_again(pg_url):
    pool = await open_pool(pg_url, min_size=1, max_size=2)
    await pool.fetch("DROP TABLE IF EXISTS landed")
    await pool.fetch("CREATE TABLE landed (x int)")
    committer = Committer(pool, lanes=1)
    try:
        futures = [committer.submit(_LandedThenLost()) for _ in range(2)]  # one batch
        outcomes = await asyncio.gather(*futures, return_exceptions=True)
        assert all(isinstance(o, ConnectionResetError) for o in outcomes)
        assert await pool.fetchval("SELECT count(*) FROM landed") == 2  # written once, not again
    finally:
        await committer.close()
        await pool.close()


@pytest.mark.parametrize("streamed", [True, False])
async def test_an_import_picked_as_a_deadlock_victim_is_never_rerun_on_spent_rows(pg_url, monkeypatch, streamed):
    """A deadlock victim is run again, but rows streamed from a file are spent by the first run:
    a second run committed an empty import and reported success (``imported`` 0, nothing
    stored). Now a one-shot iterator's import fails with the deadlock and a list's runs again."""
    import asyncpg

    from store.postgres import imports

    source = await open_store(pg_url)
    try:
        await source.add_messages("w", "s", [NewMessage(content=f"m{i}", peer="p") for i in range(5)])
        rows = list(source.export_rows())
        await source.delete_workspace("w")
        real, runs = imports.import_rows, []

        async def deadlocked_once(tx, rows, progress=None):
            runs.append(1)
            if len(runs) == 1:
                for _ in rows:  # the first run reads its rows, then loses the deadlock
                    pass
                raise asyncpg.DeadlockDetectedError("deadlock detected")
            return await real(tx, rows, progress)

        monkeypatch.setattr(imports, "import_rows", deadlocked_once)
        if streamed:
            with pytest.raises(asyncpg.DeadlockDetectedError):
                await source.import_rows(iter(rows))
            assert len(runs) == 1 and await source.get_workspace("w") is None
        else:
            await source.import_rows(rows)
            assert len(runs) == 2
            assert [m.content for m in (await source.list_messages("w", "s")).items] == [f"m{i}" for i in range(5)]
    finally:
        await source.close()
