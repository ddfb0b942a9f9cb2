"""The scripts in examples/ run unchanged with the SDKs they name, against a live gateway."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.sdk.conftest import report
from tests.sdk.envs import run_python_flow

pytestmark = pytest.mark.sdk
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run(env: str, script: str, gateway, *args: str):
    done = run_python_flow(env, EXAMPLES / script, {"ROSETTA_URL": gateway.url}, args=args)
    assert done.returncode == 0, report(done)
    return done.stdout.rstrip().splitlines()


def test_honcho_v3_example(live_gateway):
    lines = run("honcho-v3", "honcho_v3_chat_memory.py", live_gateway)
    assert "search 'birthday': ['Thanks, it was a birthday present for my sister.']" in lines


def test_openai_threads_example(live_gateway):
    lines = run("openai-1", "openai_threads_app.py", live_gateway)
    assert lines[:3] == ["     user: Can you remind me what we said about the Q3 launch?",
                         "assistant: We agreed to ship on September 30.",
                         "     user: Great, please keep that in mind."]


def test_switch_from_openai_to_honcho_walkthrough(live_gateway):
    thread = run("openai-1", "switch_openai_to_honcho/step1_openai_app.py", live_gateway)[-1]
    lines = run("honcho-v3", "switch_openai_to_honcho/step2_honcho_app.py", live_gateway, thread)
    assert lines[:2] == [f"     user: Our launch date is September 30.", "assistant: Noted: launch on September 30."]
    assert lines[-1] == f"4 messages in {thread}"
    data = httpx.get(f"{live_gateway.url}/v1/threads/{thread}/messages?order=asc").json()["data"]
    assert [m["role"] for m in data] == ["user", "assistant", "user", "assistant"]
    assert data[3]["content"][0]["text"]["value"] == "Moved: launch on October 7."


def test_zep_example(live_gateway):
    lines = run("zep-2", "zep_memory.py", live_gateway)
    assert lines[:2] == ["     user (Jane): I want to fly to Lisbon in May.",
                         "assistant (Agent): Lisbon in May, noted. Window seat?"]
    assert lines[3] == "search 'vegetarian': ['Yes please, and a vegetarian meal.']"
    # The Zep session is the Honcho v3 session of the same name, Jane its author peer.
    page = httpx.post(f"{live_gateway.url}/v3/workspaces/default/sessions/{lines[-1]}/messages/list").json()
    assert [m["peer_id"] for m in page["items"]] == [lines[-1].replace("travel", "jane"), "Agent", lines[-1].replace("travel", "jane")]


def test_honcho_v1_example(live_gateway):
    lines = run("honcho-v1-late", "honcho_v1_app.py", live_gateway)
    assert lines[:2] == ["user I'm vegetarian.", "  ai Noted, no meat."]
    # The v1 session is the OpenAI thread and the Honcho v3 session of the same id.
    data = httpx.get(f"{live_gateway.url}/v1/threads/{lines[-1]}/messages?order=asc").json()["data"]
    assert [(m["role"], m["content"][0]["text"]["value"]) for m in data] == [
        ("user", "I'm vegetarian."), ("assistant", "Noted, no meat.")]
    session = httpx.post(f"{live_gateway.url}/v3/workspaces/default/sessions", json={"id": lines[-1]}).json()
    assert session["metadata"] == {"topic": "diet"}


def test_zep_v4_example(live_gateway):
    lines = run("zep-4", "zep_v4_memory.py", live_gateway)
    assert lines[:2] == ["     user (Jane): I want to fly to Lisbon in May.",
                         "assistant (Agent): Lisbon in May, noted. Window seat?"]
    assert lines[2] == "search: ['Jane prefers window seats and vegetarian meals.', 'Lisbon in May, noted. Window seat?']"
    thread = lines[-1]  # a v4 thread is a session everywhere, named after its UUID
    page = httpx.post(f"{live_gateway.url}/v3/workspaces/default/sessions/{thread}/messages/list").json()
    assert [m["content"] for m in page["items"]] == ["I want to fly to Lisbon in May.", "Lisbon in May, noted. Window seat?"]
