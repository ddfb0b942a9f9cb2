"""Clients writing through HTTP while a test breaks something (kills a worker, terminates the
database's connections): what the gateway acknowledged, what it refused and how, and whether
everything acknowledged is stored, once and in order."""

from __future__ import annotations

import threading
import time

import httpx


def path(session: str = "shared") -> str:
    return f"/v3/workspaces/w/sessions/{session}/messages"


class Writers:
    """Threads each posting ``batch`` messages at a time (one request) as their own peer
    (Honcho v3) to ``session``, until stopped; what the server acknowledged (201) is kept per
    writer, in order; every other answer is kept as (status, body) in ``refused``, and the
    contents it carried in ``unsure``; ``failed`` counts both those and transport errors (the
    client gives up on an answer after ``timeout`` seconds)."""

    def __init__(self, url: str, count: int, prefix: str = "peer", *, session: str = "shared",
                 batch: int = 1, timeout: float = 10):
        self.url, self.path, self.batch, self.timeout = url, path(session), batch, timeout
        self.acked: dict[str, list[str]] = {f"{prefix}{k}": [] for k in range(count)}
        self.refused: list[tuple[int, str]] = []
        self.unsure: list[list[str]] = []
        self.failed = 0
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.run, args=(peer,)) for peer in self.acked]

    def run(self, peer: str) -> None:
        n = 0
        with httpx.Client(base_url=self.url, timeout=self.timeout) as http:
            while not self.stop.is_set():
                contents = [f"{peer} {n + k}" for k in range(self.batch)]
                n += self.batch
                body = {"messages": [{"content": c, "peer_id": peer} for c in contents]}
                try:
                    answer = http.post(self.path, json=body)
                except httpx.HTTPError:
                    self.failed += 1  # not acknowledged: it may or may not be there
                    self.unsure.append(contents)
                    time.sleep(0.05)
                    continue
                if answer.status_code == 201:
                    self.acked[peer] += contents
                else:
                    self.failed += 1
                    self.refused.append((answer.status_code, answer.text))
                    self.unsure.append(contents)

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


def stored(url: str, session: str = "shared") -> list[dict]:
    """The session's messages, in list (seq) order, read through the gateway."""
    items, page = [], 1
    with httpx.Client(base_url=url, timeout=30) as http:
        while True:
            got = http.post(f"{path(session)}/list?page={page}&size=100", json={}).json()
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


def seqs(db: str, session: str | None = None) -> list[int]:
    """The stored messages' seq numbers (of one session, or of all), in order, read from the
    database itself."""
    from tests.store.test_counts import query

    if session is None:
        return [r[0] for r in query(db, "SELECT seq FROM messages ORDER BY seq")]
    assert session.isidentifier()  # spliced into the SQL
    return [r[0] for r in query(db, "SELECT m.seq FROM messages m JOIN sessions s"
                                    " ON s.workspace_pk = m.workspace_pk AND s.pk = m.session_pk"
                                    f" WHERE s.name = '{session}' ORDER BY m.seq")]
