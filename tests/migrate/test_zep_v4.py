"""Zep v4 -> store (``--from zep --api v4``): users, threads, messages, graphs and episodes
through next_cursor pages, every UUID intact and readable through the v4 and v2 dialects."""

from __future__ import annotations

import respx

from tests.migrate.conftest import dialect, migrate, read
from tests.migrate.vendors.zep_v4 import ZepV4

URL = "https://zep4.test"


def account() -> ZepV4:
    vendor = ZepV4(URL)
    jane = vendor.user("jane", email="jane@example.com", first_name="Jane", metadata={"vip": True})
    anonymous = vendor.user(None, first_name="Anon")
    talk = vendor.thread(jane, "support-1")
    for i in range(25):
        vendor.add(talk, "user" if i % 2 == 0 else "assistant", f"m{i}", "Jane" if i % 2 == 0 else "Helper",
                   metadata={"n": i})
    quiet = vendor.thread(anonymous)
    vendor.add(quiet, "user", "hello")
    vendor.episode(jane["uuid"], "Jane likes trains", source_description="crm")
    team = vendor.graph("team notes", "team")
    vendor.episode(team["uuid"], "Retreat in Porto")
    return vendor


def run(vendor: ZepV4, db: str, *extra: str) -> int:
    with respx.mock(assert_all_called=False) as router:
        vendor.mount(router)
        return migrate(db, "--from", "zep", "--api", "v4", "--url", URL + "/api/v4", "--key", vendor.key,
                       "--page-size", "10", *extra)


def test_v4_account_keeps_its_uuids(db, capsys):
    vendor = account()
    assert run(vendor, db) == 0
    assert "26 messages" in capsys.readouterr().out
    jane, anonymous = vendor.users
    talk, quiet = (t["row"] for t in vendor.threads.values())
    with dialect(db) as client:
        user = client.get(f"/api/v4/users/{jane['uuid']}").json()
        assert (user["user_id"], user["email"], user["metadata"]) == ("jane", "jane@example.com", {"vip": True})
        assert client.get(f"/api/v4/users/{anonymous['uuid']}").json()["user_id"] is None
        users = client.post("/api/v4/users/list", json={}).json()["items"]
        assert sorted(u["uuid"] for u in users) == sorted([jane["uuid"], anonymous["uuid"]])  # Helper: an author only
        thread = client.get(f"/api/v4/threads/{talk['uuid']}").json()
        assert (thread["thread_id"], thread["user_uuid"]) == ("support-1", jane["uuid"])
        assert client.get(f"/api/v4/threads/{quiet['uuid']}").json()["thread_id"] is None
        got = [m for m in client.get(f"/api/v4/threads/{talk['uuid']}/messages?page_size=100").json()["items"]]
        wanted = vendor.threads[talk["uuid"]]["messages"]
        keys = ("uuid", "role", "name", "content", "metadata")
        assert [{k: m[k] for k in keys} for m in got] == [{k: m[k] for k in keys} for m in wanted]
        v2 = client.get("/api/v2/sessions/support-1/messages").json()["messages"]
        assert [m["uuid"] for m in v2] == [m["uuid"] for m in wanted]
        episodes = client.post(f"/api/v4/graphs/{jane['uuid']}/episodes/list", json={}).json()["items"]
        assert [(e["uuid"], e["content"], e["source_description"]) for e in episodes] == [
            (vendor.episodes[jane["uuid"]][0]["uuid"], "Jane likes trains", "crm")]
        team = client.post("/api/v4/graphs/lookup", json={"graph_id": "team"}).json()
        assert team["uuid"] == vendor.graphs[0]["uuid"]
        found = client.post(f"/api/v4/graphs/{team['uuid']}/search/episodes", json={"query": "porto"}).json()
        assert [e["content"] for e in found["items"]] == ["Retreat in Porto"]
    assert vendor.faults.count(r"/threads/[^/]+/messages$") >= 3  # 10 + 10 + 5: cursors followed


def test_a_second_run_adds_nothing(db, capsys):
    vendor = account()
    assert run(vendor, db) == 0
    capsys.readouterr()
    assert run(vendor, db, "--restart") == 0

    async def count(store):
        return (await store.list_messages("default", "support-1", limit=1000)).total
    assert read(db, count) == 25


def test_api_v4_is_only_for_zep(db, capsys):
    assert migrate(db, "--from", "openai", "--api", "v4", "--url", "https://x.test", "--thread-ids", "/dev/null") == 2
