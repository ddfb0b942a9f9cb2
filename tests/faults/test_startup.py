"""Start-up failures of ``rosetta serve``: one line on stderr naming the cause and the path or
port, a non-zero exit, no traceback, nothing created; one server per database file."""

import asyncio
import os
import socket
import sqlite3
import time

import httpx
import pytest

from store import open_store
from tests.faults.mounts import remount, tmpfs
from tests.faults.process import Server, cli, free_port, one_line


def serve(db, *extra, env=None):
    return cli("serve", "--db", str(db), "--port", str(extra[0] if extra else free_port()), *extra[1:],
               env=env, timeout=60)


def made_db(path) -> None:
    async def run():
        store = await open_store(str(path))
        await store.ensure_workspace("w")
        await store.close()
    asyncio.run(run())


def test_a_busy_port_is_one_line_and_creates_nothing(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = serve(tmp_path / "r.db", port)
    one_line(done, f"127.0.0.1:{port}", "in use")
    assert "listening on" not in done.stdout + done.stderr
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("host, port, cause", [
    ("127.0.0.1", 70000, "0-65535"), ("203.0.113.5", 80, "Cannot assign"), ("nohost.invalid", 8000, "cannot listen on"),
], ids=["port-out-of-range", "address-not-here", "unknown-host"])
def test_an_address_that_cannot_be_bound_is_one_line(tmp_path, host, port, cause):
    done = cli("serve", "--db", str(tmp_path / "r.db"), "--host", host, "--port", str(port))
    one_line(done, f"{host}:{port}", cause)  # and no auth-off warning before it
    assert os.listdir(tmp_path) == []


def test_a_missing_directory_is_one_line(tmp_path):
    one_line(serve(tmp_path / "nope" / "r.db"), str(tmp_path / "nope"), "does not exist")
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("content", [b"this is not a database" * 100, b"SQLite format 3\x00" + b"\x00" * 50],
                         ids=["garbage", "a-bare-header"])
def test_a_file_that_is_not_a_database_is_one_line(tmp_path, content):
    db = tmp_path / "r.db"
    db.write_bytes(content)
    one_line(serve(db), str(db), "not an SQLite database")
    assert os.listdir(tmp_path) == ["r.db"] and db.read_bytes() == content


def test_a_truncated_database_is_one_line(tmp_path):
    whole = tmp_path / "whole.db"
    made_db(whole)
    db = tmp_path / "r.db"
    db.write_bytes(whole.read_bytes()[:8192])
    one_line(serve(db), str(db), "truncated")
    assert sorted(os.listdir(tmp_path)) == ["r.db", "whole.db"]


def test_a_database_that_cannot_be_written_fails_at_start(tmp_path):
    """Root writes through file modes, so as root the file sits on a read-only mount."""
    if os.geteuid() == 0:
        with tmpfs(tmp_path / "mnt") as point:
            made_db(point / "r.db")
            remount(point, "ro")
            one_line(serve(point / "r.db"), str(point / "r.db"), "read-only")
            one_line(serve(point / "new.db"), str(point), "not writable")
            assert sorted(os.listdir(point)) == ["r.db"]
    else:
        made_db(tmp_path / "r.db")
        (tmp_path / "r.db").chmod(0o444)
        one_line(serve(tmp_path / "r.db"), str(tmp_path / "r.db"), "read-only")
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o555)
        one_line(serve(folder / "new.db"), str(folder), "not writable")


def test_a_second_server_on_the_same_file_is_refused_naming_the_holder(tmp_path):
    db = tmp_path / "r.db"
    with Server(db) as first:
        done = serve(db)
        one_line(done, str(db), f"pid {first.process.pid}")
        assert "listening on" not in done.stderr
        assert httpx.get(first.url + "/health").status_code == 200
        # import writes: refused too; export reads beside the server
        imported = cli("import", os.devnull, "--db", str(db))
        assert imported.returncode != 0
        httpx.post(first.url + "/v3/workspaces", json={"id": "w1"}).raise_for_status()
        exported = cli("export", "--db", str(db))
        assert exported.returncode == 0, exported.stderr
        assert '"w1"' in exported.stdout
    with Server(db):  # the lock went with the first server
        pass


def test_the_lock_goes_with_a_killed_server(tmp_path):
    db = tmp_path / "r.db"
    first = Server(db).wait_ready()
    first.process.kill()
    first.process.wait()
    first.sink.close()
    with Server(db) as again:
        assert httpx.get(again.url + "/health").status_code == 200


def test_listening_is_logged_once_bound_and_sigterm_stops_within_5s(tmp_path):
    server = Server(tmp_path / "r.db").wait_ready()
    assert server.output().count("rosetta: listening on http://127.0.0.1:") == 1
    assert server.stop() < 5
    assert server.process.returncode == -15  # as SIGTERM ends a process, after closing
    assert "Traceback" not in server.output()
    assert not os.path.exists(tmp_path / "r.db-wal")  # the store closed: last checkpoint done
    with sqlite3.connect(tmp_path / "r.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_sigterm_under_concurrent_writes_stops_within_5s_and_keeps_every_acknowledged_write(db, tmp_path):
    import threading

    server = Server(db, log_level="warning", log=tmp_path / "first.log").wait_ready()
    httpx.post(server.url + "/api/v2/users", json={"user_id": "u"}).raise_for_status()
    httpx.post(server.url + "/api/v2/sessions", json={"session_id": "s", "user_id": "u"}).raise_for_status()
    acknowledged, lock, stop = [], threading.Lock(), threading.Event()

    def writer(n: int) -> None:
        with httpx.Client(base_url=server.url, timeout=10) as client:
            for i in range(n * 100_000, n * 100_000 + 10_000):
                if stop.is_set():
                    return
                try:
                    answer = client.post("/api/v2/sessions/s/memory",
                                         json={"messages": [{"content": str(i), "role_type": "user"}]})
                except httpx.HTTPError:
                    return
                if answer.status_code == 200:
                    with lock:
                        acknowledged.append(i)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    try:
        while len(acknowledged) < 100:
            time.sleep(0.05)
        assert server.stop() < 5
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert "Traceback" not in server.output()
    with Server(db, log=tmp_path / "again.log") as again, httpx.Client(base_url=again.url) as client:
        page = client.get("/api/v2/sessions/s/messages", params={"limit": 100_000}).json()["messages"]
        kept = {int(m["content"]) for m in page}
    assert set(acknowledged) <= kept
