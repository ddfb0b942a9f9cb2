"""store -> vendor (--to): create routes, the vendors' batch limits, resume without duplicates."""

from __future__ import annotations

import re

import httpx
import pytest
import respx

from tests.migrate.conftest import dialect, migrate
from tests.migrate.vendors.common import body_of
from tests.migrate.vendors.honcho_v3 import HonchoV3
from tests.migrate.vendors.zep import Zep

HONCHO, ZEP = "https://honcho.test", "https://zep.test"


def fill_honcho(db: str) -> list[dict]:
    """A store written through our own Honcho v3 dialect: 250 messages in one session."""
    with dialect(db) as client:
        client.post("/v3/workspaces", json={"id": "acme", "metadata": {"plan": "pro"}})
        client.post("/v3/workspaces/acme/peers", json={"id": "alice", "metadata": {"tier": "gold"}})
        client.post("/v3/workspaces/acme/sessions", json={"id": "s1", "peers": {"alice": {"observe_me": False}}})
        sent = []
        for start in range(0, 250, 50):
            batch = [{"content": f"m{i}", "peer_id": "alice" if i % 2 else "bot",
                      "created_at": f"2025-01-01T00:{i // 60:02d}:{i % 60:02d}Z"} for i in range(start, start + 50)]
            assert client.post("/v3/workspaces/acme/sessions/s1/messages", json={"messages": batch}).status_code == 201
            sent += batch
        client.post("/v3/workspaces/acme/sessions/s2/messages", json={"messages": [{"content": "solo", "peer_id": "bob"}]})
    return sent


def push_honcho(vendor: HonchoV3, db: str) -> int:
    with respx.mock(assert_all_called=False) as router:
        vendor.mount(router)
        return migrate(db, "--to", "honcho-v3", "--url", HONCHO, "--key", vendor.key)


def batches(vendor, pattern: str) -> list[int]:
    rx = re.compile(pattern)
    return [len(body_of(r)["messages"]) for r in vendor.faults.seen
            if r.method == "POST" and rx.search(r.url.path)]


def test_push_to_honcho_v3_in_batches_of_100(db, capsys):
    sent = fill_honcho(db)
    vendor = HonchoV3(HONCHO)
    assert push_honcho(vendor, db) == 0
    assert "copied: 1 workspace, 3 peers, 2 sessions, 251 messages" in capsys.readouterr().out
    assert batches(vendor, r"/sessions/s1/messages$") == [100, 100, 50]
    got = vendor.messages("acme", "s1")
    assert [(m["content"], m["peer_id"], m["created_at"]) for m in got] == [
        (m["content"], m["peer_id"], m["created_at"]) for m in sent]
    ws = vendor.workspaces["acme"]
    assert ws["row"]["metadata"] == {"plan": "pro"} and ws["peers"]["alice"]["metadata"] == {"tier": "gold"}
    assert ws["sessions"]["s1"]["members"]["alice"]["observe_me"] is False

    assert push_honcho(vendor, db) == 0  # again: nothing twice
    out = capsys.readouterr().out
    assert "copied: nothing" in out and "251 messages already on the vendor" in out
    assert len(vendor.messages("acme", "s1")) == 250


def test_push_crash_then_resume_sends_each_message_once(db):
    fill_honcho(db)
    vendor = HonchoV3(HONCHO)
    vendor.faults.add(r"/sessions/s1/messages$", RuntimeError("laptop closed"), skip=1, method="POST")
    with pytest.raises(RuntimeError):
        push_honcho(vendor, db)
    assert len(vendor.messages("acme", "s1")) == 100
    assert push_honcho(vendor, db) == 0
    assert [m["content"] for m in vendor.messages("acme", "s1")] == [f"m{i}" for i in range(250)]
    assert batches(vendor, r"/sessions/s1/messages$") == [100, 100, 100, 50]  # the 2nd never landed


def test_a_5xx_after_the_vendor_stored_the_batch_is_not_sent_again(db, waits):
    fill_honcho(db)
    vendor = HonchoV3(HONCHO)

    def stored_then_failed(request):
        vendor.create_messages(request, "acme", "s1")
        return httpx.Response(502, text="bad gateway")

    vendor.faults.add(r"/sessions/s1/messages$", stored_then_failed, skip=1, method="POST")
    assert push_honcho(vendor, db) == 0
    assert [m["content"] for m in vendor.messages("acme", "s1")] == [f"m{i}" for i in range(250)]
    assert waits == [0.5]


def fill_zep(db: str) -> list[dict]:
    with dialect(db) as client:
        client.post("/api/v2/users", json={"user_id": "jane", "email": "jane@example.com"})
        client.post("/api/v2/sessions", json={"session_id": "help 1", "user_id": "jane"})
        for start in range(0, 70, 10):
            client.post("/api/v2/sessions/help 1/memory", json={"messages": [
                {"role_type": "user" if i % 2 else "assistant", "role": "" if i % 2 else "agent",
                 "content": f"z{i}"} for i in range(start, start + 10)]})
        return client.get("/api/v2/sessions/help 1/messages").json()["messages"]


def test_push_to_zep_in_batches_of_30_with_the_uuids(db, capsys):
    ours = fill_zep(db)
    vendor = Zep(ZEP)
    with respx.mock(assert_all_called=False) as router:
        vendor.mount(router)
        assert migrate(db, "--to", "zep", "--url", ZEP, "--key", vendor.key) == 0
        assert "copied: 1 user, 1 session, 70 messages" in capsys.readouterr().out
        assert batches(vendor, r"/memory$") == [30, 30, 10]
        got = vendor.sessions["help 1"]["messages"]
        assert [(m["uuid"], m["role_type"], m["role"], m["content"]) for m in got] == [
            (m["uuid"], m["role_type"], m["role"], m["content"]) for m in ours]
        assert vendor.users["jane"]["email"] == "jane@example.com"
        assert vendor.sessions["help 1"]["row"]["user_id"] == "jane"
        assert migrate(db, "--to", "zep", "--url", ZEP, "--key", vendor.key) == 0
        assert "70 messages already on the vendor" in capsys.readouterr().out
        assert len(vendor.sessions["help 1"]["messages"]) == 70


def test_a_workspace_missing_from_the_store_fails_instead_of_pushing_nothing(db, capsys):
    fill_honcho(db)
    vendor = HonchoV3(HONCHO)
    with respx.mock(assert_all_called=False) as router:
        vendor.mount(router)
        assert migrate(db, "--to", "honcho-v3", "--url", HONCHO, "--key", vendor.key, "--workspace", "acm") == 1
    assert "workspace acm: not in the store" in capsys.readouterr().out
    assert vendor.workspaces == {} and vendor.faults.seen == []


def add_scopes(db: str) -> None:
    with dialect(db) as client:
        client.post("/v3/workspaces/acme/scopes", json={"id": "care", "metadata": {"m": 1}})
        client.post("/v3/workspaces/acme/scopes/care/sessions", json={"session_ids": ["s2", "s1"]})
        client.post("/v3/workspaces/acme/scopes", json={"id": "empty"})


def test_scopes_are_pushed_after_their_sessions(db, capsys):
    fill_honcho(db)
    add_scopes(db)
    vendor = HonchoV3(HONCHO)
    vendor.scoped = True  # a server from Honcho's main branch
    assert push_honcho(vendor, db) == 0
    assert "251 messages, 2 records" in capsys.readouterr().out
    scopes = vendor.workspaces["acme"]["scopes"]
    assert [(name, c["row"]["metadata"], c["sessions"]) for name, c in scopes.items()] == [
        ("care", {"m": 1}, ["s1", "s2"]), ("empty", {}, [])]
    assert push_honcho(vendor, db) == 0  # again: nothing twice
    assert scopes["care"]["sessions"] == ["s1", "s2"]


def test_a_vendor_without_scopes_gets_the_rest(db, capsys):
    fill_honcho(db)
    add_scopes(db)
    vendor = HonchoV3(HONCHO)
    assert push_honcho(vendor, db) == 0
    out = capsys.readouterr().out
    assert "2 records not sent: the vendor has no scopes routes" in out and "failed: 0" in out
    assert len(vendor.messages("acme", "s1")) == 250
