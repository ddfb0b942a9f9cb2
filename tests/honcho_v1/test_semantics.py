"""Honcho v1 semantics over the shared store: ids and names, soft deletes, clones, v1 records,
and what other dialects see (docs/contract.md §1-§6)."""

from starlette.testclient import TestClient

from gateway.app import build_app
from gateway.settings import Settings
from store.ids import base62, new_uid


def ok(response, status=200):
    assert response.status_code == status, response.text
    return response.json()


def user_path(c, app="acme", user="alice"):
    app_id = ok(c.get(f"/v1/apps/get_or_create/{app}"))["id"]
    user_id = ok(c.get(f"/v1/apps/{app_id}/users/get_or_create/{user}"))["id"]
    return f"/v1/apps/{app_id}/users/{user_id}"


def test_app_ids_are_short_ids_and_names_resolve_too(client):
    app = ok(client.post("/v1/apps", json={"name": "acme", "metadata": {"plan": "pro"}}))
    assert len(app["id"]) == 22 and app["name"] == "acme" and app["metadata"] == {"plan": "pro"}
    for path in (f"/v1/apps?app_id={app['id']}", f"/v1/apps/{app['id']}", "/v1/apps/acme", "/v1/apps/name/acme",
                 "/v1/apps/get_or_create/acme"):
        assert ok(client.get(path)) == app, path
    assert client.get("/v1/apps/name/nope").json() == {"detail": "App with name 'nope' not found"}
    assert client.get("/v1/apps?app_id=nope").json() == {"detail": "App with ID nope not found"}
    assert client.post("/v1/apps", json={"name": "acme"}).json() == {"detail": "App with name 'acme' already exists"}


def test_app_list_filter_update_and_renames(client):
    ok(client.post("/v1/apps", json={"name": "a1", "metadata": {"tier": {"level": 1, "tags": ["x", "y"]}}}))
    ok(client.post("/v1/apps", json={"name": "a2", "metadata": {"tier": {"level": 2}}}))
    page = ok(client.post("/v1/apps/list", json={"filter": {"tier": {"tags": ["y"]}}}))
    assert [a["name"] for a in page["items"]] == ["a1"] and page["total"] == 1
    page = ok(client.post("/v1/apps/list?size=1&page=2&reverse=true"))
    assert ([a["name"] for a in page["items"]], page["pages"]) == (["a1"], 2)
    updated = ok(client.put("/v1/apps/a1", json={"metadata": {"new": True}}))
    assert updated["metadata"] == {"new": True}
    assert ok(client.put("/v1/apps/a1", json={})) == updated
    assert client.put("/v1/apps/a1", json={"name": "a2"}).json() == {"detail": "App update failed - unique constraint violation"}
    assert client.put("/v1/apps/a1", json={"name": "fresh"}).status_code == 501
    assert ok(client.put("/v1/apps/a1", json={"name": "a1", "metadata": {}}))["metadata"] == {}


def test_users_are_peers(client):
    app = ok(client.post("/v1/apps", json={"name": "acme"}))["id"]
    alice = ok(client.post(f"/v1/apps/{app}/users", json={"name": "alice", "metadata": {"age": 30}}))
    assert (alice["app_id"], alice["metadata"]) == (app, {"age": 30})
    assert client.post(f"/v1/apps/{app}/users", json={"name": "alice"}).json() == {"detail": "User with this name already exists"}
    ok(client.get(f"/v1/apps/{app}/users/get_or_create/bob"))
    assert ok(client.get(f"/v1/apps/{app}/users?user_id={alice['id']}")) == alice
    assert ok(client.get(f"/v1/apps/{app}/users/{alice['id']}")) == alice
    assert ok(client.get(f"/v1/apps/{app}/users/name/alice")) == alice
    listed = ok(client.post(f"/v1/apps/{app}/users/list", json={"filter": {"age": 30}}))
    assert [u["name"] for u in listed["items"]] == ["alice"]
    assert client.get(f"/v1/apps/{app}/users?user_id=zzz").json() == {"detail": "User with ID 'zzz' not found"}
    ok(client.put(f"/v1/apps/{app}/users/{alice['id']}", json={"metadata": {"age": 31}}))
    peer = ok(client.post("/v3/workspaces/acme/peers", json={"id": "alice"}))
    assert peer["metadata"] == {"age": 31}
    assert client.put(f"/v1/apps/{app}/users/{alice['id']}", json={"name": "bob"}).status_code == 409


def test_messages_roles_pages_filters_and_updates(client):
    base = user_path(client)
    session = ok(client.post(f"{base}/sessions", json={"metadata": {"topic": "billing"}}))
    assert len(session["id"]) == 21 and session["is_active"] is True
    s = f"{base}/sessions/{session['id']}"
    one = ok(client.post(f"{s}/messages", json={"content": "hello", "is_user": True, "metadata": {"k": {"a": 1, "b": 2}}}))
    batch = ok(client.post(f"{s}/messages/batch", json={"messages": [
        {"content": f"m{i}", "is_user": i % 2 == 0, "metadata": {"i": i}} for i in range(5)]}))
    assert [m["content"] for m in batch] == [f"m{i}" for i in range(5)]
    assert [m["is_user"] for m in batch] == [True, False, True, False, True]
    page = ok(client.post(f"{s}/messages/list?size=2&page=2"))
    assert ([m["content"] for m in page["items"]], page["total"], page["pages"]) == (["m1", "m2"], 6, 3)
    newest = ok(client.post(f"{s}/messages/list?reverse=true", json={}))
    assert newest["items"][0]["content"] == "m4"
    hit = ok(client.post(f"{s}/messages/list", json={"filter": {"k": {"a": 1}}}))
    assert [m["id"] for m in hit["items"]] == [one["id"]]
    assert ok(client.post(f"{s}/messages/list", json={"filter": {}}))["total"] == 6
    assert ok(client.get(f"{s}/messages/{one['id']}")) == one
    changed = ok(client.put(f"{s}/messages/{one['id']}", json={"metadata": {"only": "this"}}))
    assert changed["metadata"] == {"only": "this"} and changed["content"] == "hello"
    assert ok(client.post(f"{base}/sessions/nope/messages/list"))["items"] == []
    v3 = ok(client.post(f"/v3/workspaces/acme/sessions/{session['id']}/messages/list", json={}))
    assert [m["peer_id"] for m in v3["items"][:3]] == ["alice", "alice", "assistant"]
    assert v3["items"][0]["id"] == one["id"]


def test_default_app_sees_what_other_dialects_wrote(client):
    ok(client.post("/v3/workspaces/default/sessions/shared/messages", json={"messages": [
        {"content": "from v3", "peer_id": "carol"}]}), 201)
    app = ok(client.get("/v1/apps/get_or_create/default"))
    users = ok(client.post(f"/v1/apps/{app['id']}/users/list"))
    assert [u["name"] for u in users["items"]] == ["carol"]
    carol = users["items"][0]["id"]
    listed = ok(client.post(f"/v1/apps/{app['id']}/users/{carol}/sessions/list"))
    assert [s["id"] for s in listed["items"]] == ["shared"]
    dave = ok(client.get(f"/v1/apps/{app['id']}/users/get_or_create/dave"))["id"]
    read = ok(client.post(f"/v1/apps/{app['id']}/users/{dave}/sessions/shared/messages/list"))
    assert [(m["content"], m["is_user"]) for m in read["items"]] == [("from v3", False)]


def test_sessions_of_another_user_are_not_reachable(client):
    mine = user_path(client, user="alice")
    theirs = user_path(client, user="bob")
    session = ok(client.post(f"{theirs}/sessions", json={}))["id"]
    assert client.get(f"{mine}/sessions?session_id={session}").json() == {"detail": "Session not found or does not belong to user"}
    assert client.post(f"{mine}/sessions/{session}/messages", json={"content": "x", "is_user": True}).status_code == 404
    assert ok(client.post(f"{mine}/sessions/{session}/messages/list"))["total"] == 0
    assert ok(client.post(f"{mine}/sessions/list"))["total"] == 0


def test_soft_delete_keeps_everything_and_still_takes_writes(client):
    base = user_path(client)
    s = ok(client.post(f"{base}/sessions", json={}))["id"]
    ok(client.post(f"{base}/sessions/{s}/messages", json={"content": "before", "is_user": True}))
    assert ok(client.delete(f"{base}/sessions/{s}")) == {"message": "Session deleted successfully"}
    assert ok(client.delete(f"{base}/sessions/{s}")) == {"message": "Session deleted successfully"}
    assert ok(client.get(f"{base}/sessions?session_id={s}"))["is_active"] is False
    assert ok(client.put(f"{base}/sessions/{s}", json={"metadata": {"late": 1}}))["metadata"] == {"late": 1}
    ok(client.post(f"{base}/sessions/{s}/messages", json={"content": "after", "is_user": True}))
    assert [m["content"] for m in ok(client.post(f"{base}/sessions/{s}/messages/list"))["items"]] == ["before", "after"]
    assert ok(client.get(f"{base}/sessions/{s}"))["is_active"] is False
    active = ok(client.post(f"{base}/sessions/list", json={"is_active": True}))
    everything = ok(client.post(f"{base}/sessions/list", json={"is_active": False}))
    assert (active["total"], everything["total"]) == (0, 1)
    v3 = ok(client.post("/v3/workspaces/acme/sessions/list", json={}))
    assert v3["total"] == 0


def test_clone_with_cutoff_and_deep_copy_of_metamessages(client):
    base = user_path(client)
    s = ok(client.post(f"{base}/sessions", json={"metadata": {"m": 1}}))["id"]
    msgs = ok(client.post(f"{base}/sessions/{s}/messages/batch", json={"messages": [
        {"content": f"c{i}", "is_user": True} for i in range(4)]}))
    ok(client.post(f"{base}/metamessages", json={"label": "note", "content": "on c1", "session_id": s, "message_id": msgs[1]["id"]}))
    ok(client.post(f"{base}/metamessages", json={"label": "note", "content": "on c3", "session_id": s, "message_id": msgs[3]["id"]}))
    ok(client.post(f"{base}/metamessages", json={"label": "note", "content": "on session", "session_id": s}))
    shallow = ok(client.get(f"{base}/sessions/{s}/clone?message_id={msgs[1]['id']}"))
    assert shallow["metadata"] == {"m": 1} and shallow["id"] != s
    copied = ok(client.post(f"{base}/sessions/{shallow['id']}/messages/list"))["items"]
    assert [m["content"] for m in copied] == ["c0", "c1"]
    assert ok(client.post(f"{base}/metamessages/list", json={"session_id": shallow["id"]}))["total"] == 0
    deep = ok(client.get(f"{base}/sessions/{s}/clone?message_id={msgs[1]['id']}&deep_copy=true"))
    deep_msgs = ok(client.post(f"{base}/sessions/{deep['id']}/messages/list"))["items"]
    metas = ok(client.post(f"{base}/metamessages/list", json={"session_id": deep["id"]}))["items"]
    assert sorted((m["content"], m["message_id"]) for m in metas) == sorted(
        [("on c1", deep_msgs[1]["id"]), ("on session", None)])
    assert client.get(f"{base}/sessions/{s}/clone?message_id=nope").json() == {"detail": "Session not found"}


def test_user_level_metamessages(client):
    base = user_path(client)
    s = ok(client.post(f"{base}/sessions", json={}))["id"]
    m = ok(client.post(f"{base}/sessions/{s}/messages", json={"content": "x", "is_user": True}))["id"]
    free = ok(client.post(f"{base}/metamessages", json={"metamessage_type": "summary", "content": "loose"}))
    tied = ok(client.post(f"{base}/metamessages", json={"label": "thought", "content": "tied", "session_id": s,
                                                        "message_id": m, "metadata": {"w": 1}}))
    assert (free["label"], free["metamessage_type"], free["session_id"], free["message_id"]) == ("summary", "summary", None, None)
    assert list(tied) == ["id", "label", "content", "user_id", "app_id", "session_id", "message_id", "metadata",
                          "created_at", "metamessage_type"]
    lists = {
        "all": {}, "label": {"label": "thought"}, "alias": {"metamessage_type": "summary"},
        "session": {"session_id": s}, "message": {"message_id": m}, "filter": {"filter": {"w": 1}},
    }
    found = {k: [x["content"] for x in ok(client.post(f"{base}/metamessages/list", json=v))["items"]] for k, v in lists.items()}
    assert found == {"all": ["loose", "tied"], "label": ["tied"], "alias": ["loose"], "session": ["tied"],
                     "message": ["tied"], "filter": ["tied"]}
    assert ok(client.get(f"{base}/metamessages/{tied['id']}")) == tied
    moved = ok(client.put(f"{base}/metamessages/{free['id']}", json={"session_id": s, "metamessage_type": "renamed"}))
    assert (moved["label"], moved["session_id"], moved["content"]) == ("renamed", s, "loose")
    other = user_path(client, user="bob")
    assert client.get(f"{other}/metamessages/{tied['id']}").status_code == 404


def test_early_session_level_metamessages_share_the_records(client):
    base = user_path(client)
    s = ok(client.post(f"{base}/sessions", json={}))["id"]
    m = ok(client.post(f"{base}/sessions/{s}/messages", json={"content": "x", "is_user": True}))["id"]
    made = ok(client.post(f"{base}/sessions/{s}/metamessages", json={"metamessage_type": "t", "content": "c", "message_id": m}))
    assert (made["metamessage_type"], made["message_id"], made["session_id"]) == ("t", m, s)
    listed = ok(client.post(f"{base}/sessions/{s}/metamessages/list", json={"metamessage_type": "t"}))
    assert [x["id"] for x in listed["items"]] == [made["id"]]
    assert ok(client.get(f"{base}/sessions/{s}/metamessages/{made['id']}?message_id={m}")) == made
    assert client.get(f"{base}/sessions/{s}/metamessages/{made['id']}?message_id=other").status_code == 404
    updated = ok(client.put(f"{base}/sessions/{s}/metamessages/{made['id']}", json={"message_id": m, "metadata": {"a": 1}}))
    assert updated["metadata"] == {"a": 1}
    user_level = ok(client.post(f"{base}/metamessages/list", json={"metamessage_type": "t"}))
    assert [x["metadata"] for x in user_level["items"]] == [{"a": 1}]


def test_collections_and_documents(client):
    base = user_path(client)
    col = ok(client.post(f"{base}/collections", json={"name": "facts", "metadata": {"k": 1}}))
    assert client.post(f"{base}/collections", json={"name": "facts"}).json() == {"detail": "Collection with name 'facts' already exists"}
    ok(client.post(f"{base}/collections", json={"name": "other"}))
    for path in (f"{base}/collections?collection_id={col['id']}", f"{base}/collections/{col['id']}", f"{base}/collections/name/facts"):
        assert ok(client.get(path)) == col
    assert [c["name"] for c in ok(client.post(f"{base}/collections/list", json={"filter": {"k": 1}}))["items"]] == ["facts"]
    assert client.put(f"{base}/collections/{col['id']}", json={"name": "other"}).json() == {
        "detail": "Collection update failed - name already in use"}
    renamed = ok(client.put(f"{base}/collections/{col['id']}", json={"name": "notes"}))
    assert renamed["name"] == "notes" and renamed["metadata"] == {"k": 1}
    d = f"{base}/collections/{col['id']}/documents"
    docs = [ok(client.post(d, json={"content": text, "metadata": meta})) for text, meta in [
        ("Alice drinks green tea every morning", {"kind": "habit"}),
        ("Alice plays chess on Sundays", {"kind": "hobby"}),
        ("tea tea tea: Alice loves tea", {"kind": "habit"}),
        ("Bob owns a bicycle", {})]]
    ranked = ok(client.post(f"{d}/query", json={"query": "green tea?", "top_k": 5}))
    assert [r["id"] for r in ranked] == [docs[0]["id"], docs[2]["id"]]
    assert [r["id"] for r in ok(client.post(f"{d}/query", json={"query": "tea", "top_k": 1}))] == [docs[2]["id"]]
    assert ok(client.post(f"{d}/query", json={"query": "alice", "filter": {"kind": "hobby"}})) == [
        ok(client.get(f"{d}/{docs[1]['id']}"))]
    assert ok(client.post(f"{d}/list?size=2", json={"filter": {"kind": "habit"}}))["total"] == 2
    changed = ok(client.put(f"{d}/{docs[3]['id']}", json={"content": "Bob sold his bicycle"}))
    assert changed["content"] == "Bob sold his bicycle" and changed["created_at"] >= docs[3]["created_at"]
    assert ok(client.delete(f"{d}/{docs[3]['id']}")) == {"message": "Document deleted successfully"}
    assert client.get(f"{d}/{docs[3]['id']}").json() == {"detail": f"Document with ID '{docs[3]['id']}' not found"}
    assert ok(client.delete(f"{base}/collections/{col['id']}")) == {"message": "Collection deleted successfully"}
    assert client.get(f"{base}/collections/{col['id']}").status_code == 404
    assert [k for k in kinds(client) if k == "honcho_v1.document"] == []


def kinds(client) -> list[str]:
    return [row.kind for row in client.app.state.store.export_rows() if type(row).__name__ == "RecordRow"]


def test_v1_records_are_exported_with_the_store(client):
    base = user_path(client)
    col = ok(client.post(f"{base}/collections", json={"name": "facts"}))
    ok(client.post(f"{base}/collections/{col['id']}/documents", json={"content": "x"}))
    ok(client.post(f"{base}/metamessages", json={"label": "l", "content": "c"}))
    assert sorted(kinds(client)) == ["honcho_v1.collection", "honcho_v1.document", "honcho_v1.metamessage"]


def test_ids_resolve_on_a_cold_start_even_among_many_peers(db):
    with TestClient(build_app(Settings(db=db))) as c:
        app = ok(c.get("/v1/apps/get_or_create/crowd"))["id"]
        ok(c.post("/v3/workspaces/crowd/sessions", json={"id": "s", "peers": {f"p{i}": {} for i in range(520)}}), 201)
        last = ok(c.get(f"/v1/apps/{app}/users/name/p519"))["id"]
    with TestClient(build_app(Settings(db=db))) as c:  # a new process: nothing remembered
        assert ok(c.get(f"/v1/apps/{app}"))["name"] == "crowd"
        assert ok(c.get(f"/v1/apps/{app}/users/{last}"))["name"] == "p519"
        other = base62(new_uid())  # a well-formed id that names nobody
        assert c.get(f"/v1/apps/{app}/users/{other}").json() == {"detail": f"User with ID '{other}' not found"}
