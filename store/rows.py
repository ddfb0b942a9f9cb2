"""SELECT column lists and row -> record decoding, shared by the SQLite and PostgreSQL stores:
both keep the same tables and columns (JSON objects as text, times as ISO text), so one row reads
the same from either driver."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cache

import msgspec

from store.clock import from_text
from store.model import Member, Message, Peer, Session, Workspace

WORKSPACE_COLUMNS = "w.name, w.uid, w.metadata, w.configuration, w.created_at, w.extras"
PEER_COLUMNS = (
    "w.name, p.name, p.uid, p.metadata, p.configuration, p.created_at, p.role, p.extras,"
    " p.updated_at, p.enrolled"
)
SESSION_COLUMNS = (
    "w.name, s.name, s.uid, s.is_active, s.metadata, s.configuration, s.created_at,"
    " o.name, s.ended_at, s.extras, s.updated_at"
)
# every join on the same workspace (a PostgreSQL store distributed by workspace joins no other)
SESSION_FROM = (
    "sessions s JOIN workspaces w ON w.pk = s.workspace_pk"
    " LEFT JOIN peers o ON o.workspace_pk = s.workspace_pk AND o.pk = s.owner_pk"
)
MESSAGE_COLUMNS = (
    "m.uid, w.name, s.name, m.seq, m.content, m.metadata, m.token_count, m.created_at,"
    " m.role, p.name, m.sender, m.extras, m.updated_at"
)
# One session's messages: its names are known, so rows skip those joins, and empty metadata
# and extras come back as NULL (no string to build per row).
SESSION_MESSAGE_COLUMNS = (
    "m.uid, m.seq, m.content, nullif(m.metadata, '{}'), m.token_count, m.created_at, m.role,"
    " p.name, m.sender, nullif(m.extras, '{}'), m.updated_at"
)
SESSION_MESSAGE_FROM = "messages m LEFT JOIN peers p ON p.pk = m.peer_pk"
MESSAGE_FROM = (
    "messages m JOIN sessions s ON s.pk = m.session_pk JOIN workspaces w ON w.pk = m.workspace_pk"
    " LEFT JOIN peers p ON p.pk = m.peer_pk"
)


@cache
def _decoder() -> msgspec.json.Decoder:
    return msgspec.json.Decoder(dict)


@cache
def _encoder() -> msgspec.json.Encoder:
    return msgspec.json.Encoder()


def load(text: str) -> dict:
    return {} if text == "{}" else _decoder().decode(text)  # most records carry no metadata


def dump(value: dict) -> str:
    return _encoder().encode(value).decode() if value else "{}"


def moment(text: str | None):
    """A stored time that may be NULL."""
    return from_text(text) if text else None


def workspace(row) -> Workspace:
    return Workspace(
        name=row[0], uid=row[1], metadata=load(row[2]), configuration=load(row[3]),
        created_at=from_text(row[4]), extras=load(row[5]),
    )


def peer(row) -> Peer:
    return Peer(
        workspace=row[0], name=row[1], uid=row[2], metadata=load(row[3]),
        configuration=load(row[4]), created_at=from_text(row[5]), role=row[6],
        extras=load(row[7]), updated_at=moment(row[8]), enrolled=bool(row[9]),
    )


def session(row) -> Session:
    return Session(
        workspace=row[0], name=row[1], uid=row[2], is_active=bool(row[3]),
        metadata=load(row[4]), configuration=load(row[5]), created_at=from_text(row[6]),
        owner=row[7], ended_at=moment(row[8]), extras=load(row[9]), updated_at=moment(row[10]),
    )


def message(row) -> Message:
    return Message(
        uid=row[0], workspace=row[1], session=row[2], seq=row[3], content=row[4],
        metadata=load(row[5]), token_count=row[6], created_at=from_text(row[7]),
        role=row[8], peer=row[9], sender=row[10], extras=load(row[11]),
        updated_at=moment(row[12]),
    )


def session_message(workspace: str, session: str) -> Callable[[tuple], Message]:
    """Decodes SESSION_MESSAGE_COLUMNS rows of one session; a batch's messages share one
    timestamp, so each distinct time is parsed once per page."""
    moments: dict[str, datetime] = {}
    decoder = _decoder()

    def decode(row) -> Message:  # the hottest loop of a list: calls inlined
        uid, seq, content, metadata, tokens, created, role, peer, sender, extras, updated = row
        moment = moments.get(created)
        if moment is None:
            moment = moments[created] = from_text(created)
        return Message(
            uid=uid, workspace=workspace, session=session, seq=seq, content=content,
            metadata={} if metadata is None else decoder.decode(metadata), token_count=tokens,
            created_at=moment, role=role, peer=peer, sender=sender,
            extras={} if extras is None else decoder.decode(extras),
            updated_at=None if updated is None else from_text(updated),
        )

    return decode


def member(row) -> Member:
    return Member(
        peer=row[0], configuration=load(row[1]), joined_at=from_text(row[2]),
        left_at=moment(row[3]),
    )
