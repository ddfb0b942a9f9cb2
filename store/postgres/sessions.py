"""Session operations of the PostgreSQL store."""

from __future__ import annotations

from store.clock import now_text
from store.errors import Conflict, NotFound
from store.ids import new_uid, new_uids
from store.merge import merged_fields
from store.model import Session
from store.postgres import lookup
from store.postgres import members as membership
from store.postgres.base import Base
from store.postgres.messages import insert_rows
from store.postgres.purge import delete_session_rows
from store.reads import SessionReads


async def _apply(tx, ws_pk, pk, metadata, configuration, merge_configuration, extras, created) -> None:
    """Apply the given fields; a session not created by this write has its updated_at bumped."""
    if metadata is None and configuration is None and extras is None:
        return
    row = await tx.row(
        "SELECT metadata, configuration, extras FROM sessions WHERE workspace_pk = ? AND pk = ?"
        " FOR UPDATE", (ws_pk, pk))
    await tx.execute(
        "UPDATE sessions SET metadata = ?, configuration = ?, extras = ?, updated_at = ?"
        " WHERE workspace_pk = ? AND pk = ?",
        (
            *merged_fields(row, metadata, configuration, extras, merge_configuration),
            None if created else now_text(),
            ws_pk, pk,
        ),
    )


class SessionOps(SessionReads, Base):
    _MEMBER_SCOPE = ("s.pk IN (SELECT mb.session_pk FROM members mb JOIN peers mp"
                     " ON mp.workspace_pk = mb.workspace_pk AND mp.pk = mb.peer_pk"
                     " WHERE mb.workspace_pk = s.workspace_pk AND mp.name = ?)")

    async def _put_session(self, workspace, name, *, metadata, configuration, members, owner,
                           extras, create, exists_ok, inactive_ok=False, uid=None) -> tuple[Session, bool]:
        async def write(tx):
            ws_pk, _ = await lookup.workspace_pk(tx, workspace, create=create)
            if not exists_ok and await lookup.session_state(tx, ws_pk, name) is not None:
                raise Conflict("session", name, f"session {name} already exists")
            owner_pk = (await lookup.peer_pk(tx, ws_pk, owner))[0] if owner else None
            pk, created = await lookup.live_session_pk(
                tx, ws_pk, name, create=create, owner_pk=owner_pk, inactive_ok=inactive_ok, uid=uid)
            if not exists_ok and not created:  # another process created it meanwhile
                raise Conflict("session", name, f"session {name} already exists")
            await _apply(tx, ws_pk, pk, metadata, configuration, True, extras, created)
            if owner_pk is not None and created:
                joining = {owner: None, **(members or {})}
            else:
                joining = members or {}
            await membership.join_all(tx, ws_pk, pk, joining)
            return created

        created = await self._write(write)
        return await self._session(workspace, name), created

    async def get_or_create_session(self, workspace, name, *, metadata=None, configuration=None,
                                    members=None, owner=None, extras=None) -> tuple[Session, bool]:
        return await self._put_session(
            workspace, name, metadata=metadata, configuration=configuration, members=members,
            owner=owner, extras=extras, create=True, exists_ok=True)

    async def create_session(self, workspace, name, *, metadata=None, configuration=None,
                             members=None, owner=None, extras=None, uid=None) -> Session:
        session, _ = await self._put_session(
            workspace, name, metadata=metadata, configuration=configuration, members=members,
            owner=owner, extras=extras, create=True, exists_ok=False, uid=uid)
        return session

    async def update_session(self, workspace, name, *, metadata=None, configuration=None,
                             extras=None, inactive_ok=False) -> Session:
        session, _ = await self._put_session(
            workspace, name, metadata=metadata, configuration=configuration, members=None,
            owner=None, extras=extras, create=False, exists_ok=True, inactive_ok=inactive_ok)
        return session

    async def set_session_state(self, workspace, name, *, is_active=None, ended=None) -> Session:
        async def write(tx):
            ws_pk = await lookup.existing_workspace_pk(tx, workspace)
            pk = await lookup.existing_session_pk(tx, ws_pk, name)
            now = now_text()
            if is_active is not None:
                await tx.execute(
                    "UPDATE sessions SET is_active = ?, updated_at = ? WHERE workspace_pk = ? AND pk = ?",
                    (bool(is_active), now, ws_pk, pk))
            if ended is not None:
                await tx.execute(
                    "UPDATE sessions SET ended_at = ?, updated_at = ? WHERE workspace_pk = ? AND pk = ?",
                    (now if ended else None, now, ws_pk, pk))

        await self._write(write)
        return await self._session(workspace, name)

    async def delete_session(self, workspace, name) -> None:
        async def write(tx):
            ws_pk = await lookup.existing_workspace_pk(tx, workspace)
            pk = await lookup.existing_session_pk(tx, ws_pk, name)
            await delete_session_rows(tx, ws_pk, pk)

        await self._write(write)

    async def clone_session(self, workspace, name, new_name, *, upto=None, inactive_ok=False) -> Session:
        async def write(tx):
            ws_pk = await lookup.existing_workspace_pk(tx, workspace)
            state = await lookup.session_state(tx, ws_pk, name)
            if state is None or state[2] or not (state[1] or inactive_ok):
                raise NotFound("session", name)
            await _clone(tx, ws_pk, state[0], new_name, upto)

        await self._write(write)
        return await self._session(workspace, new_name)




async def _clone(tx, ws_pk: int, source_pk: int, new_name: str, upto: bytes | None) -> None:
    last_seq = None
    if upto is not None:
        last_seq = await tx.value(
            "SELECT seq FROM messages WHERE workspace_pk = ? AND uid = ? AND session_pk = ?",
            (ws_pk, upto, source_pk))
        if last_seq is None:
            raise NotFound("message", "")
    now = now_text()
    new_pk = await tx.value(
        "INSERT INTO sessions (workspace_pk, uid, name, owner_pk, metadata, configuration,"
        " extras, created_at) SELECT workspace_pk, ?, ?, owner_pk, metadata, configuration,"
        " extras, ? FROM sessions WHERE workspace_pk = ? AND pk = ? RETURNING pk",
        (new_uid(), new_name, now, ws_pk, source_pk))
    await tx.execute(
        "INSERT INTO members (workspace_pk, session_pk, peer_pk, configuration, joined_at, left_at)"
        " SELECT workspace_pk, ?, peer_pk, configuration, ?, left_at FROM members"
        " WHERE workspace_pk = ? AND session_pk = ? ORDER BY pk",
        (new_pk, now, ws_pk, source_pk))
    source = await tx.rows(
        "SELECT seq, role, peer_pk, sender, content, metadata, extras, token_count FROM messages"
        " WHERE workspace_pk = ? AND session_pk = ? AND (?::bigint IS NULL OR seq <= ?::bigint)"
        " ORDER BY seq",
        (ws_pk, source_pk, last_seq, last_seq))
    uids = new_uids(len(source))
    await insert_rows(tx, [(uid, ws_pk, new_pk, *r, now) for uid, r in zip(uids, source)])
