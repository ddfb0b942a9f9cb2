"""Message operations of the SQLite store: append, read, list, update, delete, search, context."""

from __future__ import annotations

import sqlite3
from functools import cache

from store import rows
from store.appends import appended, prepare
from store.clock import now_text
from store.errors import Conflict, NotFound
from store.fields import tables
from store.merge import merged
from store.model import Message, Page
from store.sqlite import counts, lookup, members, search
from store.sqlite.base import Base

_SELECT = f"SELECT {rows.MESSAGE_COLUMNS} FROM {rows.MESSAGE_FROM}"
_INSERT = (
    "INSERT INTO messages (uid, workspace_pk, session_pk, seq, role, peer_pk, sender, content,"
    " metadata, extras, token_count, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_CHUNKS = (64, 32, 16, 8, 4, 2, 1)
# An unfiltered page of one session up to this long is read on the loop's own connection: it
# costs a few index seeks and its rows (under 1 ms for 100), about what a handoff to a reader
# thread and back costs under load; longer ones (Zep's "everything") go to the threads.
INLINE_ROWS = 100


@cache
def _insert_sql(count: int) -> str:
    return _INSERT + ", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" * (count - 1)


def insert_rows(conn, batch: list[tuple]) -> None:
    """Insert message rows with one statement per power-of-two chunk rather than one per row:
    each statement hands the GIL to the event loop and back once, so a 100-row batch costs
    three handoffs, not a hundred (under load each handoff can wait out a switch interval)."""
    at = 0
    for size in _CHUNKS:
        while len(batch) - at >= size:
            conn.execute(_insert_sql(size), [v for row in batch[at:at + size] for v in row])
            at += size
    if batch:
        counts.add(conn, batch)


WORKSPACE_PK = "(SELECT w2.pk FROM workspaces w2 WHERE w2.name = ?)"
# One session's messages by its pk, so SQLite walks the (session_pk, seq) index, not the workspace.
SESSION_PK = (
    "(SELECT s2.pk FROM sessions s2 JOIN workspaces w2 ON w2.pk = s2.workspace_pk"
    " WHERE w2.name = ? AND s2.name = ?)"
)


def _next_seq(conn, cache, session_pk: int) -> int:
    seq = cache.get(("seq", session_pk))
    if seq is None:
        row = conn.execute(
            "SELECT coalesce(max(seq), 0) + 1 FROM messages WHERE session_pk = ?", (session_pk,)
        ).fetchone()
        seq = row[0]
    return seq


def _learn_role(conn, cache, peer_pk: int, role: str) -> None:
    key = ("role", peer_pk)
    if cache.get(key) != role:
        conn.execute("UPDATE peers SET role = ? WHERE pk = ?", (role, peer_pk))
        cache[key] = role


def _append(conn, cache, ws_pk, session_pk, prepared, create, join_authors) -> int:
    first = seq = _next_seq(conn, cache, session_pk)
    now = now_text()
    batch = []
    for p in prepared:
        new, peer_pk = p.new, None
        if new.peer:
            peer_pk, _ = lookup.peer_pk(conn, cache, ws_pk, new.peer, create=create)
            if join_authors:
                members.join(conn, cache, session_pk, peer_pk, None)
            if new.role:
                _learn_role(conn, cache, peer_pk, new.role)
        p.created = p.created or now
        batch.append((
            p.uid, ws_pk, session_pk, seq, new.role, peer_pk, new.sender, new.content,
            p.metadata, p.extras, p.tokens, p.created,
        ))
        seq += 1
    try:
        insert_rows(conn, batch)  # indexed for search when the group commits (store/sqlite/fts.py)
    except sqlite3.IntegrityError as exc:
        raise Conflict("message", "", "a message with this id already exists") from exc
    cache[("seq", session_pk)] = seq
    return first


class MessageOps(Base):
    async def add_messages(self, workspace, session, messages, *, create=True, join_authors=True,
                           inactive_ok=False):
        prepared = prepare(messages)

        def write(conn, cache):
            ws_pk, _ = lookup.workspace_pk(conn, cache, workspace, create=create)
            session_pk, _ = lookup.live_session_pk(conn, cache, ws_pk, session, create=create,
                                                   inactive_ok=inactive_ok)
            return _append(conn, cache, ws_pk, session_pk, prepared, create, join_authors)

        first = await self._write(write)
        self.messages_written += len(prepared)
        return appended(workspace, session, first, prepared)

    async def get_message(self, workspace, uid, *, session=None) -> Message | None:
        sql = f"{_SELECT} WHERE m.uid = ? AND w.name = ?"
        params = [uid, workspace]
        if session is not None:
            sql += " AND s.name = ?"
            params.append(session)
        row = self._row(sql, params)
        return rows.message(row) if row else None

    async def list_messages(
        self, workspace, session, *, where=None, offset=0, limit=50, reverse=False, count=True
    ) -> Page:
        read = tables("message", where)  # the aliases the filter reads
        if session is not None and where is None:
            if limit <= INLINE_ROWS:  # a few index seeks and at most this many rows: inline
                return _plain_session_page(self._reader, workspace, session, offset, limit, reverse)
            return await self._read(lambda conn: _plain_session_page(
                conn, workspace, session, offset, limit, reverse))
        if session is not None and read <= {"m", "p"}:
            return await self._session_page(workspace, session, where, read, offset, limit, reverse, count)
        scope, params, order = f"m.workspace_pk = {WORKSPACE_PK}", [workspace], ("m.pk",)
        if session is not None:
            scope, params, order = f"m.session_pk = {SESSION_PK}", [workspace, session], ("m.seq",)
        return await self._page(
            record="message", columns=rows.MESSAGE_COLUMNS, source=rows.MESSAGE_FROM,
            scope=scope, scope_params=params, where=where, order=order,
            offset=offset, limit=limit, reverse=reverse, decode=rows.message,
            count_source="messages m" if read <= {"m"} else None, counted=count,
        )

    async def _session_page(self, workspace, session, where, read, offset, limit, reverse, count) -> Page:
        """One filtered session's page, when the filter reads no session or workspace column:
        no joins for the names. Seq bounds (OpenAI's after/before) are a range of the session's
        (session_pk, seq) index."""
        return await self._page(
            record="message", columns=rows.SESSION_MESSAGE_COLUMNS, source=rows.SESSION_MESSAGE_FROM,
            scope=f"m.session_pk = {SESSION_PK}", scope_params=[workspace, session], where=where,
            order=("m.seq",), offset=offset, limit=limit, reverse=reverse,
            decode=rows.session_message(workspace, session),
            count_source="messages m" if read <= {"m"} else None, counted=count,
        )

    async def update_message(self, workspace, uid, *, metadata=None, extras=None, session=None):
        def write(conn, cache):
            pk, old_meta, old_extras = _locate(conn, workspace, uid, session)
            conn.execute(
                "UPDATE messages SET metadata = ?, extras = ?, updated_at = ? WHERE pk = ?",
                (
                    rows.dump(merged(rows.load(old_meta), metadata, False)),
                    rows.dump(merged(rows.load(old_extras), extras, True)),
                    now_text(),
                    pk,
                ),
            )

        await self._write(write)
        return await self.get_message(workspace, uid)

    async def delete_message(self, workspace, uid, *, session=None) -> None:
        def write(conn, cache):
            pk, _, _ = _locate(conn, workspace, uid, session)
            conn.execute("DELETE FROM messages WHERE pk = ?", (pk,))

        await self._write(write)

    async def search_messages(self, workspace, query, *, where=None, limit=10) -> list[Message]:
        return await self._read(lambda conn: search.search(conn, workspace, query, where, limit))

    async def recent_messages(self, workspace, session, *, token_budget) -> list[Message]:
        if token_budget <= 0:
            return []

        def read(conn) -> list[Message]:
            picked, spent = [], 0  # newest first, stopping at the budget: no whole-session scan
            for pk, tokens in conn.execute(
                f"SELECT m.pk, m.token_count FROM messages m WHERE m.session_pk = {SESSION_PK}"
                " ORDER BY m.seq DESC", (workspace, session),
            ):
                spent += tokens
                if spent > token_budget:
                    break
                picked.append(pk)
            if not picked:
                return []
            marks = ", ".join("?" * len(picked))
            found = conn.execute(f"{_SELECT} WHERE m.pk IN ({marks}) ORDER BY m.seq", picked)
            return [rows.message(r) for r in found]

        return await self._read(read)


def _plain_session_page(conn, workspace, session, offset, limit, reverse) -> Page:
    """An unfiltered page of one session in O(log n) however deep: the total is the session's
    kept count, and when its seqs run 1..count without a gap (nothing deleted: the usual case)
    the page at ``offset`` starts at seq offset + 1 (or count - offset, reversed), a seek in the
    (session_pk, seq) index instead of stepping over ``offset`` rows."""
    found = conn.execute(
        "SELECT s.pk, s.message_count FROM sessions s JOIN workspaces w ON w.pk = s.workspace_pk"
        " WHERE w.name = ? AND s.name = ?", (workspace, session)).fetchone()
    if found is None:
        return Page(items=[], total=0)
    pk, total = found
    ends = conn.execute(  # two subqueries: each is one index seek, together they would scan
        "SELECT (SELECT min(seq) FROM messages WHERE session_pk = ?),"
        " (SELECT max(seq) FROM messages WHERE session_pk = ?)", (pk, pk)).fetchone()
    sql = f"SELECT {rows.SESSION_MESSAGE_COLUMNS} FROM {rows.SESSION_MESSAGE_FROM} WHERE m.session_pk = ?"
    if ends == (1, total):
        if reverse:
            sql, args = sql + " AND m.seq <= ? ORDER BY m.seq DESC LIMIT ?", [pk, total - offset, limit]
        else:
            sql, args = sql + " AND m.seq > ? ORDER BY m.seq LIMIT ?", [pk, offset, limit]
    else:
        direction = "DESC" if reverse else "ASC"
        sql, args = sql + f" ORDER BY m.seq {direction} LIMIT ? OFFSET ?", [pk, limit, offset]
    decode = rows.session_message(workspace, session)
    return Page(items=[decode(r) for r in conn.execute(sql, args)], total=total)


def _locate(conn, workspace: str, uid: bytes, session: str | None):
    row = conn.execute(
        "SELECT m.pk, m.metadata, m.extras, s.name FROM messages m"
        " JOIN workspaces w ON w.pk = m.workspace_pk JOIN sessions s ON s.pk = m.session_pk"
        " WHERE m.uid = ? AND w.name = ?",
        (uid, workspace),
    ).fetchone()
    if row is None or (session is not None and row[3] != session):
        raise NotFound("message", "")
    return row[0], row[1], row[2]
