"""End to end: a real ``rosetta serve`` plays the vendor. Data written through its /v3,
/v1/threads and /api/v2 dialects is migrated into a second store, whose dialects show the same
ids; then that store is pushed into a third gateway through the vendors' create routes. All
three stores are on one backend, each backend in turn."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import another_db, fresh_db
from tests.migrate.conftest import dialect, migrate
from tests.sdk.conftest import start

KEY = "k-admin"


def client(gateway) -> httpx.Client:
    return httpx.Client(base_url=gateway.url, headers={"Authorization": f"Bearer {KEY}"}, timeout=30)


@pytest.fixture(scope="module")
def vendor(tmp_path_factory, module_db):
    """The live gateway with its data: (gateway, Honcho messages by session, thread, thread messages)."""
    process, gateway = start(tmp_path_factory.mktemp("vendor"), "--api-key", f"{KEY}=*", db=module_db)
    with client(gateway) as http:
        written = write_honcho(http)
        thread, messages = write_openai(http)
        write_zep(http)
    yield gateway, written, thread, messages
    gateway.stop()


def write_honcho(http: httpx.Client) -> dict[str, list[dict]]:
    http.post("/v3/workspaces", json={"id": "live", "metadata": {"source": "test"}})
    http.post("/v3/workspaces/live/sessions", json={"id": "a", "peers": {"alice": {"observe_others": True}}})
    written = {"a": [], "b": []}
    for start_at in (0, 100):
        batch = [{"content": f"a{i}", "peer_id": "alice" if i % 2 else "bot"} for i in range(start_at, start_at + 100)]
        written["a"] += http.post("/v3/workspaces/live/sessions/a/messages", json={"messages": batch}).json()
    written["b"] += http.post("/v3/workspaces/live/sessions/b/messages", json={"messages": [
        {"content": "from b", "peer_id": "carol", "metadata": {"x": 1}, "created_at": "2024-05-01T10:00:00Z"}]}).json()
    http.post("/v3/workspaces/live/sessions/a/peers", json={"dave": {"observe_me": False}})
    http.request("DELETE", "/v3/workspaces/live/sessions/a/peers", json=["dave"])  # dave left
    http.put("/v3/workspaces/live/peers/alice/card", json={"peer_card": ["likes tea"]})
    http.post("/v3/workspaces/live/scopes", json={"id": "care", "metadata": {"m": 1}})
    http.post("/v3/workspaces/live/scopes/care/sessions", json={"session_ids": ["b"]})
    return written


def write_openai(http: httpx.Client) -> tuple[str, list[dict]]:
    beta = {"OpenAI-Beta": "assistants=v2"}
    thread = http.post("/v1/threads", headers=beta, json={"metadata": {"k": "v"}, "messages": [
        {"role": "user", "content": "first"}]}).json()["id"]
    for i in range(130):
        http.post(f"/v1/threads/{thread}/messages", headers=beta, json={
            "role": "assistant" if i % 2 else "user",
            "content": [{"type": "text", "text": f"t{i}"}] if i % 7 == 0 else f"t{i}"})
    data, after = [], None
    while True:
        page = http.get(f"/v1/threads/{thread}/messages", headers=beta,
                        params={"order": "asc", "limit": 100, **({"after": after} if after else {})}).json()
        data += page["data"]
        if not page["has_more"]:
            return thread, data
        after = page["last_id"]


def write_zep(http: httpx.Client) -> None:
    http.post("/api/v2/users", json={"user_id": "zoe", "email": "zoe@example.com"})
    http.post("/api/v2/sessions", json={"session_id": "zep chat", "user_id": "zoe", "metadata": {"m": 1}})
    for k in range(3):
        http.post("/api/v2/sessions/zep chat/memory", json={"messages": [
            {"role_type": "user" if i % 2 else "assistant", "role": "" if i % 2 else "helper",
             "content": f"z{k}-{i}", "metadata": {"i": i}} for i in range(30)]})


@pytest.fixture
def copy_db(module_backend, request, tmp_path) -> str:
    """The store migrated into, on the vendor's backend."""
    return fresh_db(module_backend, request, tmp_path)


@pytest.fixture
def target_db(module_backend, tmp_path):
    """The store of the gateway pushed into, on the vendor's backend."""
    with another_db(module_backend, tmp_path, "target") as url:
        yield url


def zep_view(gateway_or_client, session: str) -> dict:
    http = gateway_or_client
    return {"messages": http.get(f"/api/v2/sessions/{session}/messages").json()["messages"],
            "session": http.get(f"/api/v2/sessions/{session}").json(),
            "user": http.get("/api/v2/users/zoe").json()}


def test_migrate_from_a_live_gateway_keeps_ids(vendor, tmp_path, capsys, copy_db, target_db):
    vendor, written, thread, messages = vendor
    honcho_db, openai_db = copy_db, target_db
    assert migrate(honcho_db, "--from", "honcho-v3", "--url", vendor.url, "--key", KEY, "--workspace", "live") == 0
    assert "copied: 1 workspace, 4 peers, 2 sessions, 4 members, 201 messages" in capsys.readouterr().out
    (tmp_path / "ids.txt").write_text(thread + "\n")
    assert migrate(openai_db, "--from", "openai", "--url", vendor.url + "/v1", "--key", KEY,
                   "--thread-ids", str(tmp_path / "ids.txt"), "--page-size", "50") == 0
    assert "131 messages" in capsys.readouterr().out

    with dialect(honcho_db) as second:
        for name, sent in written.items():
            got = second.post(f"/v3/workspaces/live/sessions/{name}/messages/list?size=100&page=1").json()["items"]
            got += second.post(f"/v3/workspaces/live/sessions/{name}/messages/list?size=100&page=2").json()["items"]
            assert got == sent
        assert second.get(f"/v3/workspaces/live/sessions/a/messages/{written['a'][42]['id']}").json() == written["a"][42]
        assert second.get("/v3/workspaces/live/sessions/a/peers/alice/config").json()["observe_others"] is True
        with client(vendor) as first:
            for path in ("/v3/workspaces/live/sessions/a/peers", "/v3/workspaces/live/sessions/a/peers/dave/config"):
                assert second.get(path).json() == first.get(path).json()
            card = "/v3/workspaces/live/peers/alice/card"
            assert second.get(card).json() == first.get(card).json() == {"peer_card": ["likes tea"]}
            dave = "/v3/workspaces/live/peers/dave/sessions"
            assert second.post(dave).json() == first.post(dave).json()
            scopes = [("POST", "/scopes/list"), ("POST", "/scopes/care/sessions/list"), ("GET", "/scopes/care/status")]
            for method, path in scopes:
                path = "/v3/workspaces/live" + path
                assert second.request(method, path).json() == first.request(method, path).json()
            assert second.post("/v3/workspaces/live/scopes/care/sessions/list").json()["total"] == 1
            scoped = {"query": "from", "scope": "care"}
            assert second.post("/v3/workspaces/live/search", json=scoped).json() == written["b"]
            assert [s["id"] for s in second.post(dave).json()["items"]] == ["a"]
    with dialect(openai_db) as second:
        got = second.get(f"/v1/threads/{thread}/messages", params={"order": "asc", "limit": 100}).json()
        got2 = second.get(f"/v1/threads/{thread}/messages",
                          params={"order": "asc", "limit": 100, "after": got["last_id"]}).json()
        assert got["data"] + got2["data"] == messages
        assert second.get(f"/v1/threads/{thread}/messages/{messages[7]['id']}").json() == messages[7]
        assert second.get(f"/v1/threads/{thread}").json()["metadata"] == {"k": "v"}


def test_push_a_store_into_a_live_gateway_through_honcho_v3(vendor, tmp_path, capsys, copy_db, target_db):
    vendor, written, _, _ = vendor
    sent = len(written["a"])
    db = copy_db
    assert migrate(db, "--from", "honcho-v3", "--url", vendor.url, "--key", KEY, "--workspace", "live") == 0
    (tmp_path / "target").mkdir()
    process, target = start(tmp_path / "target", "--api-key", f"{KEY}=*", db=target_db)
    try:
        capsys.readouterr()
        assert migrate(db, "--to", "honcho-v3", "--url", target.url, "--key", KEY, "--workspace", "live") == 0
        assert "failed: 0" in capsys.readouterr().out
        with client(vendor) as before, client(target) as after:
            for name in ("a", "b"):
                old = before.post(f"/v3/workspaces/live/sessions/{name}/messages/list?size=100").json()
                new = after.post(f"/v3/workspaces/live/sessions/{name}/messages/list?size=100").json()
                keys = ("content", "peer_id", "metadata", "created_at")
                assert [{k: m[k] for k in keys} for m in new["items"]] == [{k: m[k] for k in keys} for m in old["items"]]
                assert new["total"] == old["total"]
            assert after.post("/v3/workspaces/live/sessions/a/messages/list").json()["total"] == sent
            for path in ("/scopes/list", "/scopes/care/sessions/list"):
                old, new = (x.post("/v3/workspaces/live" + path).json() for x in (before, after))
                assert [(s["id"], s["metadata"]) for s in new["items"]] == [(s["id"], s["metadata"]) for s in old["items"]]
                assert new["total"] == 1
        assert migrate(db, "--to", "honcho-v3", "--url", target.url, "--key", KEY, "--workspace", "live") == 0
        assert f"{sent + 1} messages already on the vendor" in capsys.readouterr().out
    finally:
        target.stop()


def test_zep_from_a_live_gateway_and_back_into_another(vendor, tmp_path, capsys, copy_db, target_db):
    vendor = vendor[0]
    db = copy_db
    assert migrate(db, "--from", "zep", "--url", vendor.url + "/api/v2", "--key", KEY, "--page-size", "40") == 0
    with client(vendor) as http:
        before = zep_view(http, "zep chat")
    with dialect(db) as second:
        assert zep_view(second, "zep chat") == before
    (tmp_path / "target").mkdir()
    process, target = start(tmp_path / "target", "--api-key", f"{KEY}=*", db=target_db)
    try:
        capsys.readouterr()
        assert migrate(db, "--to", "zep", "--url", target.url, "--key", KEY) == 0
        assert "failed: 0" in capsys.readouterr().out
        with client(target) as http:
            after = zep_view(http, "zep chat")
        keys = ("uuid", "role", "role_type", "content", "metadata", "created_at")
        assert [{k: m[k] for k in keys} for m in after["messages"]] == [
            {k: m[k] for k in keys} for m in before["messages"]]
        assert (after["user"]["email"], after["session"]["metadata"]) == ("zoe@example.com", {"m": 1})
        assert migrate(db, "--to", "zep", "--url", target.url, "--key", KEY) == 0
        assert "copied: nothing" in capsys.readouterr().out
    finally:
        target.stop()


def write_v1(http: httpx.Client) -> list[str]:
    app = http.post("/v1/apps", json={"name": "v1app", "metadata": {"a": 1}}).json()["id"]
    user = http.post(f"/v1/apps/{app}/users", json={"name": "ann"}).json()["id"]
    base = f"/v1/apps/{app}/users/{user}"
    session = http.post(base + "/sessions", json={"metadata": {"s": 1}}).json()["id"]
    for first in (0, 100):  # at most 100 per batch
        assert http.post(f"{base}/sessions/{session}/messages/batch", json={"messages": [
            {"content": f"v{i}", "is_user": i % 2 == 0} for i in range(first, first + 100)]}).status_code == 200
    message = http.post(f"{base}/sessions/{session}/messages", json={"content": "last", "is_user": False}).json()["id"]
    note = http.post(base + "/metamessages", json={"label": "note", "content": "x", "session_id": session,
                                                   "message_id": message}).json()["id"]
    shelf = http.post(base + "/collections", json={"name": "notes", "metadata": {"c": 1}}).json()["id"]
    doc = [http.post(f"{base}/collections/{shelf}/documents", json={"content": f"doc {i}", "metadata": {"i": i}}).json()["id"]
           for i in range(3)][1]
    return [app, user, session, message, note, shelf, doc]


def test_honcho_v1_from_a_live_gateway_keeps_its_ids(vendor, copy_db):
    vendor = vendor[0]
    with client(vendor) as http:
        app, user, session, message, note, shelf, doc = write_v1(http)
        base = f"/v1/apps/{app}/users/{user}"
        reads = [("GET", f"/v1/apps?app_id={app}"), ("GET", f"/v1/apps/{app}/users?user_id={user}"),
                 ("GET", f"{base}/sessions?session_id={session}"),
                 ("GET", f"{base}/sessions/{session}/messages/{message}"), ("GET", f"{base}/metamessages/{note}"),
                 ("GET", f"{base}/collections?collection_id={shelf}"), ("POST", f"{base}/collections/list"),
                 ("POST", f"{base}/collections/{shelf}/documents/list"),
                 ("GET", f"{base}/collections/{shelf}/documents/{doc}"),
                 ("POST", f"{base}/sessions/{session}/messages/list?size=100&page=2"),
                 ("POST", f"{base}/sessions/{session}/messages/list?size=100&page=3")]
        before = [http.request(method, path, json={} if method == "POST" else None).json() for method, path in reads]
    db = copy_db
    assert migrate(db, "--from", "honcho-v1", "--url", vendor.url, "--key", KEY, "--workspace", "v1app") == 0
    with dialect(db) as second:
        after = [second.request(method, path, json={} if method == "POST" else None).json() for method, path in reads]
    assert after == before
    assert [d["content"] for d in before[7]["items"]] == ["doc 0", "doc 1", "doc 2"]
    assert [m["content"] for m in before[-1]["items"]] == ["last"]
    assert [m["content"] for m in before[-2]["items"]] == [f"v{i}" for i in range(100, 200)]
