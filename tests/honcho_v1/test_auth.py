"""Keys with Honcho v1: a bound key only ever touches its own app; admin-only routes; /v1/keys."""

import pytest

from tests.support.app import serving

BOUND = {"Authorization": "Bearer k1"}
ADMIN = {"Authorization": "Bearer root"}


@pytest.fixture
def client_options():
    return {"api_keys": {"k1": "ws1", "root": "*"}}


@pytest.fixture
def other(client):
    app = client.post("/v1/apps", json={"name": "ws2"}, headers=ADMIN).json()
    user = client.get(f"/v1/apps/{app['id']}/users/get_or_create/u", headers=ADMIN).json()
    session = client.post(f"/v1/apps/{app['id']}/users/{user['id']}/sessions", json={}, headers=ADMIN).json()
    return app["id"], user["id"], session["id"]


def test_a_bound_key_never_touches_another_app(client, other):
    app, user, session = other
    for method, path, body in [
        ("GET", f"/v1/apps?app_id={app}", None),
        ("GET", "/v1/apps/ws2", None),
        ("PUT", f"/v1/apps/{app}", {"metadata": {"x": 1}}),
        ("POST", f"/v1/apps/{app}/users", {"name": "intruder"}),
        ("POST", "/v1/apps/ws2/users/list", None),
        ("GET", f"/v1/apps/{app}/users/get_or_create/u2", None),
        ("POST", f"/v1/apps/{app}/users/{user}/sessions/{session}/messages", {"content": "x", "is_user": True}),
        ("POST", f"/v1/apps/{app}/users/{user}/sessions/{session}/messages/list", None),
        ("POST", f"/v1/apps/{app}/users/{user}/collections", {"name": "c"}),
    ]:
        response = client.request(method, path, json=body, headers=BOUND)
        assert (response.status_code, response.json()) == (401, {"detail": "JWT not permissioned for this resource"}), path
    names = [u["name"] for u in client.post(f"/v1/apps/{app}/users/list", headers=ADMIN).json()["items"]]
    assert names == ["u"]
    assert client.get(f"/v1/apps?app_id={app}", headers=ADMIN).json()["metadata"] == {}


def test_admin_only_routes_and_the_bound_app(client):
    assert client.post("/v1/apps", json={"name": "ws2"}, headers=BOUND).json() == {"detail": "Resource requires admin privileges"}
    assert client.post("/v1/apps/list", headers=BOUND).status_code == 401
    assert client.get("/v1/apps/name/ws2", headers=BOUND).status_code == 401
    assert client.get("/v1/apps", headers=BOUND).json() == {"detail": "App with ID ws1 not found"}
    mine = client.get("/v1/apps/get_or_create/ws1", headers=BOUND).json()
    assert mine["name"] == "ws1"
    assert client.get("/v1/apps", headers=BOUND).json() == mine
    assert client.get(f"/v1/apps/{mine['id']}", headers=BOUND).json() == mine
    user = client.get(f"/v1/apps/{mine['id']}/users/get_or_create/me", headers=BOUND).json()
    session = client.post(f"/v1/apps/ws1/users/{user['id']}/sessions", json={}, headers=BOUND)
    assert session.status_code == 200
    assert [a["name"] for a in client.post("/v1/apps/list", headers=ADMIN).json()["items"]] == ["ws1"]


def test_missing_or_wrong_keys_are_401_in_honchos_envelope(client):
    assert client.get("/v1/apps/get_or_create/ws1").json() == {"detail": "No access token provided"}
    wrong = client.get("/v1/apps/get_or_create/ws1", headers={"Authorization": "Bearer nope"})
    assert (wrong.status_code, wrong.json()) == (401, {"detail": "Invalid API key"})


def test_keys_route_with_auth_on(client):
    assert client.post("/v1/keys?app_id=x", headers=BOUND).json() == {"detail": "Resource requires admin privileges"}
    minted = client.post("/v1/keys?app_id=x", headers=ADMIN)
    assert minted.status_code == 501 and "static API keys" in minted.json()["detail"]
    assert client.post("/v1/keys").json() == {"detail": "No access token provided"}


def test_keys_route_with_auth_off_is_disabled_like_honcho(db):
    with serving(db) as c:
        response = c.post("/v1/keys?app_id=x")
        assert (response.status_code, response.json()) == (405, {"detail": "Feature is disabled"})
        assert c.get("/v1/threads/nope").json()["error"]["type"] == "invalid_request_error"
