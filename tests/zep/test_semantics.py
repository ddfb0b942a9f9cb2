"""Zep v2 semantics a user depends on (docs/vendors.md, Zep §6): conflicts, ended sessions, deep merges,
paging, client UUIDs, deletes, 3.x threads over the same data, auth and the key's workspace."""

import uuid

from starlette.testclient import TestClient

from gateway.app import build_app
from gateway.settings import Settings

V2 = "/api/v2"


def seed(c, user="u1", session="s1", texts=("one", "two", "three")):
    assert c.post(f"{V2}/users", json={"user_id": user, "first_name": "Ada", "email": "a@x.io"}).status_code == 201
    assert c.post(f"{V2}/sessions", json={"session_id": session, "user_id": user}).status_code == 201
    messages = [{"content": t, "role_type": "user" if i % 2 == 0 else "assistant", "role": "Ada" if i % 2 == 0 else "Bot"}
                for i, t in enumerate(texts)]
    assert c.post(f"{V2}/sessions/{session}/memory", json={"messages": messages}).status_code == 200


def test_user_and_session_create_conflicts_use_zeps_messages(client):
    seed(client)
    again = client.post(f"{V2}/users", json={"user_id": "u1"})
    assert (again.status_code, again.json()) == (400, {"message": "bad request: user already exists with user_id: u1"})
    taken = client.post(f"{V2}/sessions", json={"session_id": "s1", "user_id": "u1"})
    assert (taken.status_code, taken.json()) == (400, {"message": "bad request: session already exists with session_id: s1"})
    ghost = client.post(f"{V2}/sessions", json={"session_id": "s2", "user_id": "nobody"})
    assert (ghost.status_code, ghost.json()) == (400, {"message": "bad request: user does not exist with user_id: nobody"})
    assert client.get(f"{V2}/sessions/s2").status_code == 404
    assert client.get(f"{V2}/users/nobody").status_code == 404


def test_user_fields_update_and_delete_with_sessions(client):
    seed(client)
    user = client.get(f"{V2}/users/u1").json()
    assert (user["first_name"], user["email"], user["user_id"]) == ("Ada", "a@x.io", "u1")
    assert uuid.UUID(user["uuid"])
    updated = client.patch(f"{V2}/users/u1", json={"last_name": "L", "metadata": {"a": {"b": 1}, "system": 1}}).json()
    assert (updated["first_name"], updated["last_name"]) == ("Ada", "L")
    updated = client.patch(f"{V2}/users/u1", json={"metadata": {"a": {"c": 2}}}).json()
    assert updated["metadata"] == {"a": {"b": 1, "c": 2}, "system": 1}  # users keep "system"
    assert [s["session_id"] for s in client.get(f"{V2}/users/u1/sessions").json()] == ["s1"]
    assert client.delete(f"{V2}/users/u1").json() == {"message": "OK"}
    assert client.get(f"{V2}/sessions/s1").status_code == 404
    assert client.delete(f"{V2}/users/u1").status_code == 404


def test_users_ordered_pages_newest_first_and_searches(client):
    for i in range(7):
        client.post(f"{V2}/users", json={"user_id": f"user{i}", "email": f"{i}@mail"})
    page = client.get(f"{V2}/users-ordered?pageSize=5&pageNumber=2").json()
    assert (page["total_count"], page["row_count"]) == (7, 2)
    assert [u["user_id"] for u in page["users"]] == ["user1", "user0"]
    everyone = client.get(f"{V2}/users-ordered?pageNumber=&pageSize=").json()
    assert everyone["row_count"] == 7
    found = client.get(f"{V2}/users-ordered?search=3@MAIL").json()
    assert [u["user_id"] for u in found["users"]] == ["user3"] and found["total_count"] == 1
    by_id = client.get(f"{V2}/users-ordered?order_by=user_id&asc=true&pageSize=2").json()
    assert [u["user_id"] for u in by_id["users"]] == ["user0", "user1"]
    assert client.get(f"{V2}/users-ordered?order_by=shoe_size").status_code == 400


def test_sessions_ordered_accepts_both_spellings_and_orders(client):
    client.post(f"{V2}/users", json={"user_id": "b"})
    client.post(f"{V2}/users", json={"user_id": "a"})
    for name, user in (("s-c", "a"), ("s-a", "b"), ("s-b", "a")):
        client.post(f"{V2}/sessions", json={"session_id": name, "user_id": user})
    snake = client.get(f"{V2}/sessions-ordered?page_number=1&page_size=2").json()
    camel = client.get(f"{V2}/sessions-ordered?pageNumber=1&pageSize=2").json()
    assert snake == camel and [s["session_id"] for s in snake["sessions"]] == ["s-b", "s-a"]
    assert (snake["total_count"], snake["response_count"]) == (3, 2)
    by_id = client.get(f"{V2}/sessions-ordered?order_by=session_id&asc=true").json()
    assert [s["session_id"] for s in by_id["sessions"]] == ["s-a", "s-b", "s-c"]
    by_user = client.get(f"{V2}/sessions-ordered?order_by=user_id&asc=true&page_size=2&page_number=2").json()
    assert [s["session_id"] for s in by_user["sessions"]] == ["s-a"]
    client.patch(f"{V2}/sessions/s-c", json={"metadata": {"x": 1}})
    newest = client.get(f"{V2}/sessions-ordered?order_by=updated_at&page_size=1").json()
    assert newest["sessions"][0]["session_id"] == "s-c"
    bad = client.get(f"{V2}/sessions-ordered?order_by=drop table")
    assert (bad.status_code, bad.json()) == (400, {"message": "bad request: invalid value for order_by: drop table"})


def test_session_metadata_deep_merges_and_drops_system(client):
    client.post(f"{V2}/sessions", json={"session_id": "s", "metadata": {"a": {"b": 1, "c": 1}, "keep": True}})
    out = client.patch(f"{V2}/sessions/s", json={"metadata": {"a": {"c": 2}, "system": {"x": 1}, "new": [1]}}).json()
    assert out["metadata"] == {"a": {"b": 1, "c": 2}, "keep": True, "new": [1]}
    bumped = client.patch(f"{V2}/sessions/s", json={"metadata": {}}).json()
    assert bumped["metadata"] == out["metadata"] and bumped["updated_at"] >= out["updated_at"]


def test_ended_session_refuses_writes_with_409(client):
    seed(client)
    ended = client.post(f"{V2}/sessions/s1/end", json={}).json()["session"]
    assert ended["ended_at"] is not None
    for method, path, body in (("POST", f"{V2}/sessions/s1/memory", {"messages": [{"content": "x", "role_type": "user"}]}),
                               ("PATCH", f"{V2}/sessions/s1", {"metadata": {"a": 1}})):
        refused = client.request(method, path, json=body)
        assert (refused.status_code, refused.json()) == (409, {"message": "session ended: session has ended"})
    again = client.post(f"{V2}/sessions/s1/end", json={}).json()["session"]
    assert again["ended_at"] == ended["ended_at"]
    assert len(client.get(f"{V2}/sessions/s1/memory").json()["messages"]) == 3


def test_end_many_and_classify_needs_an_llm(client):
    for name in ("e1", "e2"):
        client.post(f"{V2}/sessions", json={"session_id": name})
    assert client.post(f"{V2}/sessions/end", json={"session_ids": ["e1", "nope"]}).status_code == 404
    assert client.get(f"{V2}/sessions/e1").json()["ended_at"] is None  # nothing ended on a 404
    done = client.post(f"{V2}/sessions/end", json={"session_ids": ["e1", "e2"]}).json()["sessions"]
    assert [s["ended_at"] is not None for s in done] == [True, True]
    classify = client.post(f"{V2}/sessions/e1/end", json={"classify": {"classes": ["a"], "name": "n"}})
    assert classify.status_code == 501 and "Rosetta" in classify.json()["message"]


def test_memory_lastn_and_message_paging(client):
    seed(client, texts=[f"m{i}" for i in range(10)])
    memory = client.get(f"{V2}/sessions/s1/memory").json()
    assert [m["content"] for m in memory["messages"]] == [f"m{i}" for i in range(4, 10)]  # CE default 6
    assert (memory["relevant_facts"], memory["context"]) == ([], "")
    assert [m["content"] for m in client.get(f"{V2}/sessions/s1/memory?lastn=2&minRating=").json()["messages"]] == ["m8", "m9"]
    assert client.get(f"{V2}/sessions/s1/memory?lastn=-1").json() == {"message": "bad request: lastn cannot be negative"}
    page = client.get(f"{V2}/sessions/s1/messages?limit=4&cursor=3").json()
    assert ([m["content"] for m in page["messages"]], page["total_count"], page["row_count"]) == (["m8", "m9"], 10, 2)
    assert client.get(f"{V2}/sessions/s1/messages?limit=4").json()["messages"][0]["content"] == "m0"
    assert client.get(f"{V2}/sessions/s1/messages").json()["row_count"] == 10
    assert client.get(f"{V2}/sessions/s1/messages?limit=3&cursor=9").json()["messages"] == []


def test_authorship_round_trips(client):
    seed(client)
    messages = client.get(f"{V2}/sessions/s1/messages").json()["messages"]
    assert [(m["role"], m["role_type"]) for m in messages] == [("Ada", "user"), ("Bot", "assistant"), ("Ada", "user")]
    honcho = client.post("/v3/workspaces/default/sessions/s1/messages/list", json={}).json()["items"]
    assert [m["peer_id"] for m in honcho] == ["u1", "Bot", "u1"]  # user messages by the session's user
    client.post(f"{V2}/sessions/s1/memory", json={"messages": [{"content": "x", "role_type": "norole"}]})
    last = client.get(f"{V2}/sessions/s1/messages").json()["messages"][-1]
    assert (last["role_type"], last["role"]) == ("norole", "norole")


def test_client_uuid_and_created_at_are_kept(client):
    mine = str(uuid.uuid4())
    body = {"messages": [{"content": "hi", "role_type": "user", "uuid": mine, "created_at": "2024-06-01T10:15:30Z"}]}
    assert client.post(f"{V2}/sessions/s/memory", json=body).status_code == 200
    got = client.get(f"{V2}/sessions/s/messages/{mine}").json()
    assert (got["uuid"], got["content"], got["created_at"]) == (mine, "hi", "2024-06-01T10:15:30.000000Z")
    dup = client.post(f"{V2}/sessions/s/memory", json=body)
    assert (dup.status_code, dup.json()) == (400, {"message": "bad request: message_uuid already exists"})
    assert client.get(f"{V2}/sessions/s/messages").json()["total_count"] == 1


def test_message_metadata_patch_deep_merges(client):
    body = {"messages": [{"content": "hi", "role_type": "user", "metadata": {"a": {"b": 1}, "k": "v"}}]}
    client.post(f"{V2}/sessions/s/memory", json=body)
    target = client.get(f"{V2}/sessions/s/messages").json()["messages"][0]["uuid"]
    patched = client.patch(f"{V2}/sessions/s/messages/{target}", json={"metadata": {"a": {"c": 2}, "system": "no"}}).json()
    assert patched["metadata"] == {"a": {"b": 1, "c": 2}, "k": "v"}
    assert client.patch(f"{V2}/sessions/s/messages/{target}", json={}).status_code == 400
    assert client.patch(f"{V2}/sessions/other/messages/{target}", json={"metadata": {}}).status_code == 404


def test_memory_delete_removes_session_and_messages(client):
    seed(client)
    assert client.delete(f"{V2}/sessions/s1/memory").json() == {"message": "OK"}
    assert client.get(f"{V2}/sessions/s1").status_code == 404
    assert client.get(f"{V2}/sessions/s1/messages").status_code == 404
    assert client.post("/v3/workspaces/default/sessions/s1/messages/list", json={}).json()["items"] == []
    assert client.delete(f"{V2}/sessions/s1/memory").status_code == 404


def test_memory_add_creates_an_unknown_session_and_return_context(client):
    answer = client.post(f"{V2}/sessions/fresh/memory", json={"messages": [{"content": "x", "role_type": "user"}], "return_context": True})
    assert (answer.status_code, answer.json()) == (200, {"context": ""})
    assert client.get(f"{V2}/sessions/fresh").json()["user_id"] is None


def test_search_across_and_within_sessions(client):
    seed(client, texts=("the parcel never arrived", "sorry about the parcel", "thanks"))
    seed(client, user="u2", session="s2", texts=("parcel tracking number", "ok", "bye"))
    hits = client.post(f"{V2}/sessions/search?limit=10", json={"text": "parcel"}).json()["results"]
    assert len(hits) == 3 and {h["session_id"] for h in hits} == {"s1", "s2"}
    assert hits[0]["score"] == 1.0 and hits[1]["score"] == 0.5
    mine = client.post(f"{V2}/sessions/search", json={"text": "parcel", "user_id": "u2"}).json()["results"]
    assert [h["message"]["content"] for h in mine] == ["parcel tracking number"]
    only = client.post(f"{V2}/sessions/search", json={"text": "parcel", "session_ids": ["s1"]}).json()["results"]
    assert {h["session_id"] for h in only} == {"s1"}
    assert client.post(f"{V2}/sessions/search", json={"text": "parcel", "search_scope": "facts"}).json() == {"results": []}
    within = client.post(f"{V2}/sessions/s2/search?limit=1", json={"text": "parcel"}).json()
    assert [r["message"]["content"] for r in within] == ["parcel tracking number"] and within[0]["score"] == 1.0
    assert client.post(f"{V2}/sessions/nope/search", json={"text": "x"}).status_code == 404


def test_facts_are_empty_and_llm_routes_answer_501(client):
    seed(client)
    assert client.get(f"{V2}/sessions/s1/facts").json() == {"facts": []}
    assert client.get(f"{V2}/users/u1/facts").json() == {"facts": []}
    assert client.get(f"{V2}/facts/{uuid.uuid4()}").json() == {"message": "not found"}
    assert client.delete(f"{V2}/facts/{uuid.uuid4()}").status_code == 404
    for method, path in (("POST", "/sessions/s1/classify"), ("POST", "/sessions/s1/extract"),
                         ("GET", "/sessions/s1/synthesize_question"), ("GET", "/sessions/s1/summary"),
                         ("POST", "/sessions/s1/facts"), ("GET", "/threads/s1/summary")):
        refused = client.request(method, V2 + path, json={})
        assert refused.status_code == 501 and refused.json()["message"].startswith("Rosetta stores"), path
        assert refused.headers["content-type"] == "application/json"


def test_llm_routes_answer_404_for_an_unknown_session_first(client):
    seed(client)
    for method, path in (("POST", "/sessions/nope/classify"), ("POST", "/sessions/nope/extract"),
                         ("GET", "/sessions/nope/synthesize_question"), ("GET", "/sessions/nope/summary"),
                         ("POST", "/sessions/nope/facts"), ("GET", "/sessions/nope/facts"),
                         ("GET", "/threads/nope/summary"), ("POST", "/sessions/nope/end")):
        missing = client.request(method, V2 + path, json={"classify": {"classes": ["a"], "name": "n"}})
        assert (missing.status_code, missing.json()) == (404, {"message": "not found"}), path
        assert missing.headers["content-type"] == "application/json"


def test_threads_share_the_sessions(client):
    client.post(f"{V2}/users", json={"user_id": "u"})
    made = client.post(f"{V2}/threads", json={"thread_id": "t1", "user_id": "u"})
    assert made.status_code == 201 and made.json()["thread_id"] == "t1"
    added = client.post(f"{V2}/threads/t1/messages", json={"messages": [
        {"content": "hi", "role": "user", "name": "Jane"}, {"content": "yo", "role": "assistant"}], "return_context": True}).json()
    assert len(added["message_uuids"]) == 2 and added["context"] == ""
    v2 = client.get(f"{V2}/sessions/t1/messages").json()["messages"]
    assert [(m["role_type"], m["role"]) for m in v2] == [("user", "Jane"), ("assistant", "assistant")]
    assert [m["uuid"] for m in v2] == added["message_uuids"]
    got = client.get(f"{V2}/threads/t1/messages?lastn=1").json()
    assert [(m["role"], m["name"], m["content"]) for m in got["messages"]] == [("assistant", "assistant", "yo")]
    assert (got["total_count"], got["user_id"]) == (2, "u")
    patched = client.patch(f"{V2}/messages/{added['message_uuids'][0]}", json={"metadata": {"k": 1}}).json()
    assert (patched["role"], patched["name"], patched["metadata"]) == ("user", "Jane", {"k": 1})
    assert [t["thread_id"] for t in client.get(f"{V2}/users/u/threads").json()] == ["t1"]
    assert client.get(f"{V2}/users/u/warm").json() == {"message": "OK"}
    listed = client.get(f"{V2}/threads?page_size=5&order_by=thread_id").json()
    assert (listed["total_count"], listed["threads"][0]["thread_id"]) == (1, "t1")
    bad_role = client.post(f"{V2}/threads/t1/messages", json={"messages": [{"content": "x", "role_type": "user"}]})
    assert bad_role.json() == {"message": "bad request: messages are required to have a role"}
    assert client.delete(f"{V2}/threads/t1").json() == {"message": "OK"}
    assert client.get(f"{V2}/threads/t1/messages").status_code == 404


def test_get_and_delete_tolerate_a_json_body_and_encoded_ids(client):
    client.post(f"{V2}/sessions", json={"session_id": "my session é"})
    headers = {"content-type": "application/json"}
    got = client.request("GET", f"{V2}/sessions/my%20session%20%C3%A9", content=b"{}", headers=headers)
    assert got.status_code == 200 and got.json()["session_id"] == "my session é"
    gone = client.request("DELETE", f"{V2}/sessions/my%20session%20%C3%A9/memory", content=b"{}", headers=headers)
    assert gone.json() == {"message": "OK"}


def test_auth_uses_api_key_scheme_and_the_keys_workspace(tmp_path):
    settings = Settings(db=str(tmp_path / "a.db"), api_keys={"zk": "team", "root": "*"})
    with TestClient(build_app(settings)) as c:
        missing = c.get(f"{V2}/sessions-ordered")
        assert (missing.status_code, missing.json()) == (401, {"message": "unauthorized"})
        assert missing.headers["content-type"] == "application/json"
        assert c.get(f"{V2}/sessions-ordered", headers={"Authorization": "Api-Key nope"}).status_code == 401
        key = {"Authorization": "Api-Key zk"}
        assert c.post(f"{V2}/sessions", json={"session_id": "s"}, headers=key).status_code == 201
        root = {"Authorization": "Api-Key root"}
        assert c.get(f"{V2}/sessions/s", headers=root).status_code == 404  # admin: "default"
        honcho = c.post("/v3/workspaces/team/sessions/list", json={}, headers={"Authorization": "Bearer zk"}).json()
        assert [s["id"] for s in honcho["items"]] == ["s"]


def test_session_soft_deleted_elsewhere_is_readable_but_not_writable(client):
    seed(client)
    store = client.app.state.store  # Honcho v1's session delete marks a session inactive
    client.portal.call(lambda: store.set_session_state("default", "s1", is_active=False))
    assert client.get(f"{V2}/sessions/s1").status_code == 200
    assert len(client.get(f"{V2}/sessions/s1/messages").json()["messages"]) == 3
    assert client.get(f"{V2}/sessions-ordered").json()["total_count"] == 0
    refused = client.post(f"{V2}/sessions/s1/memory", json={"messages": [{"content": "x", "role_type": "user"}]})
    assert (refused.status_code, refused.json()) == (404, {"message": "not found"})
    assert client.patch(f"{V2}/sessions/s1", json={"metadata": {"a": 1}}).status_code == 404


def test_message_authors_are_not_users_until_someone_makes_them_users(client):
    """docs/contract.md §8: a peer made only because a message named a sender is not listed."""
    seed(client)  # messages by "Ada" (the user u1's sender name) and "Bot"
    names = lambda: [u["user_id"] for u in client.get(f"{V2}/users-ordered?asc=true").json()["users"]]
    assert names() == ["u1"]
    peers = client.post("/v3/workspaces/default/peers/list").json()["items"]
    assert "Bot" in [p["id"] for p in peers]  # still a Honcho peer
    made = client.post(f"{V2}/users", json={"user_id": "Bot", "first_name": "B"})
    assert made.status_code == 201 and made.json()["first_name"] == "B"
    assert names() == ["u1", "Bot"]
    assert client.post(f"{V2}/users", json={"user_id": "Bot"}).status_code == 400
    assert client.post("/v3/workspaces/default/peers", json={"id": "Ada"}).status_code in (200, 201)
    assert names() == ["u1", "Bot", "Ada"]
