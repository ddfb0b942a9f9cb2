"""Zep v2 -> store: users, sessions, messages through page numbers, UUIDs intact."""

from __future__ import annotations

import respx

from tests.migrate.conftest import dialect, every_message, migrate, read
from tests.migrate.vendors.zep import Zep

URL = "https://zep.test"


def account() -> Zep:
    vendor = Zep(URL)
    vendor.user("jane", email="jane@example.com", first_name="Jane", metadata={"vip": True})
    vendor.user("joe")
    vendor.user("idle")  # no sessions
    vendor.session("support 1", "jane", {"channel": "web"})
    for i in range(75):
        if i % 3 == 0:
            vendor.add("support 1", "user", f"q{i}", "Jane", metadata={"n": i})
        elif i % 3 == 1:
            vendor.add("support 1", "assistant", f"a{i}", "support_agent")
        else:
            vendor.add("support 1", "tool", f"t{i}")
    vendor.session("joe-s", "joe")
    vendor.add("joe-s", "user", "hello")
    vendor.add("joe-s", "norole", "a note")
    return vendor


def run(vendor: Zep, db: str, *extra: str, key: str | None = None) -> int:
    with respx.mock(assert_all_called=False) as router:
        vendor.mount(router)
        return migrate(db, "--from", "zep", "--url", URL + "/api/v2", "--key", key or vendor.key,
                       "--page-size", "30", *extra)


def test_users_sessions_and_messages_keep_their_uuids(db, capsys):
    vendor = account()
    assert run(vendor, db) == 0
    captured = capsys.readouterr()
    assert "copied: 1 workspace, 6 peers, 2 sessions, 5 members, 77 messages" in captured.out
    assert captured.err.splitlines()[-1] == "migrate [########################] 2/2 sessions, 77 messages"
    assert vendor.faults.count(r"/sessions/support 1/messages$") == 3  # 30 + 30 + 15
    wanted = vendor.sessions["support 1"]["messages"]
    with dialect(db) as client:
        got = client.get("/api/v2/sessions/support 1/messages").json()["messages"]
        keys = ("uuid", "role", "role_type", "content", "metadata")
        assert [{k: m[k] for k in keys} for m in got] == [
            {**{k: m[k] for k in keys}, "role": m["role"] or ("jane" if m["role_type"] == "user" else m["role_type"])}
            for m in wanted]
        assert [m["created_at"] for m in got] == [m["created_at"][:26] + "Z" for m in wanted]
        one = client.get(f"/api/v2/sessions/support 1/messages/{wanted[4]['uuid']}").json()
        assert (one["uuid"], one["content"]) == (wanted[4]["uuid"], "a4")
        user = client.get("/api/v2/users/jane").json()
        jane = vendor.users["jane"]
        assert (user["uuid"], user["email"], user["first_name"], user["metadata"]) == (
            jane["uuid"], "jane@example.com", "Jane", {"vip": True})
        session = client.get("/api/v2/sessions/support 1").json()
        assert (session["uuid"], session["user_id"], session["metadata"]) == (
            vendor.sessions["support 1"]["row"]["uuid"], "jane", {"channel": "web"})
        assert client.get("/api/v2/users/idle").status_code == 200
        vendor_session = vendor.sessions["support 1"]["row"]
        assert session["updated_at"] == vendor_session["updated_at"][:26] + "Z"
        assert user["updated_at"] == user["created_at"]  # Zep's zero time: never updated

    async def check(store):
        session, jane = await store.get_session("default", "support 1"), await store.get_peer("default", "jane")
        assert session.updated_at is not None and "updated_at" not in session.extras.get("zep", {})
        assert jane.updated_at is None and "updated_at" not in jane.extras["zep"]
        stored = await every_message(store, "default", "joe-s")
        assert [(m.role, m.peer, m.sender) for m in stored] == [("user", "joe", None), (None, "norole", None)]
        first = (await every_message(store, "default", "support 1"))[:3]
        assert [(m.role, m.peer, m.sender) for m in first] == [
            ("user", "jane", "Jane"), ("assistant", "support_agent", "support_agent"), ("tool", "tool", None)]
    read(db, check)


def test_the_api_key_header_and_a_named_workspace(db):
    vendor = account()
    assert run(vendor, db, "--workspace", "zep-import") == 0
    assert vendor.faults.seen[0].headers["authorization"] == "Api-Key z-key"
    assert read(db, lambda s: s.get_session("zep-import", "joe-s")) is not None


def test_a_plain_text_401_is_reported(db, capsys):
    vendor = account()
    assert run(vendor, db, key="other") == 1
    out = capsys.readouterr().out
    assert "users: GET /api/v2/users-ordered: HTTP 401: unauthorized" in out
    assert "sessions: GET /api/v2/sessions-ordered: HTTP 401: unauthorized" in out


def test_the_same_account_twice_under_two_workspaces_fails_clearly(db, capsys):
    vendor = account()
    assert run(vendor, db, "--workspace", "first") == 0
    capsys.readouterr()
    assert run(vendor, db, "--workspace", "second") == 1
    out = capsys.readouterr().out
    assert "users: the store already holds a record with this vendor id elsewhere" in out
    assert "was the account migrated before under another workspace name?" in out
    assert read(db, lambda s: s.list_messages("first", None, limit=1)).total == 77


def test_rows_carry_zeps_updated_at_in_the_row_not_in_extras():
    from gateway.migrate.sources import zep

    made, changed = "2024-01-01T00:00:00.000000Z", "2024-02-01T00:00:00.123456Z"
    [peer] = zep._user("w", zep.User(user_id="u", created_at=made, updated_at=changed, email="e@x"))
    assert (peer.updated_at, peer.extras) == (changed, {"zep": {"email": "e@x"}})
    [same] = zep._user("w", zep.User(user_id="v", created_at=made, updated_at=made))
    [zero] = zep._user("w", zep.User(user_id="z", created_at=made, updated_at="0001-01-01T00:00:00Z"))
    assert (same.updated_at, zero.updated_at) == (None, None)  # never updated
