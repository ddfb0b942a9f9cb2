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


async def _present(tx: Tx, table: str, columns: dict[str, str], keys: list[tuple]) -> set[tuple]:
    """The keys (values of ``columns``, name -> PostgreSQL type) that ``table`` holds: one
    query joining them as arrays, whatever their number."""
    if not keys:
        return set()
    names = list(columns)
    arrays = ", ".join(f"?::{kind}[]" for kind in columns.values())
    on = " AND ".join(f"t.{c} = x.{c}" for c in names)
    found = await tx.rows(
        f"SELECT {', '.join('t.' + c for c in names)} FROM {table} t"
        f" JOIN unnest({arrays}) AS x({', '.join(names)}) ON {on}", [list(c) for c in zip(*keys)])
    return {tuple(f) for f in found}


async def _held_uids(tx: Tx, rows: list[Placed]) -> set[tuple]:
    return await _present(tx, "messages", {"workspace_pk": "bigint", "uid": "bytea"},
                          [(p.ws, p.uid) for p in rows])


async def _taken_seqs(tx: Tx, rows: list[Placed]) -> set[tuple]:
    return await _present(tx, "messages", {"workspace_pk": "bigint", "session_pk": "bigint", "seq": "bigint"},
                          [(p.ws, p.session, p.seq) for p in rows])


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
    seen = await _present(tx, "aliases", {"dialect": "text", "kind": "text", "external": "text"},
                          [(x.dialect, x.kind, x.external) for x in rows])
    new = []
    for x in rows:
        key = _key(x)
        if key not in seen:
            seen.add(key)
            new.append(x)
    return new
