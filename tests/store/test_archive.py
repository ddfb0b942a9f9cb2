"""rosetta export / import: lossless, idempotent, and all-or-nothing on bad files, on either
backend and from either backend into the other."""

import json
import subprocess
import sys

import pytest

from store import open_store
from store.clock import from_text
from store.ids import new_uid
from store.model import NewMessage
from tests.conftest import another_db

pytestmark = pytest.mark.anyio


async def fill(path):
    store = await open_store(path)
    await store.ensure_workspace("w1", metadata={"plan": "pro", "ü": "ñ"})
    await store.get_or_create_session("w1", "s1", members={"alice": {"observe_me": False}}, owner="bob",
                               metadata={"topic": "x"})
    await store.add_messages("w1", "s1", [
        NewMessage(content=f"message {i} \u2603", peer="alice" if i % 2 else None,
                   role="assistant" if i % 3 == 0 else None, sender="bot" if i % 5 == 0 else None,
                   metadata={"i": i}, extras={"openai": {"attachments": []}})
        for i in range(25)
    ])
    await store.add_messages("w2", "thread_x", [NewMessage(content="other workspace")])
    await store.leave_members("w1", "s1", ["alice"])
    await store.set_session_state("w2", "thread_x", ended=True)
    await store.put_record("w1", "openai.assistant", new_uid(), {"name": "helper"}, parent="p")
    await store.update_peer("w1", "bob", metadata={"updated": True})
    first = (await store.list_messages("w1", "s1", limit=1)).items[0]
    await store.update_message("w1", first.uid, metadata={"edited": True})
    await store.close()


def cli(*args):
    return subprocess.run([sys.executable, "-m", "gateway.cli", *args], capture_output=True)


async def test_export_import_export_is_byte_identical_and_idempotent(tmp_path, db, other_db):
    a, b = db, other_db
    await fill(a)
    first = cli("export", "--db", a, "-o", str(tmp_path / "one.jsonl"))
    assert first.returncode == 0, first.stderr
    imported = cli("import", str(tmp_path / "one.jsonl"), "--db", b)
    assert imported.returncode == 0, imported.stderr
    assert b"message: 26 added, 0 already present" in imported.stdout
    cli("export", "--db", b, "-o", str(tmp_path / "two.jsonl"))
    one, two = (tmp_path / "one.jsonl").read_bytes(), (tmp_path / "two.jsonl").read_bytes()
    assert one == two and one.count(b"\n") == 1 + 2 + 2 + 2 + 2 + 26 + 1 + 1
    assert one.count(b'"updated_at"') == 3  # bob, the first message, the ended thread
    again = cli("import", str(tmp_path / "one.jsonl"), "--db", b)
    assert b"message: 0 added, 26 already present" in again.stdout
    cli("export", "--db", b, "-o", str(tmp_path / "three.jsonl"))
    assert (tmp_path / "three.jsonl").read_bytes() == one


async def test_imported_data_reads_like_the_original(tmp_path, db, other_db):
    a, b = db, other_db
    await fill(a)
    cli("export", "--db", a, "-o", str(tmp_path / "x.jsonl"))
    cli("import", str(tmp_path / "x.jsonl"), "--db", b)
    src, dst = await open_store(a), await open_store(b)
    try:
        left = await src.list_messages("w1", "s1", limit=100)
        right = await dst.list_messages("w1", "s1", limit=100)
        assert left == right
        assert (await dst.get_session("w1", "s1")).owner == "bob"
        assert (await dst.get_session("w2", "thread_x")).ended_at is not None
        assert await dst.get_peer("w1", "bob") == await src.get_peer("w1", "bob")
        alice = await dst.get_peer("w1", "alice")  # a member and author, never made a peer
        assert (alice.enrolled, (await dst.get_peer("w1", "bob")).enrolled) == (False, True)
        assert left.items[0].updated_at is not None and left.items[1].updated_at is None
        [more] = await dst.add_messages("w1", "s1", [NewMessage(content="after import")])
        assert more.seq == 26
    finally:
        await src.close()
        await dst.close()


async def test_files_from_before_updated_at_import_with_zeps_stamps_moved(tmp_path, db):
    a, b = str(tmp_path / "a.db"), db  # the file comes from SQLite; the import is the test's backend
    await fill(a)
    cli("export", "--db", a, "-o", str(tmp_path / "x.jsonl"))
    stamp = "2024-03-01T00:00:00.000000Z"
    lines = []
    for line in (tmp_path / "x.jsonl").read_bytes().splitlines(keepends=True):
        row = json.loads(line)
        row.pop("updated_at", None)  # the older format had none
        if row["type"] == "peer" and row["name"] == "bob":
            row["extras"] = {"zep": {"email": "b@x", "updated_at": stamp}}
        lines.append(json.dumps(row).encode() + b"\n")
    (tmp_path / "old.jsonl").write_bytes(b"".join(lines))
    assert cli("import", str(tmp_path / "old.jsonl"), "--db", b).returncode == 0
    store = await open_store(b)
    try:
        bob = await store.get_peer("w1", "bob")
        assert (bob.updated_at, bob.extras) == (from_text(stamp), {"zep": {"email": "b@x"}})
        assert (await store.get_peer("w1", "alice")).updated_at is None
        assert all(m.updated_at is None for m in (await store.list_messages("w1", "s1", limit=100)).items)
    finally:
        await store.close()


@pytest.mark.parametrize(
    "mutate, reason",
    [
        (lambda lines: lines[:-1], "truncated: no end line"),
        (lambda lines: lines[:5] + lines[6:], "truncated: end line counts"),
        (lambda lines: lines[:3] + [b'{"type":"peer","oops":1}\n'] + lines[3:], "line 4"),
        (lambda lines: lines[:2] + [b"not json\n"] + lines[2:], "line 3"),
        (lambda lines: [b'{"type":"header","format":"rosetta","version":99}\n'] + lines[1:], "unsupported version 99"),
        (lambda lines: [], "empty file"),
    ],
)
async def test_bad_files_are_rejected_with_a_line_number_and_write_nothing(tmp_path, db, mutate, reason):
    a, b = str(tmp_path / "a.db"), db
    await fill(a)
    cli("export", "--db", a, "-o", str(tmp_path / "x.jsonl"))
    lines = (tmp_path / "x.jsonl").read_bytes().splitlines(keepends=True)
    (tmp_path / "bad.jsonl").write_bytes(b"".join(mutate(lines)))
    result = cli("import", str(tmp_path / "bad.jsonl"), "--db", b)
    assert result.returncode == 1
    assert reason in result.stderr.decode() and "nothing was written" in result.stderr.decode()
    store = await open_store(b)
    try:
        assert (await store.list_workspaces()).total == 0
    finally:
        await store.close()


def pipe(source: str, target: str):
    """``rosetta export --db SOURCE | rosetta import --db TARGET``, as a shell runs it."""
    command = (f"{sys.executable} -m gateway.cli export --db '{source}' |"
               f" {sys.executable} -m gateway.cli import --db '{target}'")
    return subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True)


async def test_sqlite_to_postgresql_and_back_is_lossless(tmp_path, pg_url):
    a, c = str(tmp_path / "a.db"), str(tmp_path / "c.db")
    await fill(a)
    one = cli("export", "--db", a).stdout
    moved = pipe(a, pg_url)
    assert moved.returncode == 0, moved.stderr
    assert b"message: 26 added, 0 already present" in moved.stdout
    assert cli("export", "--db", pg_url).stdout == one  # byte-identical from PostgreSQL
    back = pipe(pg_url, c)
    assert back.returncode == 0, back.stderr
    assert cli("export", "--db", c).stdout == one
    again = pipe(a, pg_url)
    assert b"message: 0 added, 26 already present" in again.stdout
    assert cli("export", "--db", pg_url).stdout == one
    store = await open_store(pg_url)  # and it reads like the original
    try:
        page = await store.list_messages("w1", "s1", limit=100)
        assert page.total == 25 and [m.seq for m in page.items] == list(range(1, 26))
        assert (await store.get_session("w2", "thread_x")).ended_at is not None
        [found] = await store.search_messages("w1", "message 7")
        assert found.content == "message 7 \u2603"
    finally:
        await store.close()


async def test_postgresql_to_sqlite_and_back_is_lossless(tmp_path, pg_url):
    """Data written on PostgreSQL itself (its own times, ids and counts) moves to SQLite and
    back byte for byte."""
    a = str(tmp_path / "a.db")
    await fill(pg_url)
    one = cli("export", "--db", pg_url).stdout
    moved = pipe(pg_url, a)
    assert moved.returncode == 0, moved.stderr
    assert b"message: 26 added, 0 already present" in moved.stdout
    assert cli("export", "--db", a).stdout == one  # byte-identical from SQLite
    with another_db("postgresql", tmp_path) as again:
        back = pipe(a, again)
        assert back.returncode == 0, back.stderr
        assert cli("export", "--db", again).stdout == one
        store = await open_store(again)
        try:
            [more] = await store.add_messages("w1", "s1", [NewMessage(content="after the round trip")])
            assert more.seq == 26
        finally:
            await store.close()
