"""``rosetta serve --workers N`` on PostgreSQL: several processes writing one session keep its
sequence whole, and killing a worker, or the whole server, with kill -9 in the middle of
acknowledged writes loses none of them."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.sdk.conftest import free_port, start
from tests.support import postgres

SESSION = "/v3/workspaces/w/sessions/shared/messages"


@pytest.fixture
def own_database():
    reason = postgres.unreachable()
    if reason:
        pytest.skip(reason)
    url = postgres.create_database("rosetta_workers")
    yield url
    postgres.drop_database(url)


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


class Writers:
    """Threads each posting one message at a time as their own peer, until stopped; what the
    server acknowledged (201) is kept per writer, in order."""

    def __init__(self, url: str, count: int, prefix: str = "peer"):
        self.url = url
        self.acked: dict[str, list[str]] = {f"{prefix}{k}": [] for k in range(count)}
        self.failed = 0
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.run, args=(peer,)) for peer in self.acked]

    def run(self, peer: str) -> None:
        n = 0
        with httpx.Client(base_url=self.url, timeout=10) as http:
            while not self.stop.is_set():
                content = f"{peer} {n}"
                n += 1
                try:
                    answer = http.post(SESSION, json={"messages": [{"content": content, "peer_id": peer}]})
                except httpx.HTTPError:
                    self.failed += 1  # not acknowledged: it may or may not be there
                    time.sleep(0.05)
                    continue
                if answer.status_code == 201:
                    self.acked[peer].append(content)
                else:
                    self.failed += 1

    def __enter__(self) -> "Writers":
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(timeout=60)

    def total(self) -> int:
        return sum(len(v) for v in self.acked.values())


def stored(url: str) -> list[dict]:
    items, page = [], 1
    with httpx.Client(base_url=url, timeout=30) as http:
        while True:
            got = http.post(f"{SESSION}/list?page={page}&size=100", json={}).json()
            items += got["items"]
            if page >= got["pages"]:
                return items
            page += 1


def check(items: list[dict], writers: Writers) -> None:
    """Every acknowledged write is there, in its writer's order; the session's seq has no gap
    and no duplicate (seq is the listing position: list order is seq order, and the page total
    equals the count)."""
    contents = [m["content"] for m in items]
    assert len(contents) == len(set(contents))
    for peer, acked in writers.acked.items():
        mine = [c for c in contents if c.split()[0] == peer]
        assert [c for c in mine if c in set(acked)] == acked, peer  # all there, in order


def seqs(db: str) -> list[int]:
    from tests.store.test_counts import query

    return [r[0] for r in query(db, "SELECT seq FROM messages ORDER BY seq")]


def test_several_workers_writing_one_session_keep_its_sequence_whole(tmp_path, own_database):
    process, gateway = start(tmp_path, "--workers", "3", db=own_database)
    try:
        with Writers(gateway.url, 8) as writers:
            deadline = time.monotonic() + 60
            while writers.total() < 400 and time.monotonic() < deadline:
                time.sleep(0.1)
        assert writers.failed == 0 and writers.total() >= 400
        check(stored(gateway.url), writers)
        numbers = seqs(own_database)
        assert numbers == list(range(1, len(numbers) + 1))
        assert len(numbers) == writers.total()
    finally:
        gateway.stop()


def test_kill_9_of_a_worker_and_of_the_server_loses_nothing_acknowledged(tmp_path, own_database):
    port = free_port()
    process, gateway = start(tmp_path, "--workers", "2", db=own_database, port=port)
    all_started(process.pid, 2)
    with Writers(gateway.url, 6) as writers:
        time.sleep(1.5)
        [victim, _] = workers(process.pid)
        os.kill(victim, signal.SIGKILL)  # one worker dies mid-write; uvicorn starts another
        at_kill = writers.total()
        time.sleep(3)
        before = writers.total()
        assert victim not in all_started(process.pid, 2)  # replaced
        for pid in children(process.pid):
            os.kill(pid, signal.SIGKILL)
        os.kill(process.pid, signal.SIGKILL)  # then the whole server
        process.wait(timeout=10)
        gateway.sink.close()
        time.sleep(0.5)
    assert 0 < at_kill < before  # acknowledged writes on both sides of the first kill
    process, gateway = start(tmp_path, "--workers", "2", db=own_database, port=port)
    try:
        with Writers(gateway.url, 2, prefix="later") as after:
            time.sleep(1)
        check(stored(gateway.url), writers)
        check(stored(gateway.url), after)
        numbers = seqs(own_database)
        assert numbers == list(range(1, len(numbers) + 1))  # no gap left by the killed writes
    finally:
        gateway.stop()
