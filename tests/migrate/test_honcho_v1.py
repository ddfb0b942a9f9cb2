"""Honcho v1 -> store: apps, users, sessions (inactive too), messages, metamessages, from 1.1
and v1-early servers; v1 ids kept and read back through the v1 dialect."""

from __future__ import annotations

import httpx
import respx

from gateway.migrate.times import millis
from tests.migrate.conftest import dialect, every_message, migrate, read
from tests.migrate.vendors.honcho_v1 import HonchoV1

URL = "https://honcho1.test"


def account():
    vendor = HonchoV1(URL)
    app = vendor.app("my-app", {"env": "prod"})["id"]
    user = vendor.user(app, "ann")["id"]
    live = vendor.session(app, user, metadata={"k": 1})["id"]
    gone = vendor.session(app, user, is_active=False)["id"]
    sent = [vendor.add(app, user, live, f"m{i}", is_user=i % 2 == 0) for i in range(130)]
    vendor.add(app, user, gone, "old", is_user=True)
    vendor.metamessage(app, user, "thought", "ann seems happy", session=live, message=sent[0]["id"])
    vendor.app("other-app")
    return vendor, app, user, live, gone, sent


def run(vendor, db: str, *extra: str) -> int:
    with respx.mock(assert_all_called=False) as router:
        vendor.mount(router)
        return migrate(db, "--from", "honcho-v1", "--url", URL, "--key", vendor.key, *extra)


def test_apps_users_sessions_messages_and_metamessages(db, capsys):
    vendor, app, user, live, gone, sent = account()
    assert run(vendor, db) == 0
    assert "copied: 2 workspaces, 1 peer, 2 sessions, 2 members, 131 messages, 1 record" in capsys.readouterr().out

    async def check(store):
        ws = await store.get_workspace("my-app")
        assert ws.metadata == {"env": "prod"}
        assert await store.resolve_alias("honcho_v1", "app", app) == ws.uid
        assert millis(ws.created_at.isoformat()) == int.from_bytes(ws.uid[:6], "big")  # vendor time order
        ann = await store.get_peer("my-app", "ann")
        assert await store.resolve_alias("honcho_v1", "user", user) == ann.uid
        assert millis(ann.created_at.isoformat()) == int.from_bytes(ann.uid[:6], "big")
        session = await store.get_session("my-app", live)
        assert (session.owner, session.is_active, session.metadata) == ("ann", True, {"k": 1})
        assert (await store.get_session("my-app", gone)).is_active is False
        stored = await every_message(store, "my-app", live)
        assert [(m.extras["honcho_v1"]["id"], m.content, m.role, m.peer) for m in stored] == [
            (m["id"], m["content"], "user" if m["is_user"] else "assistant", "ann" if m["is_user"] else None)
            for m in sent]
        uid = await store.resolve_alias("honcho_v1", "message", sent[5]["id"])
        assert (await store.get_message("my-app", uid)).content == "m5"
        records = (await store.list_records("my-app", "honcho_v1.metamessage", parent="ann")).items
        assert [(r["label"], r["content"], r["message_id"]) for r in records] == [
            ("thought", "ann seems happy", sent[0]["id"])]
        assert await store.resolve_alias("honcho_v1", "metamessage", records[0]["id"]) is not None
    read(db, check)


def test_vendor_ids_work_through_the_v1_dialect(db):
    vendor, app, user, live, gone, sent = account()
    assert run(vendor, db) == 0
    base = f"/v1/apps/{app}/users/{user}"
    note = vendor.apps[app]["users"][user]["metamessages"][0]
    with dialect(db) as client:
        shown_app = client.get(f"/v1/apps?app_id={app}").json()
        assert (shown_app["id"], shown_app["name"]) == (app, "my-app")
        shown_user = client.get(f"/v1/apps/{app}/users?user_id={user}").json()
        assert (shown_user["id"], shown_user["name"], shown_user["app_id"]) == (user, "ann", app)
        assert client.get(f"{base}/sessions?session_id={gone}").json()["is_active"] is False
        got = client.get(f"{base}/sessions/{live}/messages/{sent[7]['id']}").json()
        assert (got["id"], got["content"], got["is_user"], got["session_id"]) == (sent[7]["id"], "m7", False, live)
        page = client.post(f"{base}/sessions/{live}/messages/list?size=100", json={}).json()
        assert [m["id"] for m in page["items"]] == [m["id"] for m in sent[:100]]
        shown = client.get(f"{base}/metamessages/{note['id']}").json()
        assert (shown["id"], shown["label"], shown["message_id"]) == (note["id"], "thought", sent[0]["id"])


def test_one_app_by_name(db):
    vendor, *_ = account()
    assert run(vendor, db, "--workspace", "other-app") == 0
    assert read(db, lambda s: s.get_workspace("my-app")) is None
    assert read(db, lambda s: s.get_workspace("other-app")) is not None


def early_account():
    vendor = HonchoV1(URL, early=True)
    app = vendor.app("old-app")["id"]
    user = vendor.user(app, "ann")["id"]
    one, two = vendor.session(app, user)["id"], vendor.session(app, user)["id"]
    first = [vendor.add(app, user, one, f"one {i}", is_user=i % 2 == 0) for i in range(3)]
    second = [vendor.add(app, user, two, f"two {i}", is_user=True) for i in range(2)]
    notes = [vendor.metamessage(app, user, "thought", "on one", message=first[1]["id"], metadata={"a": 1}),
             vendor.metamessage(app, user, "summary", "on two", message=second[0]["id"]),
             vendor.metamessage(app, user, "thought", "on one again", message=first[2]["id"])]
    return vendor, app, user, (one, two), notes


def test_a_v1_early_server_session_metamessages_land_on_their_sessions(db, capsys):
    vendor, app, user, (one, two), notes = early_account()
    assert run(vendor, db, "--workspace", "old-app") == 0
    assert "5 messages, 3 records" in capsys.readouterr().out
    base = f"/v1/apps/{app}/users/{user}"
    with dialect(db) as client:
        listed = client.post(f"{base}/sessions/{one}/metamessages/list", json={}).json()["items"]
        assert [{k: m[k] for k in notes[0]} for m in listed] == [notes[0], notes[2]]
        assert client.post(f"{base}/sessions/{two}/metamessages/list", json={}).json()["total"] == 1
        got = client.get(f"{base}/sessions/{two}/metamessages/{notes[1]['id']}",
                         params={"message_id": notes[1]["message_id"]}).json()
        assert ({k: got[k] for k in notes[1]}, got["session_id"]) == (notes[1], two)
        every = client.post(f"{base}/metamessages/list", json={}).json()["items"]
        assert [(m["id"], m["session_id"], m["label"]) for m in every] == [
            (notes[0]["id"], one, "thought"), (notes[1]["id"], two, "summary"), (notes[2]["id"], one, "thought")]


def test_a_v1_early_metamessage_waits_for_its_session(db, capsys):
    vendor, app, user, (one, two), notes = early_account()
    vendor.faults.add(rf"/sessions/{two}/messages/list$", httpx.Response(400, json={"detail": "busy"}))
    assert run(vendor, db, "--workspace", "old-app") == 1
    out = capsys.readouterr().out
    assert f"metamessage {notes[1]['id']}: its message {notes[1]['message_id']} is not in the store" in out
    assert run(vendor, db, "--workspace", "old-app") == 0
    placed = read(db, lambda s: s.list_records("old-app", "honcho_v1.metamessage"))
    assert [(r["id"], r["session_id"]) for r in placed.items] == [
        (notes[0]["id"], one), (notes[1]["id"], two), (notes[2]["id"], one)]


def test_a_v1_early_server_needs_the_app_named(db, capsys):
    vendor, *_ = early_account()
    assert run(vendor, db) == 1
    assert "this server cannot list apps (a v1-early server, 0.0.12-0.0.16): name the app with --workspace" \
        in capsys.readouterr().out
