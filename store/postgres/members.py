"""Session membership (PostgreSQL): helpers for write transactions and the member operations."""

from __future__ import annotations

from store import rows
from store.clock import now_text
from store.errors import NotFound
from store.model import Member, Page
from store.postgres import lookup
from store.postgres.base import Base


async def join(tx, ws_pk: int, session_pk: int, peer_pk: int, configuration: dict | None) -> None:
    """Make a peer an active member. Active members keep their configuration; a peer who had
    left rejoins with ``configuration`` (or what it had)."""
    now = now_text()
    inserted = await tx.value(
        "INSERT INTO members (workspace_pk, session_pk, peer_pk, configuration, joined_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (workspace_pk, session_pk, peer_pk) DO NOTHING"
        " RETURNING 1",
        (ws_pk, session_pk, peer_pk, rows.dump(configuration or {}), now))
    if inserted:
        return
    if configuration is None:
        await tx.execute(
            "UPDATE members SET left_at = NULL, joined_at = ? WHERE workspace_pk = ?"
            " AND session_pk = ? AND peer_pk = ? AND left_at IS NOT NULL",
            (now, ws_pk, session_pk, peer_pk))
    else:
        await tx.execute(
            "UPDATE members SET left_at = NULL, joined_at = ?, configuration = ? WHERE"
            " workspace_pk = ? AND session_pk = ? AND peer_pk = ? AND left_at IS NOT NULL",
            (now, rows.dump(configuration), ws_pk, session_pk, peer_pk))


async def join_all(tx, ws_pk: int, session_pk: int, members: dict[str, dict | None]) -> None:
    if not members:
        return
    pks = await lookup.peer_pks(tx, ws_pk, list(members))
    for name, configuration in members.items():
        await join(tx, ws_pk, session_pk, pks[name], configuration)


_MEMBER_PEERS = (
    "members mb JOIN peers p ON p.workspace_pk = mb.workspace_pk AND p.pk = mb.peer_pk"
    " JOIN sessions s ON s.workspace_pk = mb.workspace_pk AND s.pk = mb.session_pk"
    " JOIN workspaces w ON w.pk = mb.workspace_pk"
)


class MemberOps(Base):
    async def join_members(self, workspace, session, members, *, replace=False):
        async def write(tx):
            ws_pk, _ = await lookup.workspace_pk(tx, workspace)
            session_pk, _ = await lookup.live_session_pk(tx, ws_pk, session, create=True)
            await join_all(tx, ws_pk, session_pk, members)
            if replace:
                keep = list((await lookup.peer_pks(tx, ws_pk, list(members))).values())
                await tx.execute(
                    "UPDATE members SET left_at = ? WHERE workspace_pk = ? AND session_pk = ?"
                    " AND left_at IS NULL AND NOT (peer_pk = ANY(?::bigint[]))",
                    (now_text(), ws_pk, session_pk, keep))

        await self._write(write)
        return await self.get_session(workspace, session)

    async def leave_members(self, workspace, session, peers):
        async def write(tx):
            ws_pk = await lookup.existing_workspace_pk(tx, workspace)
            session_pk, _ = await lookup.live_session_pk(tx, ws_pk, session, create=False)
            await tx.execute(
                "UPDATE members SET left_at = ? WHERE workspace_pk = ? AND session_pk = ?"
                " AND left_at IS NULL AND peer_pk IN (SELECT pk FROM peers WHERE workspace_pk = ?"
                " AND name = ANY(?::text[]))",
                (now_text(), ws_pk, session_pk, ws_pk, list(peers)))

        await self._write(write)
        return await self.get_session(workspace, session)

    async def list_members(self, workspace, session, *, offset=0, limit=50) -> Page:
        return await self._page(
            record="peer", columns=rows.PEER_COLUMNS, source=_MEMBER_PEERS,
            scope="w.name = ? AND s.name = ? AND mb.left_at IS NULL",
            scope_params=[workspace, session], where=None, order=("mb.joined_at", "p.pk"),
            offset=offset, limit=limit, reverse=False, decode=rows.peer,
        )

    async def get_member(self, workspace, session, peer) -> Member | None:
        row = await self._row(
            f"SELECT p.name, mb.configuration, mb.joined_at, mb.left_at FROM {_MEMBER_PEERS}"
            " WHERE w.name = ? AND s.name = ? AND p.name = ?", (workspace, session, peer))
        return rows.member(row) if row else None

    async def configure_member(self, workspace, session, peer, configuration) -> None:
        async def write(tx):
            ws_pk = await lookup.existing_workspace_pk(tx, workspace)
            session_pk = await lookup.existing_session_pk(tx, ws_pk, session)
            peer_pk, _ = await lookup.peer_pk(tx, ws_pk, peer, create=False)
            row = await tx.row(
                "SELECT configuration FROM members WHERE workspace_pk = ? AND session_pk = ?"
                " AND peer_pk = ? FOR UPDATE", (ws_pk, session_pk, peer_pk))
            if row is None:
                raise NotFound("member", peer)
            merged = {**rows.load(row[0]), **{k: v for k, v in configuration.items() if v is not None}}
            await tx.execute(
                "UPDATE members SET configuration = ? WHERE workspace_pk = ? AND session_pk = ?"
                " AND peer_pk = ?", (rows.dump(merged), ws_pk, session_pk, peer_pk))

        await self._write(write)
