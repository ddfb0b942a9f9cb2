"""Workspace operations of the PostgreSQL store."""

from __future__ import annotations

from store.errors import NotFound
from store.merge import merged_fields
from store.model import Workspace
from store.postgres import lookup
from store.postgres.base import Base
from store.reads import WorkspaceReads


class WorkspaceOps(WorkspaceReads, Base):
    async def ensure_workspace(self, name, *, metadata=None, configuration=None):
        async def write(tx):
            return (await lookup.workspace_pk(tx, name, metadata=metadata,
                                              configuration=configuration))[1]

        created = await self._write(write)
        return await self._workspace(name), created

    async def update_workspace(self, name, *, metadata=None, configuration=None,
                               merge_configuration=True, extras=None) -> Workspace:
        async def write(tx):
            pk, _ = await lookup.workspace_pk(tx, name)
            row = await tx.row(
                "SELECT metadata, configuration, extras FROM workspaces WHERE pk = ? FOR UPDATE", (pk,))
            await tx.execute(
                "UPDATE workspaces SET metadata = ?, configuration = ?, extras = ? WHERE pk = ?",
                (
                    *merged_fields(row, metadata, configuration, extras, merge_configuration),
                    pk,
                ),
            )

        await self._write(write)
        return await self._workspace(name)

    async def delete_workspace(self, name: str) -> None:
        async def write(tx):
            pk = await tx.value("SELECT pk FROM workspaces WHERE name = ? FOR UPDATE", (name,))
            if pk is None:
                raise NotFound("workspace", name)
            # sessions first (waiting for appends that hold their row locks: see purge.py), then
            # what they held, each scoped to the workspace
            await tx.execute("DELETE FROM sessions WHERE workspace_pk = ?", (pk,))
            for table in ("messages", "members", "records", "peers"):
                await tx.execute(f"DELETE FROM {table} WHERE workspace_pk = ?", (pk,))
            await tx.execute("DELETE FROM workspaces WHERE pk = ?", (pk,))

        await self._write(write)
