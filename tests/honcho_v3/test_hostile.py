"""Hostile input through Honcho v3: Honcho's status and envelope, never a 5xx, nothing lost."""

import json

import pytest


S = "/v3/workspaces/w/sessions/s"
BIG = "x" * 25_001


def deep(n):
    value = "leaf"
    for _ in range(n):
        value = {"k": value}
    return value


# Times Python's datetime cannot hold once in UTC; Honcho's Postgres could, so these 422 (a
# deviation) rather than fail on the write or poison every later read of the session.
OUT_OF_RANGE = ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", 1e20, -1e20]

NESTED = b'{"metadata":' + b'{"k":' * 100_000 + b"1" + b"}" * 100_000 + b"}"

CASES = [
    ("POST", "/v3/workspaces", NESTED, 400),
    ("POST", f"{S}/messages", NESTED, 400),
    ("POST", f"{S}/messages", b"{not json", 422),
    ("POST", f"{S}/messages", b"", 422),
    ("POST", f"{S}/messages", b"[]", 422),
    ("POST", f"{S}/messages", b"null", 422),
    ("POST", f"{S}/messages", json.dumps({"messages": "hi"}), 422),
    ("POST", f"{S}/messages", json.dumps({"messages": [{"content": 5, "peer_id": "a"}]}), 422),
    ("POST", f"{S}/messages", json.dumps({"messages": [{"content": "x", "peer_id": "a"}] * 101}), 422),
    ("POST", f"{S}/messages", json.dumps({"messages": [{"content": BIG, "peer_id": "a"}]}), 422),
    ("POST", f"{S}/messages", json.dumps({"messages": [{"content": "x", "peer_id": "a" * 513}]}), 422),
    ("POST", f"{S}/messages", json.dumps({"messages": [{"content": "x", "peer_id": "a", "created_at": "yesterday"}]}), 422),
    ("POST", f"{S}/messages", json.dumps({"messages": [{"content": "x", "peer_id": "a", "metadata": {str(i): i for i in range(101)}}]}), 422),
    ("POST", f"{S}/messages", json.dumps({"messages": [{"content": "x", "peer_id": "a", "metadata": deep(6)}]}), 422),
    ("POST", f"{S}/messages", json.dumps({"messages": [{"content": "x", "peer_id": "a", "metadata": []}]}), 422),
    ("POST", "/v3/workspaces/bad%20name/sessions/s/messages", json.dumps({"messages": [{"content": "x", "peer_id": "a"}]}), 422),
    ("POST", "/v3/workspaces/w/sessions/..%2F..%2Fetc/messages", json.dumps({"messages": [{"content": "x", "peer_id": "a"}]}), 404),
    ("POST", f"{S}/messages/list?page=99999999999999999999", b"", 200),
    ("POST", f"{S}/messages/list?page=0", b"", 422),
    ("POST", f"{S}/messages/list?size=abc", b"", 422),
    ("POST", f"{S}/messages/list?reverse=maybe", b"", 422),
    ("POST", f"{S}/messages/list", json.dumps({"filters": deep(7)}), 422),
    ("POST", f"{S}/messages/list", json.dumps({"filters": {"AND": {"peer_id": "a"}}}), 422),
    ("POST", f"{S}/messages/list", json.dumps({"filters": {"token_count": {"gte": "lots"}}}), 422),
    ("POST", f"{S}/messages/list", json.dumps({"filters": {"created_at": {"gte": "not a date"}}}), 422),
    *[("POST", f"{S}/messages", json.dumps({"messages": [{"content": "x", "peer_id": "a", "created_at": moment}]}), 422)
      for moment in OUT_OF_RANGE],
    *[("POST", f"{S}/messages/list", json.dumps({"filters": {"created_at": {"gte": moment}}}), 422)
      for moment in OUT_OF_RANGE],
    ("POST", f"{S}/messages/list", json.dumps({"filters": ["x"]}), 422),
    ("POST", f"{S}/messages/list", json.dumps({"filters": {"metadata": {"k": {"in": "notalist"}}}}), 422),
    ("GET", f"{S}/messages/does-not-exist", None, 404),
    ("GET", f"{S}/messages/{'z' * 200}", None, 404),
    ("PUT", f"{S}/messages/0000000000000000000000", json.dumps({"metadata": {"a": 1}}), 404),
    ("GET", f"{S}/context?tokens=100001", None, 422),
    ("GET", f"{S}/context?tokens=-1", None, 200),
    ("POST", f"{S}/search", json.dumps({"query": "x", "limit": 0}), 422),
    ("POST", f"{S}/search", json.dumps({"query": "x", "limit": 101}), 422),
    ("POST", f"{S}/search", json.dumps({"query": "\" OR NEAR( * ^ -"}), 200),
    ("POST", f"{S}/search", json.dumps({"query": "\u0000\ud83d\ude00"}), 200),
    ("DELETE", f"{S}/peers", json.dumps({"a": 1}), 422),
    ("PUT", f"{S}/peers/ghost/config", json.dumps({"observe_me": True}), 404),
    ("PUT", f"{S}/peers/ghost/config", json.dumps({"observe_me": "maybe"}), 422),  # "yes" is a boolean to pydantic
    ("POST", f"{S}/peers", json.dumps({"bad name": {}}), 404),  # the real server: "Session not found"
    ("POST", "/v3/workspaces", json.dumps({"id": ""}), 422),
    ("POST", "/v3/workspaces", json.dumps({"id": 7}), 422),
    ("POST", "/v3/workspaces", json.dumps({"metadata": {}}), 422),
    ("PUT", "/v3/workspaces/w/peers/p/card", json.dumps({"peer_card": "one"}), 422),
    ("GET", "/v3/workspaces/w/peers/nobody/card", None, 404),
    ("POST", f"{S}/clone?message_id=nope", None, 404),
    ("DELETE", "/v3/workspaces/nope", None, 404),
    ("DELETE", "/v3/workspaces/nope/sessions/nope", None, 404),
    ("PATCH", f"{S}/messages", b"{}", 405),
]


@pytest.fixture(scope="module", autouse=True)
def seeded(module_client):
    seeded = module_client.post(f"{S}/messages", json={"messages": [{"content": "keep me", "peer_id": "a", "metadata": {"n": 1}}]})
    assert seeded.status_code == 201


def contents(module_client):
    return [m["content"] for m in module_client.post(f"{S}/messages/list").json()["items"]]


@pytest.mark.parametrize("method, path, body, status", CASES, ids=[f"{m} {p[-40:]} {s}" for m, p, _, s in CASES])
def test_hostile_input_gets_honchos_envelope(module_client, method, path, body, status):
    response = module_client.request(method, path, content=body, headers={"content-type": "application/json"})
    assert response.status_code == status, response.text
    if status >= 400:
        detail = response.json()["detail"]
        assert isinstance(detail, str) and detail or isinstance(detail, list) and all(
            {"type", "loc", "msg", "input"} <= set(d) for d in detail), response.text
    assert contents(module_client)[0] == "keep me"


def test_oversized_body_is_413_in_honchos_envelope(module_client):
    huge = json.dumps({"messages": [{"content": "x" * 1000, "peer_id": "a"}] * 6000})
    response = module_client.post(f"{S}/messages", content=huge, headers={"content-type": "application/json"})
    assert (response.status_code, response.json()) == (413, {"detail": "Request body too large"})


def test_nul_and_odd_unicode_are_kept_clean(module_client):
    text = "zero\u0000width\u200b rtl\u202e emoji \U0001f9ea combining e\u0301"
    response = module_client.post(f"{S}/messages", json={"messages": [{"content": text, "peer_id": "a", "metadata": {"k\u0000": "v\u0000"}}]})
    assert response.status_code == 201
    [written] = response.json()
    assert written["content"] == text.replace("\u0000", "") and written["metadata"] == {"k": "v"}
    assert written["token_count"] > 0
    fetched = module_client.get(f"{S}/messages/{written['id']}").json()
    assert fetched["content"] == written["content"]


@pytest.mark.parametrize("given, shown", [
    ("0999-01-01T00:00:00Z", "0999-01-01T00:00:00Z"),  # a year below 1000 is stored padded
    (1.5, "1970-01-01T00:00:01.500000Z"),
    (1_700_000_000_000, "2023-11-14T22:13:20Z"),  # past 2e10, pydantic reads milliseconds
    ("2026-01-01T08:00:00+08:00", "2026-01-01T00:00:00Z"),
])
def test_client_times_are_kept_and_read_back(module_client, given, shown):
    response = module_client.post(f"{S}/messages", json={"messages": [{"content": "t", "peer_id": "a", "created_at": given}]})
    assert response.status_code == 201, response.text
    [written] = response.json()
    fetched = module_client.get(f"{S}/messages/{written['id']}")
    assert fetched.status_code == 200 and fetched.json()["created_at"] == shown


def test_lone_surrogates_in_json_are_rejected_not_crashed(module_client):
    raw = b'{"messages":[{"content":"\\ud800","peer_id":"a"}]}'
    response = module_client.post(f"{S}/messages", content=raw, headers={"content-type": "application/json"})
    assert response.status_code in (201, 422), response.text


@pytest.mark.parametrize("path, body, loc", [
    ("/v3/workspaces", {"id": "w", "metadata": [1]}, ["body", "metadata"]),
    ("/v3/workspaces/w/sessions/s/messages/list", {"filters": []}, ["body", "filters"]),
    ("/v3/workspaces/w/sessions/s/messages", {"messages": [{"peer_id": "a", "content": 5}]}, ["body", "messages", 0, "content"]),
])
def test_validation_errors_are_pydantics_entries(module_client, path, body, loc):
    response = module_client.post(path, json=body)
    [entry] = response.json()["detail"]
    expected = "string_type" if loc[-1] == "content" else "dict_type"
    assert (response.status_code, entry["type"], entry["loc"]) == (422, expected, loc)
