"""Peer operations of the SQLite store."""

from __future__ import annotations

from store.clock import now_text
from store.errors import Conflict
from store.merge import merged_fields
from store.reads import PeerReads
from store.sqlite import lookup
from store.sqlite.base import Base
from store.sqlite.purge import delete_session_rows


def upsert_peer(conn, cache, workspace, name, metadata, configuration, extras,
                exists_ok=True, uid=None) -> bool:
    """Get or create, then apply the given fields; an existing peer's updated_at is bumped.
    The peer is enrolled (made on purpose); only an enrolled one is a Conflict."""
    ws_pk, _ = lookup.workspace_pk(conn, cache, workspace)
    pk, created = lookup.peer_pk(conn, cache, ws_pk, name, uid=uid)
    if not created:
        enrolled = conn.execute("SELECT enrolled FROM peers WHERE pk = ?", (pk,)).fetchone()[0]
        if enrolled and not exists_ok:
            raise Conflict("peer", name, f"peer {name} already exists")
        if not enrolled:
            conn.execute("UPDATE peers SET enrolled = 1 WHERE pk = ?", (pk,))
    else:
        conn.execute("UPDATE peers SET enrolled = 1 WHERE pk = ?", (pk,))
    if metadata is None and configuration is None and extras is None:
        return created
    row = conn.execute(
        "SELECT metadata, configuration, extras FROM peers WHERE pk = ?", (pk,)
    ).fetchone()
    conn.execute(
        "UPDATE peers SET metadata = ?, configuration = ?, extras = ?,"
        " updated_at = ? WHERE pk = ?",
        (
            *merged_fields(row, metadata, configuration, extras, False),
            None if created else now_text(),
            pk,
        ),
    )
    return created


class PeerOps(PeerReads, Base):
    async def ensure_peer(self, workspace, name, *, metadata=None, configuration=None, extras=None,
                          exists_ok=True, uid=None):
        created = await self._write(
            lambda conn, cache: upsert_peer(
                conn, cache, workspace, name, metadata, configuration, extras, exists_ok, uid
            )
        )
        return await self._peer(workspace, name), created

    async def update_peer(self, workspace, name, *, metadata=None, configuration=None, extras=None):
        peer, _ = await self.ensure_peer(
            workspace, name, metadata=metadata, configuration=configuration, extras=extras
        )
        return peer

    async def delete_peer(self, workspace, name, *, with_owned_sessions=True) -> None:
        def write(conn, cache):
            ws_pk = lookup.existing_workspace_pk(conn, cache, workspace)
            pk, _ = lookup.peer_pk(conn, cache, ws_pk, name, create=False)
            if with_owned_sessions:
                owned = [r[0] for r in conn.execute(
                    "SELECT pk FROM sessions WHERE owner_pk = ?", (pk,))]
                for session_pk in owned:
                    delete_session_rows(conn, session_pk)
            now = now_text()
            conn.execute(
                "UPDATE messages SET sender = coalesce(sender, ?), peer_pk = NULL, updated_at = ?"
                " WHERE peer_pk = ?",
                (name, now, pk),
            )
            conn.execute(
                "UPDATE sessions SET owner_pk = NULL, updated_at = ? WHERE owner_pk = ?", (now, pk)
            )
            conn.execute("DELETE FROM members WHERE peer_pk = ?", (pk,))
            conn.execute("DELETE FROM peers WHERE pk = ?", (pk,))
            cache.clear()

        await self._write(write)

