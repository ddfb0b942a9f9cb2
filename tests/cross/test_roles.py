"""docs/contract.md §3 role rules met when an OpenAI thread is continued through Honcho v3."""

from starlette.testclient import TestClient

from gateway.app import build_app
from gateway.settings import Settings


def test_honcho_peers_named_after_roles_read_back_as_those_roles(tmp_path):
    with TestClient(build_app(Settings(db=str(tmp_path / "r.db")))) as c:
        thread = c.post("/v1/threads", json={"messages": [{"role": "user", "content": "q"},
                                                          {"role": "assistant", "content": "a"}]}).json()["id"]
        honcho = f"/v3/workspaces/default/sessions/{thread}/messages"
        assert [m["peer_id"] for m in c.post(honcho + "/list").json()["items"]] == ["user", "assistant"]
        c.post(honcho, json={"messages": [{"peer_id": "assistant", "content": "bot"},
                                          {"peer_id": "user", "content": "human"},
                                          {"peer_id": "alice", "content": "a named peer"}]})
        data = c.get(f"/v1/threads/{thread}/messages?order=asc").json()["data"]
        assert [(m["role"], m["content"][0]["text"]["value"]) for m in data] == [
            ("user", "q"), ("assistant", "a"), ("assistant", "bot"), ("user", "human"), ("user", "a named peer")]
