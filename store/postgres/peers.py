"""Peer operations of the PostgreSQL store."""

from __future__ import annotations

from store.clock import now_text
from store.errors import Conflict
from store.merge import merged_fields
from store.postgres import lookup
from store.postgres.base import Base
from store.postgres.purge import delete_session_rows
from store.reads import PeerReads


async def upsert_peer(tx, workspace, name, metadata, configuration, extras, exists_ok=True,
                      uid=None) -> bool:
    """Get or create, then apply the given fields; an existing peer's updated_at is bumped.
    The peer is enrolled (made on purpose); only an enrolled one is a Conflict."""
    ws_pk, _ = await lookup.workspace_pk(tx, workspace)
    pk, created = await lookup.peer_pk(tx, ws_pk, name, uid=uid, enrolled=True)
    if not created:
        enrolled = await tx.value(
            "SELECT enrolled FROM peers WHERE workspace_pk = ? AND pk = ? FOR UPDATE", (ws_pk, pk))
        if enrolled and not exists_ok:
            raise Conflict("peer", name, f"peer {name} already exists")
        if not enrolled:
            await tx.execute("UPDATE peers SET enrolled = true WHERE workspace_pk = ? AND pk = ?",
                             (ws_pk, pk))
    if metadata is None and configuration is None and extras is None:
        return created
    row = await tx.row(
        "SELECT metadata, configuration, extras FROM peers WHERE workspace_pk = ? AND pk = ?"
        " FOR UPDATE", (ws_pk, pk))
    await tx.execute(
        "UPDATE peers SET metadata = ?, configuration = ?, extras = ?, updated_at = ?"
        " WHERE workspace_pk = ? AND pk = ?",
        (
            *merged_fields(row, metadata, configuration, extras, False),
            None if created else now_text(),
            ws_pk, pk,
        ),
    )
    return created


class PeerOps(PeerReads, Base):
    async def ensure_peer(self, workspace, name, *, metadata=None, configuration=None, extras=None,
                          exists_ok=True, uid=None):
        created = await self._write(
            lambda tx: upsert_peer(tx, workspace, name, metadata, configuration, extras, exists_ok, uid))
        return await self._peer(workspace, name), created

    async def update_peer(self, workspace, name, *, metadata=None, configuration=None, extras=None):
        peer, _ = await self.ensure_peer(
            workspace, name, metadata=metadata, configuration=configuration, extras=extras)
        return peer

    async def delete_peer(self, workspace, name, *, with_owned_sessions=True) -> None:
        async def write(tx):
            ws_pk = await lookup.existing_workspace_pk(tx, workspace)
            pk, _ = await lookup.peer_pk(tx, ws_pk, name, create=False)
            if with_owned_sessions:
                owned = await tx.rows(
                    "SELECT pk FROM sessions WHERE workspace_pk = ? AND owner_pk = ?", (ws_pk, pk))
                for (session_pk,) in owned:
                    await delete_session_rows(tx, ws_pk, session_pk)
            now = now_text()
            await tx.execute(
                "UPDATE messages SET sender = coalesce(sender, ?), peer_pk = NULL, updated_at = ?"
                " WHERE workspace_pk = ? AND peer_pk = ?", (name, now, ws_pk, pk))
            await tx.execute(
                "UPDATE sessions SET owner_pk = NULL, updated_at = ? WHERE workspace_pk = ?"
                " AND owner_pk = ?", (now, ws_pk, pk))
            await tx.execute("DELETE FROM members WHERE workspace_pk = ? AND peer_pk = ?", (ws_pk, pk))
            await tx.execute("DELETE FROM peers WHERE workspace_pk = ? AND pk = ?", (ws_pk, pk))

        await self._write(write)
