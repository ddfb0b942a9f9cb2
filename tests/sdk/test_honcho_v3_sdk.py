"""honcho-ai 2.7.0 (Python) and @honcho-ai/sdk 2.5.0 (Node) drive a live gateway, unchanged."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
import pytest

from tests.sdk.conftest import report
from tests.sdk.envs import run_node_flow, run_python_flow

pytestmark = pytest.mark.sdk
FLOWS = Path(__file__).resolve().parent / "flows"


def stored_messages(url: str, workspace: str, session: str) -> list[str]:
    page = httpx.post(f"{url}/v3/workspaces/{workspace}/sessions/{session}/messages/list?size=100").json()
    return [m["content"] for m in page["items"]]


def test_python_sdk_every_storage_flow(live_gateway):
    workspace = "py-" + uuid.uuid4().hex[:8]
    done = run_python_flow("honcho-v3", FLOWS / "honcho_v3.py",
                           {"HONCHO_URL": live_gateway.url, "WORKSPACE": workspace})
    assert done.returncode == 0, report(done)
    clone = __import__("json").loads(done.stdout.strip().splitlines()[-1])["clone"]
    contents = stored_messages(live_gateway.url, workspace, clone)
    assert contents[:2] == ["my invoice is wrong", "let me check that for you"]
    assert len(contents) == 100  # first page of the 122 the SDK wrote, read back without the SDK
    uploaded = stored_messages(live_gateway.url, workspace, "uploads-1")
    assert [len(c) for c in uploaded] == [16, 24_998, 4_002, 36]  # the SDK's two uploads, chunked


def test_node_sdk_every_storage_flow(live_gateway):
    workspace = "js-" + uuid.uuid4().hex[:8]
    done = run_node_flow("honcho-v3", FLOWS / "honcho_v3.mjs",
                         {"HONCHO_URL": live_gateway.url, "WORKSPACE": workspace})
    assert done.returncode == 0, report(done)
    assert stored_messages(live_gateway.url, workspace, "js-session")[:2] == ["hello from node", "hi back"]
    uploaded = stored_messages(live_gateway.url, workspace, "js-uploads")
    assert [len(c) for c in uploaded] == [16, 24_998, 4_002, 36]  # the SDK's two uploads, chunked
