"""A crash (or ^C) mid-way, then the same command again: nothing lost, nothing twice."""

from __future__ import annotations

import json

import pytest
import respx

from gateway.migrate.checkpoint import path_for
from adapters.honcho_v3.shapes import message_id
from tests.migrate.conftest import every_message, migrate, read
from tests.migrate.vendors.honcho_v3 import HonchoV3

URL = "https://honcho.test"


def account(sessions: int = 8, per_session: int = 250) -> HonchoV3:
    vendor = HonchoV3(URL)
    for s in range(sessions):
        for i in range(per_session):
            vendor.add("acme", f"s{s}", "alice" if i % 3 else "bot", f"s{s} m{i}")
    return vendor


def run(vendor: HonchoV3, db: str) -> int:
    with respx.mock(assert_all_called=False) as router:
        vendor.mount(router)
        return migrate(db, "--from", "honcho-v3", "--url", URL, "--key", vendor.key)


def assert_complete(vendor: HonchoV3, db: str) -> None:
    async def check(store):
        assert (await store.list_messages("acme", None, limit=1)).total == 8 * 250
        for name, session in vendor.workspaces["acme"]["sessions"].items():
            stored = await every_message(store, "acme", name)
            assert [message_id(m) for m in stored] == [m["id"] for m in session["messages"]]
            assert [m.seq for m in stored] == list(range(1, 251))
    read(db, check)


def test_a_crash_mid_session_then_a_resume_copies_the_rest_once(db, capsys):
    vendor = account()
    vendor.faults.add(r"/sessions/s5/messages/list$", RuntimeError("power cut"), skip=1)
    with pytest.raises(RuntimeError, match="power cut"):
        run(vendor, db)
    checkpoint = path_for(db, "honcho-v3")
    state = json.loads(checkpoint.read_text())
    assert state["done"] == ["acme/s0", "acme/s1", "acme/s2", "acme/s3", "acme/s4", "workspace:acme"]
    partial = read(db, lambda s: s.list_messages("acme", "s5", limit=1))
    assert partial.total == 100  # the first page of s5 was in before the crash

    capsys.readouterr()
    assert run(vendor, db) == 0
    out = capsys.readouterr().out
    assert "(resumed)" in out
    assert "1 workspace done in an earlier run, 5 sessions done in an earlier run, " \
           "100 messages already in the store" in out
    assert "copied: 2 sessions, 4 members, 650 messages" in out
    assert vendor.faults.count(r"/sessions/s0/messages/list$") == 3  # not read again
    assert vendor.faults.count(r"/sessions/s5/messages/list$") == 2 + 3
    assert not checkpoint.exists()  # complete: the next run scans everything again
    assert_complete(vendor, db)


def test_interrupted_by_ctrl_c_then_resumed(db, capsys):
    vendor = account()
    vendor.faults.add(r"/sessions/s2/messages/list$", KeyboardInterrupt())
    assert run(vendor, db) == 130
    assert "run the same command again to resume" in capsys.readouterr().err
    assert run(vendor, db) == 0
    assert_complete(vendor, db)


def test_a_second_full_run_changes_nothing_and_picks_up_new_messages(db, capsys):
    vendor = account()
    assert run(vendor, db) == 0
    capsys.readouterr()
    assert run(vendor, db) == 0
    out = capsys.readouterr().out
    assert "copied: nothing" in out and "2000 messages already in the store" in out
    assert_complete(vendor, db)
    later = vendor.add("acme", "s1", "alice", "written after the first migration")
    assert run(vendor, db) == 0
    assert "copied: 1 message" in capsys.readouterr().out
    stored = read(db, lambda s: every_message(s, "acme", "s1"))
    assert (message_id(stored[-1]), stored[-1].content, stored[-1].seq) == (later["id"], later["content"], 251)


def test_a_checkpoint_of_another_account_is_not_used(db):
    vendor = account(sessions=2, per_session=5)
    path_for(db, "honcho-v3").write_text(json.dumps(
        {"vendor": "honcho-v3", "url": "https://elsewhere.test", "workspace": None,
         "done": ["acme/s0", "acme/s1", "workspace:acme"], "started": []}))
    assert run(vendor, db) == 0
    assert read(db, lambda s: s.list_messages("acme", None, limit=1)).total == 10


def test_restart_ignores_the_checkpoint(db, capsys):
    vendor = account(sessions=2, per_session=5)
    vendor.faults.add(r"/sessions/s1/messages/list$", RuntimeError("crash"))
    with pytest.raises(RuntimeError):
        run(vendor, db)
    with respx.mock(assert_all_called=False) as router:
        vendor.mount(router)
        assert migrate(db, "--from", "honcho-v3", "--url", URL, "--key", vendor.key, "--restart") == 0
    out = capsys.readouterr().out
    assert "(resumed)" not in out and "5 messages already in the store" in out
    assert vendor.faults.count(r"/sessions/s0/messages/list$") == 2
