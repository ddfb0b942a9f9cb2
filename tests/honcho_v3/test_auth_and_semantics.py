"""Honcho v3 semantics a user depends on: key binding, get-or-create, upserts, session rules."""

from concurrent.futures import ThreadPoolExecutor

import pytest


@pytest.fixture
def client_options():
    return {"api_keys": {"k1": "ws1", "root": "*"}}


BOUND = {"Authorization": "Bearer k1"}
ADMIN = {"Authorization": "Bearer root"}


@pytest.mark.parametrize("method, path, body", [
    ("POST", "/v3/workspaces", {"id": "ws2"}),
    ("POST", "/v3/workspaces/ws2/peers", {"id": "x"}),
    ("POST", "/v3/workspaces/ws2/sessions/s/messages", {"messages": [{"content": "x", "peer_id": "a"}]}),
    ("POST", "/v3/workspaces/ws2/sessions/s/messages/list", None),
    ("PUT", "/v3/workspaces/ws2", {"metadata": {}}),
])
def test_a_bound_key_never_touches_another_workspace(client, method, path, body):
    response = client.request(method, path, json=body, headers=BOUND)
    assert (response.status_code, response.json()) == (401, {"detail": "JWT not permissioned for this resource"})
    assert client.post("/v3/workspaces/list", headers=ADMIN).json()["total"] == 0


def test_admin_only_listing_and_missing_keys(client):
    assert client.post("/v3/workspaces/list", headers=BOUND).json() == {"detail": "Resource requires admin privileges"}
    assert client.post("/v3/workspaces/list").status_code == 401
    assert client.post("/v3/workspaces", json={"id": "ws1"}, headers=BOUND).status_code == 201
    assert [w["id"] for w in client.post("/v3/workspaces/list", headers=ADMIN).json()["items"]] == ["ws1"]


def test_concurrent_get_or_create_answers_one_201(client):
    def create(_):
        return client.post("/v3/workspaces/ws1/sessions", json={"id": "race"}, headers=BOUND).status_code

    with ThreadPoolExecutor(8) as pool:
        codes = sorted(pool.map(create, range(16)))
    assert codes == [200] * 15 + [201]


def test_peer_get_or_create_replaces_given_metadata_and_put_upserts(client):
    path = "/v3/workspaces/ws1/peers"
    client.post(path, json={"id": "p", "metadata": {"a": 1}}, headers=BOUND)
    again = client.post(path, json={"id": "p", "metadata": {"b": 2}}, headers=BOUND)
    assert (again.status_code, again.json()["metadata"]) == (200, {"b": 2})
    upserted = client.put("/v3/workspaces/ws1/peers/newbie", json={"metadata": {"c": 3}}, headers=BOUND)
    assert (upserted.status_code, upserted.json()["id"], upserted.json()["metadata"]) == (200, "newbie", {"c": 3})


def test_session_configuration_merges_and_metadata_replaces(client):
    path = "/v3/workspaces/ws1/sessions"
    client.post(path, json={"id": "s", "metadata": {"a": 1}, "configuration": {"x": 1}}, headers=BOUND)
    updated = client.put(f"{path}/s", json={"metadata": {"b": 2}, "configuration": {"y": 2}}, headers=BOUND).json()
    assert updated["metadata"] == {"b": 2} and updated["configuration"] == {"x": 1, "y": 2}


def test_deleted_session_is_gone_and_workspace_delete_waits_for_sessions(client):
    client.post("/v3/workspaces/ws1/sessions/s/messages", json={"messages": [{"content": "x", "peer_id": "a"}]}, headers=BOUND)
    blocked = client.delete("/v3/workspaces/ws1", headers=BOUND)
    assert blocked.status_code == 409
    assert client.delete("/v3/workspaces/ws1/sessions/s", headers=BOUND).status_code == 202
    listed = client.post("/v3/workspaces/ws1/sessions/list", headers=BOUND).json()
    assert listed["total"] == 0
    assert client.post("/v3/workspaces/ws1/sessions/s/messages/list", headers=BOUND).json()["items"] == []
    assert client.delete("/v3/workspaces/ws1", headers=BOUND).status_code == 202


def test_messages_create_accepts_a_trailing_slash(client):
    response = client.post("/v3/workspaces/ws1/sessions/s/messages/",
                           json={"messages": [{"content": "x", "peer_id": "a"}]}, headers=BOUND,
                           follow_redirects=False)
    assert response.status_code == 201
