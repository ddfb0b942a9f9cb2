"""zep-cloud 2.22.0 and 3.30.0 and zep-python 2.0.2 (Python) and @getzep/zep-cloud@2.22.0 (Node)
drive a live gateway, unchanged. The Python SDKs find it through ZEP_API_URL (the server root;
they append /api/v2), the Node SDK through its `environment` option (the full /api/v2 base)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from tests.sdk.conftest import report
from tests.sdk.envs import run_node_flow, run_python_flow

pytestmark = pytest.mark.sdk
FLOWS = Path(__file__).resolve().parent / "flows"


def env(gateway) -> dict:
    return {"ZEP_API_URL": gateway.url, "ZEP_API_KEY": "z-rosetta-test"}


def summary(done) -> dict:
    assert done.returncode == 0, report(done)
    return json.loads(done.stdout.strip().splitlines()[-1])


def honcho_texts(gateway, session: str) -> list[str]:
    page = httpx.post(f"{gateway.url}/v3/workspaces/default/sessions/{session}/messages/list").json()
    return [m["content"] for m in page["items"]]


@pytest.mark.parametrize("sdk, version", [("zep-2", "2.22.0"), ("zep-2-1", "2.22.1")])
def test_python_sdk_v2_sessions_flow(live_gateway, sdk, version):
    result = summary(run_python_flow(sdk, FLOWS / "zep_v2.py", env(live_gateway)))
    assert result["version"] == version
    # The session the SDK wrote is a Honcho session too, authored by the session's user.
    page = httpx.post(f"{live_gateway.url}/v3/workspaces/default/sessions/{result['session']}/messages/list").json()
    assert [(m["content"], m["peer_id"]) for m in page["items"]] == [("kept for the check", result["user"])]


def test_python_sdk_v3_threads_flow(live_gateway):
    result = summary(run_python_flow("zep-3", FLOWS / "zep_v3.py", env(live_gateway)))
    assert result["version"] == "3.30.0"
    assert honcho_texts(live_gateway, result["thread"]) == ["kept for the check"]
    # A 3.x thread is a v2 session: the v2 route shows the sender name as `role`.
    v2 = httpx.get(f"{live_gateway.url}/api/v2/sessions/{result['thread']}/messages").json()["messages"]
    assert [(m["role_type"], m["role"]) for m in v2] == [("user", "Jane")]


def test_python_ce_sdk_flow(live_gateway):
    result = summary(run_python_flow("zep-python-2", FLOWS / "zep_python.py", env(live_gateway)))
    assert result["version"] == "2.0.2"
    assert honcho_texts(live_gateway, result["session"]) == ["hello from the CE SDK", "hi Grace"]


def test_node_sdk_v2_flow(live_gateway):
    result = summary(run_node_flow("zep", FLOWS / "zep_v2.mjs", env(live_gateway)))
    # The flow deletes its user at the end, and the user's sessions with it.
    assert httpx.get(f"{live_gateway.url}/api/v2/users/{result['user']}").status_code == 404


def test_python_sdk_v4_flow(live_gateway):
    """zep-cloud 4.0.1 (/api/v4, by UUID); what it wrote reads the same through v2 and Honcho."""
    result = summary(run_python_flow("zep-4", FLOWS / "zep_v4.py", env(live_gateway)))
    assert result["version"] == "4.0.1"
    thread = httpx.post(f"{live_gateway.url}/api/v4/threads/lookup", json={"thread_id": result["thread"]}).json()
    assert thread["uuid"] == result["thread"]  # a v4 thread is named after its UUID everywhere
    v2 = httpx.get(f"{live_gateway.url}/api/v2/sessions/{result['thread']}/messages").json()["messages"]
    assert v2[1]["uuid"] == result["message"] and v2[1]["metadata"] == {"b": "x"}
    assert [(m["role_type"], m["role"]) for m in v2[:2]] == [("user", "Jane"), ("assistant", "Helper")]
    assert honcho_texts(live_gateway, result["thread"])[:2] == ["my parcel never arrived", "sorry to hear that"]
    user = httpx.get(f"{live_gateway.url}/api/v2/users/{result['user_id']}").json()
    assert (user["uuid"], user["last_name"]) == (result["user"], "Doe")


def test_node_sdk_v3_graph_flow(live_gateway):
    """@getzep/zep-cloud 3.30.0's graph.add and graph.search; v4 sees the same episodes."""
    result = summary(run_node_flow("zep-3", FLOWS / "zep_v3_graph.mjs", env(live_gateway)))
    user = httpx.get(f"{live_gateway.url}/api/v2/users/{result['user']}").json()
    listed = httpx.post(f"{live_gateway.url}/api/v4/graphs/{user['uuid']}/episodes/list", json={}).json()
    assert [e["uuid"] for e in listed["items"]][0] == result["episode"]
    graph = httpx.post(f"{live_gateway.url}/api/v4/graphs/lookup", json={"graph_id": result["graph"]}).json()
    assert graph["graph_id"] == result["graph"]
