"""zep-cloud 3.x graph routes (POST /api/v2/graph, /graph/search, /graph/create) over the
episodes Zep v4 keeps; bad input gets v2's envelope and stores nothing."""

import json

import pytest

V2 = "/api/v2"


@pytest.fixture(scope="module")
def client(module_client):
    c = module_client
    assert c.post(f"{V2}/users", json={"user_id": "jane"}).status_code == 201
    assert c.post(f"{V2}/graph", json={"data": "Jane climbs in Chamonix", "type": "text", "user_id": "jane"}).status_code == 200
    return c


def episodes(client):
    uuid = client.get(f"{V2}/users/jane").json()["uuid"]
    return [e["content"] for e in client.post(f"/api/v4/graphs/{uuid}/episodes/list", json={}).json()["items"]]


def test_search_scopes(client):
    found = client.post(f"{V2}/graph/search", json={"query": "chamonix climbing", "user_id": "jane", "scope": "episodes"}).json()
    assert [(e["content"], e["score"]) for e in found["episodes"]] == [("Jane climbs in Chamonix", 1.0)]
    assert client.post(f"{V2}/graph/search", json={"query": "chamonix", "user_id": "jane"}).json() == {"edges": []}
    auto = client.post(f"{V2}/graph/search", json={"query": "chamonix", "user_id": "jane", "scope": "auto"}).json()
    assert (auto["edges"], auto["nodes"], len(auto["episodes"])) == ([], [], 1)
    assert client.post(f"{V2}/graph/search", json={"query": "paris", "user_id": "jane", "scope": "episodes"}).json() == {"episodes": []}


CASES = [
    ({"data": "x", "type": "video", "user_id": "jane"}, "/graph", 400),
    ({"data": "", "type": "text", "user_id": "jane"}, "/graph", 400),
    ({"data": "x" * 10_001, "type": "text", "user_id": "jane"}, "/graph", 400),
    ({"data": "x", "type": "text"}, "/graph", 400),
    ({"data": "x", "type": "text", "user_id": "jane", "graph_id": "g"}, "/graph", 400),
    ({"data": "x", "type": "text", "user_id": "ghost"}, "/graph", 404),
    ({"data": "x", "type": "text", "graph_id": "ghost"}, "/graph", 404),
    ({"data": "x", "type": "text", "user_id": "jane", "created_at": "yesterday"}, "/graph", 400),
    ({"data": 5, "type": "text", "user_id": "jane"}, "/graph", 400),
    ({"query": "x", "user_id": "jane", "scope": "everything"}, "/graph/search", 400),
    ({"query": "x", "user_id": "jane", "limit": 0}, "/graph/search", 400),
    ({"query": "!!!", "user_id": "jane", "scope": "episodes"}, "/graph/search", 400),
    ({"query": "x"}, "/graph/search", 400),
    ({"graph_id": ""}, "/graph/create", 400),
    ("{not json", "/graph", 400),
]


@pytest.mark.parametrize("index", range(len(CASES)))
def test_hostile_graph_input(client, index):
    payload, path, status = CASES[index]
    content = payload if isinstance(payload, str) else json.dumps(payload)
    answer = client.post(V2 + path, content=content, headers={"content-type": "application/json"})
    assert answer.status_code == status, answer.text
    assert list(answer.json()) == ["message"]
    assert episodes(client) == ["Jane climbs in Chamonix"]


def test_graph_create_is_unique_and_shared_with_v4(client):
    assert client.post(f"{V2}/graph/create", json={"graph_id": "team"}).status_code == 201
    assert client.post(f"{V2}/graph/create", json={"graph_id": "team"}).status_code == 400
    assert client.post(f"{V2}/graph", json={"data": "retreat in Porto", "type": "text", "graph_id": "team"}).status_code == 200
    graph = client.post("/api/v4/graphs/lookup", json={"graph_id": "team"}).json()
    found = client.post(f"/api/v4/graphs/{graph['uuid']}/search/episodes", json={"query": "porto"}).json()
    assert [e["content"] for e in found["items"]] == ["retreat in Porto"]


def test_deleting_a_user_deletes_its_graphs_episodes(db):
    from tests.support.app import serving

    with serving(db) as c:
        assert c.post(f"{V2}/users", json={"user_id": "gone"}).status_code == 201
        uuid = c.get(f"{V2}/users/gone").json()["uuid"]
        c.post(f"{V2}/graph", json={"data": "kept until the user goes", "type": "text", "user_id": "gone"})
        assert c.delete(f"{V2}/users/gone").json() == {"message": "OK"}
        left = c.portal.call(lambda: c.app.state.store.list_records("default", "zep.episode", parent=uuid))
        assert left.total == 0
