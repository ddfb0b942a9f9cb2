"""Workspace/session/message ``configuration`` kept as Honcho 3.0.12 keeps it: its typed sections
read in pydantic's lax mode and stored as ``model_dump(exclude_none=True)`` (the expected values
below are what pydantic gives for Honcho's own configuration models)."""

import pytest
from starlette.testclient import TestClient

from gateway.app import build_app
from gateway.settings import Settings


@pytest.fixture(scope="module")
def client(module_db):
    settings = Settings(db=module_db)
    with TestClient(build_app(settings)) as c:
        c.post("/v3/workspaces", json={"id": "w"})
        yield c


CASES = [
    ({"summary": {"enabled": 1}}, {"summary": {"enabled": True}}),
    ({"summary": {"enabled": "YES", "messages_per_short_summary": "12"}},
     {"summary": {"enabled": True, "messages_per_short_summary": 12}}),
    ({"summary": {"enabled": None}}, {"summary": {}}),
    ({"summary": {"messages_per_short_summary": 12.0, "foo": 1}}, {"summary": {"messages_per_short_summary": 12}}),
    ({"extra": None, "x": {"y": None}, "summary": {"foo": 1}}, {"summary": {}, "x": {"y": None}}),
    ({"reasoning": None, "dream": {"enabled": "off"}, "deriver": {"enabled": False}},
     {"dream": {"enabled": False}, "deriver": {"enabled": False}}),
    ({"peer_card": {"use": 0, "create": 1.0}}, {"peer_card": {"use": False, "create": True}}),
]


@pytest.mark.parametrize("n, given, kept", [(n, *case) for n, case in enumerate(CASES)])
def test_session_configuration_is_what_honcho_stores(client, n, given, kept):
    made = client.post("/v3/workspaces/w/sessions", json={"id": f"s{n}", "configuration": given})
    assert (made.status_code, made.json()["configuration"]) == (201, kept)
    again = client.post("/v3/workspaces/w/sessions/list", json={"filters": {"id": made.json()["id"]}})
    assert again.json()["items"][0]["configuration"] == kept


def test_a_session_without_configuration_has_an_empty_one(client):
    made = client.post("/v3/workspaces/w/sessions", json={"id": "bare"}).json()
    assert made["configuration"] == {}


def test_message_configuration_keeps_only_reasoning(client):
    answer = client.post("/v3/workspaces/w/sessions/m/messages", json={"messages": [
        {"content": "x", "peer_id": "a", "configuration": {"reasoning": {"enabled": "no", "x": 1}, "summary": {"enabled": True}}}]})
    assert answer.status_code == 201, answer.text


def test_bad_configuration_stores_nothing(client):
    answer = client.put("/v3/workspaces/w", json={"configuration": {"summary": {"messages_per_long_summary": 19}}})
    assert answer.status_code == 422
    assert answer.json()["detail"] == [{
        "type": "greater_than_equal", "loc": ["body", "configuration", "summary", "messages_per_long_summary"],
        "msg": "Input should be greater than or equal to 20", "input": 19, "ctx": {"ge": 20}}]
    assert client.post("/v3/workspaces", json={"id": "w"}).json()["configuration"] == {}
