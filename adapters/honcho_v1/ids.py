"""Honcho v1 ids: canonical uids shown as 22-character base62 (docs/contract.md §2), and back.

An app id is its workspace's uid, a user id its peer's uid, a message id the message's uid;
metamessages, collections and documents are records with uids of their own. Session ids are
session names. Imported vendor ids resolve through the store's ``honcho_v1`` aliases.
"""

from __future__ import annotations

from adapters.contract import store
from store.ids import base62, from_base62

DIALECT = "honcho_v1"
WIDTH = 22


def short(uid: bytes) -> str:
    return base62(uid, WIDTH)


def uid_of(text: str) -> bytes | None:
    """The uid a 22-character base62 id encodes, or None."""
    return from_base62(text) if len(text) == WIDTH else None


def shown(record) -> str:
    """The id a v1 client sees: the vendor's own id for a migrated record, else the short uid."""
    return (record.extras.get(DIALECT) or {}).get("id") or short(record.uid)


async def message_uid(request, text: str) -> bytes | None:
    uid = from_base62(text) if 0 < len(text) <= WIDTH else None
    return uid or await store(request).resolve_alias(DIALECT, "message", text)


async def uid_for(request, kind: str, text: str) -> bytes | None:
    return uid_of(text) or await store(request).resolve_alias(DIALECT, kind, text)


async def workspace(request, text: str):
    """The workspace whose app id (or imported alias) is ``text``, or None."""
    uid = await uid_for(request, "app", text)
    return await store(request).workspace_by_uid(uid) if uid else None


async def peer(request, workspace_name: str, text: str):
    """The peer of a workspace whose user id (or imported alias) is ``text``, or None."""
    uid = await uid_for(request, "user", text)
    return await store(request).peer_by_uid(workspace_name, uid) if uid else None
