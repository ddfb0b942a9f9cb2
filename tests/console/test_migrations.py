"""Migrations from the console: started from a form, watched until done, listed with CLI runs;
the vendor's URL and key are never written down."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx
import pytest

from gateway.migrate.status import runs_dir
from tests.sdk.conftest import start
from tests.support.app import serving

SECRET_KEY = "vendor-key-never-kept"


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A second gateway playing the vendor: Honcho v3 with two sessions in workspace "src"."""
    process, gateway = start(tmp_path_factory.mktemp("source"))
    for name in ("s1", "s2"):
        httpx.post(f"{gateway.url}/v3/workspaces/src/sessions/{name}/messages", json={"messages": [
            {"peer_id": "alice", "content": f"{name} message {i}"} for i in range(15)]})
    yield gateway
    gateway.stop()


def _wait_done(client, run_id: str) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        text = client.get("/console/pages/migration", params={"id": run_id}).text
        if 'data-state="running"' not in text:
            return text
        time.sleep(0.2)
    raise AssertionError("the migration did not finish")


def test_a_migration_started_from_the_console_runs_to_the_end(db, source):
    with serving(db) as client:
        started = client.post("/console/pages/migrations", data={
            "vendor": "honcho-v3", "url": source.url, "key": SECRET_KEY, "workspace": "src"})
        assert started.status_code == 201
        run_id = started.headers["x-console-location"].split("id=")[1]
        done = _wait_done(client, run_id)
        assert 'data-state="done"' in done and "2/2 sessions, 30 messages" in done
        assert "copied:" in done and "30 messages" in done
        page = client.post("/v3/workspaces/src/sessions/s2/messages/list").json()
        assert [m["content"] for m in page["items"]][:2] == ["s2 message 0", "s2 message 1"]
        listing = client.get("/console/pages/migrations").text
        assert run_id in listing and "honcho-v3 (console)" in listing
    written = b"".join(p.read_bytes() for p in runs_dir(db).glob("*.json"))
    assert SECRET_KEY.encode() not in written and source.url.encode() not in written


def test_bad_requests_start_nothing(client):
    assert client.post("/console/pages/migrations", data={"vendor": "nope", "url": "http://x"}).status_code == 422
    assert client.post("/console/pages/migrations", data={"vendor": "zep", "url": "ftp://x"}).status_code == 422
    assert client.post("/console/pages/migrations", data={"vendor": "openai", "url": "http://x"}).status_code == 422
    assert client.get("/console/pages/migration", params={"id": "nope"}).status_code == 404


def test_runs_from_the_cli_show_in_the_console(db, source):
    done = subprocess.run([sys.executable, "-m", "gateway.cli", "migrate", "--from", "honcho-v3", "--url", source.url,
                           "--db", db, "--workspace", "src"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    with serving(db) as client:
        listing = client.get("/console/pages/migrations").text
        assert "honcho-v3 (cli)" in listing and "state-done" in listing


class TestWithAuth:
    @pytest.fixture
    def client_options(self):
        return {"api_keys": {"admin": "*", "bound": "acme"}}

    def test_only_an_admin_starts_or_sees_migrations(self, client):
        bound = {"Authorization": "Bearer bound"}
        assert client.get("/console/pages/migrations", headers=bound).status_code == 403
        refused = client.post("/console/pages/migrations", headers=bound, data={"vendor": "zep", "url": "http://x"})
        assert refused.status_code == 403
        assert client.post("/console/pages/migrations", data={"vendor": "zep", "url": "http://x"}).status_code == 401
