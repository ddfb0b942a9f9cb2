"""Workspace operations of the SQLite store."""

from __future__ import annotations

from store import rows
from store.errors import NotFound
from store.merge import merged
from store.model import Page, Workspace
from store.sqlite import lookup
from store.sqlite.base import Base

_SELECT = f"SELECT {rows.WORKSPACE_COLUMNS} FROM workspaces w"


class WorkspaceOps(Base):
    def _workspace(self, name: str) -> Workspace | None:
        row = self._row(f"{_SELECT} WHERE w.name = ?", (name,))
        return rows.workspace(row) if row else None

    async def ensure_workspace(self, name, *, metadata=None, configuration=None):
        def write(conn, cache):
            return lookup.workspace_pk(
                conn, cache, name, metadata=metadata, configuration=configuration
            )[1]

        created = await self._write(write)
        return self._workspace(name), created

    async def get_workspace(self, name: str) -> Workspace | None:
        return self._workspace(name)

    async def workspace_by_uid(self, uid: bytes) -> Workspace | None:
        row = self._row(f"{_SELECT} WHERE w.uid = ?", (uid,))
        return rows.workspace(row) if row else None

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
                    rows.dump(merged(rows.load(row[0]), metadata, False)),
                    rows.dump(merged(rows.load(row[1]), configuration, merge_configuration)),
                    rows.dump(merged(rows.load(row[2]), extras, True)),
                    pk,
                ),
            )

        await self._write(write)
        return self._workspace(name)

    async def workspace_counts(self, name: str) -> dict[str, int]:
        """Peers, sessions and messages of a workspace, from indexes and kept message counts."""
        row = self._row(
            "SELECT (SELECT count(*) FROM peers WHERE workspace_pk = w.pk),"
            " (SELECT count(*) FROM sessions WHERE workspace_pk = w.pk),"
            " (SELECT coalesce(sum(message_count), 0) FROM sessions WHERE workspace_pk = w.pk)"
            " FROM workspaces w WHERE w.name = ?", (name,))
        if row is None:
            raise NotFound("workspace", name)
        return {"peers": row[0], "sessions": row[1], "messages": row[2]}

    async def list_workspaces(self, *, where=None, offset=0, limit=50, reverse=False) -> Page:
        return await self._page(
            record="workspace", columns=rows.WORKSPACE_COLUMNS, source="workspaces w",
            scope="1", scope_params=[], where=where, order=("w.pk",),
            offset=offset, limit=limit, reverse=reverse, decode=rows.workspace,
        )

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
