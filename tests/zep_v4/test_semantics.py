"""Zep v4 semantics over the shared store: UUIDs shared with v2, §8 users, idempotent writes,
merges, deletes that answer tasks, auth and the key's workspace."""

from adapters.zep_v4 import idempotency
from tests.support.app import serving

V4, V2 = "/api/v4", "/api/v2"


def v2_seed(c):
    assert c.post(f"{V2}/users", json={"user_id": "u1", "email": "u1@x.io"}).status_code == 201
    assert c.post(f"{V2}/sessions", json={"session_id": "s1", "user_id": "u1"}).status_code == 201
    messages = [{"content": "hello", "role_type": "user"}, {"content": "hi", "role_type": "assistant", "role": "Bot"}]
    assert c.post(f"{V2}/sessions/s1/memory", json={"messages": messages}).status_code == 200


def test_v2_records_have_the_same_uuids_in_v4(client):
    v2_seed(client)
    user = client.get(f"{V2}/users/u1").json()
    session = client.get(f"{V2}/sessions/s1").json()
    v2_messages = client.get(f"{V2}/sessions/s1/messages").json()["messages"]
    assert client.get(f"{V4}/users/{user['uuid']}").json()["email"] == "u1@x.io"
    thread = client.post(f"{V4}/threads/lookup", json={"thread_id": "s1"}).json()
    assert (thread["uuid"], thread["thread_id"], thread["user_uuid"]) == (session["uuid"], "s1", user["uuid"])
    items = client.get(f"{V4}/threads/{thread['uuid']}/messages").json()["items"]
    assert [m["uuid"] for m in items] == [m["uuid"] for m in v2_messages]
    assert [(m["role"], m["name"]) for m in items] == [("user", "u1"), ("assistant", "Bot")]
    patched = client.patch(f"{V4}/threads/{thread['uuid']}/messages/{items[1]['uuid']}", json={"metadata": {"x": 1}})
    assert patched.json()["metadata"] == {"x": 1}
    assert client.get(f"{V2}/sessions/s1/messages/{items[1]['uuid']}").json()["metadata"] == {"x": 1}


def test_message_authors_are_not_users_until_made_users(client):
    """docs/contract.md §8, through v4: "Bot" wrote a message; it is no user until made one."""
    v2_seed(client)
    listed = lambda: [u["user_id"] for u in client.post(f"{V4}/users/list", json={}).json()["items"]]
    assert listed() == ["u1"]
    assert client.post(f"{V4}/users/lookup", json={"user_id": "Bot"}).status_code == 404
    made = client.post(f"{V4}/users", json={"user_id": "Bot", "first_name": "B"})
    assert made.status_code == 201 and listed() == ["u1", "Bot"]
    assert client.post(f"{V4}/users/lookup", json={"user_id": "Bot"}).json()["uuid"] == made.json()["uuid"]
    assert client.post(f"{V4}/users", json={"user_id": "Bot"}).status_code == 409


def test_honcho_v1_user_create_enrolls(client):
    v2_seed(client)
    app = client.get("/v1/apps/get_or_create/default").json()
    assert client.post(f"/v1/apps/{app['id']}/users", json={"name": "Bot"}).status_code == 200
    assert client.post(f"{V4}/users/lookup", json={"user_id": "Bot"}).status_code == 200


def test_idempotent_writes_replay_and_refuse_reuse(client, monkeypatch):
    user = client.post(f"{V4}/users", json={"user_id": "ada"}).json()["uuid"]
    thread = client.post(f"{V4}/threads", json={"user_uuid": user}).json()["uuid"]
    path, key = f"{V4}/threads/{thread}/messages", {"Idempotency-Key": "k-1"}
    first = client.post(path, json={"messages": [{"content": "once", "role": "user"}]}, headers=key)
    again = client.post(path, json={"messages": [{"content": "once", "role": "user"}]}, headers=key)
    assert first.json() == again.json() and again.status_code == 200
    other = client.post(path, json={"messages": [{"content": "twice", "role": "user"}]}, headers=key)
    assert other.status_code == 409 and other.json()["error"]["code"] == "idempotency_key_reused"
    assert client.get(path).json()["total_size"] == 1
    monkeypatch.setattr(idempotency, "KEPT", -idempotency.KEPT)  # keys now expire at once
    client.post(path, json={"messages": [{"content": "after", "role": "user"}]}, headers={"Idempotency-Key": "k-2"})
    later = client.post(path, json={"messages": [{"content": "after", "role": "user"}]}, headers={"Idempotency-Key": "k-2"})
    assert later.status_code == 200 and client.get(path).json()["total_size"] == 3


def test_expired_answers_are_deleted(client, monkeypatch):
    monkeypatch.setattr(idempotency, "KEPT", -2 * idempotency.HOUR)  # expired two hours ago
    client.post(f"{V4}/users", json={"user_id": "old"}, headers={"Idempotency-Key": "old"})
    s = client.app.state.store
    kept = lambda: client.portal.call(lambda: s.list_records("default", "zep.idempotency"))
    assert kept().total == 1
    idempotency._pruned().clear()
    monkeypatch.setattr(idempotency, "KEPT", idempotency.HOUR * 24)
    client.post(f"{V4}/users", json={"user_id": "new"}, headers={"Idempotency-Key": "new"})
    [live] = kept().items  # the expired answer was deleted when the next one was kept
    assert live["expires_at"] > client.post(f"{V4}/users", json={}).json()["created_at"]


def test_keys_are_kept_a_day(client):
    assert idempotency.KEPT.total_seconds() >= 24 * 3600
    client.post(f"{V4}/users", json={"user_id": "kept"}, headers={"Idempotency-Key": "day"})
    assert client.post(f"{V4}/users", json={"user_id": "kept"}, headers={"Idempotency-Key": "day"}).status_code == 201


def test_user_delete_takes_threads_and_episodes_and_reports_a_task(client):
    user = client.post(f"{V4}/users", json={"user_id": "gone"}).json()["uuid"]
    thread = client.post(f"{V4}/threads", json={"user_uuid": user}).json()["uuid"]
    client.post(f"{V4}/threads/{thread}/messages", json={"messages": [{"content": "x", "role": "user"}]})
    client.post(f"{V4}/graphs/{user}/episodes", json={"data": "fact"})
    answer = client.delete(f"{V4}/users/{user}")
    task = client.get(f"{V4}/tasks/{answer.json()['task']['uuid']}").json()
    assert (task["status"], task["type"]) == ("succeeded", "user.delete")
    assert client.get(f"{V4}/threads/{thread}").status_code == 404
    assert client.get(f"{V2}/sessions/{thread}").status_code == 404
    assert client.post(f"{V4}/graphs/{user}/episodes/list", json={}).status_code == 404


def test_pages_follow_next_cursor(client):
    user = client.post(f"{V4}/users", json={"user_id": "p"}).json()["uuid"]
    thread = client.post(f"{V4}/threads", json={"user_uuid": user}).json()["uuid"]
    client.post(f"{V4}/threads/{thread}/messages", json={"messages": [{"content": str(i), "role": "user"} for i in range(7)]})
    seen, cursor = [], None
    while True:
        page = client.get(f"{V4}/threads/{thread}/messages", params={"page_size": 3, **({"cursor": cursor} if cursor else {})}).json()
        seen += [m["content"] for m in page["items"]]
        assert page["total_size"] == 7
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [str(i) for i in range(7)]
    newest = client.get(f"{V4}/threads/{thread}/messages?order=desc&page_size=2").json()["items"]
    assert [m["content"] for m in newest] == ["6", "5"]


def test_auth_uses_api_key_and_the_keys_workspace(db):
    with serving(db, api_keys={"zk": "team", "root": "*"}) as c:
        missing = c.post(f"{V4}/users", json={"user_id": "x"})
        assert missing.status_code == 401 and missing.json()["error"]["code"] == "unauthorized"
        made = c.post(f"{V4}/users", json={"user_id": "x"}, headers={"Authorization": "Api-Key zk"})
        assert made.status_code == 201
        assert c.get(f"{V4}/users/{made.json()['uuid']}", headers={"Authorization": "Api-Key root"}).status_code == 404
        assert c.get(f"{V2}/users/x", headers={"Authorization": "Api-Key zk"}).json()["uuid"] == made.json()["uuid"]


def test_batch_lookup_resolves_developer_ids(client):
    v2_seed(client)
    user, session = client.get(f"{V2}/users/u1").json(), client.get(f"{V2}/sessions/s1").json()
    found = client.post(f"{V4}/lookup", json={"users": ["u1", "Bot"], "threads": ["s1", "nope"]}).json()["items"]
    assert found == [
        {"resource_type": "user", "legacy_id": "u1", "found": True, "uuid": user["uuid"]},
        {"resource_type": "user", "legacy_id": "Bot", "found": False},  # an author, no user (§8)
        {"resource_type": "thread", "legacy_id": "s1", "found": True, "uuid": session["uuid"]},
        {"resource_type": "thread", "legacy_id": "nope", "found": False}]
    assert client.post(f"{V4}/lookup", json={"users": ["x"] * 101}).status_code == 400
    assert client.post(f"{V4}/lookup", json={}).status_code == 400


def test_simultaneous_duplicates_write_once(client):
    from concurrent.futures import ThreadPoolExecutor

    user = client.post(f"{V4}/users", json={"user_id": "busy"}).json()["uuid"]
    thread = client.post(f"{V4}/threads", json={"user_uuid": user}).json()["uuid"]
    path = f"{V4}/threads/{thread}/messages"
    send = lambda _: client.post(path, json={"messages": [{"content": "once", "role": "user"}]},
                                 headers={"Idempotency-Key": "same"}).json()
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(send, range(8)))
    assert all(a == answers[0] for a in answers)
    assert client.get(path).json()["total_size"] == 1
    assert not idempotency._held()  # nothing left behind
