"""openai 1.109.1 and 3.54.0 (Python) and openai@5.23.2 (Node) drive a live gateway, unchanged."""

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
    return {"OPENAI_BASE_URL": gateway.url + "/v1", "OPENAI_API_KEY": "sk-rosetta-test"}


@pytest.mark.parametrize("sdk", ["openai-1", "openai-3"])
def test_python_sdk_threads_flow(live_gateway, sdk):
    done = run_python_flow(sdk, FLOWS / "openai_threads.py", env(live_gateway))
    assert done.returncode == 0, report(done)
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["version"] == sdk.split("-")[1] + {"1": ".109.1", "3": ".54.0"}[sdk.split("-")[1]]
    # The thread the SDK wrote is a Honcho session too (workspace "default").
    page = httpx.post(f"{live_gateway.url}/v3/workspaces/default/sessions/{summary['thread']}/messages/list").json()
    assert [m["content"] for m in page["items"]] == ["kept for the check"]


def test_node_sdk_threads_flow(live_gateway):
    done = run_node_flow("openai", FLOWS / "openai_threads.mjs", env(live_gateway))
    assert done.returncode == 0, report(done)


@pytest.mark.parametrize("sdk", ["openai-1", "openai-3"])
def test_python_sdk_conversations_flow(live_gateway, sdk):
    done = run_python_flow(sdk, FLOWS / "openai_conversations.py", env(live_gateway))
    assert done.returncode == 0, report(done)
    thread = json.loads(done.stdout.strip().splitlines()[-1])["thread"]
    # Written as a thread and as a conversation, read through Honcho v3.
    page = httpx.post(f"{live_gateway.url}/v3/workspaces/default/sessions/{thread}/messages/list").json()
    assert [m["content"] for m in page["items"]] == ["from the thread", "from the conversation"]


def test_node_sdk_conversations_flow(live_gateway):
    done = run_node_flow("openai", FLOWS / "openai_conversations.mjs", env(live_gateway))
    assert done.returncode == 0, report(done)
