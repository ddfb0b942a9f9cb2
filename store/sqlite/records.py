"""Dialect-specific records (assistants, metamessages, collections, ...) and id aliases."""

from __future__ import annotations

from store import rows
from store.errors import Conflict
from store.model import Page
from store.sqlite import lookup
from store.sqlite.base import Base

_SCOPE = (
    "workspace_pk = (SELECT pk FROM workspaces WHERE name = ?) AND kind = ?"
)


class RecordOps(Base):
    async def put_record(self, workspace, kind, uid, body, *, parent="", unique=None):
        def write(conn, cache):
            ws_pk, _ = lookup.workspace_pk(conn, cache, workspace)
            if unique is not None and conn.execute(
                "SELECT 1 FROM records WHERE workspace_pk = ? AND kind = ? AND parent = ?"
                " AND uid != ? AND json_extract(body, ?) = ?",
                (ws_pk, kind, parent, uid, f'$."{unique}"', body.get(unique)),
            ).fetchone():
                raise Conflict(kind, str(body.get(unique)), f"{unique} already in use")
            conn.execute(
                "INSERT INTO records (workspace_pk, kind, uid, parent, body) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (workspace_pk, kind, uid) DO UPDATE SET parent = excluded.parent,"
                " body = excluded.body",
                (ws_pk, kind, uid, parent, rows.dump(body)),
            )

        await self._write(write)
        return body

    async def get_record(self, workspace, kind, uid):
        row = self._row(f"SELECT body FROM records WHERE {_SCOPE} AND uid = ?", (workspace, kind, uid))
        return rows.load(row[0]) if row else None

    async def list_records(self, workspace, kind, *, parent=None, offset=0, limit=50, reverse=False):
        scope, params = _SCOPE, [workspace, kind]
        if parent is not None:
            scope += " AND parent = ?"
            params.append(parent)
        direction = "DESC" if reverse else "ASC"

        def read(conn) -> Page:
            total = conn.execute(f"SELECT count(*) FROM records WHERE {scope}", params).fetchone()[0]
            found = conn.execute(
                f"SELECT body FROM records WHERE {scope} ORDER BY uid {direction} LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
            return Page(items=[rows.load(r[0]) for r in found], total=total)

        return await self._read(read)

    async def delete_record(self, workspace, kind, uid) -> bool:
        def write(conn, cache):
            cur = conn.execute(
                f"DELETE FROM records WHERE {_SCOPE} AND uid = ?", (workspace, kind, uid)
            )
            return cur.rowcount > 0

        return await self._write(write)

    async def resolve_alias(self, dialect, kind, external):
        row = self._row(
            "SELECT uid FROM aliases WHERE dialect = ? AND kind = ? AND external = ?",
            (dialect, kind, external),
        )
        return row[0] if row else None
