"""``rosetta serve --workers N`` on PostgreSQL: several processes writing one session keep its
sequence whole, and killing a worker, or the whole server, with kill -9 in the middle of
acknowledged writes loses none of them."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from tests.sdk.conftest import free_port, start
from tests.support.writers import Writers, check, seqs, stored


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def workers(pid: int) -> list[int]:
    """The server's worker processes (not multiprocessing's resource tracker)."""
    def cmdline(child: int) -> bytes:
        try:
            return Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            return b""
    return [c for c in children(pid) if b"spawn_main" in cmdline(c)]


def all_started(pid: int, count: int) -> list[int]:
    """The server's workers once all ``count`` run (/health answers when the first one does)."""
    deadline = time.monotonic() + 60
    while len(found := workers(pid)) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(found) == count, found
    return found


def test_several_workers_writing_one_session_keep_its_sequence_whole(tmp_path, own_pg_database):
    process, gateway = start(tmp_path, "--workers", "3", db=own_pg_database)
    try:
        with Writers(gateway.url, 8) as writers:
            deadline = time.monotonic() + 60
            while writers.total() < 400 and time.monotonic() < deadline:
                time.sleep(0.1)
        assert writers.failed == 0 and writers.total() >= 400
        check(stored(gateway.url), writers)
        numbers = seqs(own_pg_database)
        assert numbers == list(range(1, len(numbers) + 1))
        assert len(numbers) == writers.total()
    finally:
        gateway.stop()


def test_kill_9_of_a_worker_and_of_the_server_loses_nothing_acknowledged(tmp_path, own_pg_database):
    port = free_port()
    process, gateway = start(tmp_path, "--workers", "2", db=own_pg_database, port=port)
    all_started(process.pid, 2)
    with Writers(gateway.url, 6) as writers:
        writers.wait_for(30)
        [victim, _] = workers(process.pid)
        os.kill(victim, signal.SIGKILL)  # one worker dies mid-write; uvicorn starts another
        at_kill = writers.total()
        writers.wait_for(at_kill + 30)  # the other worker goes on acknowledging
        before = writers.total()
        assert victim not in all_started(process.pid, 2)  # replaced
        for pid in children(process.pid):
            os.kill(pid, signal.SIGKILL)
        os.kill(process.pid, signal.SIGKILL)  # then the whole server
        process.wait(timeout=10)
        gateway.sink.close()
        time.sleep(0.5)
    assert 0 < at_kill < before  # acknowledged writes on both sides of the first kill
    assert [text for status, text in writers.refused if status != 503] == []  # no 500
    process, gateway = start(tmp_path, "--workers", "2", db=own_pg_database, port=port)
    try:
        with Writers(gateway.url, 2, prefix="later") as after:
            after.wait_for(10)
        check(stored(gateway.url), writers)
        check(stored(gateway.url), after)
        numbers = seqs(own_pg_database)
        assert numbers == list(range(1, len(numbers) + 1))  # no gap left by the killed writes
    finally:
        gateway.stop()
