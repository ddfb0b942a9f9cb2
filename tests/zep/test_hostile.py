"""Hostile input through Zep v2: Zep's envelope and a 4xx, never a 5xx, nothing lost."""

import json

import pytest
from starlette.testclient import TestClient

from gateway.app import build_app
from gateway.settings import Settings
from tests.support.app import serving

V2 = "/api/v2"
S = f"{V2}/sessions/keep"
LIMIT = 14_000


def deep(n):
    value = "leaf"
    for _ in range(n):
        value = {"k": value}
    return value


def msg(content="x", **extra):
    return {"content": content, "role_type": "user", **extra}


@pytest.fixture(scope="module")
def setup(module_db):
    with serving(module_db, raise_server_exceptions=False) as c:
        assert c.post(f"{V2}/users", json={"user_id": "owner"}).status_code == 201
        assert c.post(f"{V2}/sessions", json={"session_id": "keep", "user_id": "owner"}).status_code == 201
        assert c.post(f"{S}/memory", json={"messages": [msg("keep me")]}).status_code == 200
        yield c


CASES = [
    ("POST", f"{S}/memory", b"{not json", 400),
    ("POST", f"{S}/memory", b"", 400),
    ("POST", f"{S}/memory", b"[]", 400),
    ("POST", f"{S}/memory", b"null", 400),
    ("POST", f"{S}/memory", json.dumps({"messages": "hi"}), 400),
    ("POST", f"{S}/memory", json.dumps({"messages": [{"content": 5, "role_type": "user"}]}), 400),
    ("POST", f"{S}/memory", json.dumps({"messages": [{"role_type": "user"}]}), 400),
    ("POST", f"{S}/memory", json.dumps({"messages": [{"content": "x"}]}), 400),
    ("POST", f"{S}/memory", json.dumps({"messages": [msg(role_type="robot")]}), 400),
    ("POST", f"{S}/memory", json.dumps({"messages": [msg(role_type="")]}), 400),
    ("POST", f"{S}/memory", json.dumps({"messages": [msg()] * 31}), 400),
    ("POST", f"{S}/memory", json.dumps({"messages": [msg("x" * (LIMIT + 1))]}), 400),
    ("POST", f"{S}/memory", json.dumps({"messages": [msg(metadata=[1])]}), 400),
    ("POST", f"{S}/memory", json.dumps({"messages": [msg(metadata=deep(101))]}), 400),
    ("POST", f"{S}/memory", '{"messages": [{"content": "x", "role_type": "user", "metadata": ' + '{"a":' * 5000 + "1" + "}" * 5000 + "}]}", 400),
    ("POST", f"{S}/memory", b'{"messages": [{"content": "x", "role_type": "user", "metadata": {"n": 1e999}}]}', 400),
    ("POST", f"{S}/memory", b'{"messages": [{"content": "\\ud800", "role_type": "user"}]}', 400),
    ("POST", f"{S}/memory", json.dumps({"messages": [msg(uuid="not-a-uuid")]}), 400),
    ("POST", f"{S}/memory", json.dumps({"messages": [msg(created_at="yesterday")]}), 400),
    ("POST", f"{S}/memory", json.dumps({"messages": [msg(created_at="0001-01-01T00:00:00+05:00")]}), 400),
    ("POST", f"{S}/memory", json.dumps({"messages": [msg(created_at=12)]}), 400),
    ("POST", f"{S}/memory", json.dumps({"messages": [msg()], "ignore_roles": ["robot"]}), 400),
    ("POST", f"{S}/memory", json.dumps({"messages": [msg()], "return_context": "yes"}), 400),
    ("POST", f"{V2}/threads/keep/messages", json.dumps({"messages": [{"content": "x", "role": "human"}]}), 400),
    ("POST", f"{V2}/threads/keep/messages", json.dumps({"messages": [{"content": "x", "role": "user"}] * 31}), 400),
    ("POST", f"{V2}/users", json.dumps({"user_id": ""}), 400),
    ("POST", f"{V2}/users", json.dumps({"user_id": 7}), 400),
    ("POST", f"{V2}/users", json.dumps({"user_id": "a\u0000b"}), 400),
    ("POST", f"{V2}/users", json.dumps({"email": "no id"}), 400),
    ("POST", f"{V2}/users", json.dumps({"user_id": "m", "metadata": "flat"}), 400),
    ("POST", f"{V2}/sessions", json.dumps({"session_id": "keep", "user_id": "owner"}), 400),
    ("POST", f"{V2}/sessions", json.dumps({"session_id": "   "}), 400),
    ("POST", f"{V2}/sessions", json.dumps({"session_id": "n", "user_id": "ghost"}), 400),
    ("POST", f"{V2}/sessions", json.dumps({"session_id": ["x"]}), 400),
    ("PATCH", S, json.dumps({"metadata": "flat"}), 400),
    ("PATCH", S, json.dumps({"metadata": deep(150)}), 400),
    ("PATCH", f"{V2}/users/owner", json.dumps({"metadata": deep(150)}), 400),
    ("PATCH", f"{V2}/sessions/ghost", json.dumps({"metadata": {}}), 404),
    ("PATCH", f"{V2}/users/ghost", json.dumps({"metadata": {}}), 404),
    ("GET", f"{V2}/users/ghost", None, 404),
    ("DELETE", f"{V2}/users/ghost", b"{}", 404),
    ("GET", f"{V2}/sessions/ghost/memory", None, 404),
    ("DELETE", f"{V2}/sessions/ghost/memory", b"{}", 404),
    ("GET", f"{S}/memory?lastn=abc", None, 400),
    ("GET", f"{S}/memory?lastn=-3", None, 400),
    ("GET", f"{S}/memory?minRating=high", None, 400),
    ("GET", f"{S}/memory?lastn=99999999999999999999", None, 400),
    ("GET", f"{S}/messages?limit=-1", None, 400),
    ("GET", f"{S}/messages?limit=2&cursor=99999999999999999999", None, 400),
    ("GET", f"{S}/messages?limit=2147483647&cursor=2147483647", None, 200),
    ("GET", f"{S}/messages/not-a-uuid", None, 404),
    ("GET", f"{S}/messages/00000000-0000-0000-0000-000000000000", None, 404),
    ("PATCH", f"{S}/messages/00000000-0000-0000-0000-000000000000", json.dumps({"metadata": {}}), 404),
    ("PATCH", f"{V2}/messages/{'z' * 300}", json.dumps({"metadata": {}}), 404),
    ("GET", f"{V2}/sessions-ordered?page_number=abc", None, 400),
    ("GET", f"{V2}/sessions-ordered?page_size=99999999999", None, 400),
    ("GET", f"{V2}/sessions-ordered?page_number=2147483647&page_size=2147483647", None, 200),
    ("GET", f"{V2}/sessions-ordered?asc=maybe", None, 400),
    ("GET", f"{V2}/users-ordered?pageSize=-5", None, 400),
    ("POST", f"{V2}/sessions/search", json.dumps({"user_id": "owner"}), 400),
    ("POST", f"{V2}/sessions/search", json.dumps({"text": "x", "search_scope": "everything"}), 400),
    ("POST", f"{V2}/sessions/search", json.dumps({"text": "x", "min_score": "high"}), 400),
    ("POST", f"{V2}/sessions/search?limit=abc", json.dumps({"text": "x"}), 400),
    ("POST", f"{V2}/sessions/search", json.dumps({"text": "\" OR NEAR( * ^ -"}), 200),
    ("POST", f"{V2}/sessions/search", json.dumps({"text": "\u0000\ud83d\ude00"}), 200),
    ("POST", f"{V2}/sessions/end", json.dumps({"session_ids": "keep"}), 400),
    ("POST", f"{V2}/threads", json.dumps({"thread_id": "t"}), 400),
    ("GET", f"{V2}/sessions/..%2F..%2Fetc", None, 404),
    ("GET", f"{V2}/sessions/%00", None, 404),
    ("GET", f"{V2}/sessions/a%2Fb/memory", None, 404),
    ("GET", f"{V2}/facts/%2e%2e", None, 404),
    ("PUT", S, b"{}", 405),
    ("GET", f"{V2}/nothing-here", None, 404),
]


@pytest.mark.parametrize("index", range(len(CASES)))
def test_hostile_input_gets_zeps_envelope(setup, index):
    client = setup
    method, path, body, status = CASES[index]
    response = client.request(method, path, content=body, headers={"content-type": "application/json"})
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    if status >= 400:
        assert list(response.json()) == ["message"] and isinstance(response.json()["message"], str)
    kept = client.get(f"{S}/messages").json()["messages"]
    assert [m["content"] for m in kept] == ["keep me"]


def test_content_limit_counts_code_points(db):
    with TestClient(build_app(Settings(db=db, zep_max_content_chars=5))) as client:
        emoji = "\U0001f600" * 5  # 5 code points, 20 UTF-8 bytes
        assert client.post(f"{S}/memory", json={"messages": [msg(emoji)]}).status_code == 200
        refused = client.post(f"{S}/memory", json={"messages": [msg(emoji + "!")]})
        assert refused.json() == {"message": "bad request: message content exceeds 5 characters"}
        assert client.post(f"{S}/memory", json={"messages": [msg()] * 31}).json() == {
            "message": "bad request: max messages per memory of 30 exceeded. reduce the number of messages in your request"}
        assert client.post(f"{S}/memory", json={"messages": [msg()] * 30}).status_code == 200


def test_odd_unicode_round_trips(setup):
    client = setup
    text = "nul\u0000 rtl\u202e zwj\u200d \U0001f469\u200d\U0001f52c e\u0301"
    meta = {"k\u0000": "v\u0000", "\U0001f600": {"deep": [None, True, 1.5]}}
    assert client.post(f"{V2}/sessions/odd/memory", json={"messages": [msg(text, role="n\u00e4me", metadata=meta)]}).status_code == 200
    [got] = client.get(f"{V2}/sessions/odd/messages").json()["messages"]
    assert (got["content"], got["role"], got["metadata"]) == (text, "n\u00e4me", meta)
    client.delete(f"{V2}/sessions/odd/memory")


def test_role_type_missing_uses_ces_message(setup):
    answer = setup.post(f"{S}/memory", json={"messages": [{"content": "x"}]})
    assert answer.json() == {"message": "bad request: messages are required to have a RoleType"}


@pytest.mark.parametrize("path,method,rating", [
    (f"{V2}/users", "POST", {"instruction": 5}),
    (f"{V2}/users", "POST", {"examples": "x"}),
    (f"{V2}/users/owner", "PATCH", {"examples": {"high": 1}}),
    (f"{V2}/sessions", "POST", {"instruction": ["x"]}),
    (S, "PATCH", {"examples": {"low": {"deep": True}}}),
])
def test_fact_rating_instruction_is_typed_as_zep_types_it(setup, path, method, rating):
    """{instruction: string, examples: {high, medium, low: string}}: anything else is a 400 and
    nothing is stored (it was stored and echoed as given)."""
    client = setup
    before = client.get(f"{V2}/users/owner").json(), client.get(S).json()
    body = {"fact_rating_instruction": rating}
    if method == "POST":
        body |= {"user_id": "rated"} if path.endswith("users") else {"session_id": "rated", "user_id": "owner"}
    answer = client.request(method, path, json=body)
    assert answer.status_code == 400, answer.text
    assert "fact_rating_instruction" in answer.json()["message"]
    assert (client.get(f"{V2}/users/owner").json(), client.get(S).json()) == before
    assert client.get(f"{V2}/users/rated").status_code == 404
    assert client.get(f"{V2}/sessions/rated").status_code == 404


def test_fact_rating_instruction_keeps_its_own_fields_only(setup):
    rating = {"instruction": "rate", "examples": {"high": "h", "low": "l"}}
    made = setup.post(f"{V2}/users", json={"user_id": "rater", "fact_rating_instruction": {**rating, "extra": 1}})
    assert made.status_code == 201
    assert setup.get(f"{V2}/users/rater").json()["fact_rating_instruction"] == rating
    setup.delete(f"{V2}/users/rater")
