"""The WAL stays bounded while writes never pause (store/sqlite/wal.py), and the writer's tick
runs between groups at most once per period."""

import asyncio
import os
import sqlite3
import time

import pytest

from store import open_store
from store.model import NewMessage
from store.sqlite import fts, wal
from store.sqlite.connection import connect
from store.sqlite.writer import Writer

pytestmark = pytest.mark.anyio

BATCH = [NewMessage(content=f"a message of some length, number {i}, " * 4, peer="p") for i in range(100)]


async def pound(store, messages: int) -> int:
    """Writers that never pause (and a reader) until ``messages`` are written (a count, not a
    time: on a loaded machine a timed run wrote too little for an unbounded WAL to show)."""
    written = 0

    async def writer(n):
        nonlocal written
        while written < messages:
            await store.add_messages("w", f"s{n}", BATCH)
            written += len(BATCH)

    async def reader():
        while written < messages:
            await store.list_messages("w", "s0", limit=20)
            await asyncio.sleep(0)

    await asyncio.wait_for(asyncio.gather(*[writer(n) for n in range(8)], reader()), timeout=120)
    return written


@pytest.mark.parametrize("rewinding", [True, False])
async def test_the_wal_does_not_grow_with_the_writes(tmp_path, monkeypatch, rewinding):
    monkeypatch.setattr(wal, "EVERY", 0.05 if rewinding else 3600.0)
    monkeypatch.setattr(wal, "LIMIT", 1 << 20)
    # no trigram catch-up: its steps are transactions of their own, which the WAL holds whole
    # whatever the checkpoints do
    monkeypatch.setattr(fts, "SOFT", 10 ** 9)
    monkeypatch.setattr(fts, "TAIL", 10 ** 9)
    path = str(tmp_path / "s.db")
    store = await open_store(path)
    try:
        await pound(store, 30_000)  # enough writes that an unbounded WAL shows
        size = os.path.getsize(path + "-wal")
    finally:
        await store.close()
    if rewinding:  # about LIMIT and the groups written since the last restart (1.0-3.3 MB seen)
        assert size < 8 * wal.LIMIT, size
    else:  # the control: without the writer's checkpoints the WAL grows with the writes (~30 MB)
        assert size > 8 * wal.LIMIT, size


async def test_tick_runs_between_groups_at_most_once_per_period(tmp_path):
    ticks = []
    w = Writer(lambda: connect(str(tmp_path / "t.db"), autocheckpoint=False),
               tick=lambda conn: ticks.append(conn.in_transaction), tick_every=0.2)
    w.start()
    try:
        started = time.monotonic()
        while time.monotonic() - started < 0.5:
            await w.submit(lambda conn, cache: conn.execute("CREATE TABLE IF NOT EXISTS t (v)"))
    finally:
        w.stop()
    assert 2 <= len(ticks) <= 4  # at t=0, ~0.2, ~0.4: not once per group
    assert not any(ticks)  # never inside a group's transaction


async def test_a_failing_tick_leaves_the_writer_working(tmp_path):
    def tick(conn):
        conn.execute("BEGIN IMMEDIATE")
        raise sqlite3.OperationalError("tick failed")

    w = Writer(lambda: connect(str(tmp_path / "t.db"), autocheckpoint=False), tick=tick,
               tick_every=0)
    w.start()
    try:
        for i in range(5):
            assert await w.submit(lambda conn, cache, i=i: i) == i
    finally:
        w.stop()
