"""Hostile input through Zep v4: v4's envelope and a 4xx, never a 5xx, nothing written."""

import json

import pytest

V4 = "/api/v4"
LIMIT = 14_000
GHOST = "00000000-0000-7000-8000-000000000000"


def msg(content="x", **extra):
    return {"content": content, "role": "user", **extra}


@pytest.fixture(scope="module")
def setup(module_client):
    c = module_client
    user = c.post(f"{V4}/users", json={"user_id": "owner"}).json()["uuid"]
    thread = c.post(f"{V4}/threads", json={"user_uuid": user}).json()["uuid"]
    added = c.post(f"{V4}/threads/{thread}/messages", json={"messages": [msg("keep me")]}).json()
    episode = c.post(f"{V4}/graphs/{user}/episodes", json={"data": "kept episode"}).json()
    return c, {"U": user, "T": thread, "M": added["messages"][0]["uuid"], "E": episode["episode"]["uuid"]}


CASES = [
    ("POST", "/users", b"{not json", 400),
    ("POST", "/users", b"[]", 400),
    ("POST", "/users", b"null", 400),
    ("POST", "/users", json.dumps({"user_id": 5}), 400),
    ("POST", "/users", json.dumps({"user_id": "a\u0000b"}), 400),
    ("POST", "/users", json.dumps({"user_id": "x" * 501}), 400),
    ("POST", "/users", '{"user_id": "deep", "metadata": ' + '{"a":' * 5000 + "1" + "}" * 5000 + "}", 400),
    ("POST", "/users", json.dumps({"user_id": "owner"}), 409),
    ("POST", "/users/list?page_size=abc", b"{}", 400),
    ("POST", "/users/list?order_by=password", b"{}", 400),
    ("POST", "/users/lookup", json.dumps({"user_id": "owner", "thread_id": "t"}), 400),
    ("POST", "/users/lookup", json.dumps({}), 400),
    ("GET", "/users/owner", None, 400),
    ("GET", f"/users/{GHOST}", None, 404),
    ("GET", "/users/%00", None, 400),
    ("GET", "/users/..%2F..%2Fetc", None, 404),
    ("PATCH", "/users/{U}", json.dumps({"metadata": "x"}), 400),
    ("POST", "/threads", json.dumps({"user_uuid": "owner"}), 400),
    ("POST", "/threads", json.dumps({"user_uuid": GHOST}), 404),
    ("POST", "/threads", json.dumps({}), 400),
    ("GET", "/threads?page_size=1001", None, 400),
    ("GET", "/threads?page_size=-1", None, 400),
    ("GET", "/threads?cursor=c%00", None, 400),
    ("GET", "/threads?cursor=czzzzzzzzzzzzzzzzzzzzzzzzzz", None, 400),
    ("GET", "/threads?order=sideways", None, 400),
    ("POST", "/threads/lookup", json.dumps({"user_id": "owner"}), 400),
    ("POST", "/threads/{T}/messages", json.dumps({"messages": []}), 400),
    ("POST", "/threads/{T}/messages", json.dumps({"messages": "hi"}), 400),
    ("POST", "/threads/{T}/messages", json.dumps({"messages": [{"role": "user"}]}), 400),
    ("POST", "/threads/{T}/messages", json.dumps({"messages": [msg("  ")]}), 400),
    ("POST", "/threads/{T}/messages", json.dumps({"messages": [msg(role="norole")]}), 400),
    ("POST", "/threads/{T}/messages", json.dumps({"messages": [msg(role="robot")]}), 400),
    ("POST", "/threads/{T}/messages", json.dumps({"messages": [msg()] * 31}), 400),
    ("POST", "/threads/{T}/messages", json.dumps({"messages": [msg("x" * (LIMIT + 1))]}), 400),
    ("POST", "/threads/{T}/messages", json.dumps({"messages": [msg(metadata={f"k{i}": i for i in range(11)})]}), 400),
    ("POST", "/threads/{T}/messages", json.dumps({"messages": [msg(metadata={"k": {"nested": 1}})]}), 400),
    ("POST", "/threads/{T}/messages", json.dumps({"messages": [msg(uuid="nope")]}), 400),
    ("POST", "/threads/{T}/messages", json.dumps({"messages": [msg(uuid="{M}")]}), 409),
    ("POST", "/threads/{T}/messages", json.dumps({"messages": [msg(reference_time="yesterday")]}), 400),
    ("POST", "/threads/{T}/messages", json.dumps({"messages": [msg(reference_time="0001-01-01T00:00:00+05:00")]}), 400),
    ("POST", "/threads/{T}/messages", b'{"messages": [{"content": "\\ud800", "role": "user"}]}', 400),
    ("POST", "/threads/{T}/messages", b'{"messages": [{"content": "x", "role": "user", "metadata": {"n": 1e999}}]}', 400),
    ("POST", "/threads/{T}/messages", json.dumps({"messages": [msg()], "ignore_roles": ["robot"]}), 400),
    ("POST", f"/threads/{GHOST}/messages", json.dumps({"messages": [msg()]}), 404),
    ("PATCH", "/threads/{T}/messages/{M}", json.dumps({"metadata": {f"k{i}": i for i in range(11)}}), 400),
    ("PATCH", "/threads/{T}/messages/{M}", json.dumps({"metadata": {"a": {"b": 1}}}), 400),
    ("PATCH", "/threads/{T}/messages/{M}", json.dumps({"metadata": [1]}), 400),
    ("PATCH", f"/threads/{{T}}/messages/{GHOST}", json.dumps({"metadata": {}}), 404),
    ("GET", "/threads/{T}/messages?order_by=content", None, 400),
    ("POST", "/graphs/{U}/episodes", json.dumps({"data": ""}), 400),
    ("POST", "/graphs/{U}/episodes", json.dumps({"data": "x" * 10_001}), 400),
    ("POST", "/graphs/{U}/episodes", json.dumps({"data": "x", "type": "video"}), 400),
    ("POST", "/graphs/{U}/episodes", json.dumps({"data": "x", "metadata": {"a": {"b": 1}}}), 400),
    ("POST", f"/graphs/{GHOST}/episodes", json.dumps({"data": "x"}), 404),
    ("POST", "/graphs/{U}/search/episodes", json.dumps({"query": "\" OR NEAR( * ^ -"}), 200),
    ("POST", "/graphs/{U}/search/episodes", json.dumps({"query": "!!!"}), 400),
    ("POST", "/graphs/{U}/search/episodes", json.dumps({"query": "\u0000\ud83d\ude00 kept"}), 200),
    ("POST", "/graphs/{U}/context", json.dumps({}), 400),
    ("POST", "/graphs/{U}/context", json.dumps({"query": "kept", "max_characters": 0}), 400),
    ("DELETE", "/graphs/{U}", None, 400),
    ("GET", "/graphs/{U}/episodes/{M}", None, 404),
    ("GET", "/tasks/nope", None, 400),
    ("POST", "/graphs/{U}/search/nodes", json.dumps({"query": "x"}), 501),
    ("POST", f"/graphs/{GHOST}/search/nodes", json.dumps({"query": "x"}), 404),
    ("GET", "/threads/{T}/summary", None, 501),
    ("GET", f"/threads/{GHOST}/summary", None, 404),
    ("GET", "/users/{U}/node", None, 501),
    ("GET", f"/users/{GHOST}/node", None, 404),
    ("PUT", "/users", b"{}", 405),
    ("GET", "/nothing-here", None, 404),
]


@pytest.mark.parametrize("index", range(len(CASES)))
def test_hostile_input_gets_v4_envelope(setup, index):
    client, ids = setup
    method, path, body, status = CASES[index]
    fill = lambda text: text.replace("{U}", ids["U"]).replace("{T}", ids["T"]).replace("{M}", ids["M"])
    body = fill(body) if isinstance(body, str) else body
    response = client.request(method, V4 + fill(path), content=body, headers={"content-type": "application/json"})
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    if status >= 400:
        error = response.json()["error"]
        assert list(response.json()) == ["error"] and isinstance(error["message"], str) and error["code"]
    kept = client.get(f"{V4}/threads/{ids['T']}/messages").json()["items"]
    assert [(m["content"], m["metadata"]) for m in kept] == [("keep me", {})]
    episodes = client.post(f"{V4}/graphs/{ids['U']}/episodes/list", json={}).json()["items"]
    assert [e["content"] for e in episodes] == ["kept episode"]
    users = client.post(f"{V4}/users/list", json={}).json()["items"]
    assert [u["user_id"] for u in users] == ["owner"]


def test_too_large_bodies_get_v4s_envelope(db):
    from tests.support.app import serving

    with serving(db, max_body_bytes=1000) as c:
        answer = c.post(f"{V4}/users", content=b'{"user_id": "' + b"x" * 2000 + b'"}',
                        headers={"content-type": "application/json"})
        assert answer.status_code == 413 and answer.json()["error"]["code"] == "content_too_large"
        assert c.post(f"{V4}/users/list", json={}).json()["items"] == []
