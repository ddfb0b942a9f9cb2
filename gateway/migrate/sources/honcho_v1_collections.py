"""Honcho v1 collections of one user and their documents, through ``POST U/collections/list``
and ``POST U/collections/{id}/documents/list`` (the same in every v1 server, docs/vendors.md, Honcho
§3.3), stored as the v1 dialect stores them: records of kind ``honcho_v1.collection`` owned by
the user's peer name, and ``honcho_v1.document`` owned by the collection's id, the vendor ids
kept as aliases. One unit per collection: a crash among its documents resumes with that
collection, its documents already in are skipped.

A collection the store already holds under the same name for that user (made through the v1
dialect before) is the one its documents join, as Honcho's unique (name, user) says. Document
embeddings are not copied: the v1 API never returns them, and the v1 dialect ranks documents
by their words."""

from __future__ import annotations

from functools import partial

import msgspec

from adapters.honcho_v1 import COLLECTION, DOCUMENT, uid_of

ALL = 10**9  # no page limit: every record of the parent
from gateway.migrate import rows, times, uids
from gateway.migrate.sources import paging
from gateway.migrate.unit import Unit
from store.archive import RecordRow

DIALECT = "honcho_v1"


class Collection(msgspec.Struct):
    id: str
    name: str
    metadata: dict | None = None
    created_at: str | None = None


class Document(msgspec.Struct):
    id: str
    content: str = ""
    metadata: dict | None = None
    created_at: str | None = None


async def units(client, store, head, base: str, owner: str, size: int):
    """One unit per collection of the user at ``base`` (``/v1/apps/{a}/users/{u}``)."""
    found = []
    async for page in paging.honcho(client, base + "/collections/list", Collection, size=size):
        found += page
    for c in found:
        yield Unit(f"{head.name}/collection:{c.id}", f"collection {head.name}/{owner}/{c.name}",
                   partial(_batches, client, store, head, base, owner, c, size), session=False)


async def _uid(store, kind: str, ident: str, created_at) -> bytes:
    """The uid the v1 dialect reads from the id (a Rosetta-minted one), else the one an earlier
    run gave it (Honcho re-dates a document whose content changes), else one derived from it."""
    found = uid_of(ident) or await store.resolve_alias(DIALECT, kind, ident)
    return found or uids.derived(times.stamp(created_at), DIALECT, kind, ident)


async def _placed(store, ws: str, owner: str, c: Collection) -> tuple[bytes, str]:
    """(uid, shown id) of the collection: the store's own of that name, else the vendor's."""
    mine = (await store.list_records(ws, COLLECTION, parent=owner, limit=ALL)).items
    same = next((r for r in mine if r["name"] == c.name), None)
    ident = same["id"] if same is not None else c.id
    return await _uid(store, "collection", ident, c.created_at), ident


async def _batches(client, store, head, base: str, owner: str, c: Collection, size: int):
    ws = head.name
    uid, ident = await _placed(store, ws, owner, c)
    body = {"id": ident, "name": c.name, "metadata": c.metadata or {},
            "created_at": times.shown(c.created_at), "user": owner}
    yield [head, RecordRow(workspace=ws, kind=COLLECTION, uid=uid.hex(), parent=owner, body=body),
           rows.alias(DIALECT, "collection", c.id, uid.hex())]
    path = f"{base}/collections/{c.id}/documents/list"
    async for page in paging.honcho(client, path, Document, size=size):
        batch = [head]
        for d in page:
            uid = await _uid(store, "document", d.id, d.created_at)
            batch += _document(ws, owner, ident, d, uid.hex())
        yield batch


def _document(ws: str, owner: str, collection: str, d: Document, uid: str) -> list:
    body = {"id": d.id, "content": d.content, "metadata": d.metadata or {},
            "created_at": times.shown(d.created_at), "collection_id": collection, "user": owner}
    return [RecordRow(workspace=ws, kind=DOCUMENT, uid=uid, parent=collection, body=body),
            rows.alias(DIALECT, "document", d.id, uid)]
