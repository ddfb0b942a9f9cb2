"""The console's views over HTTP: what they show, in every dialect's ids, and who may see them."""

from __future__ import annotations

import json

import pytest

from store import archive
from tests.support.app import serving

V3 = "/v3/workspaces/acme/sessions/support-1"


def _conversation(client) -> dict:
    """A session written through Honcho v3, then read through OpenAI and Zep: every dialect's
    id of its first message, as that dialect answers it."""
    client.post("/v3/workspaces", json={"id": "acme"})
    client.post("/v3/workspaces/acme/sessions", json={"id": "support-1", "metadata": {"tier": "gold"}})
    written = client.post(f"{V3}/messages", json={"messages": [
        {"peer_id": "alice", "content": "my order <b>never</b> arrived", "metadata": {"order": 42}},
        {"peer_id": "bot", "content": "sorry to hear that"},
    ]}).json()
    return {"honcho_v3": written[0]["id"]}


def test_a_session_shows_its_messages_and_every_dialects_ids(client):
    ids = _conversation(client)
    page = client.get("/console/pages/session", params={"w": "acme", "s": "support-1"})
    assert page.status_code == 200
    text = page.text
    assert "my order &lt;b&gt;never&lt;/b&gt; arrived" in text  # escaped, never markup
    assert "alice" in text and "sorry to hear that" in text and "&#34;order&#34;: 42" in text
    assert ids["honcho_v3"] in text
    # Zep and OpenAI (on the default workspace only) name the same message by their own ids
    with_v1 = client.get(f"/v1/apps/name/acme").json()["id"]
    assert with_v1 in client.get("/console/pages/workspace", params={"w": "acme"}).text


def test_ids_shown_are_the_ids_each_dialect_answers_with(client):
    thread = client.post("/v1/threads", json={"messages": [{"role": "user", "content": "hello there"}]}).json()["id"]
    openai_ids = [m["id"] for m in client.get(f"/v1/threads/{thread}/messages").json()["data"]]
    zep_ids = [m["uuid"] for m in client.get(f"/api/v2/sessions/{thread}/messages").json()["messages"]]
    v3_ids = [m["id"] for m in client.post(f"/v3/workspaces/default/sessions/{thread}/messages/list").json()["items"]]
    page = client.get("/console/pages/session", params={"w": "default", "s": thread}).text
    for shown in (openai_ids[0], zep_ids[0], v3_ids[0], thread):
        assert f'data-copy="{shown}"' in page


def test_long_sessions_page_fifty_at_a_time(client):
    client.post(f"{V3}/messages", json={"messages": [{"peer_id": "a", "content": f"message {i}"} for i in range(100)]})
    client.post(f"{V3}/messages", json={"messages": [{"peer_id": "a", "content": f"message {i}"} for i in range(100, 120)]})
    first = client.get("/console/pages/session", params={"w": "acme", "s": "support-1"}).text
    assert first.count('class="message ') == 50 and "1&ndash;50 of 120" in first
    assert "offset=50" in first and "offset=100" in first
    last = client.get("/console/pages/session", params={"w": "acme", "s": "support-1", "offset": "100"}).text
    assert last.count('class="message ') == 20 and "message 119" in last and "message 99<" not in last


def test_workspaces_peers_and_search(client):
    _conversation(client)
    listing = client.get("/console/pages/workspaces").text
    assert 'href="#/workspace?w=acme"' in listing and "<td>2</td><td>1</td><td>2</td>" in listing
    peers = client.get("/console/pages/workspace", params={"w": "acme", "tab": "peers"}).text
    assert "#/peer?w=acme&p=alice" in peers
    peer = client.get("/console/pages/peer", params={"w": "acme", "p": "alice"}).text
    assert "support-1" in peer
    hits = client.get("/console/pages/search", params={"w": "acme", "q": "arrived"}).text
    assert hits.count('class="message"') == 1 and "sorry" not in hits


def test_names_with_slashes_and_unknown_records(client):
    client.post("/api/v2/sessions", json={"session_id": "a/b c", "user_id": None})
    assert client.get("/console/pages/session", params={"w": "default", "s": "a/b c"}).status_code == 200
    assert client.get("/console/pages/session", params={"w": "default", "s": "nope"}).status_code == 404
    assert client.get("/console/pages/workspace", params={"w": "nope"}).status_code == 404


def test_export_downloads_one_workspace_that_imports_back(client, other_db):
    _conversation(client)
    client.post("/v1/threads", json={"messages": [{"role": "user", "content": "elsewhere"}]})
    answer = client.get("/console/pages/export", params={"w": "acme"})
    assert answer.status_code == 200 and "attachment" in answer.headers["content-disposition"]
    rows = archive.decode_lines(answer.content.splitlines(keepends=True))
    assert {r.name if isinstance(r, archive.WorkspaceRow) else r.workspace for r in rows} == {"acme"}
    assert sum(isinstance(r, archive.MessageRow) for r in rows) == 2
    assert json.loads(answer.content.splitlines()[-1])["counts"]["message"] == 2
    with serving(other_db) as other:
        other.portal.call(other.app.state.store.import_rows, rows)
        again = other.get("/console/pages/export", params={"w": "acme"})
    assert again.content == answer.content


class TestWithAuth:
    @pytest.fixture
    def client_options(self):
        return {"api_keys": {"admin": "*", "bound": "acme"}}

    def test_the_shell_is_open_and_the_data_needs_an_admin_key(self, client):
        shell = client.get("/console")
        assert shell.status_code == 200 and 'data-auth="on"' in shell.text and "Admin key" in shell.text
        assert client.get("/console/static/console.js").status_code == 200
        assert client.get("/console/pages/workspaces").status_code == 401
        bound = client.get("/console/pages/workspaces", headers={"Authorization": "Bearer bound"})
        assert bound.status_code == 403
        admin = client.get("/console/pages/workspaces", headers={"Authorization": "Bearer admin"})
        assert admin.status_code == 200 and "<h1>Workspaces</h1>" in admin.text


def test_with_auth_off_the_shell_says_it_is_open(client):
    assert "Auth is off" in client.get("/console").text
