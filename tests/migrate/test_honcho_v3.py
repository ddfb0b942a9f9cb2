"""Honcho v3 -> store: a 10,000-message account with its ids intact, members, scoping, auth."""

from __future__ import annotations

from datetime import datetime

import httpx
import pytest
import respx

from adapters.honcho_v3.shapes import message_id
from tests.migrate.conftest import dialect, every_message, migrate, read
from tests.migrate.vendors.honcho_v3 import HonchoV3

URL = "https://honcho.test"
PEERS = ("alice", "bob", "carol", "dave")


def big_account() -> HonchoV3:
    vendor = HonchoV3(URL)
    vendor.workspace("acme", {"plan": "pro"}, {"summary": {"enabled": False}})
    vendor.peer("acme", "alice", {"tier": "gold"}, {"observe_me": False})
    vendor.card("acme", "alice", ["likes tea", "lives in Oslo"])
    for s in range(20):
        vendor.session("acme", f"chat-{s:02d}", {PEERS[s % 4]: {"observe_others": True}, "bot": {}},
                       {"topic": f"t{s}"})
        for i in range(500):
            vendor.add("acme", f"chat-{s:02d}", PEERS[(s + i) % 4] if i % 2 else "bot",
                       f"message {i} of chat {s}", {"i": i} if i % 10 == 0 else None)
    return vendor


def test_ten_thousand_messages_land_with_their_ids_times_and_authors(db, capsys):
    vendor = big_account()
    with respx.mock(assert_all_called=False) as router:
        vendor.mount(router)
        status = migrate(db, "--from", "honcho-v3", "--url", URL, "--key", vendor.key)
    out = capsys.readouterr().out
    assert status == 0, out
    assert "copied: 1 workspace, 5 peers, 20 sessions, 80 members, 10000 messages" in out
    assert "failed: 0" in out
    assert vendor.faults.count(r"/messages/list$") == 20 * 5  # pages of 100

    async def check(store):
        assert (await store.list_messages("acme", None, limit=1)).total == 10_000
        for name, session in vendor.workspaces["acme"]["sessions"].items():
            stored = await every_message(store, "acme", name)
            wanted = session["messages"]
            assert [message_id(m) for m in stored] == [m["id"] for m in wanted]
            assert [(m.content, m.peer, m.metadata) for m in stored] == [
                (m["content"], m["peer_id"], m["metadata"]) for m in wanted]
            assert [m.created_at.isoformat().replace("+00:00", "Z") for m in stored] == [
                m["created_at"] for m in wanted]
            assert [m.seq for m in stored] == list(range(1, 501))
        for m in vendor.messages("acme", "chat-07")[:50]:
            uid = await store.resolve_alias("honcho_v3", "message", m["id"])
            assert (await store.get_message("acme", uid)).content == m["content"]
        ws = await store.get_workspace("acme")
        assert (ws.metadata, ws.configuration) == ({"plan": "pro"}, {"summary": {"enabled": False}})
        alice = await store.get_peer("acme", "alice")
        assert (alice.metadata, alice.configuration) == ({"tier": "gold"}, {"observe_me": False})
        assert alice.extras["honcho_v3"]["cards"] == {"": ["likes tea", "lives in Oslo"]}
        assert "honcho_v3" not in (await store.get_peer("acme", "bob")).extras
        member = await store.get_member("acme", "chat-01", "bob")
        assert member.configuration == {"observe_others": True}
        assert (await store.get_session("acme", "chat-03")).metadata == {"topic": "t3"}
    read(db, check)


def test_ids_read_back_through_the_honcho_v3_dialect(db):
    vendor = HonchoV3(URL)
    vendor.session("w", "s1", {"alice": {"observe_me": False}})
    sent = [vendor.add("w", "s1", "alice" if i % 2 else "bob", f"hello {i}") for i in range(30)]
    vendor.card("w", "bob", ["plays chess"])
    with respx.mock(assert_all_called=False) as router:
        vendor.mount(router)
        assert migrate(db, "--from", "honcho-v3", "--url", URL + "/v3", "--key", vendor.key) == 0
    with dialect(db) as client:
        assert client.get("/v3/workspaces/w/peers/bob/card").json() == {"peer_card": ["plays chess"]}
        assert client.get("/v3/workspaces/w/peers/alice/card").json() == {"peer_card": None}
        page = client.post("/v3/workspaces/w/sessions/s1/messages/list?size=100").json()
        assert [m["id"] for m in page["items"]] == [m["id"] for m in sent]
        assert [m["created_at"] for m in page["items"]] == [m["created_at"] for m in sent]
        for m in sent:
            got = client.get(f"/v3/workspaces/w/sessions/s1/messages/{m['id']}")
            assert got.status_code == 200, (m["id"], got.text)
            assert got.json()["content"] == m["content"]
        config = client.get("/v3/workspaces/w/sessions/s1/peers/alice/config").json()
        assert config == {"observe_me": False, "observe_others": None}
        assert client.get("/api/v2/sessions/s1/messages").status_code == 404  # workspace w, not default


def test_a_named_workspace_only(db, capsys):
    vendor = HonchoV3(URL)
    vendor.add("keep", "s", "alice", "kept")
    vendor.add("other", "s", "bob", "left behind")
    with respx.mock(assert_all_called=False) as router:
        vendor.mount(router)
        assert migrate(db, "--from", "honcho-v3", "--url", URL, "--key", vendor.key, "--workspace", "keep") == 0

    async def check(store):
        assert await store.get_workspace("other") is None
        assert [m.content for m in await every_message(store, "keep", "s")] == ["kept"]
    read(db, check)


def test_a_workspace_key_that_cannot_list_gets_its_workspace_as_the_sdk_does(db):
    vendor = HonchoV3(URL)
    vendor.add("mine", "s", "alice", "hi")
    vendor.faults.add(r"/v3/workspaces/list$", httpx.Response(401, json={"detail": "Resource requires admin privileges"}))
    with respx.mock(assert_all_called=False) as router:
        vendor.mount(router)
        assert migrate(db, "--from", "honcho-v3", "--url", URL, "--key", vendor.key, "--workspace", "mine") == 0
    assert vendor.faults.count(r"/v3/workspaces$", "POST") == 1
    assert read(db, lambda s: s.get_session("mine", "s")) is not None


def test_a_wrong_key_fails_with_the_vendors_reason(db, capsys):
    vendor = HonchoV3(URL)
    vendor.add("w", "s", "alice", "hi")
    with respx.mock(assert_all_called=False) as router:
        vendor.mount(router)
        assert migrate(db, "--from", "honcho-v3", "--url", URL, "--key", "wrong") == 1
    out = capsys.readouterr().out
    assert "failed: 1" in out and "workspaces: POST /v3/workspaces/list: HTTP 401: Invalid JWT" in out


def left_account() -> tuple[HonchoV3, dict]:
    """bob and carol left s1 (bob after writing in it), bob is still in s2; carol was also in a
    session deleted on the vendor and not purged yet."""
    vendor = HonchoV3(URL)
    vendor.session("w", "s1", {"alice": {}, "bob": {"observe_me": False}, "carol": {"observe_others": True}})
    for i in range(120):
        vendor.add("w", "s1", "alice", f"hi {i}")
    said = vendor.add("w", "s1", "bob", "bye")
    vendor.add("w", "s1", "alice", "still here")
    vendor.leave("w", "s1", "bob")
    vendor.leave("w", "s1", "carol")
    vendor.session("w", "s2", {"bob": {}})
    vendor.session("w", "gone", {"carol": {}}, is_active=False)
    return vendor, said


def test_members_who_left_a_session_are_copied_as_left(db, capsys):
    vendor, said = left_account()
    with respx.mock(assert_all_called=False) as router:
        vendor.mount(router)
        assert migrate(db, "--from", "honcho-v3", "--url", URL, "--key", vendor.key) == 0
    assert "copied: 1 workspace, 3 peers, 2 sessions, 4 members, 122 messages" in capsys.readouterr().out

    async def check(store):
        s1 = vendor.workspaces["w"]["sessions"]["s1"]["row"]["created_at"]
        alice, bob, carol = [await store.get_member("w", "s1", p) for p in ("alice", "bob", "carol")]
        assert alice.left_at is None
        assert (bob.configuration, bob.left_at) == ({"observe_me": False}, datetime.fromisoformat(said["created_at"]))
        assert (carol.configuration, carol.left_at) == ({"observe_others": True}, datetime.fromisoformat(s1))
        assert (await store.get_member("w", "s2", "bob")).left_at is None
        assert await store.get_session("w", "gone") is None
    read(db, check)
    with dialect(db) as client:
        assert [p["id"] for p in client.get("/v3/workspaces/w/sessions/s1/peers").json()["items"]] == ["alice"]
        assert [s["id"] for s in client.post("/v3/workspaces/w/peers/bob/sessions").json()["items"]] == ["s1", "s2"]
        assert [s["id"] for s in client.post("/v3/workspaces/w/peers/carol/sessions").json()["items"]] == ["s1"]
        assert client.get("/v3/workspaces/w/sessions/s1/peers/bob/config").json() == {
            "observe_me": False, "observe_others": None}
        assert client.get("/v3/workspaces/w/sessions/s1/peers/carol/config").json() == {
            "observe_me": None, "observe_others": True}


def test_a_crash_before_the_left_members_resumes_with_them(db, capsys):
    vendor, said = left_account()
    vendor.faults.add(r"/sessions/s1/messages/list$", RuntimeError("power cut"), skip=1)
    with respx.mock(assert_all_called=False) as router:
        vendor.mount(router)
        with pytest.raises(RuntimeError):
            migrate(db, "--from", "honcho-v3", "--url", URL, "--key", vendor.key)
        assert read(db, lambda s: s.get_member("w", "s1", "bob")) is None
        assert migrate(db, "--from", "honcho-v3", "--url", URL, "--key", vendor.key) == 0
    assert "(resumed)" in capsys.readouterr().out
    bob = read(db, lambda s: s.get_member("w", "s1", "bob"))
    assert bob.left_at == datetime.fromisoformat(said["created_at"])
    assert read(db, lambda s: s.list_messages("w", "s1", limit=1)).total == 122


def test_a_mistyped_workspace_fails_clearly(db, capsys):
    vendor = HonchoV3(URL)
    vendor.add("keep", "s", "alice", "kept")
    with respx.mock(assert_all_called=False) as router:
        vendor.mount(router)
        assert migrate(db, "--from", "honcho-v3", "--url", URL, "--key", vendor.key, "--workspace", "kepp") == 1
    assert "workspaces: POST /v3/workspaces/list: no workspace kepp on the vendor" in capsys.readouterr().out
    assert read(db, lambda s: s.get_workspace("kepp")) is None


def test_a_workspace_key_with_a_mistyped_name_creates_nothing(db, capsys):
    vendor = HonchoV3(URL)
    vendor.add("keep", "s", "alice", "kept")
    vendor.faults.add(r"/v3/workspaces/list$", httpx.Response(401, json={"detail": "Resource requires admin privileges"}))
    with respx.mock(assert_all_called=False) as router:
        vendor.mount(router)
        assert migrate(db, "--from", "honcho-v3", "--url", URL, "--key", vendor.key, "--workspace", "kepp") == 1
    assert "workspace kepp holds no peers and no sessions on the vendor: is the name right?" in capsys.readouterr().out
    assert vendor.faults.count(r"/v3/workspaces$", "POST") == 0 and "kepp" not in vendor.workspaces


def scoped_account() -> HonchoV3:
    vendor = HonchoV3(URL)
    for name in ("therapy-1", "work-1", "therapy-2"):
        vendor.add("w", name, "alice", f"notes of {name}")
    done = {"therapy-1": {"state": "completed", "updated_at": "2025-03-01T12:00:01Z", "docs_copied": 3}}
    vendor.scope("w", "therapy", ["therapy-2", "therapy-1"], {"kind": "care"}, done)
    vendor.scope("w", "empty", [])
    return vendor


def test_scopes_are_copied_with_their_sessions_and_bound_the_search(db, capsys):
    vendor = scoped_account()
    with respx.mock(assert_all_called=False) as router:
        vendor.mount(router)
        assert migrate(db, "--from", "honcho-v3", "--url", URL, "--key", vendor.key) == 0, capsys.readouterr().out
    with dialect(db) as client:
        w = "/v3/workspaces/w"
        listed = client.post(f"{w}/scopes/list").json()["items"]
        assert [(s["id"], s["metadata"]) for s in listed] == [("therapy", {"kind": "care"}), ("empty", {})]
        wanted = vendor.workspaces["w"]["scopes"]["therapy"]["row"]["created_at"]
        assert listed[0]["created_at"] == wanted
        members = client.post(f"{w}/scopes/therapy/sessions/list").json()["items"]
        assert [s["id"] for s in members] == ["therapy-2", "therapy-1"]  # membership order kept
        status = client.get(f"{w}/scopes/therapy/status").json()["backfill_status"]
        assert status == {"therapy-1": {"state": "completed", "updated_at": "2025-03-01T12:00:01Z", "docs_copied": 3}}
        found = client.post(f"{w}/search", json={"query": "notes", "scope": "therapy"}).json()
        assert sorted(m["session_id"] for m in found) == ["therapy-1", "therapy-2"]
        assert client.post(f"{w}/search", json={"query": "notes", "scope": "empty"}).json() == []
    # a second run adds nothing and keeps the memberships
    with respx.mock(assert_all_called=False) as router:
        vendor.mount(router)
        assert migrate(db, "--from", "honcho-v3", "--url", URL, "--key", vendor.key) == 0
    with dialect(db) as client:
        assert client.post("/v3/workspaces/w/scopes/therapy/sessions/list").json()["total"] == 2


def test_a_session_the_store_held_before_joins_the_copied_scope(db):
    vendor = scoped_account()
    with dialect(db) as client:
        assert client.post("/v3/workspaces/w/sessions", json={"id": "therapy-1"}).status_code == 201
    with respx.mock(assert_all_called=False) as router:
        vendor.mount(router)
        assert migrate(db, "--from", "honcho-v3", "--url", URL, "--key", vendor.key) == 0
    with dialect(db) as client:
        members = client.post("/v3/workspaces/w/scopes/therapy/sessions/list").json()["items"]
        assert sorted(s["id"] for s in members) == ["therapy-1", "therapy-2"]


def test_a_server_without_scopes_copies_none(db):
    vendor = HonchoV3(URL)
    vendor.add("w", "s1", "alice", "hello")
    with respx.mock(assert_all_called=False) as router:
        vendor.mount(router)
        assert migrate(db, "--from", "honcho-v3", "--url", URL, "--key", vendor.key) == 0
    assert vendor.faults.count(r"/scopes/list$") == 1
    with dialect(db) as client:
        assert client.post("/v3/workspaces/w/scopes/list").json()["total"] == 0
        assert client.post("/v3/workspaces/w/sessions/list").json()["total"] == 1


def test_migrated_assistant_messages_read_as_the_assistant_in_zep_and_openai(db):
    """Honcho has no roles: a peer named after one gives its messages that role in every view."""
    vendor = HonchoV3(URL)
    vendor.session("default", "s1", {"user": {}, "assistant": {}})
    vendor.add("default", "s1", "user", "hi")
    vendor.add("default", "s1", "assistant", "hello, how can I help?")
    with respx.mock(assert_all_called=False) as router:
        vendor.mount(router)
        assert migrate(db, "--from", "honcho-v3", "--url", URL, "--key", vendor.key) == 0
    with dialect(db) as client:
        zep = client.get("/api/v2/sessions/s1/messages").json()["messages"]
        assert [(m["role"], m["role_type"]) for m in zep] == [("user", "user"), ("assistant", "assistant")]
        openai = client.get("/v1/threads/s1/messages?order=asc").json()["data"]
        assert [m["role"] for m in openai] == ["user", "assistant"]
