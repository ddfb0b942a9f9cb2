from tests.support.vendor_spec import vendor_spec

MESSAGE = {
    "id": "abc", "content": "hi", "peer_id": "alice", "session_id": "s", "metadata": {},
    "created_at": "2026-01-01T00:00:00Z", "workspace_id": "w", "token_count": 1,
}


def test_matches_literal_templates_before_parameters():
    spec = vendor_spec("honcho-v3.openapi.json")
    assert spec.template("/v3/workspaces/list") == "/v3/workspaces/list"
    assert spec.template("/v3/workspaces/w1") == "/v3/workspaces/{workspace_id}"


def test_catches_a_wrong_shape():
    spec = vendor_spec("honcho-v3.openapi.json")
    path = "/v3/workspaces/w/sessions/s/messages"
    assert spec.errors("POST", path, 201, [MESSAGE]) == []
    broken = {k: v for k, v in MESSAGE.items() if k != "token_count"}
    assert spec.errors("POST", path, 201, [broken])
    assert spec.errors("POST", path, 201, [{**MESSAGE, "token_count": "1"}])


def test_openai_paths_live_under_the_server_base():
    spec = vendor_spec("openai-assistants-conversations.openapi.json")
    assert spec.template("/v1/threads/thread_1/messages") == "/threads/{thread_id}/messages"
    assert spec.errors("GET", "/v1/threads/t", 200, {"id": "t", "object": "thread"})  # missing fields
