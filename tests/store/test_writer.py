"""The writer thread's idle upkeep: it runs only when the queue is quiet, gives way to jobs,
and survives its own failures; FTS5 merging as that upkeep leaves search intact."""

import asyncio
import sqlite3
import threading
import time

import pytest

from store import open_store
from store.model import NewMessage
from store.sqlite import fts
from store.sqlite.connection import connect
from store.sqlite.writer import Writer

pytestmark = pytest.mark.anyio


class Upkeep:
    """Idle work that has ``steps`` steps to do; records when each ran."""

    def __init__(self, steps: int, fail: bool = False):
        self.left, self.fail, self.ran = steps, fail, []
        self.done = threading.Event()

    def ran_times(self, n: int, timeout: float = 5.0) -> bool:
        """Waits (in a thread) until the upkeep has run ``n`` times."""
        deadline = time.monotonic() + timeout
        while len(self.ran) < n and time.monotonic() < deadline:
            time.sleep(0.005)
        return len(self.ran) >= n

    def __call__(self, conn) -> bool:
        self.ran.append(self.left)
        if self.fail:
            conn.execute("BEGIN IMMEDIATE")
            self.done.set()
            raise sqlite3.OperationalError("upkeep failed")
        self.left -= 1
        if self.left == 0:
            self.done.set()
        return self.left > 0


def writer(tmp_path, upkeep, idle_after=0.01) -> Writer:
    w = Writer(lambda: connect(str(tmp_path / "w.db"), autocheckpoint=False), idle=upkeep,
               idle_after=idle_after)
    w.start()
    return w


def insert(value):
    def job(conn, cache):
        conn.execute("CREATE TABLE IF NOT EXISTS t (v)")
        conn.execute("INSERT INTO t VALUES (?)", (value,))
        return value
    return job


async def test_upkeep_waits_for_a_write_then_runs_to_the_end(tmp_path):
    upkeep = Upkeep(steps=5)
    w = writer(tmp_path, upkeep)
    try:
        await asyncio.sleep(0.05)
        assert upkeep.ran == []  # armed by writes only
        assert await w.submit(insert(1)) == 1
        assert await asyncio.to_thread(upkeep.done.wait, 5)
        assert upkeep.ran == [5, 4, 3, 2, 1]
    finally:
        w.stop()


async def test_jobs_are_served_while_upkeep_has_work_left(tmp_path):
    upkeep = Upkeep(steps=10**9)  # never finishes on its own
    w = writer(tmp_path, upkeep, idle_after=0)
    try:
        await w.submit(insert(0))
        assert await asyncio.to_thread(upkeep.ran_times, 1)  # upkeep is now running, endlessly
        results = await asyncio.wait_for(
            asyncio.gather(*[w.submit(insert(i)) for i in range(1, 50)]), timeout=5)
        assert results == list(range(1, 50))
        steps = len(upkeep.ran)
        assert await asyncio.to_thread(upkeep.ran_times, steps + 1)  # and goes on after them
    finally:
        w.stop()


async def test_a_failing_upkeep_rolls_back_and_stops_until_the_next_write(tmp_path):
    upkeep = Upkeep(steps=3, fail=True)
    w = writer(tmp_path, upkeep)
    try:
        await w.submit(insert(1))
        assert await asyncio.to_thread(upkeep.done.wait, 5)
        await asyncio.sleep(0.05)
        assert len(upkeep.ran) == 1  # not retried in a loop
        assert await w.submit(insert(2)) == 2  # its transaction was rolled back
        assert await asyncio.to_thread(upkeep.ran_times, 2)  # the write re-armed it
    finally:
        w.stop()
    with sqlite3.connect(tmp_path / "w.db") as conn:
        assert conn.execute("SELECT v FROM t ORDER BY v").fetchall() == [(1,), (2,)]


async def test_fts_merging_finishes_and_search_still_finds_everything(tmp_path):
    path = str(tmp_path / "s.db")
    store = await open_store(path)
    try:
        for i in range(40):  # many small segments
            await store.add_messages("w", "s", [NewMessage(content=f"word{i} common", peer="p")])
        conn = connect(path)
        steps = 0
        while fts.merge_step(conn, pages=4):
            steps += 1
            assert steps < 10_000
        assert not fts.merge_step(conn)  # nothing left: a no-op
        for index in fts.INDEXES:
            conn.execute(f"INSERT INTO {index} ({index}) VALUES ('integrity-check')")
        conn.close()
        found = await store.search_messages("w", "common", limit=100)
        assert len(found) == 40
        assert [m.content for m in await store.search_messages("w", "word7")] == ["word7 common"]
    finally:
        await store.close()


async def test_before_commit_runs_in_each_group_and_its_failure_fails_the_group(tmp_path):
    seen, fail = [], []

    def before_commit(conn):
        seen.append(conn.in_transaction)
        if fail:
            raise sqlite3.OperationalError("index failed")

    w = Writer(lambda: connect(str(tmp_path / "b.db"), autocheckpoint=False),
               before_commit=before_commit)
    w.start()
    try:
        assert await w.submit(insert(1)) == 1
        fail.append(True)
        results = await asyncio.gather(w.submit(insert(2)), w.submit(insert(3)),
                                       return_exceptions=True)
        assert all(isinstance(r, sqlite3.OperationalError) for r in results)
        fail.clear()
        assert await w.submit(insert(4)) == 4  # the writer goes on
    finally:
        w.stop()
    assert seen and all(seen)
    with sqlite3.connect(tmp_path / "b.db") as conn:
        assert conn.execute("SELECT v FROM t ORDER BY v").fetchall() == [(1,), (4,)]
