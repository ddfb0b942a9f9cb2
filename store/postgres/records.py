"""Dialect-specific records and id aliases (PostgreSQL)."""

from __future__ import annotations

import msgspec

from store import rows
from store.errors import Conflict
from store.model import Page
from store.postgres import lookup
from store.postgres.base import Base

_SCOPE = "workspace_pk = (SELECT pk FROM workspaces WHERE name = ?) AND kind = ?"


class RecordOps(Base):
    async def put_record(self, workspace, kind, uid, body, *, parent="", unique=None):
        async def write(tx):
            ws_pk, _ = await lookup.workspace_pk(tx, workspace)
            if unique is not None and body.get(unique) is not None:
                # one writer at a time per (workspace, kind, parent): the check and the insert
                # cannot interleave with another process's
                await tx.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, ?))",
                                 (f"{kind}\n{parent}", ws_pk))
                if await tx.value(
                    "SELECT 1 FROM records WHERE workspace_pk = ? AND kind = ? AND parent = ?"
                    " AND uid <> ? AND (body::jsonb -> ?::text) = ?::jsonb",
                    (ws_pk, kind, parent, uid, unique, msgspec.json.encode(body[unique]).decode()),
                ):
                    raise Conflict(kind, str(body.get(unique)), f"{unique} already in use")
            await tx.execute(
                "INSERT INTO records (workspace_pk, kind, uid, parent, body) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (workspace_pk, kind, uid) DO UPDATE SET parent = excluded.parent,"
                " body = excluded.body",
                (ws_pk, kind, uid, parent, rows.dump(body)))

        await self._write(write)
        return body

    async def get_record(self, workspace, kind, uid):
        row = await self._row(f"SELECT body FROM records WHERE {_SCOPE} AND uid = ?", (workspace, kind, uid))
        return rows.load(row[0]) if row else None

    async def list_records(self, workspace, kind, *, parent=None, offset=0, limit=50, reverse=False):
        scope, params = _SCOPE, [workspace, kind]
        if parent is not None:
            scope += " AND parent = ?"
            params.append(parent)
        total = (await self._row(f"SELECT count(*) FROM records WHERE {scope}", params))[0]
        direction = "DESC" if reverse else "ASC"
        found = await self._rows(
            f"SELECT body FROM records WHERE {scope} ORDER BY uid {direction} LIMIT ? OFFSET ?",
            [*params, limit, offset])
        return Page(items=[rows.load(r[0]) for r in found], total=total)

    async def delete_record(self, workspace, kind, uid) -> bool:
        async def write(tx):
            status = await tx.execute(f"DELETE FROM records WHERE {_SCOPE} AND uid = ?", (workspace, kind, uid))
            return status != "DELETE 0"

        return await self._write(write)

    async def resolve_alias(self, dialect, kind, external):
        row = await self._row(
            "SELECT uid FROM aliases WHERE dialect = ? AND kind = ? AND external = ?",
            (dialect, kind, external))
        return row[0] if row else None
