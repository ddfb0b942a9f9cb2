"""Hostile input through the OpenAI dialect: OpenAI's envelope and status, never 5xx, nothing lost."""

import json

import pytest
from starlette.testclient import TestClient

from gateway.app import build_app
from gateway.settings import Settings
from tests.support.app import serving

STRICT = {"code", "message", "param", "type"}


def big_metadata(n):
    return {f"k{i}": "v" for i in range(n)}


@pytest.fixture(scope="module")
def setup(module_db):
    with serving(module_db, raise_server_exceptions=False) as c:
        thread = c.post("/v1/threads", json={"messages": [{"role": "user", "content": "keep me"}]}).json()["id"]
        yield c, thread


def cases(t):
    return [
        ("POST", "/v1/threads", b"[1,2]", 400),
        ("POST", "/v1/threads", b'{"metadata":' + b"[" * 100_000 + b"]" * 100_000 + b"}", 400),
        ("POST", "/v1/conversations", b'{"items":' + b"[" * 100_000 + b"]" * 100_000 + b"}", 400),
        ("POST", "/v1/threads", b"null", 400),
        ("POST", "/v1/threads", json.dumps({"messages": "x"}), 400),
        ("POST", "/v1/threads", json.dumps({"messages": [{"role": "user", "content": "x"}] * 33}), 400),
        ("POST", "/v1/threads", json.dumps({"metadata": big_metadata(17)}), 400),
        ("POST", "/v1/threads", json.dumps({"metadata": {"k" * 65: "v"}}), 400),
        ("POST", "/v1/threads", json.dumps({"metadata": {"k": "v" * 513}}), 400),
        ("POST", "/v1/threads", json.dumps({"tool_resources": {"nope": {}}}), 400),
        ("POST", f"/v1/threads/{t}/messages", json.dumps({"role": "user"}), 400),
        ("POST", f"/v1/threads/{t}/messages", json.dumps({"content": "x"}), 400),
        ("POST", f"/v1/threads/{t}/messages", json.dumps({"role": "user", "content": "x" * 256_001}), 400),
        ("POST", f"/v1/threads/{t}/messages", json.dumps({"role": "user", "content": []}), 400),
        ("POST", f"/v1/threads/{t}/messages", json.dumps({"role": "user", "content": [{"type": "audio"}]}), 400),
        ("POST", f"/v1/threads/{t}/messages", json.dumps({"role": "user", "content": [{"type": "text", "text": 5}]}), 400),
        ("POST", f"/v1/threads/{t}/messages", json.dumps({"role": "user", "content": [{"type": "image_url", "image_url": {"url": "u", "detail": "max"}}]}), 400),
        ("POST", f"/v1/threads/{t}/messages", json.dumps({"role": "user", "content": "x", "attachments": "no"}), 400),
        ("POST", f"/v1/threads/{t}/messages", json.dumps({"role": 7, "content": "x"}), 400),
        ("GET", f"/v1/threads/{t}/messages?limit=0", None, 400),
        ("GET", f"/v1/threads/{t}/messages?limit=101", None, 400),
        ("GET", f"/v1/threads/{t}/messages?limit=abc", None, 400),
        ("GET", f"/v1/threads/{t}/messages?order=sideways", None, 400),
        ("GET", f"/v1/threads/{t}/messages?after=msg_doesnotexist", None, 400),
        ("GET", f"/v1/threads/{t}/messages?before=msg_000000000000000000000000", None, 400),
        ("GET", f"/v1/threads/{t}/messages/msg_nope", None, 404),
        ("GET", f"/v1/threads/{t}/messages/{'x' * 300}", None, 404),
        ("POST", f"/v1/threads/{t}/messages/msg_000000000000000000000000", json.dumps({"metadata": {}}), 404),
        ("DELETE", "/v1/threads/thread_nope", b"", 404),
        ("GET", "/v1/threads/..%2F..%2Fetc", None, 404),
        ("GET", "/v1/threads/%00", None, 404),
        ("POST", f"/v1/threads/{t}/runs", json.dumps({"assistant_id": "asst_x"}), 501),
        ("GET", "/v1/assistants/asst_nope", None, 404),
        ("POST", "/v1/assistants", json.dumps({"name": "no model"}), 400),
        ("POST", "/v1/assistants", json.dumps({"model": "m", "tools": "all"}), 400),
        ("GET", "/v1/assistants?after=asst_nope", None, 400),
        ("PATCH", f"/v1/threads/{t}", b"{}", 405),
        ("GET", "/v1/nothing", None, 404),
        ("POST", "/v1/conversations", json.dumps({"items": [{"type": "message", "role": "user", "content": "x"}] * 21}), 400),
        ("POST", "/v1/conversations", json.dumps({"items": "x"}), 400),
        ("POST", "/v1/conversations", json.dumps({"items": [{"type": "function_call", "role": "user"}]}), 400),
        ("POST", "/v1/conversations", json.dumps({"items": [{"type": "message", "content": "x"}]}), 400),
        ("POST", "/v1/conversations", json.dumps({"items": [{"type": "message", "role": "user", "content": [{"type": "input_audio"}]}]}), 400),
        ("POST", "/v1/conversations", json.dumps({"metadata": big_metadata(17)}), 400),
        ("POST", "/v1/conversations", json.dumps({"title": "unknown field"}), 400),
        ("POST", f"/v1/conversations/{t}", json.dumps({}), 400),
        ("POST", f"/v1/conversations/{t}/items", json.dumps({}), 400),
        ("POST", f"/v1/conversations/{t}/items", json.dumps({"items": [{"type": "message", "role": "user", "content": 5}]}), 400),
        ("GET", f"/v1/conversations/{t}/items?limit=101", None, 400),
        ("GET", f"/v1/conversations/{t}/items?after=msg_nope", None, 400),
        ("GET", f"/v1/conversations/{t}/items/msg_nope", None, 404),
        ("DELETE", f"/v1/conversations/{t}/items/msg_000000000000000000000000", b"", 404),
        ("GET", "/v1/conversations/conv_nope", None, 404),
        ("DELETE", "/v1/conversations/conv_nope", b"", 404),
    ]


@pytest.mark.parametrize("index", range(len(cases("t"))))
def test_hostile_input_gets_openais_envelope(setup, index):
    client, thread = setup
    method, path, body, status = cases(thread)[index]
    response = client.request(method, path, content=body, headers={"content-type": "application/json"})
    assert response.status_code == status, response.text
    assert set(response.json()["error"]) == STRICT
    assert response.headers["x-request-id"].startswith("req_")
    kept = client.get(f"/v1/threads/{thread}/messages").json()["data"]
    assert [m["content"][0]["text"]["value"] for m in kept] == ["keep me"]


def test_odd_unicode_round_trips(setup):
    client, thread = setup
    text = "nul\u0000 rtl\u202e zwj\u200d \U0001f469\u200d\U0001f52c e\u0301"
    made = client.post(f"/v1/threads/{thread}/messages", json={"role": "user", "content": text})
    assert made.status_code == 200
    again = client.get(f"/v1/threads/{thread}/messages/{made.json()['id']}").json()
    assert again["content"][0]["text"]["value"] == text
    client.delete(f"/v1/threads/{thread}/messages/{made.json()['id']}")


def test_strict_beta_header_setting(db):
    settings = Settings(db=db, openai_require_beta=True)
    with TestClient(build_app(settings)) as client:
        missing = client.post("/v1/threads", json={})
        assert missing.status_code == 400 and missing.json()["error"]["code"] == "invalid_beta"
        ok = client.post("/v1/threads", json={}, headers={"OpenAI-Beta": "assistants=v2"})
        assert ok.status_code == 200


def test_auth_failures_use_openais_wording(db):
    settings = Settings(db=db, api_keys={"sk-good": "team"})
    with TestClient(build_app(settings)) as client:
        missing = client.post("/v1/threads", json={}).json()["error"]
        assert missing["message"].startswith("You didn't provide an API key.")
        wrong = client.post("/v1/threads", json={}, headers={"Authorization": "Bearer sk-bad"}).json()["error"]
        assert wrong["code"] == "invalid_api_key"
        made = client.post("/v1/threads", json={}, headers={"Authorization": "Bearer sk-good"}).json()
        # the key's workspace, not "default"
        honcho = client.post(f"/v3/workspaces/team/sessions/{made['id']}/messages/list",
                             headers={"Authorization": "Bearer sk-good"})
        assert honcho.status_code == 200
        other = client.post(f"/v3/workspaces/default/sessions/{made['id']}/messages/list",
                            headers={"Authorization": "Bearer sk-good"})
        assert other.status_code == 401
