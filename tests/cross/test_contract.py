"""docs/contract.md rules the cross-dialect matrix does not pin: one id in four formats (§2), token
counts and time formats (§4), content parts kept per dialect (§4), envelopes for unknown routes,
auth failures, oversized bodies and cross-workspace access (§7)."""

from __future__ import annotations

import uuid

import pytest
from starlette.testclient import TestClient

from adapters.openai_threads.shapes import uid_of as openai_uid
from gateway.app import build_app
from gateway.settings import Settings
from store.ids import from_base62
from tests.cross.drivers import HonchoV3, OpenAI, Zep
from store.tokens import count_tokens

TEXT = "nul\u0000 stripped before counting \U0001f600"


def written(client) -> dict:
    """One message written through Honcho v3 with a client created_at."""
    made = client.post("/v3/workspaces/default/sessions/s1/messages", json={"messages": [
        {"peer_id": "alice", "content": TEXT, "created_at": "2024-05-06T07:08:09.123456Z"}]})
    assert made.status_code == 201
    return made.json()[0]


def test_one_message_id_in_every_format_and_each_dialect_takes_its_own(client):
    v3 = written(client)
    openai = client.get("/v1/threads/s1/messages").json()["data"][0]
    zep = client.get("/api/v2/sessions/s1/messages").json()["messages"][0]
    v1 = client.post("/v1/apps/default/users/alice/sessions/s1/messages/list", json={}).json()["items"][0]
    canonical = from_base62(v3["id"])
    assert openai["id"].startswith("msg_") and len(openai["id"]) == 28
    assert openai_uid(openai["id"], "msg_") == canonical
    assert uuid.UUID(zep["uuid"]).bytes == canonical
    assert from_base62(v1["id"]) == canonical
    assert client.get(f"/v1/threads/s1/messages/{openai['id']}").status_code == 200
    assert client.get(f"/api/v2/sessions/s1/messages/{zep['uuid']}").status_code == 200
    assert client.get(f"/v3/workspaces/default/sessions/s1/messages/{v3['id']}").status_code == 200
    assert client.get(f"/v1/apps/default/users/alice/sessions/s1/messages/{v1['id']}").status_code == 200


def test_token_counts_and_times_agree_across_dialects(client):
    v3 = written(client)
    assert v3["token_count"] == count_tokens(TEXT) == count_tokens(TEXT.replace("\u0000", ""))
    assert v3["created_at"] == "2024-05-06T07:08:09.123456Z"  # echoed as sent
    zep = client.get("/api/v2/sessions/s1/messages").json()["messages"][0]
    v1 = client.post("/v1/apps/default/users/alice/sessions/s1/messages/list", json={}).json()["items"][0]
    openai = client.get("/v1/threads/s1/messages").json()["data"][0]
    assert zep["token_count"] == v3["token_count"]
    assert zep["created_at"].startswith("2024-05-06T07:08:09") and zep["created_at"].endswith("Z")
    assert v1["created_at"].startswith("2024-05-06T07:08:09") and v1["created_at"].endswith("Z")
    assert openai["created_at"] == 1714979289


def test_openai_content_parts_are_kept_for_openai_and_text_for_the_others(client):
    thread = client.post("/v1/threads", json={}).json()["id"]
    parts = [{"type": "text", "text": "look at this"},
             {"type": "image_url", "image_url": {"url": "https://example.com/a.png", "detail": "low"}}]
    made = client.post(f"/v1/threads/{thread}/messages", json={"role": "user", "content": parts}).json()
    again = client.get(f"/v1/threads/{thread}/messages/{made['id']}").json()
    assert again["content"][1] == {"type": "image_url", "image_url": {"url": "https://example.com/a.png", "detail": "low"}}
    honcho = client.post(f"/v3/workspaces/default/sessions/{thread}/messages/list").json()["items"][0]
    zep = client.get(f"/api/v2/sessions/{thread}/messages").json()["messages"][0]
    assert honcho["content"] == zep["content"] == "look at this"


ENVELOPES = {
    "/v3/workspaces/w/nowhere": lambda body: set(body) == {"detail"},
    "/v1/apps/a/nowhere/x/y/z/q": lambda body: set(body) == {"detail"},
    "/api/v2/nowhere": lambda body: set(body) == {"message"},
    "/v1/nowhere": lambda body: set(body["error"]) == {"message", "type", "param", "code"},
}


@pytest.mark.parametrize("path", ENVELOPES)
def test_unknown_routes_answer_in_the_dialects_envelope(client, path):
    response = client.get(path)
    assert response.status_code == 404 and ENVELOPES[path](response.json())


@pytest.mark.parametrize("path", ENVELOPES)
def test_auth_failures_and_oversized_bodies_use_the_dialects_envelope(db, path):
    settings = Settings(db=db, api_keys={"k": "team"}, max_body_bytes=100)
    with TestClient(build_app(settings)) as c:
        denied = c.get(path)
        assert denied.status_code == 401 and ENVELOPES[path](denied.json())
        big = c.post(path, content=b"x" * 101, headers={"Authorization": "Bearer k"})
        assert big.status_code == 413 and ENVELOPES[path](big.json())


def test_a_bound_key_never_reaches_another_workspace_through_any_dialect(db):
    settings = Settings(db=db, api_keys={"mine": "team", "root": "*"})
    with TestClient(build_app(settings)) as c:
        root = {"Authorization": "Bearer root"}
        assert c.post("/v3/workspaces/other/sessions/secret/messages", headers=root,
                      json={"messages": [{"peer_id": "eve", "content": "private"}]}).status_code == 201
        bearer, zep_key = {"Authorization": "Bearer mine"}, {"Authorization": "Api-Key mine"}
        assert c.post("/v3/workspaces/other/sessions/secret/messages/list", headers=bearer).status_code == 401
        assert c.get("/v1/apps/other/users/eve/sessions?session_id=secret", headers=bearer).status_code == 401
        # Zep and OpenAI requests with a bound key live in its workspace: "secret" is not there.
        assert c.get("/api/v2/sessions/secret/messages", headers=zep_key).status_code == 404
        assert c.get("/v1/threads/secret/messages", headers=bearer).status_code == 404
        assert c.get("/v1/conversations/secret/items", headers=bearer).status_code == 404


def zep_view(client, session: str, message: str) -> dict:
    """updated_at and metadata of the Zep user ``zep-user``, the session and one message."""
    user = client.get("/api/v2/users/zep-user").json()
    found = client.get(f"/api/v2/sessions/{session}").json()
    said = client.get(f"/api/v2/sessions/{session}/messages/{message}").json()
    return {kind: (x["updated_at"], x["metadata"], x["created_at"])
            for kind, x in (("user", user), ("session", found), ("message", said))}


def zep_written(client) -> tuple[str, str, dict]:
    """A Zep user, session and message, never updated: updated_at shows created_at."""
    session = Zep().write(client, [("user", "hello", {"k": 1})])
    message = client.get(f"/api/v2/sessions/{session}/messages").json()["messages"][0]["uuid"]
    before = zep_view(client, session, message)
    assert all(updated == created for updated, _, created in before.values())
    return session, message, before


def assert_bumped(before: dict, after: dict, kinds, metadata) -> None:
    for kind in kinds:
        assert after[kind][0] > before[kind][0], kind  # fixed-width UTC text: text order is time order
        assert after[kind][1] == metadata, kind
    for kind in set(before) - set(kinds):
        assert after[kind] == before[kind], kind


def test_honcho_v3_metadata_updates_bump_the_updated_at_zep_shows(client):
    session, message, before = zep_written(client)
    v3 = "/v3/workspaces/default"
    assert client.put(f"{v3}/peers/zep-user", json={"metadata": {"by": "v3"}}).status_code == 200
    assert client.put(f"{v3}/sessions/{session}", json={"metadata": {"by": "v3"}}).status_code == 200
    honcho_id = HonchoV3().read(client, session)[0].id
    assert client.put(f"{v3}/sessions/{session}/messages/{honcho_id}", json={"metadata": {"by": "v3"}}).status_code == 200
    after = zep_view(client, session, message)
    assert_bumped(before, after, ("user", "session", "message"), {"by": "v3"})
    newest = client.get("/api/v2/sessions-ordered?order_by=updated_at&page_size=1").json()["sessions"]
    assert [s["session_id"] for s in newest] == [session]
    listed = client.get(f"/api/v2/sessions/{session}/messages").json()["messages"][0]
    assert listed["updated_at"] == after["message"][0]


def test_openai_metadata_updates_bump_the_updated_at_zep_shows(client):
    session, message, before = zep_written(client)
    assert client.post(f"/v1/threads/{session}", json={"metadata": {"by": "openai"}}).status_code == 200
    openai_id = OpenAI().read(client, session)[0].id
    assert client.post(f"/v1/threads/{session}/messages/{openai_id}", json={"metadata": {"by": "openai"}}).status_code == 200
    assert_bumped(before, zep_view(client, session, message), ("session", "message"), {"by": "openai"})


def test_reading_or_appending_elsewhere_does_not_bump_it(client):
    session, message, before = zep_written(client)
    HonchoV3().append(client, session, "more")
    OpenAI().append(client, session, "more")
    client.post(f"/v3/workspaces/default/sessions/{session}/messages/list", json={})
    client.post("/v3/workspaces/default/peers", json={"id": "zep-user"})  # get-or-create: a get
    assert zep_view(client, session, message) == before


def test_creating_with_fields_anywhere_is_not_an_update(client):
    app = client.get("/v1/apps/get_or_create/default").json()["id"]
    assert client.post(f"/v1/apps/{app}/users", json={"name": "v1-made", "metadata": {"a": 1}}).status_code == 200
    assert client.post("/v3/workspaces/default/peers", json={"id": "v3-made", "metadata": {"a": 1}}).status_code == 201
    assert client.post("/v3/workspaces/default/sessions", json={"id": "v3-s", "metadata": {"a": 1}}).status_code == 201
    thread = client.post("/v1/threads", json={"metadata": {"a": "1"}}).json()["id"]
    for path in ("/api/v2/users/v1-made", "/api/v2/users/v3-made", "/api/v2/sessions/v3-s", f"/api/v2/sessions/{thread}"):
        shown = client.get(path).json()
        assert shown["metadata"] and shown["updated_at"] == shown["created_at"], path
