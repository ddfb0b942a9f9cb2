"""Reads share one read transaction per turn of the event loop, and never hide a committed write."""

import asyncio

import pytest

from store.model import NewMessage
from store.sqlite.connection import connect
from store.sqlite.reader import Reader

pytestmark = pytest.mark.anyio


async def test_reads_in_one_turn_share_a_transaction_that_ends_with_the_turn(tmp_path):
    reader = Reader(connect(str(tmp_path / "r.db")))
    reader.execute("SELECT 1").fetchone()
    assert reader.conn.in_transaction
    reader.execute("SELECT 2").fetchone()
    await asyncio.sleep(0)
    assert not reader.conn.in_transaction
    reader.close()


def test_outside_a_loop_each_read_stands_alone(tmp_path):
    reader = Reader(connect(str(tmp_path / "r.db")))
    assert reader.execute("SELECT 1").fetchone() == (1,)
    assert not reader.conn.in_transaction
    reader.close()


async def test_a_write_is_visible_to_the_next_read_of_the_task_that_made_it(store):
    await store.get_or_create_session("w", "s")
    assert (await store.list_messages("w", "s")).total == 0  # opens this turn's snapshot
    await store.add_messages("w", "s", [NewMessage(content="hello", peer="alice")])
    assert (await store.list_messages("w", "s")).total == 1


async def test_writes_are_visible_while_other_tasks_read_on_every_turn(store):
    await store.get_or_create_session("w", "s")
    stop = asyncio.Event()

    async def busy_reader():
        while not stop.is_set():
            await store.list_messages("w", "s", limit=1)
            await asyncio.sleep(0)

    readers = [asyncio.create_task(busy_reader()) for _ in range(4)]
    try:
        for n in range(1, 41):
            written = await store.add_messages("w", "s", [NewMessage(content=f"m{n}", peer="alice")])
            assert (await store.get_message("w", written[0].uid)) is not None
            assert (await store.list_messages("w", "s")).total == n
    finally:
        stop.set()
        await asyncio.gather(*readers)


async def test_closing_in_the_turn_of_a_read_still_truncates_the_wal(tmp_path):
    from store import open_store

    path = tmp_path / "c.db"
    opened = await open_store(str(path))
    await opened.add_messages("w", "s", [NewMessage(content="hello", peer="alice")])
    assert (await opened.list_messages("w", "s")).total == 1  # this turn's snapshot is open
    checkpointer = opened._checkpointer
    await opened.close()
    assert checkpointer.last == (0, 0, 0)  # TRUNCATE neither busy nor left frames behind
