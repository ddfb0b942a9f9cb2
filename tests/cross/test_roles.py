"""docs/contract.md §3 role rules met when an OpenAI thread is continued through Honcho v3."""

from tests.support.app import serving


def test_honcho_peers_named_after_roles_read_back_as_those_roles(db):
    with serving(db) as c:
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


def test_zep_reads_follow_the_role_rules_for_every_writer(db):
    """README "Roles": Zep's role_type is the role, else the author's learned role, else the
    author's name when it names a role, else norole; its role (sender) falls back to the
    author, then the role type."""
    with serving(db) as c:
        thread = c.post("/v1/threads", json={"messages": [{"role": "user", "content": "q"},
                                                          {"role": "assistant", "content": "a"}]}).json()["id"]
        c.post("/api/v2/users", json={"user_id": "bob"})
        c.post("/api/v2/sessions", json={"session_id": "z", "user_id": "bob"})
        c.post("/api/v2/sessions/z/memory", json={"messages": [
            {"role": "bob", "role_type": "assistant", "content": "learned"}]})
        honcho = f"/v3/workspaces/default/sessions/{thread}/messages"
        c.post(honcho, json={"messages": [{"peer_id": "assistant", "content": "bot"},
                                          {"peer_id": "alice", "content": "no role anywhere"},
                                          {"peer_id": "bob", "content": "by a peer that learned one"}]})
        zep = c.get(f"/api/v2/sessions/{thread}/messages").json()["messages"]
        assert [(m["role"], m["role_type"], m["content"]) for m in zep] == [
            ("user", "user", "q"), ("assistant", "assistant", "a"), ("assistant", "assistant", "bot"),
            ("alice", "norole", "no role anywhere"), ("bob", "assistant", "by a peer that learned one")]
        threads = c.get(f"/api/v2/threads/{thread}/messages").json()["messages"]
        assert [(m["role"], m["name"]) for m in threads] == [
            ("user", "user"), ("assistant", "assistant"), ("assistant", "assistant"),
            ("norole", "alice"), ("assistant", "bob")]
        openai = c.get(f"/v1/threads/{thread}/messages?order=asc").json()["data"]
        assert [m["role"] for m in openai] == ["user", "assistant", "assistant", "user", "assistant"]
