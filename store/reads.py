"""The reads both stores answer with the same SQL: a workspace, peer or session by name or by
uid, a workspace's counts, and the listings of workspaces, peers and sessions.

A backend's operation classes inherit these and supply ``_one`` (the first row of a query, or
None), ``_page`` (a listing's page: store/paging.py), ``_compile_order`` (its SQL for an
``Order``: store/order.py) and ``_MEMBER_SCOPE``, the one clause whose SQL differs: the
sessions a named peer is a member of (PostgreSQL's members table carries the workspace key,
SQLite's does not)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, ClassVar

from store import rows
from store.errors import NotFound
from store.model import Page, Peer, Session, Workspace
from store.order import CREATED, Order
from store.query import Cond, all_of

_WORKSPACE = f"SELECT {rows.WORKSPACE_COLUMNS} FROM workspaces w"
PEER_FROM = "peers p JOIN workspaces w ON w.pk = p.workspace_pk"
_PEER = f"SELECT {rows.PEER_COLUMNS} FROM {PEER_FROM}"
_SESSION = f"SELECT {rows.SESSION_COLUMNS} FROM {rows.SESSION_FROM}"


class Reads:
    _MEMBER_SCOPE: ClassVar[str]
    _one: Callable[[str, Sequence], Awaitable[Any]]
    _page: Callable[..., Awaitable[Page]]
    _compile_order: Callable[[str, Order], tuple[tuple[str, ...], list]]


class WorkspaceReads(Reads):
    async def _workspace(self, name: str) -> Workspace | None:
        row = await self._one(f"{_WORKSPACE} WHERE w.name = ?", (name,))
        return rows.workspace(row) if row else None

    async def get_workspace(self, name: str) -> Workspace | None:
        return await self._workspace(name)

    async def workspace_by_uid(self, uid: bytes) -> Workspace | None:
        row = await self._one(f"{_WORKSPACE} WHERE w.uid = ?", (uid,))
        return rows.workspace(row) if row else None

    async def workspace_counts(self, name: str) -> dict[str, int]:
        """Peers, sessions and messages of a workspace, from indexes and kept message counts."""
        row = await self._one(
            "SELECT (SELECT count(*) FROM peers WHERE workspace_pk = w.pk),"
            " (SELECT count(*) FROM sessions WHERE workspace_pk = w.pk),"
            " (SELECT coalesce(sum(message_count), 0) FROM sessions WHERE workspace_pk = w.pk)"
            " FROM workspaces w WHERE w.name = ?", (name,))
        if row is None:
            raise NotFound("workspace", name)
        return {"peers": row[0], "sessions": row[1], "messages": int(row[2])}

    async def list_workspaces(self, *, where=None, offset=0, limit=50, reverse=False) -> Page:
        return await self._page(
            record="workspace", columns=rows.WORKSPACE_COLUMNS, source="workspaces w",
            scope="1 = 1", scope_params=[], where=where, order=("w.pk",),
            offset=offset, limit=limit, reverse=reverse, decode=rows.workspace,
        )


class PeerReads(Reads):
    async def _peer(self, workspace: str, name: str) -> Peer | None:
        row = await self._one(f"{_PEER} WHERE w.name = ? AND p.name = ?", (workspace, name))
        return rows.peer(row) if row else None

    async def get_peer(self, workspace: str, name: str) -> Peer | None:
        return await self._peer(workspace, name)

    async def peer_by_uid(self, workspace: str, uid: bytes) -> Peer | None:
        row = await self._one(f"{_PEER} WHERE w.name = ? AND p.uid = ?", (workspace, uid))
        return rows.peer(row) if row else None

    async def list_peers(self, workspace, *, where=None, offset=0, limit=50, reverse=False,
                         order=CREATED) -> Page:
        terms, params = self._compile_order("peer", order)
        return await self._page(
            record="peer", columns=rows.PEER_COLUMNS, source=PEER_FROM, scope="w.name = ?",
            scope_params=[workspace], where=where, order=terms, order_params=params,
            offset=offset, limit=limit, reverse=reverse, decode=rows.peer,
        )


class SessionReads(Reads):
    async def _session(self, workspace: str, name: str) -> Session | None:
        row = await self._one(f"{_SESSION} WHERE w.name = ? AND s.name = ?", (workspace, name))
        return rows.session(row) if row else None

    async def get_session(self, workspace: str, name: str) -> Session | None:
        return await self._session(workspace, name)

    async def session_by_uid(self, workspace: str, uid: bytes) -> Session | None:
        row = await self._one(f"{_SESSION} WHERE w.name = ? AND s.uid = ?", (workspace, uid))
        return rows.session(row) if row else None

    async def list_sessions(
        self, workspace, *, where=None, member=None, owner=None, active_only=False,
        offset=0, limit=50, reverse=False, order=CREATED,
    ) -> Page:
        scope, params = "w.name = ?", [workspace]
        if member is not None:
            scope += f" AND {self._MEMBER_SCOPE}"
            params.append(member)
        if owner is not None:
            scope += " AND o.name = ?"
            params.append(owner)
        if active_only:
            where = all_of(Cond("is_active", "eq", True), where)
        terms, order_params = self._compile_order("session", order)
        return await self._page(
            record="session", columns=rows.SESSION_COLUMNS, source=rows.SESSION_FROM,
            scope=scope, scope_params=params, where=where, order=terms,
            order_params=order_params, offset=offset, limit=limit, reverse=reverse,
            decode=rows.session,
        )
