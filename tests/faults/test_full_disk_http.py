"""A full database through HTTP: each dialect answers writes 507 in its own envelope naming the
cause, reads go on, /health says degraded (503), and everything recovers once there is room.
An I/O error at COMMIT (injected at the writer's connection) is a 503 naming it."""

import pytest
from starlette.testclient import TestClient

import store.sqlite as sqlite_store
from gateway.app import build_app
from gateway.settings import Settings
from tests.faults.injection import Faulty, sqlite_error
from tests.faults.pages import set_max_pages


@pytest.fixture
def client(path):
    with TestClient(build_app(Settings(db=path))) as c:
        yield c


def limit(client, pages: int | None) -> None:
    store = client.app.state.store

    async def set_limit():
        size = store._reader.execute("PRAGMA page_count").fetchone()[0]
        target = 1_000_000 if pages is None else size + pages
        await set_max_pages(store._writer, target)

    client.portal.call(set_limit)
    store._probed = 0.0  # the next /health probes at once


def fill(client, post) -> object:
    """Posts until a write is refused; that answer."""
    for i in range(400):
        answer = post(i)
        if answer.status_code != 200 and answer.status_code != 201:
            return answer
    raise AssertionError("the database never filled")


def test_zep_honcho_and_openai_answer_507_and_recover(client):
    big = "x" * 3000
    assert client.post("/api/v2/users", json={"user_id": "u"}).status_code == 201
    assert client.post("/api/v2/sessions", json={"session_id": "s", "user_id": "u"}).status_code == 201
    thread = client.post("/v1/threads", json={}).json()["id"]
    assert client.post("/v3/workspaces", json={"id": "w"}).status_code in (200, 201)
    assert client.get("/health").json() == {"status": "ok"}

    limit(client, 3)
    zep = fill(client, lambda i: client.post(
        "/api/v2/sessions/s/memory", json={"messages": [{"content": big, "role_type": "user"}] * 4}))
    assert zep.status_code == 507, zep.text
    assert set(zep.json()) == {"message"} and "full" in zep.json()["message"]

    openai = client.post(f"/v1/threads/{thread}/messages", json={"role": "user", "content": big * 20})
    assert openai.status_code == 507, openai.text
    error = openai.json()["error"]
    assert error["type"] == "server_error" and "full" in error["message"]

    honcho = client.post("/v3/workspaces/w/sessions", json={"id": "new-" + big[:50], "metadata": {"b": big * 20}})
    assert honcho.status_code == 507, honcho.text
    assert set(honcho.json()) == {"detail"}

    health = client.get("/health")
    assert health.status_code == 503 and health.json()["status"] == "degraded"
    assert "full" in health.json()["store"] or "max_page_count" in health.json()["store"]
    kept = client.get("/api/v2/sessions/s/messages")  # reads go on
    assert kept.status_code == 200
    count = len(kept.json()["messages"])

    limit(client, None)  # room again: /health recovers by itself, writes work
    assert client.get("/health").json() == {"status": "ok"}
    ok = client.post("/api/v2/sessions/s/memory", json={"messages": [{"content": "back", "role_type": "user"}]})
    assert ok.status_code == 200
    assert len(client.get("/api/v2/sessions/s/messages").json()["messages"]) == count + 1


def test_an_io_error_at_commit_is_503_naming_it_and_the_next_write_works(path, monkeypatch):
    made = []

    def connect(path_, durability="full", *, autocheckpoint=True):
        conn = sqlite_store.connection.connect(path_, durability, autocheckpoint=autocheckpoint)
        if autocheckpoint:
            return conn
        made.append(Faulty(conn))  # the writer's connection
        return made[-1]

    monkeypatch.setattr(sqlite_store, "connect", connect)
    with TestClient(build_app(Settings(db=path))) as client:
        assert client.post("/api/v2/users", json={"user_id": "u"}).status_code == 201
        made[0].arm("COMMIT", sqlite_error(10, "SQLITE_IOERR", "disk I/O error"))
        failed = client.post("/api/v2/users", json={"user_id": "v"})
        assert failed.status_code == 503 and "disk I/O error" in failed.json()["message"], failed.text
        assert client.get("/api/v2/users/v").status_code == 404  # nothing of it was stored
        assert client.post("/api/v2/users", json={"user_id": "v"}).status_code == 201
