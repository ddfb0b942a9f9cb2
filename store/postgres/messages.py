"""Message operations of the PostgreSQL store: append, read, list, update, delete, search.

A session's next seq comes from ``rosetta_next_seq`` (store/postgres/schema.py): a row lock
on the session for the rest of the transaction, so appends from any number of processes get
contiguous, unique seqs in commit order. Search: the GIN-indexed ``words`` tsvector (stemmed
words, every term required, ranked by ts_rank), and, for queries with punctuation or too few
word hits, a substring match served by the trigram index on ``lower(content)``.
"""

from __future__ import annotations

import re

from store import rows
from store.appends import Prepared, appended, prepare
from store.clock import now_text
from store.errors import Conflict, Inactive, NotFound
from store.fields import tables
from store.ids import new_uids
from store.merge import merged
from store.model import Message, Page
from store.postgres import nul
from store.postgres.base import Base, bound, numbered
from store.postgres.faults import lost
from store.postgres.turn import TurnLookups
from store.postgres.where import compile_filter
from store.postgres.committer import Statement

MESSAGE_FROM = (
    "messages m JOIN sessions s ON s.workspace_pk = m.workspace_pk AND s.pk = m.session_pk"
    " JOIN workspaces w ON w.pk = m.workspace_pk"
    " LEFT JOIN peers p ON p.workspace_pk = m.workspace_pk AND p.pk = m.peer_pk"
)
SESSION_MESSAGE_FROM = (
    "messages m LEFT JOIN peers p ON p.workspace_pk = m.workspace_pk AND p.pk = m.peer_pk"
)
_SELECT = f"SELECT {rows.MESSAGE_COLUMNS} FROM {MESSAGE_FROM}"
_COLUMNS = ("uid", "workspace_pk", "session_pk", "seq", "role", "peer_pk", "sender", "content",
            "metadata", "extras", "token_count", "created_at")
_PUNCTUATION = re.compile(r"[^\w\s]")
# ts_rank divided by 1 + log(length): shorter messages first among equal matches, as FTS5's
# BM25 ranks them (tests/store/test_read_semantics.py pins the order on both backends).
RANK_NORMALIZATION = 1
WORKSPACE_PK = "(SELECT w2.pk FROM workspaces w2 WHERE w2.name = ?)"
SESSION_KEY = (
    "(SELECT s2.workspace_pk, s2.pk FROM sessions s2 JOIN workspaces w2 ON w2.pk = s2.workspace_pk"
    " WHERE w2.name = ? AND s2.name = ?)"
)
# One message of a known session: the names are the caller's, so only the peer is joined (for
# its name).
_GET_IN_SESSION = (
    f"SELECT {rows.SESSION_MESSAGE_COLUMNS} FROM messages m JOIN sessions s ON s.workspace_pk ="
    " m.workspace_pk AND s.pk = m.session_pk LEFT JOIN peers p ON p.workspace_pk = m.workspace_pk"
    f" AND p.pk = m.peer_pk WHERE m.workspace_pk = {WORKSPACE_PK} AND m.uid = ? AND s.name = ?"
)
# The same for several (workspace, uid, session) keys at once: ``i`` is a key's place (from 1).
_GET_MANY_IN_SESSION = (
    f"SELECT k.i, {rows.SESSION_MESSAGE_COLUMNS} FROM unnest(?::text[], ?::bytea[], ?::text[])"
    " WITH ORDINALITY AS k(ws, uid, sess, i) JOIN workspaces w2 ON w2.name = k.ws"
    " JOIN messages m ON m.workspace_pk = w2.pk AND m.uid = k.uid JOIN sessions s ON"
    " s.workspace_pk = m.workspace_pk AND s.pk = m.session_pk AND s.name = k.sess LEFT JOIN peers p"
    " ON p.workspace_pk = m.workspace_pk AND p.pk = m.peer_pk"
)
_GET = f"{_SELECT} WHERE m.workspace_pk = {WORKSPACE_PK} AND m.uid = ?"
_GET_MANY = (
    f"SELECT k.i, {rows.MESSAGE_COLUMNS} FROM unnest(?::text[], ?::bytea[]) WITH ORDINALITY AS"
    f" k(ws, uid, i) JOIN workspaces w2 ON w2.name = k.ws JOIN {MESSAGE_FROM}"
    " ON m.workspace_pk = w2.pk AND m.uid = k.uid"
)


async def insert_rows(tx, batch: list[tuple], *, count: bool = True) -> None:
    """Insert message rows (tuples in ``_COLUMNS`` order) with one statement (unnest of arrays),
    counting them into their sessions' message_count unless ``count`` is False (the seq
    allocation already did)."""
    if not batch:
        return
    columns = list(zip(*batch))
    await tx.execute(
        f"INSERT INTO messages ({', '.join(_COLUMNS)}) SELECT * FROM unnest(?::bytea[],"
        " ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::bigint[], ?::text[], ?::text[],"
        " ?::text[], ?::text[], ?::int[], ?::text[])",
        [list(c) for c in columns],
    )
    if count:
        per: dict[tuple[int, int], int] = {}
        for row in batch:
            per[(row[1], row[2])] = per.get((row[1], row[2]), 0) + 1
        for (ws_pk, session_pk), n in per.items():
            await tx.execute(
                "UPDATE sessions SET message_count = message_count + ? WHERE workspace_pk = ?"
                " AND pk = ?", (n, ws_pk, session_pk))


_message = nul.message(rows.message)


_APPEND = (
    "SELECT rosetta_append(?, ?, ?, ?, ?, ?, ?, ?, ?::text[], ?::bytea[], ?::text[], ?::bytea[],"
    " ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[])"
)
_ERRORS = {"RS404": NotFound, "RS409": Inactive}


def _append_args(workspace, session, prepared, create, join_authors, inactive_ok) -> tuple:
    """The arguments of ``rosetta_append`` (store/postgres/schema.py). Authors in name order,
    so two appends lock the same peers in the same order."""
    now = now_text()
    authors = sorted({p.new.peer for p in prepared if p.new.peer})
    index = {name: i for i, name in enumerate(authors, start=1)}
    roles: dict[str, str] = {}
    for p in prepared:
        if p.new.peer and p.new.role:
            roles[p.new.peer] = p.new.role  # the last role a peer wrote with wins
        p.created = p.created or now
    uids = new_uids(2 + len(authors))
    return (
        workspace, session, create, inactive_ok, join_authors, uids[0], uids[1], now,
        authors, uids[2:], [roles.get(a) for a in authors],
        [p.uid for p in prepared], [index.get(p.new.peer) for p in prepared],
        [p.new.role for p in prepared], [p.new.sender for p in prepared],
        [p.content for p in prepared], [p.metadata for p in prepared],
        [p.extras for p in prepared], [p.tokens for p in prepared], [p.created for p in prepared],
    )


class _Append(Statement):
    """One ``add_messages`` call as a queued write; the appends queued together to one session
    (with the same options) become one ``rosetta_append`` call: one seq allocation for all of
    them, in queue order, one multi-row insert (store/postgres/committer.py)."""

    __slots__ = ("key", "prepared")

    def __init__(self, workspace: str, session: str, create: bool, join_authors: bool,
                 inactive_ok: bool, prepared: list[Prepared]):
        self.key = (workspace, session, create, join_authors, inactive_ok)
        self.prepared = prepared

    @classmethod
    async def together(cls, tx, jobs: list[_Append]) -> list[int]:
        """The first seq of each job's messages."""
        import asyncpg

        workspace, session, create, join_authors, inactive_ok = jobs[0].key
        prepared = [p for job in jobs for p in job.prepared]
        args = _append_args(workspace, session, prepared, create, join_authors, inactive_ok)
        try:
            first = await tx.value(_APPEND, args)
        except asyncpg.UniqueViolationError:
            raise Conflict("message", "", "a message with this id already exists") from None
        except asyncpg.ForeignKeyViolationError:  # its session or workspace went meanwhile
            raise NotFound("session", session) from None
        except asyncpg.PostgresError as exc:
            error = _ERRORS.get(exc.sqlstate)
            if error is None:
                raise
            raise error(exc.message, exc.detail or "") from None
        firsts = []
        for job in jobs:
            firsts.append(first)
            first += len(job.prepared)
        return firsts


class MessageOps(Base):
    async def add_messages(self, workspace, session, messages, *, create=True, join_authors=True,
                           inactive_ok=False):
        prepared = prepare(messages, nul.stored)
        first = await self._write(_Append(workspace, session, create, join_authors, inactive_ok, prepared))
        self.messages_written += len(prepared)
        return appended(workspace, session, first, prepared)

    async def get_message(self, workspace, uid, *, session=None) -> Message | None:
        """The gets of one loop turn share one query (``message_lookups``)."""
        if session is not None:  # the names are known: no workspaces join, no names to read
            row = await self._guarded(self._gets_in_session.get, (workspace, uid, session))
            return nul.message(rows.session_message(workspace, session))(row) if row else None
        row = await self._guarded(self._gets.get, (workspace, uid))
        return _message(row) if row else None

    async def list_messages(self, workspace, session, *, where=None, offset=0, limit=50,
                            reverse=False, count=True) -> Page:
        """``count`` False: the total is not counted (``total`` may be None)."""
        return await self._list_messages(workspace, session, where, offset, limit, reverse, count)

    async def _list_messages(self, workspace, session, where, offset, limit, reverse, counted) -> Page:
        read = tables("message", where)
        if session is not None and read <= {"m", "p"}:
            return await self._session_page(workspace, session, where, read, offset, limit, reverse, counted)
        scope, params, order = f"m.workspace_pk = {WORKSPACE_PK}", [workspace], ("m.pk",)
        if session is not None:
            scope, params, order = f"(m.workspace_pk, m.session_pk) = {SESSION_KEY}", [workspace, session], ("m.seq",)
        return await self._page(
            record="message", columns=rows.MESSAGE_COLUMNS, source=MESSAGE_FROM,
            scope=scope, scope_params=params, where=where, order=order,
            offset=offset, limit=limit, reverse=reverse, decode=_message,
            count_source="messages m" if read <= {"m"} else None, counted=counted,
        )

    async def _session_page(self, workspace, session, where, read, offset, limit, reverse, counted) -> Page:
        params = [workspace, session]
        total = None
        if where is None:
            total = ("SELECT coalesce((SELECT s2.message_count FROM sessions s2 JOIN workspaces w2"
                     " ON w2.pk = s2.workspace_pk WHERE w2.name = ? AND s2.name = ?), 0)", params)
        return await self._page(
            record="message", columns=rows.SESSION_MESSAGE_COLUMNS, source=SESSION_MESSAGE_FROM,
            scope=f"(m.workspace_pk, m.session_pk) = {SESSION_KEY}", scope_params=params,
            where=where, order=("m.seq",), offset=offset, limit=limit, reverse=reverse,
            decode=nul.message(rows.session_message(workspace, session)), count=total,
            count_source="messages m" if read <= {"m"} else None, counted=counted,
        )

    async def update_message(self, workspace, uid, *, metadata=None, extras=None, session=None):
        async def write(tx):
            ws_pk, pk, old_meta, old_extras = await _locate(tx, workspace, uid, session)
            await tx.execute(
                "UPDATE messages SET metadata = ?, extras = ?, updated_at = ? WHERE workspace_pk = ?"
                " AND pk = ?",
                (rows.dump(merged(rows.load(old_meta), metadata, False)),
                 rows.dump(merged(rows.load(old_extras), extras, True)), now_text(), ws_pk, pk))

        await self._write(write)
        return await self.get_message(workspace, uid)

    async def delete_message(self, workspace, uid, *, session=None) -> None:
        async def write(tx):
            ws_pk, pk, _, _ = await _locate(tx, workspace, uid, session)
            session_pk = await tx.value(
                "DELETE FROM messages WHERE workspace_pk = ? AND pk = ? RETURNING session_pk", (ws_pk, pk))
            await tx.execute(
                "UPDATE sessions SET message_count = message_count - 1 WHERE workspace_pk = ? AND pk = ?",
                (ws_pk, session_pk))

        await self._write(write)

    async def search_messages(self, workspace, query, *, where=None, limit=10) -> list[Message]:
        filter_sql, filter_params = compile_filter("message", where)
        scope = f"m.workspace_pk = {WORKSPACE_PK} AND ({filter_sql})"
        params = [workspace, *filter_params]
        query = query.strip()
        if not query:
            return await self._search_rows(f"{_SELECT} WHERE {scope} ORDER BY m.pk DESC LIMIT ?",
                                           [*params, limit])
        found = [] if _PUNCTUATION.search(query) else await self._words(query, scope, params, limit)
        if len(found) < limit:
            seen = {m.uid for m in found}
            pattern = "%" + re.sub(r"([\\%_])", r"\\\1", query.lower()) + "%"
            more = await self._search_rows(
                f"{_SELECT} WHERE {scope} AND lower(m.content) LIKE ?"
                " ORDER BY m.created_at DESC, m.pk DESC LIMIT ?",
                [*params, pattern, limit * 2],
            )
            found += [m for m in more if m.uid not in seen][: limit - len(found)]
        return found

    async def _words(self, query: str, scope: str, params: list, limit: int) -> list[Message]:
        """Every word of the query, stemmed (``plainto_tsquery``), in the GIN-indexed tsvector."""
        return await self._search_rows(
            f"SELECT {rows.MESSAGE_COLUMNS} FROM {MESSAGE_FROM},"
            " plainto_tsquery('rosetta'::regconfig, ?) q"
            f" WHERE m.words @@ q AND {scope} ORDER BY ts_rank(m.words, q, {RANK_NORMALIZATION}) DESC,"
            " m.created_at DESC, m.pk DESC LIMIT ?",
            [query, *params, limit],
        )

    async def _search_rows(self, sql: str, params: list) -> list[Message]:
        return [_message(r) for r in await self._rows(sql, params)]

    async def recent_messages(self, workspace, session, *, token_budget) -> list[Message]:
        if token_budget <= 0:
            return []
        return await self._search_rows(
            f"{_SELECT} WHERE (m.workspace_pk, m.pk) IN (SELECT workspace_pk, pk FROM"
            " (SELECT m2.workspace_pk, m2.pk, sum(m2.token_count) OVER (ORDER BY m2.seq DESC"
            f" ROWS UNBOUNDED PRECEDING) AS running FROM messages m2 WHERE (m2.workspace_pk,"
            f" m2.session_pk) = {SESSION_KEY}) t WHERE running <= ?) ORDER BY m.seq",
            [workspace, session, token_budget],
        )


def message_lookups(store: Base) -> tuple[TurnLookups, TurnLookups]:
    """The store's batched gets: by (workspace, uid, session), and by (workspace, uid)."""
    return (_lookups(store, _GET_IN_SESSION, _GET_MANY_IN_SESSION), _lookups(store, _GET, _GET_MANY))


def _lookups(store: Base, one_sql: str, many_sql: str) -> TurnLookups:
    """``one_sql`` answers one key (its fields as parameters), ``many_sql`` several (each
    field's values as one array, every row led by its key's place)."""
    async def one(key):
        return await store._pool.fetchrow(numbered(one_sql), *bound(key))

    async def many(keys):
        return _by_place(keys, await store._pool.fetch(numbered(many_sql), *_columns(keys)))

    return TurnLookups(one, many, is_lost=lambda exc: lost(exc, store.url) is not None)


def _columns(keys: list[tuple]) -> list[list]:
    """The keys as one array parameter per field, for ``unnest``."""
    return bound([list(column) for column in zip(*keys)])


def _by_place(keys: list, found: list) -> list:
    """Each key's row (without its place) or None, in key order."""
    out = [None] * len(keys)
    for row in found:
        out[row[0] - 1] = tuple(row)[1:]
    return out


async def _locate(tx, workspace: str, uid: bytes, session: str | None):
    row = await tx.row(
        "SELECT m.workspace_pk, m.pk, m.metadata, m.extras, s.name FROM messages m"
        " JOIN sessions s ON s.workspace_pk = m.workspace_pk AND s.pk = m.session_pk"
        f" WHERE m.workspace_pk = {WORKSPACE_PK} AND m.uid = ? FOR UPDATE OF m",
        (workspace, uid))
    if row is None or (session is not None and row[4] != session):
        raise NotFound("message", "")
    return row[0], row[1], row[2], row[3]
