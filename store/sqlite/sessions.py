"""Session operations of the SQLite store."""

from __future__ import annotations

from store.clock import now_text
from store.errors import Conflict, NotFound
from store.ids import new_uid, new_uids
from store.merge import merged_fields
from store.model import Session
from store.reads import SessionReads
from store.sqlite import lookup
from store.sqlite import members as membership
from store.sqlite.base import Base
from store.sqlite.messages import insert_rows
from store.sqlite.purge import delete_session_rows


def _apply(conn, pk: int, metadata, configuration, merge_configuration, extras, created) -> None:
    """Apply the given fields; a session not created by this write has its updated_at bumped."""
    if metadata is None and configuration is None and extras is None:
        return
    row = conn.execute(
        "SELECT metadata, configuration, extras FROM sessions WHERE pk = ?", (pk,)
    ).fetchone()
    conn.execute(
        "UPDATE sessions SET metadata = ?, configuration = ?, extras = ?, updated_at = ?"
        " WHERE pk = ?",
        (
            *merged_fields(row, metadata, configuration, extras, merge_configuration),
            None if created else now_text(),
            pk,
        ),
    )


def _absent(conn, cache, ws_pk: int, name: str) -> None:
    """Conflict when the session exists (in any state)."""
    if lookup.session_state(conn, cache, ws_pk, name) is not None:
        raise Conflict("session", name, f"session {name} already exists")


class SessionOps(SessionReads, Base):
    _MEMBER_SCOPE = ("s.pk IN (SELECT mb.session_pk FROM members mb JOIN peers mp"
                     " ON mp.pk = mb.peer_pk WHERE mp.workspace_pk = s.workspace_pk AND mp.name = ?)")

    async def _put_session(self, workspace, name, *, metadata, configuration, members, owner,
                           extras, create, exists_ok, inactive_ok=False, uid=None
                           ) -> tuple[Session, bool]:
        def write(conn, cache):
            ws_pk, _ = lookup.workspace_pk(conn, cache, workspace, create=create)
            if not exists_ok:
                _absent(conn, cache, ws_pk, name)
            owner_pk = lookup.peer_pk(conn, cache, ws_pk, owner)[0] if owner else None
            pk, created = lookup.live_session_pk(
                conn, cache, ws_pk, name, create=create, owner_pk=owner_pk, inactive_ok=inactive_ok,
                uid=uid,
            )
            _apply(conn, pk, metadata, configuration, True, extras, created)
            if owner_pk is not None and created:
                members_ = {owner: None, **(members or {})}
            else:
                members_ = members or {}
            membership.join_all(conn, cache, ws_pk, pk, members_)
            return created

        created = await self._write(write)
        return await self._session(workspace, name), created

    async def get_or_create_session(
        self, workspace, name, *, metadata=None, configuration=None, members=None, owner=None,
        extras=None,
    ) -> tuple[Session, bool]:
        return await self._put_session(
            workspace, name, metadata=metadata, configuration=configuration, members=members,
            owner=owner, extras=extras, create=True, exists_ok=True,
        )

    async def create_session(
        self, workspace, name, *, metadata=None, configuration=None, members=None, owner=None,
        extras=None, uid=None,
    ) -> Session:
        session, _ = await self._put_session(
            workspace, name, metadata=metadata, configuration=configuration, members=members,
            owner=owner, extras=extras, create=True, exists_ok=False, uid=uid,
        )
        return session

    async def update_session(
        self, workspace, name, *, metadata=None, configuration=None, extras=None, inactive_ok=False,
    ) -> Session:
        session, _ = await self._put_session(
            workspace, name, metadata=metadata, configuration=configuration, members=None,
            owner=None, extras=extras, create=False, exists_ok=True, inactive_ok=inactive_ok,
        )
        return session

    async def set_session_state(self, workspace, name, *, is_active=None, ended=None) -> Session:
        def write(conn, cache):
            ws_pk = lookup.existing_workspace_pk(conn, cache, workspace)
            pk = lookup.existing_session_pk(conn, cache, ws_pk, name)
            now = now_text()
            if is_active is not None:
                conn.execute(
                    "UPDATE sessions SET is_active = ?, updated_at = ? WHERE pk = ?",
                    (int(is_active), now, pk),
                )
            if ended is not None:
                conn.execute(
                    "UPDATE sessions SET ended_at = ?, updated_at = ? WHERE pk = ?",
                    (now if ended else None, now, pk),
                )
            lookup.forget_session(cache, ws_pk, name)

        await self._write(write)
        return await self._session(workspace, name)

    async def delete_session(self, workspace, name) -> None:
        def write(conn, cache):
            ws_pk = lookup.existing_workspace_pk(conn, cache, workspace)
            pk = lookup.existing_session_pk(conn, cache, ws_pk, name)
            delete_session_rows(conn, pk)
            cache.clear()

        await self._write(write)

    async def clone_session(self, workspace, name, new_name, *, upto=None, inactive_ok=False) -> Session:
        def write(conn, cache):
            ws_pk = lookup.existing_workspace_pk(conn, cache, workspace)
            state = lookup.session_state(conn, cache, ws_pk, name)
            if state is None or state[2] or not (state[1] or inactive_ok):
                raise NotFound("session", name)
            _clone(conn, cache, ws_pk, state[0], new_name, upto)

        await self._write(write)
        return await self._session(workspace, new_name)


def _clone(conn, cache, ws_pk: int, source_pk: int, new_name: str, upto: bytes | None) -> None:
    last_seq = None
    if upto is not None:
        row = conn.execute(
            "SELECT seq FROM messages WHERE uid = ? AND session_pk = ?", (upto, source_pk)
        ).fetchone()
        if row is None:
            raise NotFound("message", "")
        last_seq = row[0]
    now = now_text()
    cur = conn.execute(
        "INSERT INTO sessions (uid, workspace_pk, name, owner_pk, metadata, configuration,"
        " extras, created_at) SELECT ?, workspace_pk, ?, owner_pk, metadata, configuration,"
        " extras, ? FROM sessions WHERE pk = ?",
        (new_uid(), new_name, now, source_pk),
    )
    new_pk = cur.lastrowid
    conn.execute(
        "INSERT INTO members (session_pk, peer_pk, configuration, joined_at, left_at)"
        " SELECT ?, peer_pk, configuration, ?, left_at FROM members WHERE session_pk = ?",
        (new_pk, now, source_pk),
    )
    source = conn.execute(
        "SELECT seq, role, peer_pk, sender, content, metadata, extras, token_count FROM messages"
        " WHERE session_pk = ? AND (? IS NULL OR seq <= ?) ORDER BY seq",
        (source_pk, last_seq, last_seq),
    ).fetchall()
    uids = new_uids(len(source))
    insert_rows(conn, [(uid, ws_pk, new_pk, *r, now) for uid, r in zip(uids, source)])
