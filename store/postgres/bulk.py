"""What a batch of imported messages or aliases adds, read in a few queries for the whole batch
(store/postgres/imports.py): the same outcome as looking each row up, and inserting it, in order.

A message is skipped when its uid is in its workspace already (or earlier in the batch); one
whose seq is taken (in the store or earlier in the batch) goes after the session's last. The
batch's sessions are locked first, as appends lock them, so that concurrent appends queue. An
alias is skipped when its (dialect, kind, external) is there already (or earlier in the batch).
"""

from __future__ import annotations

from typing import NamedTuple

from store.archive import AliasRow
from store.postgres.base import Tx, bound


class Placed(NamedTuple):
    """A message row with its parents' pks."""

    ws: int | None
    session: int | None
    uid: bytes
    seq: int
    peer: int | None


class Plan(NamedTuple):
    seqs: list[int | None]  # per row: the seq it is written with, or None (skipped)


async def _held_uids(tx: Tx, rows: list[Placed]) -> set[tuple]:
    found = await tx.rows(
        "SELECT m.workspace_pk, m.uid FROM messages m"
        " JOIN unnest(?::bigint[], ?::bytea[]) AS x(ws, uid) ON m.workspace_pk = x.ws AND m.uid = x.uid",
        ([p.ws for p in rows], [p.uid for p in rows]))
    return {(f[0], f[1]) for f in found}


async def _taken_seqs(tx: Tx, rows: list[Placed]) -> set[tuple]:
    found = await tx.rows(
        "SELECT m.workspace_pk, m.session_pk, m.seq FROM messages m"
        " JOIN unnest(?::bigint[], ?::bigint[], ?::bigint[]) AS x(ws, session, seq)"
        " ON m.workspace_pk = x.ws AND m.session_pk = x.session AND m.seq = x.seq",
        ([p.ws for p in rows], [p.session for p in rows], [p.seq for p in rows]))
    return {(f[0], f[1], f[2]) for f in found}


async def _last_seq(tx: Tx, ws: int | None, session: int | None) -> int:
    return await tx.value("SELECT coalesce(max(seq), 0) FROM messages WHERE workspace_pk = ?"
                          " AND session_pk = ?", (ws, session))


async def _hold_sessions(tx: Tx, rows: list[Placed]) -> None:
    """The sessions' row locks, as an append takes them (rosetta_append in schema.py), held to
    COMMIT, before their seqs are read: appends from any process wait for the import instead
    of taking the seqs it is about to write (a unique violation, the import failed)."""
    for ws in sorted({p.ws for p in rows if p.ws is not None}):
        sessions = sorted({p.session for p in rows if p.ws == ws and p.session is not None})
        await tx.rows("SELECT pk FROM sessions WHERE workspace_pk = ? AND pk = ANY(?::bigint[])"
                      " ORDER BY pk FOR NO KEY UPDATE", (ws, sessions))


async def plan_messages(tx: Tx, rows: list[Placed]) -> Plan:
    await _hold_sessions(tx, rows)
    uids = await _held_uids(tx, rows)
    taken = await _taken_seqs(tx, rows)
    stored_last: dict[tuple, int] = {}  # session -> its highest stored seq, read once one collides
    batch_last: dict[tuple, int] = {}  # session -> its highest seq given in this batch
    seqs: list[int | None] = []
    for p in rows:
        where = (p.ws, p.session)
        seq = p.seq
        if (*where, seq) in taken:
            if where not in stored_last:
                stored_last[where] = await _last_seq(tx, *where)
            seq = max(stored_last[where], batch_last.get(where, 0)) + 1
        if (p.ws, p.uid) in uids:
            seqs.append(None)
            continue
        uids.add((p.ws, p.uid))
        taken.add((*where, seq))
        batch_last[where] = max(batch_last.get(where, 0), seq)
        seqs.append(seq)
    return Plan(seqs)


def _key(x: AliasRow) -> tuple:
    """The alias's key as PostgreSQL holds it (a NUL in text is stored as U+FFFD: base.bound)."""
    return tuple(bound((x.dialect, x.kind, x.external)))


async def new_aliases(tx: Tx, rows: list[AliasRow]) -> list[AliasRow]:
    """The rows to insert: those whose key is neither stored nor earlier in the batch."""
    found = await tx.rows(
        "SELECT a.dialect, a.kind, a.external FROM aliases a"
        " JOIN unnest(?::text[], ?::text[], ?::text[]) AS x(dialect, kind, external)"
        " ON a.dialect = x.dialect AND a.kind = x.kind AND a.external = x.external",
        ([x.dialect for x in rows], [x.kind for x in rows], [x.external for x in rows]))
    seen = {(f[0], f[1], f[2]) for f in found}
    new = []
    for x in rows:
        key = _key(x)
        if key not in seen:
            seen.add(key)
            new.append(x)
    return new
