"""Not-found and conflict details in Honcho 3.0.12's own words (src/crud/*, src/routers/*), and
its write-through of a session peer's config."""

import pytest
from starlette.testclient import TestClient

from gateway.app import build_app
from gateway.settings import Settings

W = "/v3/workspaces/w"


@pytest.fixture
def client(db):
    with TestClient(build_app(Settings(db=db))) as c:
        c.post("/v3/workspaces", json={"id": "w"})
        c.post(W + "/peers", json={"id": "alice"})
        c.post(W + "/peers", json={"id": "bob"})
        c.post(W + "/sessions", json={"id": "s", "peers": {"alice": {}}})
        yield c


def detail(answer, status):
    assert answer.status_code == status, answer.text
    return answer.json()["detail"]


def test_details_are_honchos(client):
    assert detail(client.delete(W), 409) == \
        "Cannot delete workspace 'w': active session(s) remain. Delete all sessions first."
    assert detail(client.get(W + "/sessions/s/messages/nope"), 404) == "Message with ID nope not found"
    assert detail(client.get(W + "/sessions/s/peers/carol/config"), 404) == \
        "Session peer carol not found in session s in workspace w"
    assert detail(client.get(W + "/peers/carol/card"), 404) == "Peer carol not found in workspace w"
    assert detail(client.put(W + "/sessions/s/messages/nope", json={"metadata": {}}), 404) == "Message not found"
    assert detail(client.delete(W + "/sessions/gone"), 404) == "Session gone not found in workspace w"


def test_setting_a_non_members_config_makes_it_a_member(client):
    assert client.put(W + "/sessions/s/peers/bob/config", json={"observe_others": True}).status_code == 204
    assert client.get(W + "/sessions/s/peers/bob/config").json() == {"observe_me": None, "observe_others": True}
    members = client.get(W + "/sessions/s/peers").json()["items"]
    assert sorted(p["id"] for p in members) == ["alice", "bob"]


def test_config_of_a_missing_peer_or_session_is_404(client):
    """The real server's words (tests/golden/honcho_v3/006_real_errors.json): the session is
    looked up first, then the peer."""
    answer = client.put(W + "/sessions/s/peers/carol/config", json={"observe_me": True})
    assert detail(answer, 404) == "Peer carol not found in workspace w"
    answer = client.put(W + "/sessions/nope/peers/carol/config", json={"observe_me": True})
    assert detail(answer, 404) == "Session nope not found in workspace w"


def many(n: int, start: int = 0) -> dict:
    return {f"o{i}": {"observe_others": True} for i in range(start, start + n)}


def test_more_than_ten_observers_is_honchos_400(client):
    message = ("Cannot create session {} with {} observers. Maximum allowed is 10 observers per session. "
               "Observers are peers with 'observe_others' set to true.")
    assert detail(client.post(W + "/sessions", json={"id": "big", "peers": many(11)}), 400) == message.format("big", 11)
    assert client.post(W + "/sessions", json={"id": "ten", "peers": many(10)}).status_code == 201
    assert detail(client.post(W + "/sessions/ten/peers", json=many(1, 10)), 400) == message.format("ten", 11)
    assert client.post(W + "/sessions/ten/peers", json={"o0": {"observe_others": True}}).status_code == 200
    assert detail(client.put(W + "/sessions/ten/peers/bob/config", json={"observe_others": True}), 400) == \
        message.format("ten", 11)
    assert detail(client.put(W + "/sessions/s/peers", json=many(11)), 400) == message.format("s", 11)
    assert client.put(W + "/sessions/ten/peers", json=many(3)).status_code == 200
    assert client.post(W + "/sessions/ten/peers", json=many(7, 20)).status_code == 200
