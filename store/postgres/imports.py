"""Import archive rows in one transaction (idempotent), with the same rules as
store/sqlite/archive.py: a row already there (by name, or by uid) is skipped, a message whose seq
is taken goes after its session's last.

Messages and aliases, nearly all of a migration or an archive, are written in bulk: they are
held until a row of another kind comes (it may be the author or the session of the next ones)
or the chunk ends, then what is already there is read in one query per table and the rest
inserted in one pipelined ``executemany``, a few round trips per batch instead of several per
row. The outcome is the one of inserting the rows one by one, in order (store/postgres/bulk.py).
"""

from __future__ import annotations

from store import archive as a
from store import rows as r
from store.errors import Conflict
from store.postgres import bulk, nul
from store.postgres.base import Tx


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


_INSERT_MESSAGE = (
    "INSERT INTO messages (workspace_pk, uid, session_pk, seq, role, peer_pk, sender, content,"
    " metadata, extras, token_count, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
_INSERT_ALIAS = "INSERT INTO aliases (dialect, kind, external, uid) VALUES (?, ?, ?, ?)"
_HELD = ("message", "alias")  # the kinds written in bulk


class _Importer:
    def __init__(self, tx: Tx):
        self.tx = tx
        self.counts = {k: {"added": 0, "skipped": 0} for k in a.KINDS}
        self.pks: dict = {}
        self.sessions: set = set()
        self.held: dict[str, list] = {kind: [] for kind in _HELD}

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

    def tally(self, kind: str, added: int, skipped: int) -> None:
        self.counts[kind]["added"] += added
        self.counts[kind]["skipped"] += skipped

    async def row(self, x) -> None:
        kind = a.kind_of(x)
        if kind in self.held:
            self.held[kind].append(x)
            return
        await self.flush()
        await getattr(self, "_" + kind)(x)

    async def flush(self) -> None:
        """Write the messages and aliases held so far."""
        messages, aliases = self.held["message"], self.held["alias"]
        self.held = {kind: [] for kind in _HELD}
        if messages:
            await self._messages(messages)
        if aliases:
            await self._aliases(aliases)

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

    async def _messages(self, rows: list[a.MessageRow]) -> None:
        placed = []
        for x in rows:
            ws = await self.ws(x.workspace)
            session = await self.session(ws, x.session)
            placed.append(bulk.Placed(ws, session, bytes.fromhex(x.uid), x.seq, await self.peer(ws, x.peer)))
        plan = await bulk.plan_messages(self.tx, placed)
        values = []
        for x, p, seq in zip(rows, placed, plan.seqs):
            if seq is None:
                continue
            updated, extras = lift(x.updated_at, x.extras)
            values.append((p.ws, p.uid, p.session, seq, x.role, p.peer, x.sender, nul.stored(x.content),
                           r.dump(x.metadata), r.dump(extras), x.token_count, x.created_at, updated))
            self.sessions.add((p.ws, p.session))
        if values:
            await self.tx.many(_INSERT_MESSAGE, values)
        self.tally("message", len(values), len(rows) - len(values))

    async def _record(self, x: a.RecordRow) -> None:
        ws, uid = await self.ws(x.workspace), bytes.fromhex(x.uid)
        exists = await self.tx.value(
            "SELECT 1 FROM records WHERE workspace_pk = ? AND kind = ? AND uid = ?", (ws, x.kind, uid))
        await self.add("record", exists is not None,
                       "INSERT INTO records (workspace_pk, kind, uid, parent, body) VALUES (?,?,?,?,?)",
                       (ws, x.kind, uid, x.parent, r.dump(x.body)))

    async def _aliases(self, rows: list[a.AliasRow]) -> None:
        new = await bulk.new_aliases(self.tx, rows)
        if new:
            await self.tx.many(_INSERT_ALIAS, [(x.dialect, x.kind, x.external, bytes.fromhex(x.uid))
                                               for x in new])
        self.tally("alias", len(new), len(rows) - len(new))


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
        await importer.flush()
        n += len(chunk)
        if progress is not None and n % 1000 == 0:
            progress(n)
    for ws, session in importer.sessions:
        await tx.execute(
            "UPDATE sessions SET message_count = (SELECT count(*) FROM messages WHERE workspace_pk = ?"
            " AND session_pk = ?) WHERE workspace_pk = ? AND pk = ?", (ws, session, ws, session))
    return importer.counts
