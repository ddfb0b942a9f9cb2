"""kill -9 of the PostgreSQL server itself, under ``rosetta serve --workers 2`` while clients
write single messages and batches into several sessions. The server is a private cluster of
the test's own (tests/faults/cluster.py; the shared one is never stopped).

While it is down, every request is answered promptly, a write with 503 in its dialect's
envelope; /health says degraded and the log says the database cannot be reached. Once the
postmaster is back on the same data (after its crash recovery) the gateway recovers by itself,
with the same worker processes: /health is ok and writes succeed. Every acknowledged write is
stored exactly once, a batch is all there or not at all, and no session's seq has a gap or a
duplicate."""

from __future__ import annotations

import contextlib
import time

import httpx
import pytest

from tests.faults import cluster
from tests.faults.process import Server
from tests.faults.test_postgres_connection import degraded, envelope, requests, setup
from tests.gateway.test_workers import all_started
from tests.support import postgres
from tests.support.writers import Writers, check, seqs, stored

BOUND = 10.0  # seconds any answer may take, during the outage too
# (peer prefix, session, messages per request, writers)
GROUPS = (("one", "s1", 1, 3), ("mixed", "s1", 4, 2), ("many", "s2", 10, 2), ("lone", "s3", 1, 1))


async def _create_database(url: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(url, timeout=10)
    try:
        await conn.execute("CREATE DATABASE rosetta")
    finally:
        await conn.close()


@pytest.fixture
def private_cluster():
    reason = cluster.missing()
    if reason:
        pytest.skip(reason)
    server = cluster.Cluster()
    try:
        server.start()
        postgres.run(lambda: _create_database(server.url()))
        yield server
    finally:
        server.close()


def total(groups: list[Writers]) -> int:
    return sum(g.total() for g in groups)


def wait_for(groups: list[Writers], count: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while total(groups) < count and time.monotonic() < deadline:
        time.sleep(0.05)


def timed(http: httpx.Client, method: str, path: str, body: dict | None = None) -> httpx.Response:
    started = time.monotonic()
    answer = http.request(method, path, json=body)
    assert time.monotonic() - started < BOUND, (path, "answered too late")
    return answer


def healthy_again(http: httpx.Client, timeout: float = 30) -> float:
    """Seconds until /health says ok again (the gateway is not restarted)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        answer = timed(http, "GET", "/health")
        if answer.status_code == 200 and answer.json() == {"status": "ok"}:
            return time.monotonic() - started
        time.sleep(0.2)
    raise AssertionError(f"/health still answers {answer.status_code} {answer.text}")


def outage(http: httpx.Client, server: Server, ids: dict) -> None:
    """While the database is down: writes in each dialect are 503 in its envelope, a read too,
    and /health is degraded; each answered within BOUND."""
    for dialect, method, path, body in requests(ids):
        answer = timed(http, method, path, body)
        assert answer.status_code == 503, (path, answer.status_code, answer.text)
        assert envelope(dialect, answer)
    started = time.monotonic()
    assert degraded(server)
    assert time.monotonic() - started < BOUND


def check_session(db: str, url: str, session: str, groups: list[Writers]) -> None:
    items = stored(url, session)
    contents = {m["content"] for m in items}
    for g in groups:
        check(items, g)  # every acknowledged write there, in order, none twice
        for batch in g.unsure:  # a request refused or unanswered: all of it or none of it
            assert sum(c in contents for c in batch) in (0, len(batch)), batch
    numbers = seqs(db, session)
    assert numbers == list(range(1, len(items) + 1)), session  # no gap, no duplicate
    assert len(items) >= sum(g.total() for g in groups)


@pytest.mark.parametrize("everything", [False, True], ids=["postmaster", "every-process"])
def test_kill_9_of_the_postgresql_server_loses_nothing_acknowledged_and_the_gateway_recovers(
        private_cluster, tmp_path, everything):
    """``everything``: every server process killed at once, not the postmaster alone (whose
    backends then end on their own, finishing what they were doing or not)."""
    db = private_cluster.url("rosetta")
    with Server(db, "--workers", "2", log_level="warning", log=tmp_path / "gateway.log") as server, \
            httpx.Client(base_url=server.url, timeout=BOUND) as http:
        serving = sorted(all_started(server.process.pid, 2))
        ids = setup(http)
        groups = [Writers(server.url, n, prefix, session=s, batch=b, timeout=BOUND)
                  for prefix, s, b, n in GROUPS]
        with contextlib.ExitStack() as running:
            for g in groups:
                running.enter_context(g)
            wait_for(groups, 200)
            private_cluster.kill9(everything=everything)
            at_kill = total(groups)
            time.sleep(1.0)  # the writers meet the outage
            outage(http, server, ids)
            private_cluster.start()
            recovered_in = healthy_again(http)
            back = total(groups)
            wait_for(groups, back + 200)  # writes go on, without a restart
            after = total(groups)
        assert "automatic recovery in progress" in private_cluster.output()  # it was a crash
        assert 200 <= at_kill and after >= back + 200, (at_kill, back, after)
        assert recovered_in < 30
        for g in groups:
            assert g.failed == len(g.refused)  # every request was answered within BOUND
            for status, text in g.refused:
                assert status == 503 and set(httpx.Response(status, text=text).json()) == {"detail"}, text
        assert sum(len(g.refused) for g in groups) > 0  # the writers did meet the outage
        for session in sorted({s for _, s, _, _ in GROUPS}):
            check_session(db, server.url, session, [g for g, (_, s, _, _) in zip(groups, GROUPS) if s == session])
        for dialect, method, path, body in requests(ids):
            answer = timed(http, method, path, body)
            assert answer.status_code in (200, 201), (dialect, path, answer.text)
        assert sorted(all_started(server.process.pid, 2)) == serving  # no worker died on the way
        assert server.process.poll() is None
        log = server.output()
        assert "cannot reach PostgreSQL database rosetta" in log  # the outage is in the log
        assert "Traceback" not in log
