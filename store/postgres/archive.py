"""Export every row as archive rows (one snapshot), with the same rows and order as
store/sqlite/archive.py. The import is store/postgres/imports.py."""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Iterator

from store import archive as a
from store import rows as r
from store.postgres import nul

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
