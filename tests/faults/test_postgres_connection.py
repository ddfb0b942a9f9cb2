"""A PostgreSQL gateway that loses its database connections (pg_terminate_backend: what a
failover, a restarted pooler or an administrator does) or its database. The requests caught in
flight are answered 503 in their dialect's envelope (no 500, no traceback in the log), nothing
acknowledged is lost, the session's seq has no gap and no duplicate, and the pool reconnects
without a restart; while the database cannot be reached /health answers degraded, in the shape
SQLite's answer has (tests/faults/test_full_disk_http.py). The cluster itself is never stopped."""

from __future__ import annotations

import threading
import time

import httpx

from tests.faults.process import Server
from tests.support import postgres
from tests.support.writers import Writers, check, seqs, stored


def envelope(dialect: str, answer: httpx.Response) -> str:
    """The message of an error answer, asserting the dialect's envelope around it."""
    body = answer.json()
    if dialect == "openai":
        assert set(body) == {"error"} and body["error"]["type"] == "server_error", body
        return body["error"]["message"]
    key = "message" if dialect == "zep" else "detail"
    assert set(body) == {key}, body
    return body[key]


def setup(http: httpx.Client) -> dict:
    """A session in three dialects; the OpenAI thread's id."""
    assert http.post("/v3/workspaces", json={"id": "w"}).status_code in (200, 201)
    assert http.post("/v3/workspaces/w/sessions", json={"id": "s"}).status_code in (200, 201)
    assert http.post("/api/v2/users", json={"user_id": "u"}).status_code == 201
    assert http.post("/api/v2/sessions", json={"session_id": "z", "user_id": "u"}).status_code == 201
    return {"thread": http.post("/v1/threads", json={}).json()["id"]}


def requests(ids: dict) -> list[tuple[str, str, str, dict]]:
    """(dialect, method, path, body): writes of a message in each dialect, and a read."""
    return [
        ("honcho", "POST", "/v3/workspaces/w/sessions/s/messages",
         {"messages": [{"content": "caught", "peer_id": "p"}]}),
        ("openai", "POST", f"/v1/threads/{ids['thread']}/messages", {"role": "user", "content": "caught"}),
        ("zep", "POST", "/api/v2/sessions/z/memory", {"messages": [{"content": "caught", "role_type": "user"}]}),
        ("honcho", "POST", "/v3/workspaces/w/sessions/s/messages/list", {}),
    ]


def caught(db: str, http: httpx.Client, method: str, path: str, body: dict) -> httpx.Response:
    """The answer to a request whose query was waiting (on a lock the test holds on the
    messages table) when the gateway's connections were terminated."""
    answers = []
    with postgres.Held(db) as held:
        held.execute("BEGIN")
        held.execute("LOCK TABLE messages IN ACCESS EXCLUSIVE MODE")
        sender = threading.Thread(target=lambda: answers.append(http.request(method, path, json=body)))
        sender.start()
        deadline = time.monotonic() + 20
        while not postgres.waiting_on_locks(db) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert postgres.terminate(db) >= 1
        sender.join(timeout=30)
        held.execute("ROLLBACK")
    [answer] = answers
    return answer


def test_a_request_caught_by_a_terminated_connection_is_503_and_the_next_one_works(own_pg_database, tmp_path):
    db = own_pg_database
    with Server(db, log_level="warning", log=tmp_path / "gateway.log") as server, httpx.Client(base_url=server.url, timeout=30) as http:
        ids = setup(http)
        for dialect, method, path, body in requests(ids):
            answer = caught(db, http, method, path, body)
            assert answer.status_code == 503, (path, answer.text)
            assert "connection" in envelope(dialect, answer).lower(), answer.text
            again = http.request(method, path, json=body)  # the pool reconnects by itself
            assert again.status_code in (200, 201), (path, again.text)
        assert http.get("/health").json() == {"status": "ok"}
        listed = http.post("/v3/workspaces/w/sessions/s/messages/list", json={}).json()["items"]
        assert [m["content"] for m in listed] == ["caught"]  # the refused write left nothing
        assert server.process.poll() is None
        assert "Traceback" not in server.output()


def test_terminating_connections_under_concurrent_writes_loses_nothing_acknowledged(own_pg_database, tmp_path):
    db = own_pg_database
    with Server(db, log_level="warning", log=tmp_path / "gateway.log") as server:
        with Writers(server.url, 6) as writers:
            writers.wait_for(60)
            ended = 0
            for _ in range(8):
                ended += postgres.terminate(db)
                time.sleep(0.3)
            resumed = writers.total()
            writers.wait_for(resumed + 60)  # writes go on, without a restart
        assert ended >= 8 and writers.total() >= resumed + 60
        assert writers.failed == len(writers.refused)  # every request was answered
        for status, text in writers.refused:
            assert status == 503 and set(httpx.Response(status, text=text).json()) == {"detail"}, text
        check(stored(server.url), writers)
        numbers = seqs(db)
        assert numbers == list(range(1, len(numbers) + 1))  # no gap, no duplicate
        assert len(numbers) >= writers.total()
        assert httpx.get(server.url + "/health").json() == {"status": "ok"}
        assert "Traceback" not in server.output()


def degraded(server: Server) -> str:
    """/health's answer while the store is down, as SQLite gives it: 503 {status, store}."""
    health = httpx.get(server.url + "/health", timeout=30)
    assert health.status_code == 503, health.text
    body = health.json()
    assert set(body) == {"status", "store"} and body["status"] == "degraded", body
    assert isinstance(body["store"], str) and body["store"], body
    return body["store"]


def test_health_is_degraded_while_the_database_refuses_connections_and_recovers(own_pg_database, tmp_path):
    db, name = own_pg_database, postgres.name_of(own_pg_database)
    with Server(db, log_level="warning", log=tmp_path / "gateway.log") as server, httpx.Client(base_url=server.url, timeout=30) as http:
        setup(http)
        postgres.admin(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        try:
            postgres.terminate(db)
            assert "not currently accepting connections" in degraded(server)
            write = http.post("/v3/workspaces/w/sessions/s/messages",
                              json={"messages": [{"content": "while down", "peer_id": "p"}]})
            assert write.status_code == 503, write.text
            envelope("honcho", write)
        finally:
            postgres.admin(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        assert http.get("/health").json() == {"status": "ok"}  # no restart
        back = http.post("/v3/workspaces/w/sessions/s/messages",
                         json={"messages": [{"content": "back", "peer_id": "p"}]})
        assert back.status_code == 201, back.text
        assert "Traceback" not in server.output()


def test_health_is_degraded_once_the_database_is_dropped(own_pg_database, tmp_path):
    db, name = own_pg_database, postgres.name_of(own_pg_database)
    with Server(db, log_level="warning", log=tmp_path / "gateway.log") as server, httpx.Client(base_url=server.url, timeout=30) as http:
        setup(http)
        postgres.admin(f'DROP DATABASE "{name}" WITH (FORCE)')
        assert "does not exist" in degraded(server)
        read = http.get("/api/v2/sessions/z/messages")
        assert read.status_code == 503, read.text
        envelope("zep", read)
        assert server.process.poll() is None
        assert "Traceback" not in server.output()


def test_which_asyncpg_errors_mean_the_database_cannot_be_reached():
    """Whatever pool made the connection: connect-only errors are "unreachable", a connection
    ended mid-query is "lost", and a bug or a constraint stays itself (a 500 or a 409)."""
    import asyncpg

    from store.postgres.faults import lost

    url = "postgresql://postgres@127.0.0.1:5432/x"
    closed = asyncpg.InterfaceError("cannot call Transaction.__aexit__(): the underlying connection is closed")
    try:
        try:
            raise asyncpg.AdminShutdownError("terminating connection due to administrator command")
        except asyncpg.AdminShutdownError:
            raise closed from None  # as asyncpg raises it, leaving the first as its context
    except asyncpg.InterfaceError:
        pass
    kinds = {
        "missing": asyncpg.InvalidCatalogNameError('database "x" does not exist'),
        "closed to connections": asyncpg.ObjectNotInPrerequisiteStateError(
            'database "x" is not currently accepting connections'),
        "terminated": asyncpg.AdminShutdownError("terminating connection due to administrator command"),
        "dropped mid-query": asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
        "closed under a transaction": closed,
        "reset": ConnectionResetError(104, "Connection reset by peer"),
        "out of step": asyncpg.InternalClientError("cannot switch to state 12; another operation (2) is in progress"),
        "unique": asyncpg.UniqueViolationError("duplicate key"),
        "bad argument": asyncpg.DataError("invalid input for query argument $1"),
        "other state": asyncpg.ObjectNotInPrerequisiteStateError("cannot do that now"),
    }
    got = {name: (failure.kind if (failure := lost(exc, url)) else None) for name, exc in kinds.items()}
    assert got == {
        "missing": "unreachable", "closed to connections": "unreachable", "terminated": "lost",
        "dropped mid-query": "lost", "closed under a transaction": "lost", "reset": "lost",
        "out of step": "lost", "unique": None, "bad argument": None, "other state": None,
    }
    assert "administrator command" in str(lost(closed, url))  # the cause, not asyncpg's wrapper
