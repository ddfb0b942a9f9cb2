"""Session membership: writer-thread helpers and the store's member operations."""

from __future__ import annotations

from store import rows
from store.clock import now_text
from store.errors import NotFound
from store.model import Member, Page
from store.sqlite import lookup
from store.sqlite.base import Base


def join(conn, cache, session_pk: int, peer_pk: int, configuration: dict | None) -> None:
    """Make a peer an active member. Active members keep their configuration; a peer who had
    left rejoins with ``configuration`` (or what it had)."""
    key = ("m", session_pk, peer_pk)
    if configuration is None and cache.get(key):
        return
    row = conn.execute(
        "SELECT left_at FROM members WHERE session_pk = ? AND peer_pk = ?", (session_pk, peer_pk)
    ).fetchone()
    if row is None:
        conn.execute(
            "INSERT INTO members (session_pk, peer_pk, configuration, joined_at)"
            " VALUES (?, ?, ?, ?)",
            (session_pk, peer_pk, rows.dump(configuration or {}), now_text()),
        )
    elif row[0] is not None:
        sets, args = "left_at = NULL, joined_at = ?", [now_text()]
        if configuration is not None:
            sets, args = sets + ", configuration = ?", [*args, rows.dump(configuration)]
        conn.execute(
            f"UPDATE members SET {sets} WHERE session_pk = ? AND peer_pk = ?",
            (*args, session_pk, peer_pk),
        )
    cache[key] = True


def join_all(conn, cache, ws_pk: int, session_pk: int, members: dict[str, dict | None]) -> None:
    for name, configuration in members.items():
        peer_pk, _ = lookup.peer_pk(conn, cache, ws_pk, name)
        join(conn, cache, session_pk, peer_pk, configuration)


def leave_all_but(conn, cache, session_pk: int, keep: list[int]) -> None:
    marks = ", ".join("?" * len(keep)) or "NULL"
    conn.execute(
        f"UPDATE members SET left_at = ? WHERE session_pk = ? AND left_at IS NULL"
        f" AND peer_pk NOT IN ({marks})",
        (now_text(), session_pk, *keep),
    )
    for key in [k for k in cache if k[0] == "m" and k[1] == session_pk]:
        del cache[key]


class MemberOps(Base):
    async def join_members(self, workspace, session, members, *, replace=False):
        def write(conn, cache):
            ws_pk, _ = lookup.workspace_pk(conn, cache, workspace)
            session_pk, _ = lookup.live_session_pk(conn, cache, ws_pk, session, create=True)
            join_all(conn, cache, ws_pk, session_pk, members)
            if replace:
                keep = [lookup.peer_pk(conn, cache, ws_pk, n)[0] for n in members]
                leave_all_but(conn, cache, session_pk, keep)

        await self._write(write)
        return await self.get_session(workspace, session)

    async def leave_members(self, workspace, session, peers):
        def write(conn, cache):
            ws_pk = lookup.existing_workspace_pk(conn, cache, workspace)
            session_pk, _ = lookup.live_session_pk(conn, cache, ws_pk, session, create=False)
            marks = ", ".join("?" * len(peers)) or "NULL"
            conn.execute(
                f"UPDATE members SET left_at = ? WHERE session_pk = ? AND left_at IS NULL"
                f" AND peer_pk IN (SELECT pk FROM peers WHERE workspace_pk = ?"
                f" AND name IN ({marks}))",
                (now_text(), session_pk, ws_pk, *peers),
            )
            for key in [k for k in cache if k[0] == "m" and k[1] == session_pk]:
                del cache[key]

        await self._write(write)
        return await self.get_session(workspace, session)

    async def list_members(self, workspace, session, *, offset=0, limit=50) -> Page:
        return await self._page(
            record="peer", columns=rows.PEER_COLUMNS,
            source="members mb JOIN peers p ON p.pk = mb.peer_pk"
            " JOIN sessions s ON s.pk = mb.session_pk JOIN workspaces w ON w.pk = s.workspace_pk",
            scope="w.name = ? AND s.name = ? AND mb.left_at IS NULL",
            scope_params=[workspace, session], where=None, order=("mb.joined_at", "p.pk"),
            offset=offset, limit=limit, reverse=False, decode=rows.peer,
        )

    async def get_member(self, workspace, session, peer) -> Member | None:
        row = self._row(
            "SELECT p.name, mb.configuration, mb.joined_at, mb.left_at FROM members mb"
            " JOIN peers p ON p.pk = mb.peer_pk JOIN sessions s ON s.pk = mb.session_pk"
            " JOIN workspaces w ON w.pk = s.workspace_pk"
            " WHERE w.name = ? AND s.name = ? AND p.name = ?",
            (workspace, session, peer),
        )
        return rows.member(row) if row else None

    async def configure_member(self, workspace, session, peer, configuration) -> None:
        def write(conn, cache):
            ws_pk = lookup.existing_workspace_pk(conn, cache, workspace)
            session_pk = lookup.existing_session_pk(conn, cache, ws_pk, session)
            peer_pk, _ = lookup.peer_pk(conn, cache, ws_pk, peer, create=False)
            row = conn.execute(
                "SELECT configuration FROM members WHERE session_pk = ? AND peer_pk = ?",
                (session_pk, peer_pk),
            ).fetchone()
            if row is None:
                raise NotFound("member", peer)
            merged = {**rows.load(row[0]), **{k: v for k, v in configuration.items() if v is not None}}
            conn.execute(
                "UPDATE members SET configuration = ? WHERE session_pk = ? AND peer_pk = ?",
                (rows.dump(merged), session_pk, peer_pk),
            )

        await self._write(write)
