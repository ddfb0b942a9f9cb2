"""Hostile input through Honcho v1: Honcho's status and envelope, never a 5xx, nothing lost.

Paths are templates: {A} the app, {U} its user, {S} a session, {M} a message, {C} a collection
(created by the fixture; apps and users are addressed by name, which Rosetta also accepts).
"""

import json

import pytest

from tests.support.app import serving


def deep(n: int) -> str:
    return '{"k":' * n + "1" + "}" * n


def dumps(value) -> str:
    return json.dumps(value)


MSG = {"content": "x", "is_user": True}
CASES = [
    ("POST", "{S}/messages", "{not json", 422),
    ("POST", "{S}/messages", "", 422),
    ("POST", "{S}/messages", "[]", 422),
    ("POST", "{S}/messages", "null", 422),
    ("POST", "{S}/messages", dumps({"content": "x"}), 422),
    ("POST", "{S}/messages", dumps({"content": "x", "is_user": "maybe"}), 422),  # "yes" is a boolean to pydantic
    ("POST", "{S}/messages", dumps({"content": 5, "is_user": True}), 422),
    ("POST", "{S}/messages", dumps({"content": "x" * 50_001, "is_user": True}), 422),
    ("POST", "{S}/messages", dumps({**MSG, "metadata": []}), 422),
    ("POST", "{S}/messages", '{"content":"x","is_user":true,"metadata":' + deep(2000) + "}", 400),
    ("POST", "{S}/messages/batch", dumps({"messages": []}), 422),
    ("POST", "{S}/messages/batch", dumps({"messages": [MSG] * 101}), 422),
    ("POST", "{S}/messages/batch", dumps({"messages": MSG}), 422),
    ("POST", "{S}/messages/list", dumps({"filter": "x"}), 422),
    ("POST", "{S}/messages/list", dumps({"filter": [1]}), 422),
    ("POST", "{S}/messages/list", '{"filter":' + deep(2000) + "}", 400),
    ("POST", "{S}/messages/list?page=99999999999999999999", "", 200),
    ("POST", "{S}/messages/list?page=0", "", 422),
    ("POST", "{S}/messages/list?size=101", "", 422),
    ("POST", "{S}/messages/list?size=abc", "", 422),
    ("POST", "{S}/messages/list?reverse=maybe", "", 422),
    ("GET", "{S}/messages/does-not-exist", None, 404),
    ("GET", "{S}/messages/" + "z" * 300, None, 404),
    ("GET", "{S}/messages/0000000000000000000000", None, 404),
    ("PUT", "{S}/messages/{M}", dumps({}), 422),
    ("PUT", "{S}/messages/{M}", dumps({"metadata": None}), 422),
    ("PUT", "{S}/messages/0000000000000000000000", dumps({"metadata": {}}), 404),
    ("PUT", "{S}", dumps({}), 422),
    ("GET", "{S}/clone?message_id=nope", None, 404),
    ("GET", "{S}/clone?deep_copy=maybe", None, 422),
    ("POST", "{S}/chat", dumps({}), 422),
    ("POST", "{S}/chat", dumps({"queries": "hi"}), 501),
    ("POST", "{S}/chat/stream", dumps({"queries": ["hi"]}), 501),
    ("GET", "/v1/apps", None, 401),
    ("GET", "{A}/users", None, 401),
    ("GET", "{U}/sessions", None, 401),
    ("GET", "{U}/collections", None, 401),
    ("GET", "/v1/apps/" + "z" * 5000, None, 404),
    ("GET", "/v1/apps/0357nM7EIflf6frVRAmATp", None, 404),
    ("GET", "/v1/apps/..%2F..%2Fetc", None, 404),
    ("GET", "/v1/apps/nobody/users/nobody/sessions?session_id=x", None, 404),
    ("POST", "/v1/apps", dumps({"name": ""}), 422),
    ("POST", "/v1/apps", dumps({"name": "x" * 101}), 422),
    ("POST", "/v1/apps", dumps({"name": 5}), 422),
    ("POST", "/v1/apps", dumps({"metadata": {}}), 422),
    ("POST", "/v1/apps", dumps({"name": "w"}), 409),
    ("GET", "/v1/apps/get_or_create/" + "x" * 101, None, 422),
    ("POST", "/v1/apps/nope/users", dumps({"name": "x"}), 404),
    ("POST", "{A}/users", dumps({"name": "u"}), 409),
    ("PUT", "{A}", "", 422),
    ("PUT", "{A}", dumps({"metadata": "x"}), 422),
    ("POST", "{U}/sessions", "", 422),
    ("POST", "{U}/sessions/list", dumps({"is_active": "sometimes"}), 422),
    ("POST", "{U}/metamessages", dumps({"content": "x"}), 422),
    ("POST", "{U}/metamessages", dumps({"content": "x", "label": "y" * 51}), 422),
    ("POST", "{U}/metamessages", dumps({"content": "x", "label": "y", "message_id": "{M}"}), 422),
    ("POST", "{U}/metamessages", dumps({"content": "x", "label": "y", "session_id": "nope"}), 404),
    ("POST", "{U}/metamessages", dumps({"content": "x", "label": "y", "session_id": "{SID}", "message_id": "nope"}), 404),
    ("GET", "{U}/metamessages/nope", None, 404),
    ("PUT", "{U}/metamessages/nope", dumps({}), 404),
    ("POST", "{S}/metamessages", dumps({"content": "x", "metamessage_type": "t"}), 422),
    ("POST", "{S}/metamessages", dumps({"content": "x", "metamessage_type": "t", "message_id": "nope"}), 404),
    ("GET", "{S}/metamessages/nope", None, 422),
    ("GET", "{S}/metamessages/nope?message_id=x", None, 404),
    ("PUT", "{S}/metamessages/nope", dumps({"message_id": "x"}), 422),
    ("PUT", "{S}/metamessages/nope", dumps({"message_id": "x", "metadata": {}}), 404),
    ("POST", "{U}/collections", dumps({"name": "HONCHO"}), 422),
    ("POST", "{U}/collections", dumps({"name": "c"}), 409),
    ("PUT", "{C}", dumps({}), 422),
    ("PUT", "{C}", dumps({"name": "honcho"}), 422),
    ("GET", "{U}/collections?collection_id=nope", None, 404),
    ("GET", "{U}/collections/name/nope", None, 404),
    ("POST", "{C}/documents", dumps({"content": ""}), 422),
    ("POST", "{C}/documents", dumps({"content": "x" * 100_001}), 422),
    ("POST", "{C}/documents/query", dumps({"query": "x", "top_k": 0}), 422),
    ("POST", "{C}/documents/query", dumps({"query": "x", "top_k": 51}), 422),
    ("POST", "{C}/documents/query", dumps({"query": ""}), 422),
    ("POST", "{C}/documents/query", dumps({"query": "\" OR NEAR( * ^ -"}), 200),
    ("POST", "{C}/documents/query", dumps({"query": "\u0000\ud83d\ude00"}), 200),
    ("PUT", "{C}/documents/nope", dumps({}), 422),
    ("PUT", "{C}/documents/nope", dumps({"metadata": {}}), 404),
    ("DELETE", "{C}/documents/nope", None, 404),
    ("POST", "{U}/collections/nope/documents", dumps({"content": "x"}), 404),
    ("PATCH", "{S}/messages", "{}", 405),
    ("GET", "{S}/nothing-here", None, 404),
]


@pytest.fixture(scope="module")
def world(module_db):
    with serving(module_db, raise_server_exceptions=False) as c:
        app = c.post("/v1/apps", json={"name": "w"}).json()["id"]
        c.post(f"/v1/apps/{app}/users", json={"name": "u"})
        user = "/v1/apps/w/users/u"
        session = c.post(f"{user}/sessions", json={}).json()["id"]
        message = c.post(f"{user}/sessions/{session}/messages", json={"content": "keep me", "is_user": True}).json()["id"]
        collection = c.post(f"{user}/collections", json={"name": "c"}).json()["id"]
        yield c, {"A": "/v1/apps/w", "U": user, "S": f"{user}/sessions/{session}", "SID": session,
                  "M": message, "C": f"{user}/collections/{collection}"}


def fill(template: str, names: dict) -> str:
    for key in ("SID", "A", "U", "S", "M", "C"):
        template = template.replace("{" + key + "}", names[key])
    return template


@pytest.mark.parametrize("method, path, body, status", CASES, ids=[f"{m} {p[-40:]} {s}" for m, p, _, s in CASES])
def test_hostile_input_gets_honchos_envelope(world, method, path, body, status):
    client, names = world
    content = fill(body, names).encode() if body is not None else None
    response = client.request(method, fill(path, names), content=content, headers={"content-type": "application/json"})
    assert response.status_code == status, response.text
    if status >= 400:
        detail = response.json()["detail"]
        assert isinstance(detail, str) and detail or isinstance(detail, list) and all(
            {"type", "loc", "msg", "input"} <= set(d) for d in detail), response.text
    kept = client.post(fill("{S}/messages/list", names)).json()["items"]
    assert kept[0]["content"] == "keep me"


def test_oversized_body_is_413_in_honchos_envelope(world):
    client, names = world
    huge = json.dumps({"messages": [{"content": "x" * 1000, "is_user": True}] * 6000})
    response = client.post(fill("{S}/messages/batch", names), content=huge, headers={"content-type": "application/json"})
    assert (response.status_code, response.json()) == (413, {"detail": "Request body too large"})


def test_nul_and_odd_unicode(world):
    client, names = world
    text = "zero\u0000width\u200b rtl\u202e emoji \U0001f9ea combining e\u0301"
    response = client.post(fill("{S}/messages", names), json={"content": text, "is_user": False})
    assert response.status_code == 200
    written = response.json()
    assert written["content"] == text.replace("\u0000", "") and written["is_user"] is False
    assert client.get(fill("{S}/messages/", names) + written["id"]).json()["content"] == written["content"]


def test_retry_proof_answers_tell_the_sdk_not_to_retry(world):
    client, names = world
    duplicate = client.post("/v1/apps", json={"name": "w"})
    assert (duplicate.status_code, duplicate.headers["x-should-retry"]) == (409, "false")
    chat = client.post(fill("{S}/chat", names), json={"queries": "hi"})
    assert chat.status_code == 501 and chat.headers["x-should-retry"] == "false"
    assert "Rosetta" in chat.json()["detail"]
