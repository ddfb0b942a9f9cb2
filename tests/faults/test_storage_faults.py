"""Storage faults at the writer and the checkpointer: a full database (``max_page_count``), or a
COMMIT / ROLLBACK / checkpoint that fails (injected at the connection). The threads live on, the
group's callers get ``Unavailable``, nothing acknowledged is lost, writes work again once there
is room, and the store's ``health()`` says so meanwhile."""

import asyncio
import sqlite3

import pytest

from store import open_store
from store.errors import Unavailable
from store.sqlite.checkpointer import Checkpointer
from store.sqlite.connection import connect
from store.sqlite.writer import Writer
from tests.faults.injection import Faulty, sqlite_error
from tests.faults.pages import set_max_pages

pytestmark = pytest.mark.anyio

ROW = 4000  # bytes per inserted row: a page of its own


def insert(value, size: int = 10):
    def job(conn, cache):
        conn.execute("INSERT INTO t VALUES (?, zeroblob(?))", (value, size))
        return value
    return job


def setup_table(path: str) -> None:
    conn = connect(path)
    conn.execute("CREATE TABLE IF NOT EXISTS t (v, b)")
    conn.close()


def stored(path: str) -> list:
    conn = connect(path)
    try:
        return sorted(v for (v,) in conn.execute("SELECT v FROM t"))
    finally:
        conn.close()


async def settle(futures, timeout: float = 5.0) -> list:
    """Each future's result or exception; a future left hanging (a dead writer) fails the test."""
    return await asyncio.wait_for(asyncio.gather(*futures, return_exceptions=True), timeout)


@pytest.fixture
def limited(path):
    """A writer whose connection holds the file to ``max_page_count`` pages (set per test)."""
    setup_table(path)
    w = Writer(lambda: connect(path, autocheckpoint=False))
    w.start()
    yield w
    w.stop(5)


async def set_limit(writer: Writer, pages: int) -> None:
    await set_max_pages(writer, pages)


async def test_a_full_database_fails_the_whole_group_and_the_writer_goes_on(limited, path):
    pages = connect(path).execute("PRAGMA page_count").fetchone()[0]
    await set_limit(limited, pages + 3)
    # one group: small rows first, then one that needs more pages than are left
    group = [limited.submit(insert(i)) for i in range(5)] + [limited.submit(insert(99, 50 * ROW))]
    results = await settle(group)
    assert all(isinstance(r, Unavailable) and r.kind == "full" for r in results), results
    assert "full" in str(results[0])
    assert stored(path) == []  # the group's rows went with its transaction: none was acknowledged
    assert limited.failure is not None and limited.failure.kind == "full"
    assert limited._thread.is_alive()

    await set_limit(limited, 100_000)  # space returns
    assert await settle([limited.submit(insert(7))]) == [7]
    assert stored(path) == [7]
    assert limited.failure is None


async def test_acknowledged_writes_survive_a_filling_database(limited, path):
    pages = connect(path).execute("PRAGMA page_count").fetchone()[0]
    await set_limit(limited, pages + 20)
    acknowledged, refused = [], 0
    for i in range(60):
        (result,) = await settle([limited.submit(insert(i, ROW))])
        if isinstance(result, Unavailable):
            refused += 1
        else:
            acknowledged.append(result)
    assert acknowledged and refused
    assert stored(path) == acknowledged


async def test_a_failed_commit_answers_every_job_and_the_next_group_commits(path):
    setup_table(path)
    conn = Faulty(connect(path, autocheckpoint=False))
    w = Writer(lambda: conn)
    w.start()
    try:
        conn.arm("COMMIT", sqlite_error(13, "SQLITE_FULL", "database or disk is full"))
        results = await settle([w.submit(insert(i)) for i in range(3)])
        assert all(isinstance(r, Unavailable) and r.kind == "full" for r in results), results
        conn.arm("COMMIT", sqlite_error(10, "SQLITE_IOERR", "disk I/O error"))
        (io,) = await settle([w.submit(insert(4))])
        assert isinstance(io, Unavailable) and io.kind == "io" and "disk I/O error" in str(io)
        assert await settle([w.submit(insert(5))]) == [5]
        assert stored(path) == [5]
    finally:
        w.stop(5)


async def test_a_failed_rollback_does_not_end_the_writer(path):
    setup_table(path)
    conn = Faulty(connect(path, autocheckpoint=False))
    w = Writer(lambda: conn)
    w.start()
    try:
        def broken(conn_, cache):
            raise ValueError("the caller's own error")

        conn.arm("ROLLBACK TO", sqlite_error(10, "SQLITE_IOERR", "disk I/O error"))
        results = await settle([w.submit(insert(1)), w.submit(broken)])
        assert all(isinstance(r, Unavailable) and r.kind == "io" for r in results), results
        conn.arm("ROLLBACK", sqlite_error(10, "SQLITE_IOERR", "disk I/O error"))
        (failed,) = await settle([w.submit(broken)])
        assert isinstance(failed, Unavailable)  # the savepoint's rollback failed: group lost
        assert await settle([w.submit(insert(2))]) == [2]  # the transaction left open is gone
        assert stored(path) == [2]
    finally:
        w.stop(5)


async def test_a_failing_checkpoint_is_retried_and_the_thread_lives(path):
    setup_table(path)
    conn = Faulty(connect(path))
    c = Checkpointer(lambda: conn, interval=0.01)
    conn.arm("PRAGMA wal_checkpoint", sqlite_error(10, "SQLITE_IOERR", "disk I/O error"), times=3)
    c.start()
    try:
        for _ in range(500):
            if conn.times == 0 and c.last is not None:
                break
            await asyncio.sleep(0.01)
        assert c._thread.is_alive() and c.last is not None and c.failure is None
    finally:
        c.stop(5)
    assert not c._thread.is_alive()


async def test_the_store_reports_its_health_and_recovers_without_a_client_write(path):
    store = await open_store(path)
    try:
        ws, _ = await store.ensure_workspace("w")
        await store.get_or_create_session("w", "s")
        assert await store.health() is None
        pages = store._reader.execute("PRAGMA page_count").fetchone()[0]
        await set_max_pages(store._writer, pages + 2)
        from store.model import NewMessage

        with pytest.raises(Unavailable) as failed:
            for _ in range(200):
                await store.add_messages("w", "s", [NewMessage(content="x" * 3000, sender="p")] * 5)
        assert failed.value.kind == "full"
        assert "max_page_count" in (await store.health()) or "full" in (await store.health())
        assert (await store.get_session("w", "s")) is not None  # reads go on
        await set_max_pages(store._writer, 1_000_000)
        assert store._writer.failure is not None  # nothing has committed since
        store._probed = 0.0
        assert await store.health() is None  # the probe found room again
        await store.add_messages("w", "s", [NewMessage(content="back", sender="p")])
    finally:
        await store.close()
