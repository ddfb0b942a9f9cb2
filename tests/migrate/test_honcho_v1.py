"""Honcho v1 -> store: apps, users, sessions (inactive too), messages, metamessages, collections
and documents, from 1.1 and v1-early servers; v1 ids kept and read back through the v1 dialect."""

from __future__ import annotations

import json

import httpx
import pytest
import respx

from gateway.migrate.checkpoint import path_for
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


def shelf(vendor, app: str, user: str, n: int = 130) -> tuple[str, list[dict], str]:
    """The user's collections: ``notes`` with n documents, the deriver's ``honcho``, an empty one."""
    notes = vendor.collection(app, user, "notes", {"topic": "pets"})["id"]
    docs = [vendor.document(app, user, notes, f"note {i} about {'cats' if i % 10 == 0 else 'dogs'}", {"i": i})
            for i in range(n)]
    facts = vendor.collection(app, user, "honcho")["id"]
    vendor.document(app, user, facts, "ann likes tea")
    vendor.collection(app, user, "empty")
    return notes, docs, facts


def documents(client, base: str, collection: str) -> list[dict]:
    found, page = [], 1
    while True:
        got = client.post(f"{base}/collections/{collection}/documents/list?size=50&page={page}", json={}).json()
        found += got["items"]
        if page >= got["pages"]:
            return found
        page += 1


def test_collections_and_documents_read_back_through_the_v1_dialect(db, capsys):
    vendor, app, user, *_ = account()
    notes, docs, facts = shelf(vendor, app, user)
    bob = vendor.user(app, "bob")["id"]
    bobs = vendor.collection(app, bob, "notes")["id"]  # names are unique per user only
    theirs = vendor.document(app, bob, bobs, "bob's own")
    assert run(vendor, db) == 0
    assert "copied: 2 workspaces, 2 peers, 2 sessions, 2 members, 131 messages, 137 records" in capsys.readouterr().out

    async def check(store):
        kept = (await store.list_records("my-app", "honcho_v1.collection", parent="ann")).items
        assert [(c["id"], c["name"]) for c in kept] == [(notes, "notes"), (facts, "honcho"), (kept[2]["id"], "empty")]
        assert (await store.list_records("my-app", "honcho_v1.document", parent=notes)).total == 130
        assert await store.resolve_alias("honcho_v1", "collection", notes) is not None
        assert await store.resolve_alias("honcho_v1", "document", docs[3]["id"]) is not None
    read(db, check)

    rows = vendor.apps[app]["users"][user]["collections"]
    base = f"/v1/apps/{app}/users/{user}"
    with dialect(db) as client:
        assert client.post(f"{base}/collections/list", json={}).json()["items"] == [c["row"] for c in rows.values()]
        assert client.get(f"{base}/collections?collection_id={notes}").json() == rows[notes]["row"]
        assert client.get(f"{base}/collections/{notes}").json() == rows[notes]["row"]  # the v1-early form
        assert client.get(f"{base}/collections/name/honcho").json() == rows[facts]["row"]
        assert documents(client, base, notes) == docs
        assert documents(client, base, facts) == rows[facts]["documents"]
        assert client.get(f"{base}/collections/{notes}/documents/{docs[7]['id']}").json() == docs[7]
        assert client.post(f"{base}/collections/{notes}/documents/list", json={"filter": {"i": 20}}).json()["items"] == [docs[20]]
        found = client.post(f"{base}/collections/{notes}/documents/query", json={"query": "cats", "top_k": 50}).json()
        assert sorted(d["id"] for d in found) == sorted(d["id"] for d in docs[::10])
        assert client.post(f"/v1/apps/{app}/users/{bob}/collections/list", json={}).json()["items"] == [
            vendor.apps[app]["users"][bob]["collections"][bobs]["row"]]
        assert documents(client, f"/v1/apps/{app}/users/{bob}", bobs) == [theirs]
        # a migrated collection behaves as one made here: its name is taken, it takes new documents
        assert client.post(f"{base}/collections", json={"name": "notes"}).status_code == 409
        added = client.post(f"{base}/collections/{notes}/documents", json={"content": "new"}).json()
        assert [d["id"] for d in documents(client, base, notes)] == [d["id"] for d in docs] + [added["id"]]


def test_a_crash_among_documents_resumes_that_collection_without_duplicates(db, capsys):
    vendor, app, user, *_ = account()
    notes, docs, _ = shelf(vendor, app, user)
    vendor.faults.add(r"/documents/list$", RuntimeError("power cut"), skip=1)  # notes' second page
    with pytest.raises(RuntimeError, match="power cut"):
        run(vendor, db, "--page-size", "100")
    done = json.loads(path_for(db, "honcho-v1").read_text())["done"]
    assert f"my-app/metamessages:{user}" in done and f"my-app/collection:{notes}" not in done
    assert read(db, lambda s: s.list_records("my-app", "honcho_v1.document", parent=notes)).total == 100

    capsys.readouterr()
    assert run(vendor, db, "--page-size", "100") == 0
    out = capsys.readouterr().out
    # the other notes, the honcho collection and its document, the empty one; and the other app
    assert "(resumed)" in out and "copied: 1 workspace, 33 records" in out
    assert vendor.faults.count(rf"/collections/{notes}/documents/list$") == 2 + 2
    assert read(db, lambda s: s.list_records("my-app", "honcho_v1.document", parent=notes)).total == 130
    with dialect(db) as client:
        assert documents(client, f"/v1/apps/{app}/users/{user}", notes) == docs


def test_a_collection_already_in_the_store_by_that_name_takes_the_documents(db):
    vendor, app, user, *_ = account()
    notes, docs, _ = shelf(vendor, app, user, n=3)
    with dialect(db) as client:  # made through the v1 dialect before the migration
        mine = client.post("/v1/apps", json={"name": "my-app"}).json()["id"]
        ann = client.post(f"/v1/apps/{mine}/users", json={"name": "ann"}).json()["id"]
        ours = client.post(f"/v1/apps/{mine}/users/{ann}/collections", json={"name": "notes"}).json()
        client.post(f"/v1/apps/{mine}/users/{ann}/collections/{ours['id']}/documents", json={"content": "mine"})
    assert run(vendor, db) == 0
    base = f"/v1/apps/{app}/users/{user}"
    with dialect(db) as client:
        names = [c["name"] for c in client.post(f"{base}/collections/list", json={}).json()["items"]]
        assert sorted(names) == ["empty", "honcho", "notes"]
        assert client.get(f"{base}/collections?collection_id={notes}").json()["id"] == ours["id"]
        held = documents(client, base, ours["id"])
        assert sorted(d["content"] for d in held) == sorted(["mine"] + [d["content"] for d in docs])
        assert {d["collection_id"] for d in held} == {ours["id"]}


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
    shelf_id = vendor.collection(app, user, "facts")["id"]
    facts = [vendor.document(app, user, shelf_id, "ann likes tea")]
    return vendor, app, user, (one, two), notes, shelf_id, facts


def test_a_v1_early_server_session_metamessages_land_on_their_sessions(db, capsys):
    vendor, app, user, (one, two), notes, shelf_id, facts = early_account()
    assert run(vendor, db, "--workspace", "old-app") == 0
    assert "5 messages, 5 records" in capsys.readouterr().out
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
        shown = client.get(f"{base}/collections/{shelf_id}").json()
        assert {k: shown[k] for k in vendor.apps[app]["users"][user]["collections"][shelf_id]["row"]} == \
            vendor.apps[app]["users"][user]["collections"][shelf_id]["row"]
        assert [{k: d[k] for k in facts[0]} for d in documents(client, base, shelf_id)] == facts


def test_a_v1_early_metamessage_waits_for_its_session(db, capsys):
    vendor, app, user, (one, two), notes, *_ = early_account()
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
