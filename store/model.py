"""The canonical records every dialect maps onto.

Names (workspace, peer, session) are client-chosen strings and are the same in every dialect.
``uid`` is the 128-bit, time-ordered canonical id (see ``store.ids``); dialects show it in their
vendor's format. ``extras`` holds per-dialect fields the canonical model lacks, keyed by dialect
name (``{"openai": {...}}``), so a client reading back through the same dialect gets what it wrote.
Times are timezone-aware UTC datetimes with microseconds. ``updated_at`` is when the record's
own fields last changed (metadata, configuration, extras, state, content); None means never
since it was created (readers that show one show ``created_at`` then).

``Peer.enrolled`` is True for a peer someone made on purpose (``ensure_peer``/``update_peer``:
Zep user add, Honcho peer create, Honcho v1 user create) and False for one created only
because a message named it as author or a session named it as member (docs/contract.md §8:
Zep lists only enrolled peers as users; Honcho shows every peer).
"""

from __future__ import annotations

from datetime import datetime

import msgspec


class Workspace(msgspec.Struct, kw_only=True):
    name: str
    uid: bytes
    metadata: dict
    configuration: dict
    created_at: datetime
    extras: dict = {}


class Peer(msgspec.Struct, kw_only=True):
    workspace: str
    name: str
    uid: bytes
    metadata: dict
    configuration: dict
    created_at: datetime
    role: str | None = None
    extras: dict = {}
    updated_at: datetime | None = None
    enrolled: bool = True


class Session(msgspec.Struct, kw_only=True):
    workspace: str
    name: str
    uid: bytes
    is_active: bool
    metadata: dict
    configuration: dict
    created_at: datetime
    owner: str | None = None
    ended_at: datetime | None = None
    extras: dict = {}
    updated_at: datetime | None = None


class Member(msgspec.Struct, kw_only=True):
    peer: str
    configuration: dict
    joined_at: datetime
    left_at: datetime | None = None


class Message(msgspec.Struct, kw_only=True):
    uid: bytes
    workspace: str
    session: str
    seq: int
    content: str
    metadata: dict
    token_count: int
    created_at: datetime
    role: str | None = None
    peer: str | None = None
    sender: str | None = None
    extras: dict = {}
    updated_at: datetime | None = None


class NewMessage(msgspec.Struct, kw_only=True):
    """A message to write. ``uid`` may be given (a client-supplied id); otherwise one is minted."""

    content: str
    role: str | None = None
    peer: str | None = None
    sender: str | None = None
    metadata: dict = {}
    created_at: datetime | None = None
    extras: dict = {}
    uid: bytes | None = None


class Page(msgspec.Struct, kw_only=True):
    items: list
    total: int | None  # None only where the caller asked for no count


class StoreStats(msgspec.Struct, kw_only=True):
    """What an operator watches (``/metrics``): the write queue, group commits, size on disk."""

    backend: str
    queue_depth: int = 0  # writes waiting for the writer
    commit_groups: int = 0  # transactions committed by the writer
    commit_sizes: dict[int, int] = {}  # jobs per group: upper bound of a power-of-two bucket -> groups
    committed_jobs: int = 0  # writes in those groups
    messages_written: int = 0  # messages added since the process started
    size_bytes: int = 0  # the database on disk (main file)
    wal_bytes: int = 0  # its write-ahead log


ROLES = ("user", "assistant", "system", "tool", "function", "norole")
