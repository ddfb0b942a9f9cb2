"""Honcho scopes (Honcho's main branch, src/routers/scopes.py) over HTTP: the routes, the
``scopes`` field on session create, ``scope`` on workspace search and session context, ``kind``
on peer listing. A scoped search must never return a message from outside the scope."""

import pytest

from gateway import cli
from tests.support.app import serving

W = "/v3/workspaces/ws1"
BOUND = {"Authorization": "Bearer k1"}


@pytest.fixture
def client_options():
    return {"api_keys": {"k1": "ws1", "root": "*"}}


@pytest.fixture(autouse=True)
def bound(request):
    """Every call in this module is made with the key bound to ws1."""
    if "client" in request.fixturenames:
        request.getfixturevalue("client").headers.update(BOUND)


def say(client, session, *lines, peer="alice"):
    client.post(f"{W}/sessions", json={"id": session})
    body = {"messages": [{"content": line, "peer_id": peer} for line in lines]}
    assert client.post(f"{W}/sessions/{session}/messages", json=body).status_code == 201


def search(client, query, **extra):
    return client.post(f"{W}/search", json={"query": query, **extra})


def test_get_or_create_answers_201_then_200_and_replaces_given_metadata(client):
    made = client.post(f"{W}/scopes", json={"id": "therapy", "metadata": {"a": 1}})
    assert made.status_code == 201
    assert list(made.json()) == ["id", "metadata", "created_at"]
    assert made.json()["id"] == "therapy" and made.json()["metadata"] == {"a": 1}
    again = client.post(f"{W}/scopes", json={"id": "therapy"})
    assert (again.status_code, again.json()) == (200, made.json())  # no metadata: kept
    changed = client.post(f"{W}/scopes", json={"name": "therapy", "metadata": {"b": 2}})
    assert (changed.status_code, changed.json()["metadata"]) == (200, {"b": 2})
    assert client.get(f"{W}/scopes/therapy").json() == changed.json()


@pytest.mark.parametrize("name, kind, msg", [
    ("", "string_too_short", "String should have at least 1 character"),
    ("has space", "value_error", "Value error, Scope name must match pattern ^[a-zA-Z0-9_-]+$"),
    ("scope.x", "value_error",
     "Value error, Scope name must not start with the reserved prefix 'scope.' (scope names are unprefixed)"),
    ("x" * 507, "value_error", "Value error, Scope name must be between 1 and 506 characters"),
    (7, "string_type", "Input should be a valid string"),
])
def test_bad_scope_names_are_honchos_422_and_store_nothing(client, name, kind, msg):
    answer = client.post(f"{W}/scopes", json={"id": name})
    assert answer.status_code == 422
    [error] = answer.json()["detail"]
    assert (error["type"], error["loc"], error["msg"], error["input"]) == (kind, ["body", "id"], msg, name)
    assert client.post(f"{W}/scopes/list").json()["total"] == 0


def test_missing_id_unknown_scope_and_other_workspace(client):
    assert client.post(f"{W}/scopes", json={}).json()["detail"][0]["loc"] == ["body", "id"]
    missing = client.get(f"{W}/scopes/nope")
    assert (missing.status_code, missing.json()) == (404, {"detail": "Scope nope not found in workspace ws1"})
    for path in ("/sessions/list", "/status"):
        method = client.post if path.endswith("list") else client.get
        assert method(f"{W}/scopes/nope{path}").json() == missing.json()
    assert client.post(f"{W}/scopes/nope/sessions", json={"session_ids": ["s"]}).status_code == 404
    assert client.delete(f"{W}/scopes/nope/sessions/s").status_code == 404
    other = client.post("/v3/workspaces/ws2/scopes", json={"id": "x"})
    assert (other.status_code, other.json()) == (401, {"detail": "JWT not permissioned for this resource"})


def test_a_peer_holding_the_reserved_name_is_a_409(client):
    # Honcho's own peer routes refuse the name; another dialect (Zep user ids) can make it
    client.post("/api/v2/users", json={"user_id": "scope.vip"}, headers={"Authorization": "Api-Key k1"})
    if client.get("/api/v2/users/scope.vip", headers={"Authorization": "Api-Key k1"}).status_code != 200:
        pytest.skip("zep user not made in ws1 with this key")
    clash = client.post(f"{W}/scopes", json={"id": "vip"})
    assert clash.status_code == 409
    assert clash.json()["detail"].startswith("A peer named 'scope.vip' already exists in workspace ws1")


def test_list_pages_in_creation_order_and_reverse(client):
    for name in ("c", "a", "b"):
        client.post(f"{W}/scopes", json={"id": name})
    page = client.post(f"{W}/scopes/list?size=2").json()
    assert ([s["id"] for s in page["items"]], page["total"], page["pages"]) == (["c", "a"], 3, 2)
    assert [s["id"] for s in client.post(f"{W}/scopes/list?page=2&size=2").json()["items"]] == ["b"]
    assert [s["id"] for s in client.post(f"{W}/scopes/list?reverse=true").json()["items"]] == ["b", "a", "c"]
    assert client.post("/v3/workspaces/ws1/scopes/list?size=101").status_code == 422


def test_membership_add_list_remove(client):
    for name in ("s1", "s2", "s3"):
        client.post(f"{W}/sessions", json={"id": name})
    client.post(f"{W}/scopes", json={"id": "t"})
    added = client.post(f"{W}/scopes/t/sessions", json={"session_ids": ["s2", "s1"]})
    assert (added.status_code, added.content) == (204, b"")
    assert client.post(f"{W}/scopes/t/sessions", json={"session_ids": ["s3"]}).status_code == 204
    assert client.post(f"{W}/scopes/t/sessions", json={"session_ids": ["s1"]}).status_code == 204  # no-op
    listed = client.post(f"{W}/scopes/t/sessions/list").json()
    assert [s["id"] for s in listed["items"]] == ["s1", "s2", "s3"]  # by membership age
    assert set(listed["items"][0]) == {"id", "is_active", "workspace_id", "metadata", "configuration", "created_at"}
    assert [s["id"] for s in client.post(f"{W}/scopes/t/sessions/list?reverse=true").json()["items"]] == ["s3", "s2", "s1"]
    removed = client.delete(f"{W}/scopes/t/sessions/s2")
    assert (removed.status_code, removed.content) == (204, b"")
    assert [s["id"] for s in client.post(f"{W}/scopes/t/sessions/list").json()["items"]] == ["s1", "s3"]
    assert client.delete(f"{W}/scopes/t/sessions/s2").status_code == 204  # not a member: still fine
    gone = client.delete(f"{W}/scopes/t/sessions/never")
    assert (gone.status_code, gone.json()) == (404, {"detail": "Session never not found in workspace ws1"})


def test_adding_unknown_sessions_is_honchos_404_and_adds_none(client):
    client.post(f"{W}/sessions", json={"id": "s1"})
    client.post(f"{W}/scopes", json={"id": "t"})
    answer = client.post(f"{W}/scopes/t/sessions", json={"session_ids": ["zz", "s1", "aa"]})
    assert (answer.status_code, answer.json()) == (404, {"detail": "Session(s) ['aa', 'zz'] not found in workspace ws1"})
    assert client.post(f"{W}/scopes/t/sessions/list").json()["total"] == 0


@pytest.mark.parametrize("body, kind", [
    ({"session_ids": []}, "too_short"),
    ({"session_ids": [f"s{i}" for i in range(101)]}, "too_long"),
    ({"session_ids": "s1"}, "list_type"),
    ({}, "missing"),
])
def test_membership_body_validation(client, body, kind):
    client.post(f"{W}/scopes", json={"id": "t"})
    answer = client.post(f"{W}/scopes/t/sessions", json=body)
    assert answer.status_code == 422 and answer.json()["detail"][0]["type"] == kind
    assert answer.json()["detail"][0]["loc"] == ["body", "session_ids"]


def test_a_deleted_session_leaves_the_scope_even_when_made_again(client):
    say(client, "s1", "private words")
    client.post(f"{W}/scopes", json={"id": "t"})
    client.post(f"{W}/scopes/t/sessions", json={"session_ids": ["s1"]})
    assert client.delete(f"{W}/sessions/s1").status_code == 202
    say(client, "s1", "private words again")
    assert client.post(f"{W}/scopes/t/sessions/list").json()["total"] == 0
    assert search(client, "private", scope="t").json() == []


def test_scoped_search_sees_only_the_scopes_sessions(client):
    say(client, "inside", "the invoice inside")
    say(client, "outside", "the invoice outside")
    say(client, "later", "the invoice later")
    client.post(f"{W}/scopes", json={"id": "t"})
    client.post(f"{W}/scopes/t/sessions", json={"session_ids": ["inside"]})
    assert len(search(client, "invoice").json()) == 3
    found = search(client, "invoice", scope="t").json()
    assert [m["content"] for m in found] == ["the invoice inside"]
    assert {m["session_id"] for m in search(client, "the", scope="t", limit=100).json()} == {"inside"}
    # filters are ANDed with the scope, never widen it
    assert search(client, "invoice", scope="t", filters={"peer_id": "alice"}).json() == found
    assert search(client, "invoice", scope="t", filters={"OR": [{"peer_id": "alice"}]}).json() == found
    client.post(f"{W}/scopes/t/sessions", json={"session_ids": ["later"]})
    assert sorted(m["session_id"] for m in search(client, "invoice", scope="t").json()) == ["inside", "later"]
    client.delete(f"{W}/scopes/t/sessions/inside")
    assert [m["session_id"] for m in search(client, "invoice", scope="t").json()] == ["later"]


def test_a_clone_is_in_the_scopes_of_its_original(client):
    say(client, "s1", "cloned words")
    client.post(f"{W}/sessions", json={"id": "s2", "scopes": ["other"]})
    client.post(f"{W}/scopes", json={"id": "t"})
    client.post(f"{W}/scopes/t/sessions", json={"session_ids": ["s1"]})
    clone = client.post(f"{W}/sessions/s1/clone").json()["id"]
    assert [s["id"] for s in client.post(f"{W}/scopes/t/sessions/list").json()["items"]] == ["s1", clone]
    assert client.post(f"{W}/scopes/other/sessions/list").json()["total"] == 1
    assert sorted(m["session_id"] for m in search(client, "cloned", scope="t").json()) == sorted(["s1", clone])


def test_scoped_search_fails_closed(client):
    say(client, "s1", "hello there")
    client.post(f"{W}/scopes", json={"id": "empty"})
    assert search(client, "hello", scope="empty").json() == []
    unknown = search(client, "hello", scope="nope")
    assert (unknown.status_code, unknown.json()) == (404, {"detail": "Scope nope not found in workspace ws1"})
    both = search(client, "hello", scope="empty", filters={"session_id": "s1"})
    assert (both.status_code, both.json()) == (422, {"detail": "`scope` and a 'session_id' filter are mutually exclusive"})
    assert search(client, "hello", scope=["empty"]).status_code == 422


def test_session_create_with_scopes(client):
    made = client.post(f"{W}/sessions", json={"id": "s1", "scopes": ["a", "b"]})
    assert made.status_code == 201 and "scopes" not in made.json()
    assert [s["id"] for s in client.post(f"{W}/scopes/list").json()["items"]] == ["a", "b"]
    assert [s["id"] for s in client.post(f"{W}/scopes/a/sessions/list").json()["items"]] == ["s1"]
    assert client.get(f"{W}/scopes/a/status").json() == {"backfill_status": {}}  # nothing to copy
    say(client, "s2", "already here")
    assert client.post(f"{W}/sessions", json={"id": "s2", "scopes": ["a"]}).status_code == 200
    status = client.get(f"{W}/scopes/a/status").json()["backfill_status"]
    assert list(status) == ["s2"] and status["s2"]["state"] == "completed" and status["s2"]["docs_copied"] == 0
    assert status["s2"]["updated_at"].endswith("+00:00")  # Honcho's isoformat() text
    assert [s["id"] for s in client.post(f"{W}/scopes/a/sessions/list").json()["items"]] == ["s1", "s2"]
    client.delete(f"{W}/scopes/a/sessions/s2")
    assert client.get(f"{W}/scopes/a/status").json() == {"backfill_status": {}}


@pytest.mark.parametrize("scopes, kind", [
    (["ok", "bad name"], "value_error"),
    (["scope.x"], "value_error"),
    ([f"s{i}" for i in range(101)], "too_long"),
    ("a", "list_type"),
])
def test_session_create_with_bad_scopes_stores_nothing(client, scopes, kind):
    answer = client.post(f"{W}/sessions", json={"id": "s1", "scopes": scopes})
    assert answer.status_code == 422
    [error] = answer.json()["detail"]
    assert (error["type"], error["loc"]) == (kind, ["body", "scopes"])
    assert client.post(f"{W}/sessions/list").json()["total"] == 0
    assert client.post(f"{W}/scopes/list").json()["total"] == 0


def test_session_context_scope(client):
    say(client, "s1", "hi")
    client.put(f"{W}/peers/alice/card", json={"peer_card": ["likes tea"]})
    plain = client.get(f"{W}/sessions/s1/context?peer_target=alice").json()
    assert plain["peer_card"] == ["likes tea"]
    missing = client.get(f"{W}/sessions/s1/context?peer_target=alice&scope=t")
    assert (missing.status_code, missing.json()) == (404, {"detail": "Scope t not found in workspace ws1"})
    client.post(f"{W}/scopes", json={"id": "t"})
    scoped = client.get(f"{W}/sessions/s1/context?peer_target=alice&scope=t")
    assert scoped.status_code == 200
    assert scoped.json()["peer_card"] is None  # the scope's own card: scopes hold none
    assert [m["content"] for m in scoped.json()["messages"]] == ["hi"]
    no_target = client.get(f"{W}/sessions/s1/context?scope=t")
    assert (no_target.status_code, no_target.json()) == (422, {"detail": "peer_target must be provided if scope is provided"})
    both = client.get(f"{W}/sessions/s1/context?peer_target=alice&peer_perspective=bob&scope=t")
    assert (both.status_code, both.json()) == (422, {"detail": "`scope` and `peer_perspective` are mutually exclusive"})


def test_peer_listing_kind(client):
    client.post(f"{W}/peers", json={"id": "alice"})
    client.post(f"{W}/scopes", json={"id": "t", "metadata": {"x": 1}})
    client.post(f"{W}/peers", json={"id": "bob"})
    assert [p["id"] for p in client.post(f"{W}/peers/list").json()["items"]] == ["alice", "bob"]
    scoped = client.post(f"{W}/peers/list", json={"kind": "scope"}).json()
    assert scoped["total"] == 1
    assert scoped["items"][0] | {"created_at": None} == {
        "id": "scope.t", "workspace_id": "ws1", "created_at": None, "metadata": {"x": 1},
        "configuration": {"observe_me": False}}
    every = client.post(f"{W}/peers/list", json={"kind": "all"}).json()
    assert ([p["id"] for p in every["items"]], every["total"]) == (["alice", "scope.t", "bob"], 3)
    assert [p["id"] for p in client.post(f"{W}/peers/list?size=1&page=2", json={"kind": "all"}).json()["items"]] == ["scope.t"]
    assert [p["id"] for p in client.post(f"{W}/peers/list?reverse=true", json={"kind": "all"}).json()["items"]] == ["bob", "scope.t", "alice"]
    filtered = client.post(f"{W}/peers/list", json={"kind": "all", "filters": {"metadata": {"x": 1}}}).json()
    assert [p["id"] for p in filtered["items"]] == ["scope.t"]
    bad = client.post(f"{W}/peers/list", json={"kind": "scopes"})
    assert bad.status_code == 422
    assert bad.json()["detail"][0] | {"input": None} == {
        "type": "literal_error", "loc": ["body", "kind"], "msg": "Input should be 'scope' or 'all'",
        "input": None, "ctx": {"expected": "'scope' or 'all'"}}


def test_scopes_are_no_peers_in_other_routes_and_go_with_their_workspace(client):
    client.post(f"{W}/sessions", json={"id": "s1", "scopes": ["t"]})
    assert client.get(f"{W}/sessions/s1/peers").json()["items"] == []
    assert client.post(f"{W}/peers/list").json()["total"] == 0
    assert client.delete(f"{W}/sessions/s1").status_code == 202
    assert client.delete(W).status_code == 202
    assert client.get(f"{W}/scopes/t").status_code == 404


def test_scopes_survive_export_and_import(tmp_path, db, other_db):
    a, b, dump = db, other_db, str(tmp_path / "x.jsonl")
    with serving(a) as source:
        say(source, "inside", "the invoice inside")
        say(source, "outside", "the invoice outside")
        source.post(f"{W}/scopes", json={"id": "t", "metadata": {"m": 1}})
        source.post(f"{W}/scopes/t/sessions", json={"session_ids": ["inside"]})
        before = [source.get(f"{W}/scopes/t").json(), source.get(f"{W}/scopes/t/status").json()]
    assert cli.main(["export", "--db", a, "-o", dump]) == 0
    assert cli.main(["import", dump, "--db", b]) == 0
    with serving(b) as copy:
        assert [copy.get(f"{W}/scopes/t").json(), copy.get(f"{W}/scopes/t/status").json()] == before
        assert [s["id"] for s in copy.post(f"{W}/scopes/t/sessions/list").json()["items"]] == ["inside"]
        found = copy.post(f"{W}/search", json={"query": "invoice", "scope": "t"}).json()
        assert [m["content"] for m in found] == ["the invoice inside"]
