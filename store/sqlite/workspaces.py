"""Workspace operations of the SQLite store."""

from __future__ import annotations

from store.errors import NotFound
from store.merge import merged_fields
from store.model import Workspace
from store.reads import WorkspaceReads
from store.sqlite import lookup
from store.sqlite.base import Base


class WorkspaceOps(WorkspaceReads, Base):
    async def ensure_workspace(self, name, *, metadata=None, configuration=None):
        def write(conn, cache):
            return lookup.workspace_pk(
                conn, cache, name, metadata=metadata, configuration=configuration
            )[1]

        created = await self._write(write)
        return await self._workspace(name), created

    async def update_workspace(
        self, name, *, metadata=None, configuration=None, merge_configuration=True, extras=None
    ) -> Workspace:
        def write(conn, cache):
            pk, _ = lookup.workspace_pk(conn, cache, name)
            row = conn.execute(
                "SELECT metadata, configuration, extras FROM workspaces WHERE pk = ?", (pk,)
            ).fetchone()
            conn.execute(
                "UPDATE workspaces SET metadata = ?, configuration = ?, extras = ? WHERE pk = ?",
                (
                    *merged_fields(row, metadata, configuration, extras, merge_configuration),
                    pk,
                ),
            )

        await self._write(write)
        return await self._workspace(name)

    async def delete_workspace(self, name: str) -> None:
        def write(conn, cache):
            row = conn.execute("SELECT pk FROM workspaces WHERE name = ?", (name,)).fetchone()
            if row is None:
                raise NotFound("workspace", name)
            pk = row[0]
            for table in ("messages", "peers", "sessions", "records"):
                if table == "sessions":
                    conn.execute(
                        "DELETE FROM members WHERE session_pk IN"
                        " (SELECT pk FROM sessions WHERE workspace_pk = ?)",
                        (pk,),
                    )
                conn.execute(f"DELETE FROM {table} WHERE workspace_pk = ?", (pk,))
            conn.execute("DELETE FROM workspaces WHERE pk = ?", (pk,))
            cache.clear()

        await self._write(write)
