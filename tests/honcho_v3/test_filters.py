"""The filter DSL keeps exactly the rows Honcho 3.0.12 keeps (src/utils/filter.py compiled to SQL
for PostgreSQL, so three-valued: a metadata operator on a missing key is NULL, dropped by the
operator and by its negation), and answers malformed filters with Honcho's detail texts."""

import pytest
from starlette.testclient import TestClient

from gateway.app import build_app
from gateway.settings import Settings

W = "/v3/workspaces/w"
MESSAGES = [
    ("a1", "alice", {"topic": "billing", "n": 5, "tags": ["x", "y"]}),
    ("b1", "bob", {"topic": "tech", "n": 7.5}),
    ("c1", "carol", {}),
    ("a2", "alice", {"topic": "Billing Q", "n": 10, "flag": True}),
    ("b2", "bob", {"topic": None}),
]
ALL = [m[0] for m in MESSAGES]


@pytest.fixture(scope="module")
def client(module_db):
    settings = Settings(db=module_db)
    with TestClient(build_app(settings)) as c:
        c.post("/v3/workspaces", json={"id": "w"})
        c.post("/v3/workspaces", json={"id": "other"})
        for name in ("s1", "s2"):
            c.post(W + "/sessions", json={"id": name})
        for content, peer, metadata in MESSAGES:
            made = c.post(W + "/sessions/s1/messages", json={"messages": [
                {"content": f"note {content}", "peer_id": peer, "metadata": metadata}]})
            assert made.status_code == 201, made.text
        c.post(W + "/sessions/s2/messages", json={"messages": [{"content": "note s2", "peer_id": "alice"}]})
        c.post(W + "/sessions/s2/peers", json={"dave": {}})
        c.post("/v3/workspaces/other/sessions/s1/messages", json={"messages": [{"content": "note other", "peer_id": "alice"}]})
        yield c


def listed(client, filters) -> list[str]:
    answer = client.post(W + "/sessions/s1/messages/list", json={"filters": filters})
    assert answer.status_code == 200, answer.text
    return [m["content"].removeprefix("note ") for m in answer.json()["items"]]


@pytest.mark.parametrize("filters, rows", [
    ({"NOT": [{"peer_id": "alice"}, {"peer_id": "carol"}]}, ["b1", "b2"]),
    ({"NOT": [{"peer_id": "alice"}]}, ["b1", "c1", "b2"]),
    ({"metadata": {"topic": {"ne": "billing"}}}, ["b1", "a2"]),
    ({"NOT": [{"metadata": {"topic": {"ne": "billing"}}}]}, ["a1"]),
    ({"metadata": {"n": {"gt": 6}}}, ["b1", "a2"]),
    ({"metadata": {"n": {"gte": "5"}}}, ["a1", "b1", "a2"]),
    ({"metadata": {"n": {"lt": 7, "gte": 1}}}, ["a1"]),
    ({"metadata": {"n": {"in": [5, "10"]}}}, ["a1", "a2"]),
    ({"metadata": {"topic": {"in": ["tech", "*"]}}}, ALL),
    ({"metadata": {"topic": {"icontains": "BILL"}}}, ["a1", "a2"]),
    ({"metadata": {"topic": {"contains": "bill"}}}, ["a1", "a2"]),
    ({"metadata": {"topic": {"in": ["tech"]}}}, ["b1"]),
    ({"OR": [{"peer_id": "bob"}, {"metadata": {"n": {"gt": 8}}}]}, ["b1", "a2", "b2"]),
    ({"NOT": [{"OR": [{"peer_id": "bob"}, {"metadata": {"n": {"gt": 8}}}]}]}, ["a1"]),
    ({"metadata": {"topic": "*"}}, ALL),
    ({"peer_id": "*", "metadata": {}}, ALL),
    ({"peer_id": ["alice", "bob"]}, ["a1", "b1", "a2", "b2"]),
    ({"peer_id": {"contains": "AL"}}, ["a1", "a2"]),
    ({"peer_id": {"in": ["carol", "*"]}}, ALL),
    ({"metadata": {"tags": ["x"]}}, ["a1"]),
    ({"metadata": {"topic": None}}, ["b2"]),
    ({"metadata": {"contains": {"topic": "tech"}}}, ["b1"]),
    ({"metadata": ["x"]}, []),
    ({"metadata": "x"}, []),
    ({"NOT": [{"metadata": "x"}]}, ALL),
    ({"metadata": {"flag": True}}, ["a2"]),
    ({"metadata": {"flag": {"ne": True}}}, []),
    ({"token_count": {"gte": 0}}, ALL),
    ({"AND": [{"peer_id": "alice"}, {"metadata": {"n": {"gt": 6}}}]}, ["a2"]),
    ({"session_id": "s2"}, []),
    ({"workspace_id": "w", "NOT": []}, ALL),
])
def test_filters_keep_hanchos_rows(client, filters, rows):
    assert listed(client, filters) == rows


def nest(levels: int) -> dict:
    found = {"peer_id": "alice"}
    for _ in range(levels):
        found = {"AND": [found]}
    return found


def test_nesting_allows_five_levels_below_the_top(client):
    assert listed(client, nest(5)) == ["a1", "a2"]
    answer = client.post(W + "/sessions/s1/messages/list", json={"filters": nest(6)})
    assert answer.json() == {"detail": "Filter nesting exceeds maximum depth of 5"}


@pytest.mark.parametrize("path, filters, detail", [
    ("/sessions/s1/messages/list", {"NOT": {"peer_id": "a"}}, "NOT operator must contain a list, got dict"),
    ("/sessions/s1/messages/list", {"NOT": None}, "NOT operator cannot be None"),
    ("/sessions/s1/messages/list", {"AND": "x"}, "AND operator must contain a list, got str"),
    ("/sessions/s1/messages/list", {"OR": 3}, "OR operator must contain a list, got int"),
    ("/sessions/s1/messages/list", {"id": "x"}, "Column 'id' is not allowed to be filtered on or does not exist on Message"),
    ("/sessions/s1/messages/list", {"is_active": True}, "Column 'is_active' is not allowed to be filtered on or does not exist on Message"),
    ("/sessions/s1/messages/list", {"peer_id": {"ne": "alice"}}, "Invalid numeric value: alice. Expected a number, got str"),
    ("/sessions/s1/messages/list", {"metadata": {"n": {"gt": 1, "bad": 2}}}, "Unsupported comparison operator: bad"),
    ("/sessions/s1/messages/list", {"peer_id": {"in": ["a"], "nope": 1}}, "Unsupported comparison operator: nope"),
    ("/sessions/s1/messages/list", {"metadata": {"n": {"gt": None}}},
     "Failed to build numeric comparison condition for operator 'gt' with value 'None': Failed to process numeric"
     " cast for value 'None': Invalid value for numeric operator: None. Expected a number, got NoneType"),
    ("/sessions/s1/messages/list", {"peer_id": {"in": "alice"}},
     "Invalid value for 'in' operator: alice. Expected an iterable (list, tuple, set), got str"),
    ("/sessions/s1/messages/list", {"metadata": {"n": {"in": 5}}},
     "Invalid value for 'in' operator: 5. Expected an iterable (list, tuple, set), got int"),
    ("/sessions/s1/messages/list", {"created_at": {"gte": "nope"}}, "Invalid datetime value: nope"),
    ("/sessions/s1/messages/list", {"created_at": {"in": ["2024-01-01", "x"]}}, "Invalid datetime value in list: x"),
    ("/peers/list", {"is_active": True}, "Column 'is_active' does not exist on Peer"),
    ("/peers/list", {"peer_id": "alice"}, "Column 'peer_id' does not exist on Peer"),
    ("/sessions/list", {"session_id": "s1"}, "Column 'session_id' does not exist on Session"),
    ("/sessions/list", {"token_count": 1}, "Column 'token_count' is not allowed to be filtered on or does not exist on Session"),
])
def test_bad_filters_get_honchos_detail(client, path, filters, detail):
    answer = client.post(W + path, json={"filters": filters})
    assert (answer.status_code, answer.json()) == (422, {"detail": detail})


def test_workspace_filters_name_their_own_columns(client):
    answer = client.post("/v3/workspaces/list", json={"filters": {"workspace_id": "w"}})
    assert answer.json() == {"detail": "Column 'workspace_id' does not exist on Workspace"}
    found = client.post("/v3/workspaces/list", json={"filters": {"id": {"in": ["w"]}}}).json()
    assert [w["id"] for w in found["items"]] == ["w"]
    sessions = client.post(W + "/sessions/list", json={"filters": {"is_active": True, "id": ["s2"]}}).json()
    assert [s["id"] for s in sessions["items"]] == ["s2"]


def searched(client, path, filters) -> list[str]:
    answer = client.post(W + path, json={"query": "note", "filters": filters, "limit": 50})
    assert answer.status_code == 200, answer.text
    return [m["content"].removeprefix("note ") for m in answer.json()]


NEWEST_FIRST = ["b2", "a2", "c1", "b1", "a1"]


@pytest.mark.parametrize("path, filters, rows", [
    # the caller's filters are ANDed with the route's workspace/session/peer (as the real server
    # answered in recorded replays): another session, workspace or peer finds nothing
    ("/sessions/s1/search", {"session_id": "s2"}, []),
    ("/sessions/s1/search", {"workspace_id": "other"}, []),
    ("/search", {"workspace_id": "other"}, []),
    ("/peers/alice/search", {"peer_id": "bob"}, []),
    ("/sessions/s1/search", {"session_id": "s1"}, NEWEST_FIRST),
    ("/peers/alice/search", {"peer_id": "alice"}, ["s2", "a2", "a1"]),
    # nested conditions too: never wider than the route
    ("/sessions/s1/search", {"AND": [{"session_id": "s2"}]}, []),
    ("/search", {"OR": [{"workspace_id": "other"}]}, []),
    ("/peers/alice/search", {"NOT": [{"peer_id": "alice"}]}, []),
    ("/search", {"session_id": "s2"}, ["s2"]),
    ("/search", {"metadata": {"topic": {"ne": "tech"}}}, ["a2", "a1"]),
    ("/sessions/s1/search", {"NOT": [{"peer_id": "alice"}, {"peer_id": "bob"}]}, ["c1"]),
    # peer_perspective: the sessions the peer is a member of (dave joined s2 only)
    ("/search", {"peer_perspective": "dave"}, ["s2"]),
    ("/search", {"peer_perspective": "dave", "peer_id": "bob"}, []),
    ("/search", {"peer_perspective": "nobody"}, []),
])
def test_search_filters_never_widen_the_route(client, path, filters, rows):
    assert searched(client, path, filters) == rows


def test_equal_hits_come_newest_created_first_as_honcho_orders_them(client):
    """Honcho orders by ts_rank, then created_at descending (not by insertion)."""
    c = client
    c.post(W + "/sessions/s3/messages", json={"messages": [
        {"content": "tie one", "peer_id": "alice", "created_at": "2024-05-01T00:00:00Z"},
        {"content": "tie two", "peer_id": "alice", "created_at": "2023-01-01T00:00:00Z"},
        {"content": "tie three", "peer_id": "alice", "created_at": "2025-01-01T00:00:00Z"}]})
    for query in ("tie", "ti"):  # full text, substring only
        found = c.post(W + "/sessions/s3/search", json={"query": query}).json()
        assert [m["content"] for m in found] == ["tie three", "tie one", "tie two"], query
