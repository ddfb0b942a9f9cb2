"""honcho-ai 0.2.0 (v1-late) and 0.0.19 (v1-early) drive a live gateway, unchanged."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import httpx
import pytest

from tests.sdk.conftest import report
from tests.sdk.envs import run_python_flow

pytestmark = pytest.mark.sdk
FLOWS = Path(__file__).resolve().parent / "flows"


def summary(done) -> dict:
    return json.loads(done.stdout.strip().splitlines()[-1])


def stored_messages(url: str, workspace: str, session: str) -> list[str]:
    page = httpx.post(f"{url}/v3/workspaces/{workspace}/sessions/{session}/messages/list?size=100").json()
    return [m["content"] for m in page["items"]]


def test_python_sdk_v1_late_every_storage_flow(live_gateway):
    app = "late-" + uuid.uuid4().hex[:8]
    done = run_python_flow("honcho-v1-late", FLOWS / "honcho_v1_late.py",
                           {"HONCHO_BASE_URL": live_gateway.url, "APP": app})
    assert done.returncode == 0, report(done)
    ids = summary(done)
    # read back without the SDK, through Honcho v3: the app is the workspace, alice the peer
    assert stored_messages(live_gateway.url, app, ids["clone"]) == ["my invoice is wrong"]
    original = stored_messages(live_gateway.url, app, ids["session"])
    assert original[:2] == ["my invoice is wrong", "line 0"] and len(original) == 100
    peers = httpx.post(f"{live_gateway.url}/v3/workspaces/{app}/peers/list").json()["items"]
    assert sorted(p["id"] for p in peers) == ["alice", "bob"]


def test_python_sdk_v1_early_every_storage_flow(live_gateway):
    app = "early-" + uuid.uuid4().hex[:8]
    done = run_python_flow("honcho-v1-early", FLOWS / "honcho_v1_early.py",
                           {"HONCHO_BASE_URL": live_gateway.url, "APP": app})
    assert done.returncode == 0, report(done)
    ids = summary(done)
    assert stored_messages(live_gateway.url, app, ids["session"])[:2] == ["hello from 0.0.19", "hi back"]
