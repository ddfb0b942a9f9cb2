"""Clients writing through HTTP while a test breaks something (kills a worker, terminates the
database's connections): what the gateway acknowledged, what it refused and how, and whether
everything acknowledged is stored, once and in order."""

from __future__ import annotations

import threading
import time

import httpx

SESSION = "/v3/workspaces/w/sessions/shared/messages"


class Writers:
    """Threads each posting one message at a time as their own peer (Honcho v3), until stopped;
    what the server acknowledged (201) is kept per writer, in order; every other answer is kept
    as (status, body) in ``refused``; ``failed`` counts both those and transport errors."""

    def __init__(self, url: str, count: int, prefix: str = "peer"):
        self.url = url
        self.acked: dict[str, list[str]] = {f"{prefix}{k}": [] for k in range(count)}
        self.refused: list[tuple[int, str]] = []
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
                    self.refused.append((answer.status_code, answer.text))

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

    def wait_for(self, count: int, timeout: float = 60) -> None:
        """Until ``count`` writes are acknowledged in all (or ``timeout``)."""
        deadline = time.monotonic() + timeout
        while self.total() < count and time.monotonic() < deadline:
            time.sleep(0.05)


def stored(url: str) -> list[dict]:
    """The shared session's messages, in list (seq) order, read through the gateway."""
    items, page = [], 1
    with httpx.Client(base_url=url, timeout=30) as http:
        while True:
            got = http.post(f"{SESSION}/list?page={page}&size=100", json={}).json()
            items += got["items"]
            if page >= got["pages"]:
                return items
            page += 1


def check(items: list[dict], writers: Writers) -> None:
    """Every acknowledged write is there, in its writer's order, and no content twice."""
    contents = [m["content"] for m in items]
    assert len(contents) == len(set(contents))
    for peer, acked in writers.acked.items():
        mine = [c for c in contents if c.split()[0] == peer]
        assert [c for c in mine if c in set(acked)] == acked, peer  # all there, in order


def seqs(db: str) -> list[int]:
    """The stored messages' seq numbers, in order (read from the database itself)."""
    from tests.store.test_counts import query

    return [r[0] for r in query(db, "SELECT seq FROM messages ORDER BY seq")]
