"""Documents of a collection, stored as records: create, list, query (keyword ranked, see
``search``), get, update, delete. Nothing is embedded."""

from __future__ import annotations

from adapters.honcho_v1 import body, collections, filters, records, scope, search, shapes, wire
from adapters.honcho_v1.content import text
from adapters.http import respond
from adapters.honcho_v1.errors import fail

KIND = records.DOCUMENT


async def _collection(request):
    user = await scope.user(request)
    _, collection = await collections.owned(request, user, request.path_params["collection_id"])
    return user, collection


async def _document(request, user, collection, message: str) -> tuple[bytes, dict]:
    ident = request.path_params["document_id"]
    found = await records.find(request, user.name, KIND, ident)
    if found is None or found[1].get("collection_id") != collection["id"]:
        raise fail(404, message.format(ident=ident))
    return found


async def create(request):
    data = await body.parse(request, wire.DocumentCreate)
    user, collection = await _collection(request)
    uid, ident = records.fresh()
    record = {"id": ident, "content": text(data.content), "metadata": data.metadata,
              "created_at": records.now(), "collection_id": collection["id"], "user": user.peer.name}
    await records.put(request, user.name, KIND, uid, record, collection["id"])
    return respond(shapes.document(record, user))


async def list_all(request):
    data = await body.parse(request, wire.Filter, empty=wire.Filter())
    user, collection = await _collection(request)
    page, size, reverse = body.paging(request)
    offset, limit = body.window(page, size)
    keep = (lambda r: filters.matches(r["metadata"], data.filter)) if data.filter else None
    items, total = await records.page_of(request, user.name, KIND, collection["id"], keep,
                                         (offset, limit, reverse))
    return respond(shapes.page([shapes.document(r, user) for r in items], total, page, size))


async def query(request):
    data = await body.parse(request, wire.DocumentQuery)
    user, collection = await _collection(request)
    candidates = [r for r in await records.every(request, user.name, KIND, collection["id"])
                  if filters.matches(r["metadata"], data.filter)]
    found = search.rank(candidates, text(data.query), data.top_k)
    return respond([shapes.document(r, user) for r in found])


async def get(request):
    user, collection = await _collection(request)
    _, record = await _document(request, user, collection, "Document with ID '{ident}' not found")
    return respond(shapes.document(record, user))


async def update(request):
    data = await body.parse(request, wire.DocumentUpdate)
    if data.content is None and data.metadata is None:
        raise fail(422, "Content and metadata cannot both be None")
    user, collection = await _collection(request)
    uid, record = await _document(request, user, collection, "Document with ID '{ident}' not found")
    if data.content is not None:
        record["content"], record["created_at"] = text(data.content), records.now()
    if data.metadata is not None:
        record["metadata"] = data.metadata
    await records.put(request, user.name, KIND, uid, record, collection["id"])
    return respond(shapes.document(record, user))


async def delete(request):
    user, collection = await _collection(request)
    uid, _ = await _document(request, user, collection, "Document not found or does not belong to user")
    await records.delete(request, user.name, KIND, uid)
    return respond({"message": "Document deleted successfully"})
