"""A real full filesystem (a small tmpfs; root only) under a live ``rosetta serve``: writes get
507 while it is full and work again once space is freed, reads and /health go on, SIGTERM
stops the server within 5 s while the disk is full, and every acknowledged write is kept."""

import os

import httpx

from tests.faults.mounts import remount, tmpfs
from tests.faults.process import Server

BODY = "y" * 1500


def add(client: httpx.Client, i: int) -> httpx.Response:
    return client.post("/api/v2/sessions/s/memory",
                       json={"messages": [{"content": f"{i} {BODY}", "role_type": "user"}]})


def fill(client: httpx.Client, acknowledged: list, start: int) -> httpx.Response:
    for i in range(start, start + 5000):
        answer = add(client, i)
        if answer.status_code != 200:
            return answer
        acknowledged.append(i)
    raise AssertionError("the filesystem never filled")


def stored(client: httpx.Client) -> list[int]:
    got, cursor = [], 1
    while True:
        page = client.get("/api/v2/sessions/s/messages", params={"limit": 500, "cursor": cursor}).json()
        got += [int(m["content"].split()[0]) for m in page.get("messages") or []]
        if len(page.get("messages") or []) < 500:
            return got
        cursor += 1


def test_a_full_tmpfs_costs_writes_only_while_full(tmp_path):
    with tmpfs(tmp_path / "mnt", "3m") as point:
        filler = point / "filler"
        filler.write_bytes(b"\0" * 1024 * 1024)
        db = point / "r.db"
        acknowledged: list[int] = []
        server = Server(db, log=tmp_path / "serve.log").wait_ready()
        try:
            with httpx.Client(base_url=server.url, timeout=10) as client:
                assert client.post("/api/v2/users", json={"user_id": "u"}).status_code == 201
                assert client.post("/api/v2/sessions", json={"session_id": "s", "user_id": "u"}).status_code == 201
                full = fill(client, acknowledged, 0)
                assert full.status_code == 507, full.text
                assert "full" in full.json()["message"]
                assert client.get("/api/v2/sessions/s").status_code == 200  # reads go on
                health = client.get("/health")
                assert health.status_code == 503 and health.json()["status"] == "degraded"

                filler.unlink()  # space returns: no restart
                ok = add(client, 10_000)
                assert ok.status_code == 200, ok.text
                acknowledged.append(10_000)
                assert client.get("/health").status_code == 200

                again = fill(client, acknowledged, 20_000)  # full again, then SIGTERM
                assert again.status_code == 507, again.text
            assert server.stop() < 5
            log = server.output()
            assert "Traceback" not in log, log
            assert log.count("writes are failing") == 2, log  # one line per spell, not per write
        finally:
            if server.process.poll() is None:
                server.stop()
        remount(point, "size=16m")
        with Server(db, log=tmp_path / "again.log") as restarted, httpx.Client(base_url=restarted.url) as client:
            assert sorted(stored(client)) == sorted(acknowledged)
        assert not os.path.exists(str(db) + "-wal") or os.path.getsize(str(db) + "-wal") == 0
