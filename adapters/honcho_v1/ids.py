"""Honcho v1 ids: canonical uids shown as 22-character base62 (ROSETTA §2), and back.

An app id is its workspace's uid, a user id its peer's uid, a message id the message's uid;
metamessages, collections and documents are records with uids of their own. Session ids are
session names. Imported vendor ids resolve through the store's ``honcho_v1`` aliases.

The store looks workspaces and peers up by name, so a uid is found through its creation time
(a uid's first 48 bits are the millisecond it was minted, when the row's created_at was also
stamped) and remembered per app: uid -> name, checked against the record on every use.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from adapters.contract import store_of
from store.ids import base62, from_base62
from store.query import All, Cond

DIALECT = "honcho_v1"
WIDTH = 22
SLACK = timedelta(seconds=5)
PAGE = 500
CACHE_LIMIT = 50_000


def short(uid: bytes) -> str:
    return base62(uid, WIDTH)


def uid_of(text: str) -> bytes | None:
    """The uid a minted id encodes (a UUIDv7 in base62), or None."""
    if len(text) != WIDTH:
        return None
    uid = from_base62(text)
    if uid is None or uid[6] >> 4 != 7 or uid[8] >> 6 != 2:
        return None
    return uid


def minted_at(uid: bytes) -> datetime:
    return datetime.fromtimestamp(int.from_bytes(uid[:6], "big") / 1000, tz=timezone.utc)


def message_id(message) -> str:
    return (message.extras.get(DIALECT) or {}).get("id") or short(message.uid)


async def message_uid(request, text: str) -> bytes | None:
    uid = from_base62(text) if 0 < len(text) <= WIDTH else None
    return uid or await store_of(request).resolve_alias(DIALECT, "message", text)


def _cache(request) -> dict:
    state = request.app.state
    cache = getattr(state, "honcho_v1_names", None)
    if cache is None or len(cache) > CACHE_LIMIT:
        cache = state.honcho_v1_names = {}
    return cache


async def _by_time(list_page, uid: bytes):
    moment = minted_at(uid)
    where = All([Cond("created_at", "gte", moment - SLACK), Cond("created_at", "lte", moment + SLACK)])
    offset = 0
    while True:
        page = await list_page(where=where, offset=offset, limit=PAGE)
        for record in page.items:
            if record.uid == uid:
                return record
        offset += PAGE
        if offset >= page.total:
            return None


async def uid_for(request, kind: str, text: str) -> bytes | None:
    return uid_of(text) or await store_of(request).resolve_alias(DIALECT, kind, text)


async def workspace(request, text: str):
    """The workspace whose app id (or imported alias) is ``text``, or None."""
    uid = await uid_for(request, "app", text)
    if uid is None:
        return None
    s, cache = store_of(request), _cache(request)
    name = cache.get(("w", uid))
    found = await s.get_workspace(name) if name is not None else None
    if found is None or found.uid != uid:
        found = await _by_time(s.list_workspaces, uid)
    if found is not None:
        cache[("w", uid)] = found.name
    return found


async def peer(request, workspace_name: str, text: str):
    """The peer of a workspace whose user id (or imported alias) is ``text``, or None."""
    uid = await uid_for(request, "user", text)
    if uid is None:
        return None
    s, cache = store_of(request), _cache(request)
    name = cache.get(("p", workspace_name, uid))
    found = await s.get_peer(workspace_name, name) if name is not None else None
    if found is None or found.uid != uid:
        async def listing(**kw):
            return await s.list_peers(workspace_name, **kw)
        found = await _by_time(listing, uid)
    if found is not None:
        cache[("p", workspace_name, uid)] = found.name
    return found
