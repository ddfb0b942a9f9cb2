"""Export every row as archive rows (one snapshot), and import them in one transaction
(idempotent), with the same rows, order and rules as store/sqlite/archive.py."""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Iterator

from store import archive as a
from store import rows as r
from store.errors import Conflict
from store.postgres import nul
from store.postgres.base import Tx

_P = "LEFT JOIN peers p ON p.workspace_pk = {t}.workspace_pk AND p.pk = {t}.peer_pk"
EXPORTS = (
    ("SELECT uid, name, metadata, configuration, extras, created_at FROM workspaces ORDER BY pk",
     lambda x: a.WorkspaceRow(uid=x[0].hex(), name=x[1], metadata=r.load(x[2]),
                              configuration=r.load(x[3]), extras=r.load(x[4]), created_at=x[5])),
    ("SELECT w.name, p.uid, p.name, p.metadata, p.configuration, p.extras, p.role, p.created_at,"
     " p.updated_at, p.enrolled FROM peers p JOIN workspaces w ON w.pk = p.workspace_pk ORDER BY p.pk",
     lambda x: a.PeerRow(workspace=x[0], uid=x[1].hex(), name=x[2], metadata=r.load(x[3]),
                         configuration=r.load(x[4]), extras=r.load(x[5]), role=x[6],
                         created_at=x[7], updated_at=x[8], enrolled=x[9])),
    ("SELECT w.name, s.uid, s.name, o.name, s.is_active, s.metadata, s.configuration, s.extras,"
     " s.created_at, s.ended_at, s.updated_at FROM sessions s"
     " JOIN workspaces w ON w.pk = s.workspace_pk"
     " LEFT JOIN peers o ON o.workspace_pk = s.workspace_pk AND o.pk = s.owner_pk ORDER BY s.pk",
     lambda x: a.SessionRow(workspace=x[0], uid=x[1].hex(), name=x[2], owner=x[3],
                            is_active=bool(x[4]), metadata=r.load(x[5]),
                            configuration=r.load(x[6]), extras=r.load(x[7]), created_at=x[8],
                            ended_at=x[9], updated_at=x[10])),
    ("SELECT w.name, s.name, p.name, mb.configuration, mb.joined_at, mb.left_at FROM members mb"
     " JOIN sessions s ON s.workspace_pk = mb.workspace_pk AND s.pk = mb.session_pk"
     " JOIN workspaces w ON w.pk = mb.workspace_pk"
     " JOIN peers p ON p.workspace_pk = mb.workspace_pk AND p.pk = mb.peer_pk"
     " ORDER BY mb.session_pk, mb.pk",
     lambda x: a.MemberRow(workspace=x[0], session=x[1], peer=x[2], configuration=r.load(x[3]),
                           joined_at=x[4], left_at=x[5])),
    ("SELECT w.name, s.name, m.uid, m.seq, m.role, p.name, m.sender, m.content, m.metadata,"
     " m.extras, m.token_count, m.created_at, m.updated_at FROM messages m"
     " JOIN sessions s ON s.workspace_pk = m.workspace_pk AND s.pk = m.session_pk"
     " JOIN workspaces w ON w.pk = m.workspace_pk " + _P.format(t="m") + " ORDER BY m.pk",
     lambda x: a.MessageRow(workspace=x[0], session=x[1], uid=x[2].hex(), seq=x[3], role=x[4],
                            peer=x[5], sender=x[6], content=nul.read(x[7]), metadata=r.load(x[8]),
                            extras=r.load(x[9]), token_count=x[10], created_at=x[11],
                            updated_at=x[12])),
    ("SELECT w.name, rc.kind, rc.uid, rc.parent, rc.body FROM records rc"
     " JOIN workspaces w ON w.pk = rc.workspace_pk ORDER BY w.pk, rc.kind, rc.uid",
     lambda x: a.RecordRow(workspace=x[0], kind=x[1], uid=x[2].hex(), parent=x[3],
                           body=r.load(x[4]))),
    ("SELECT dialect, kind, external, uid FROM aliases ORDER BY dialect, kind, external",
     lambda x: a.AliasRow(dialect=x[0], kind=x[1], external=x[2], uid=x[3].hex())),
)


def export_rows(url: str) -> Iterator[a.Row]:
    """Every row, all tables read in one REPEATABLE READ snapshot on a connection of its own.

    A plain iterator, as the SQLite store's: a thread runs the connection on a loop of its own
    and hands rows over through a bounded queue, so callers iterate it the same way with or
    without a running event loop."""
    rows: queue.Queue = queue.Queue(maxsize=4096)
    stop = threading.Event()
    thread = threading.Thread(target=lambda: asyncio.run(_produce(url, rows, stop)),
                              name="rosetta-export", daemon=True)
    thread.start()
    try:
        while True:
            item = rows.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while thread.is_alive():  # unblock a producer waiting on a full queue
            try:
                rows.get_nowait()
            except queue.Empty:
                thread.join(0.01)


_DONE = object()


async def _produce(url: str, rows: queue.Queue, stop: threading.Event) -> None:
    import asyncpg

    try:
        conn = await asyncpg.connect(url)
        try:
            async with conn.transaction(isolation="repeatable_read", readonly=True):
                for sql, make in EXPORTS:
                    async for row in conn.cursor(sql, prefetch=2000):
                        if stop.is_set():
                            return
                        rows.put(make(row))
        finally:
            await conn.close()
        rows.put(_DONE)
    except BaseException as exc:  # noqa: BLE001 - handed to the consumer
        rows.put(exc)


def lift(updated_at: str | None, extras: dict) -> tuple[str | None, dict]:
    """Zep's old ``extras["zep"]["updated_at"]`` moved to ``updated_at`` (store/sqlite/legacy.py)."""
    zep = extras.get("zep")
    if updated_at is not None or not isinstance(zep, dict) or not isinstance(zep.get("updated_at"), str):
        return updated_at, extras
    rest = {k: v for k, v in zep.items() if k != "updated_at"}
    extras = {k: v for k, v in extras.items() if k != "zep"}
    if rest:
        extras["zep"] = rest
    return zep["updated_at"], extras


class _Importer:
    def __init__(self, tx: Tx):
        self.tx = tx
        self.counts = {k: {"added": 0, "skipped": 0} for k in a.KINDS}
        self.pks: dict = {}
        self.sessions: set = set()

    async def ws(self, name: str) -> int | None:
        key = ("w", name)
        if key not in self.pks:
            self.pks[key] = await self.tx.value("SELECT pk FROM workspaces WHERE name = ?", (name,))
        return self.pks[key]

    async def peer(self, ws: int, name: str | None) -> int | None:
        if name is None:
            return None
        key = ("p", ws, name)
        if self.pks.get(key) is None:
            self.pks[key] = await self.tx.value(
                "SELECT pk FROM peers WHERE workspace_pk = ? AND name = ?", (ws, name))
        return self.pks[key]

    async def session(self, ws: int, name: str) -> int | None:
        key = ("s", ws, name)
        if self.pks.get(key) is None:
            self.pks[key] = await self.tx.value(
                "SELECT pk FROM sessions WHERE workspace_pk = ? AND name = ?", (ws, name))
        return self.pks[key]

    async def add(self, kind: str, exists: bool, sql: str, params: tuple) -> None:
        if exists:
            self.counts[kind]["skipped"] += 1
            return
        await self.tx.execute(sql, params)
        self.counts[kind]["added"] += 1

    async def row(self, x) -> None:
        await getattr(self, "_" + a.kind_of(x))(x)

    async def _workspace(self, x: a.WorkspaceRow) -> None:
        await self.add("workspace", await self.ws(x.name) is not None,
                       "INSERT INTO workspaces (uid, name, metadata, configuration, extras, created_at)"
                       " VALUES (?, ?, ?, ?, ?, ?)",
                       (bytes.fromhex(x.uid), x.name, r.dump(x.metadata), r.dump(x.configuration),
                        r.dump(x.extras), x.created_at))
        self.pks.pop(("w", x.name), None)

    async def _peer(self, x: a.PeerRow) -> None:
        ws = await self.ws(x.workspace)
        updated, extras = lift(x.updated_at, x.extras)
        await self.add("peer", await self.peer(ws, x.name) is not None,
                       "INSERT INTO peers (workspace_pk, uid, name, metadata, configuration, extras,"
                       " role, created_at, updated_at, enrolled) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (ws, bytes.fromhex(x.uid), x.name, r.dump(x.metadata), r.dump(x.configuration),
                        r.dump(extras), x.role, x.created_at, updated, x.enrolled))

    async def _session(self, x: a.SessionRow) -> None:
        ws = await self.ws(x.workspace)
        updated, extras = lift(x.updated_at, x.extras)
        await self.add("session", await self.session(ws, x.name) is not None,
                       "INSERT INTO sessions (workspace_pk, uid, name, owner_pk, is_active, metadata,"
                       " configuration, extras, created_at, ended_at, updated_at)"
                       " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                       (ws, bytes.fromhex(x.uid), x.name, await self.peer(ws, x.owner), x.is_active,
                        r.dump(x.metadata), r.dump(x.configuration), r.dump(extras), x.created_at,
                        x.ended_at, updated))

    async def _member(self, x: a.MemberRow) -> None:
        ws = await self.ws(x.workspace)
        session, peer = await self.session(ws, x.session), await self.peer(ws, x.peer)
        exists = await self.tx.value(
            "SELECT 1 FROM members WHERE workspace_pk = ? AND session_pk = ? AND peer_pk = ?",
            (ws, session, peer))
        await self.add("member", exists is not None,
                       "INSERT INTO members (workspace_pk, session_pk, peer_pk, configuration,"
                       " joined_at, left_at) VALUES (?, ?, ?, ?, ?, ?)",
                       (ws, session, peer, r.dump(x.configuration), x.joined_at, x.left_at))

    async def _message(self, x: a.MessageRow) -> None:
        ws = await self.ws(x.workspace)
        session = await self.session(ws, x.session)
        uid = bytes.fromhex(x.uid)
        seq = x.seq
        if await self.tx.value("SELECT 1 FROM messages WHERE workspace_pk = ? AND session_pk = ?"
                               " AND seq = ?", (ws, session, seq)):
            seq = await self.tx.value("SELECT max(seq) + 1 FROM messages WHERE workspace_pk = ?"
                                      " AND session_pk = ?", (ws, session))
        updated, extras = lift(x.updated_at, x.extras)
        exists = await self.tx.value("SELECT 1 FROM messages WHERE workspace_pk = ? AND uid = ?", (ws, uid))
        await self.add("message", exists is not None,
                       "INSERT INTO messages (workspace_pk, uid, session_pk, seq, role, peer_pk, sender,"
                       " content, metadata, extras, token_count, created_at, updated_at)"
                       " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                       (ws, uid, session, seq, x.role, await self.peer(ws, x.peer), x.sender,
                        nul.stored(x.content), r.dump(x.metadata), r.dump(extras), x.token_count, x.created_at,
                        updated))
        if exists is None:
            self.sessions.add((ws, session))

    async def _record(self, x: a.RecordRow) -> None:
        ws, uid = await self.ws(x.workspace), bytes.fromhex(x.uid)
        exists = await self.tx.value(
            "SELECT 1 FROM records WHERE workspace_pk = ? AND kind = ? AND uid = ?", (ws, x.kind, uid))
        await self.add("record", exists is not None,
                       "INSERT INTO records (workspace_pk, kind, uid, parent, body) VALUES (?,?,?,?,?)",
                       (ws, x.kind, uid, x.parent, r.dump(x.body)))

    async def _alias(self, x: a.AliasRow) -> None:
        exists = await self.tx.value(
            "SELECT 1 FROM aliases WHERE dialect = ? AND kind = ? AND external = ?",
            (x.dialect, x.kind, x.external))
        await self.add("alias", exists is not None,
                       "INSERT INTO aliases (dialect, kind, external, uid) VALUES (?, ?, ?, ?)",
                       (x.dialect, x.kind, x.external, bytes.fromhex(x.uid)))


def _chunks(rows, size: int):
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_UID_TABLES = {"peer": "peers", "session": "sessions", "message": "messages"}


async def _uids_held_elsewhere(tx: Tx, rows: list) -> None:  # one chunk of the import
    """Conflict when a row's uid is held by a record of another workspace: uids are unique in the
    whole store, as in SQLite (one UNIQUE index there; here the unique keys lead with the
    workspace, so this check reads the imported uids across workspaces, once per table)."""
    for kind, table in _UID_TABLES.items():
        mine = [(bytes.fromhex(x.uid), x.workspace) for x in rows if a.kind_of(x) == kind]
        if not mine:
            continue
        held = await tx.row(
            f"SELECT t.uid, w.name FROM {table} t JOIN workspaces w ON w.pk = t.workspace_pk"
            " JOIN unnest(?::bytea[], ?::text[]) AS x(uid, workspace) ON x.uid = t.uid"
            " WHERE w.name <> x.workspace LIMIT 1",
            ([u for u, _ in mine], [w for _, w in mine]))
        if held is not None:
            raise Conflict("uid", held[0].hex(),
                           f"{kind} {held[0].hex()} is already held in workspace {held[1]}")


CHUNK = 1000


async def import_rows(tx: Tx, rows, progress=None) -> dict:
    """Rows from any iterable, read once in chunks (a file is streamed, never held whole)."""
    importer = _Importer(tx)
    n = 0
    for chunk in _chunks(rows, CHUNK):
        await _uids_held_elsewhere(tx, chunk)
        for row in chunk:
            await importer.row(row)
            n += 1
            if progress is not None and n % 1000 == 0:
                progress(n)
    for ws, session in importer.sessions:
        await tx.execute(
            "UPDATE sessions SET message_count = (SELECT count(*) FROM messages WHERE workspace_pk = ?"
            " AND session_pk = ?) WHERE workspace_pk = ? AND pk = ?", (ws, session, ws, session))
    return importer.counts
