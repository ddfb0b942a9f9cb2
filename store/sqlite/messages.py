"""Message operations of the SQLite store: append, read, list, update, delete, search, context."""

from __future__ import annotations

import re
import sqlite3
from functools import cache

from store.clock import from_text, now_text, to_text
from store.errors import Conflict, NotFound
from store.ids import new_uids
from store.model import Message, NewMessage, Page
from store.sqlite import counts, lookup, members, rows
from store.sqlite.base import Base, merged
from store.sqlite.where import compile_filter, tables
from store.tokens import count_many

_SELECT = f"SELECT {rows.MESSAGE_COLUMNS} FROM {rows.MESSAGE_FROM}"
_INSERT = (
    "INSERT INTO messages (uid, workspace_pk, session_pk, seq, role, peer_pk, sender, content,"
    " metadata, extras, token_count, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_CHUNKS = (64, 32, 16, 8, 4, 2, 1)


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


_PUNCTUATION = re.compile(r"[^\w\s]")
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


class _Prepared:
    __slots__ = ("new", "uid", "created", "tokens", "metadata", "extras")

    def __init__(self, new: NewMessage, tokens: int, uid: bytes):
        self.new = new
        self.uid = new.uid or uid
        self.created = to_text(new.created_at) if new.created_at else None
        self.tokens = tokens
        self.metadata = rows.dump(new.metadata)
        self.extras = rows.dump(new.extras)


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
        counts = count_many([m.content for m in messages])
        uids = new_uids(len(messages))
        prepared = [_Prepared(m, n, u) for m, n, u in zip(messages, counts, uids)]

        def write(conn, cache):
            ws_pk, _ = lookup.workspace_pk(conn, cache, workspace, create=create)
            session_pk, _ = lookup.live_session_pk(conn, cache, ws_pk, session, create=create,
                                                   inactive_ok=inactive_ok)
            return _append(conn, cache, ws_pk, session_pk, prepared, create, join_authors)

        first = await self._write(write)
        self.messages_written += len(prepared)
        moments: dict[str, object] = {}  # a batch mostly shares one timestamp: parse it once
        return [
            Message(
                uid=p.uid, workspace=workspace, session=session, seq=first + i,
                content=p.new.content, metadata=p.new.metadata, token_count=p.tokens,
                created_at=moments.get(p.created) or moments.setdefault(p.created, from_text(p.created)),
                role=p.new.role, peer=p.new.peer, sender=p.new.sender, extras=p.new.extras,
            )
            for i, p in enumerate(prepared)
        ]

    async def get_message(self, workspace, uid, *, session=None) -> Message | None:
        sql = f"{_SELECT} WHERE m.uid = ? AND w.name = ?"
        params = [uid, workspace]
        if session is not None:
            sql += " AND s.name = ?"
            params.append(session)
        row = self._row(sql, params)
        return rows.message(row) if row else None

    async def list_messages(
        self, workspace, session, *, where=None, offset=0, limit=50, reverse=False
    ) -> Page:
        read = tables("message", where)  # the aliases the filter reads
        if session is not None and read <= {"m", "p"}:
            return self._session_page(workspace, session, where, read, offset, limit, reverse)
        scope, params, order = f"m.workspace_pk = {WORKSPACE_PK}", [workspace], ("m.pk",)
        if session is not None:
            scope, params, order = f"m.session_pk = {SESSION_PK}", [workspace, session], ("m.seq",)
        return self._page(
            record="message", columns=rows.MESSAGE_COLUMNS, source=rows.MESSAGE_FROM,
            scope=scope, scope_params=params, where=where, order=order,
            offset=offset, limit=limit, reverse=reverse, decode=rows.message,
            count_source="messages m" if read <= {"m"} else None,
        )

    def _session_page(self, workspace, session, where, read, offset, limit, reverse) -> Page:
        """One session's page, when the filter reads no session or workspace column: no joins
        for the names, and an unfiltered total read from the session's kept count."""
        params = [workspace, session]
        total = None
        if where is None:
            total = (f"SELECT coalesce((SELECT message_count FROM sessions WHERE pk = {SESSION_PK}), 0)",
                     params)
        return self._page(
            record="message", columns=rows.SESSION_MESSAGE_COLUMNS, source=rows.SESSION_MESSAGE_FROM,
            scope=f"m.session_pk = {SESSION_PK}", scope_params=params, where=where,
            order=("m.seq",), offset=offset, limit=limit, reverse=reverse,
            decode=rows.session_message(workspace, session), count=total,
            count_source="messages m" if read <= {"m"} else None,
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
        filter_sql, filter_params = compile_filter("message", where)
        scope = f"w.name = ? AND ({filter_sql})"
        params = [workspace, *filter_params]
        query = query.strip()
        if not query:
            return self._search_rows(f"{_SELECT} WHERE {scope} ORDER BY m.created_at DESC, m.pk DESC LIMIT ?",
                                     [*params, limit])
        found = [] if _PUNCTUATION.search(query) else self._fts(query, scope, params, limit)
        if len(found) < limit:
            seen = {m.uid for m in found}
            more = self._search_rows(
                f"{_SELECT} WHERE {scope} AND instr(casefold(m.content), casefold(?)) > 0"
                " ORDER BY m.created_at DESC, m.pk DESC LIMIT ?",
                [*params, query, limit * 2],
            )
            found += [m for m in more if m.uid not in seen][: limit - len(found)]
        return found

    def _fts(self, query: str, scope: str, params: list, limit: int) -> list[Message]:
        match = " ".join('"' + term.replace('"', '""') + '"' for term in query.split())
        return self._search_rows(
            f"SELECT {rows.MESSAGE_COLUMNS} FROM messages_fts f JOIN messages m ON m.pk = f.rowid"
            " JOIN sessions s ON s.pk = m.session_pk JOIN workspaces w ON w.pk = m.workspace_pk"
            " LEFT JOIN peers p ON p.pk = m.peer_pk"
            f" WHERE messages_fts MATCH ? AND {scope} ORDER BY f.rank, m.created_at DESC, m.pk DESC LIMIT ?",
            [match, *params, limit],
        )

    def _search_rows(self, sql: str, params: list) -> list[Message]:
        return [rows.message(r) for r in self._rows(sql, params)]

    async def recent_messages(self, workspace, session, *, token_budget) -> list[Message]:
        if token_budget <= 0:
            return []
        picked = self._rows(
            "SELECT pk FROM (SELECT m.pk, m.seq, sum(m.token_count) OVER"
            " (ORDER BY m.seq DESC ROWS UNBOUNDED PRECEDING) AS running FROM messages m"
            f" WHERE m.session_pk = {SESSION_PK}) WHERE running <= ? ORDER BY seq",
            (workspace, session, token_budget),
        )
        if not picked:
            return []
        marks = ", ".join("?" * len(picked))
        return self._search_rows(
            f"{_SELECT} WHERE m.pk IN ({marks}) ORDER BY m.seq", [r[0] for r in picked]
        )


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
