"""Export every row as archive rows, and import them back in one transaction (idempotent)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from store import archive as a
from store import rows as r
from store.sqlite import counts, fts, legacy


def _hex(uid: bytes) -> str:
    return uid.hex()


EXPORTS = (
    ("SELECT uid, name, metadata, configuration, extras, created_at FROM workspaces ORDER BY pk",
     lambda x: a.WorkspaceRow(uid=_hex(x[0]), name=x[1], metadata=r.load(x[2]),
                              configuration=r.load(x[3]), extras=r.load(x[4]), created_at=x[5])),
    ("SELECT w.name, p.uid, p.name, p.metadata, p.configuration, p.extras, p.role, p.created_at,"
     " p.updated_at, p.enrolled FROM peers p JOIN workspaces w ON w.pk = p.workspace_pk"
     " ORDER BY p.pk",
     lambda x: a.PeerRow(workspace=x[0], uid=_hex(x[1]), name=x[2], metadata=r.load(x[3]),
                         configuration=r.load(x[4]), extras=r.load(x[5]), role=x[6],
                         created_at=x[7], updated_at=x[8], enrolled=bool(x[9]))),
    ("SELECT w.name, s.uid, s.name, o.name, s.is_active, s.metadata, s.configuration, s.extras,"
     " s.created_at, s.ended_at, s.updated_at FROM sessions s"
     " JOIN workspaces w ON w.pk = s.workspace_pk LEFT JOIN peers o ON o.pk = s.owner_pk"
     " ORDER BY s.pk",
     lambda x: a.SessionRow(workspace=x[0], uid=_hex(x[1]), name=x[2], owner=x[3],
                            is_active=bool(x[4]), metadata=r.load(x[5]),
                            configuration=r.load(x[6]), extras=r.load(x[7]), created_at=x[8],
                            ended_at=x[9], updated_at=x[10])),
    ("SELECT w.name, s.name, p.name, mb.configuration, mb.joined_at, mb.left_at FROM members mb"
     " JOIN sessions s ON s.pk = mb.session_pk JOIN workspaces w ON w.pk = s.workspace_pk"
     " JOIN peers p ON p.pk = mb.peer_pk ORDER BY mb.session_pk, mb.rowid",
     lambda x: a.MemberRow(workspace=x[0], session=x[1], peer=x[2], configuration=r.load(x[3]),
                           joined_at=x[4], left_at=x[5])),
    ("SELECT w.name, s.name, m.uid, m.seq, m.role, p.name, m.sender, m.content, m.metadata,"
     " m.extras, m.token_count, m.created_at, m.updated_at FROM messages m"
     " JOIN sessions s ON s.pk = m.session_pk JOIN workspaces w ON w.pk = m.workspace_pk"
     " LEFT JOIN peers p ON p.pk = m.peer_pk ORDER BY m.pk",
     lambda x: a.MessageRow(workspace=x[0], session=x[1], uid=_hex(x[2]), seq=x[3], role=x[4],
                            peer=x[5], sender=x[6], content=x[7], metadata=r.load(x[8]),
                            extras=r.load(x[9]), token_count=x[10], created_at=x[11],
                            updated_at=x[12])),
    ("SELECT w.name, rc.kind, rc.uid, rc.parent, rc.body FROM records rc"
     " JOIN workspaces w ON w.pk = rc.workspace_pk ORDER BY w.pk, rc.kind, rc.uid",
     lambda x: a.RecordRow(workspace=x[0], kind=x[1], uid=_hex(x[2]), parent=x[3],
                           body=r.load(x[4]))),
    ("SELECT dialect, kind, external, uid FROM aliases ORDER BY dialect, kind, external",
     lambda x: a.AliasRow(dialect=x[0], kind=x[1], external=x[2], uid=_hex(x[3]))),
)


def export_rows(conn) -> Iterator[a.Row]:
    """Every row, all tables read in one transaction; closes ``conn`` when done."""
    try:
        conn.execute("BEGIN")
        for sql, make in EXPORTS:
            for row in conn.execute(sql):
                yield make(row)
        conn.execute("COMMIT")
    finally:
        conn.close()


_INSERT_MESSAGE = (
    "INSERT INTO messages (uid, workspace_pk, session_pk, seq, role, peer_pk, sender, content,"
    " metadata, extras, token_count, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
)


class _Importer:
    """Inserts rows that are not there yet, keyed by name (workspace/peer/session/member) or uid."""

    def __init__(self, conn):
        self.conn = conn
        self.counts = {k: {"added": 0, "skipped": 0} for k in a.KINDS}
        self.pks: dict[tuple, int] = {}  # names found so far -> pk (one lookup per name, not per row)

    def one(self, sql: str, params: tuple):
        found = self.conn.execute(sql, params).fetchone()
        return found[0] if found else None

    def named(self, key: tuple, sql: str, params: tuple) -> int | None:
        pk = self.pks.get(key)
        if pk is None:
            pk = self.one(sql, params)
            if pk is not None:
                self.pks[key] = pk
        return pk

    def ws(self, name: str) -> int:
        return self.named(("w", name), "SELECT pk FROM workspaces WHERE name = ?", (name,))

    def peer(self, ws_pk: int, name: str | None) -> int | None:
        if name is None:
            return None
        return self.named(("p", ws_pk, name),
                          "SELECT pk FROM peers WHERE workspace_pk = ? AND name = ?", (ws_pk, name))

    def session(self, ws_pk: int, name: str) -> int:
        return self.named(("s", ws_pk, name),
                          "SELECT pk FROM sessions WHERE workspace_pk = ? AND name = ?", (ws_pk, name))

    def add(self, kind: str, exists: bool, sql: str, params: tuple) -> None:
        if exists:
            self.counts[kind]["skipped"] += 1
            return
        self.conn.execute(sql, params)
        self.counts[kind]["added"] += 1

    def row(self, x) -> None:
        getattr(self, "_" + a.kind_of(x))(x)

    def _workspace(self, x: a.WorkspaceRow) -> None:
        self.add("workspace", self.ws(x.name) is not None,
                 "INSERT INTO workspaces (uid, name, metadata, configuration, extras, created_at)"
                 " VALUES (?, ?, ?, ?, ?, ?)",
                 (bytes.fromhex(x.uid), x.name, r.dump(x.metadata), r.dump(x.configuration),
                  r.dump(x.extras), x.created_at))

    def _peer(self, x: a.PeerRow) -> None:
        ws = self.ws(x.workspace)
        self.add("peer", self.peer(ws, x.name) is not None,
                 "INSERT INTO peers (uid, workspace_pk, name, metadata, configuration, extras,"
                 " role, created_at, updated_at, enrolled) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 (bytes.fromhex(x.uid), ws, x.name, r.dump(x.metadata), r.dump(x.configuration),
                  r.dump(x.extras), x.role, x.created_at, x.updated_at, int(x.enrolled)))

    def _session(self, x: a.SessionRow) -> None:
        ws = self.ws(x.workspace)
        self.add("session", self.session(ws, x.name) is not None,
                 "INSERT INTO sessions (uid, workspace_pk, name, owner_pk, is_active, metadata,"
                 " configuration, extras, created_at, ended_at, updated_at)"
                 " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                 (bytes.fromhex(x.uid), ws, x.name, self.peer(ws, x.owner), int(x.is_active),
                  r.dump(x.metadata), r.dump(x.configuration), r.dump(x.extras), x.created_at,
                  x.ended_at, x.updated_at))

    def _member(self, x: a.MemberRow) -> None:
        ws = self.ws(x.workspace)
        session, peer = self.session(ws, x.session), self.peer(ws, x.peer)
        exists = self.one("SELECT 1 FROM members WHERE session_pk = ? AND peer_pk = ?", (session, peer))
        self.add("member", exists is not None,
                 "INSERT INTO members (session_pk, peer_pk, configuration, joined_at, left_at)"
                 " VALUES (?, ?, ?, ?, ?)",
                 (session, peer, r.dump(x.configuration), x.joined_at, x.left_at))

    def _message(self, x: a.MessageRow) -> None:
        """Inserted as it comes; only a row that collides (its uid is there: skipped, or its
        seq is taken: appended after the session's last) pays for the lookups."""
        ws = self.ws(x.workspace)
        session = self.session(ws, x.session)
        uid = bytes.fromhex(x.uid)
        values = [uid, ws, session, x.seq, x.role, self.peer(ws, x.peer), x.sender, x.content,
                  r.dump(x.metadata), r.dump(x.extras), x.token_count, x.created_at, x.updated_at]
        try:
            self.conn.execute(_INSERT_MESSAGE, values)
        except sqlite3.IntegrityError:  # the statement alone is undone; the import goes on
            if self.one("SELECT 1 FROM messages WHERE uid = ?", (uid,)) is not None:
                self.counts["message"]["skipped"] += 1
                return
            values[3] = self.one("SELECT max(seq) + 1 FROM messages WHERE session_pk = ?", (session,))
            self.conn.execute(_INSERT_MESSAGE, values)
        self.counts["message"]["added"] += 1

    def _record(self, x: a.RecordRow) -> None:
        ws, uid = self.ws(x.workspace), bytes.fromhex(x.uid)
        exists = self.one("SELECT 1 FROM records WHERE workspace_pk = ? AND kind = ? AND uid = ?",
                          (ws, x.kind, uid))
        self.add("record", exists is not None,
                 "INSERT INTO records (workspace_pk, kind, uid, parent, body) VALUES (?,?,?,?,?)",
                 (ws, x.kind, uid, x.parent, r.dump(x.body)))

    def _alias(self, x: a.AliasRow) -> None:
        exists = self.one("SELECT 1 FROM aliases WHERE dialect = ? AND kind = ? AND external = ?",
                          (x.dialect, x.kind, x.external))
        self.add("alias", exists is not None,
                 "INSERT INTO aliases (dialect, kind, external, uid) VALUES (?, ?, ?, ?)",
                 (x.dialect, x.kind, x.external, bytes.fromhex(x.uid)))


def import_rows(conn, cache: dict, rows, progress=None) -> dict:
    """Rows from any iterable, read once (a file is streamed, never held)."""
    importer = _Importer(conn)
    before, lifted = fts.last_pk(conn), legacy.last_pks(conn)
    for n, row in enumerate(rows, start=1):
        importer.row(row)
        if progress is not None and n % 1000 == 0:
            progress(n)
    counts.recount_after(conn, before)
    legacy.lift(conn, lifted)  # rows from files older than the updated_at column
    fts.index_bulk(conn, importer.counts["message"]["added"])
    cache.clear()
    return importer.counts
