"""v1 objects with no canonical twin (metamessages, collections, documents), kept as store
records so they export and import with the rest. ``parent`` is the owning user's peer name
(the collection id for documents). Records list in creation order; v1 filters are applied
here, so a filtered list reads the parent's records once and pages them in memory."""

from __future__ import annotations

from datetime import datetime, timezone

from adapters.contract import store
from adapters.honcho_v1 import ids
from adapters.honcho_server.shapes import iso
from store.ids import new_uid

METAMESSAGE = "honcho_v1.metamessage"
COLLECTION = "honcho_v1.collection"
DOCUMENT = "honcho_v1.document"
ALL = 10**9


def now() -> str:
    return iso(datetime.now(timezone.utc))


def fresh() -> tuple[bytes, str]:
    uid = new_uid()
    return uid, ids.short(uid)


async def find(request, workspace: str, kind: str, ident: str) -> tuple[bytes, dict] | None:
    """(uid, record) for a record id (minted or an imported vendor alias), or None."""
    s = store(request)
    uid = ids.uid_of(ident) or await s.resolve_alias(ids.DIALECT, kind.split(".")[-1], ident)
    record = await s.get_record(workspace, kind, uid) if uid else None
    return (uid, record) if record is not None else None


async def put(request, workspace: str, kind: str, uid: bytes, record: dict, parent: str,
              unique: str | None = None) -> dict:
    """Store ``record``; with ``unique``, store.Conflict when a sibling has the same value there."""
    return await store(request).put_record(workspace, kind, uid, record, parent=parent, unique=unique)


async def delete(request, workspace: str, kind: str, uid: bytes) -> bool:
    return await store(request).delete_record(workspace, kind, uid)


async def every(request, workspace: str, kind: str, parent: str) -> list[dict]:
    return (await store(request).list_records(workspace, kind, parent=parent, limit=ALL)).items


async def page_of(request, workspace: str, kind: str, parent: str, keep, window) -> tuple[list, int]:
    """(items, total) of the records ``keep`` accepts, for (offset, limit, reverse)."""
    offset, limit, reverse = window
    if keep is None:
        found = await store(request).list_records(
            workspace, kind, parent=parent, offset=offset, limit=limit, reverse=reverse)
        return found.items, found.total
    kept = [r for r in await every(request, workspace, kind, parent) if keep(r)]
    if reverse:
        kept.reverse()
    return kept[offset: offset + limit], len(kept)
