"""Documents of a collection, stored as records: create, list, query (keyword ranked, see
``search``), get, update, delete. Nothing is embedded."""

from __future__ import annotations

from adapters.honcho_v1 import body, collections, filters, records, scope, search, shapes, wire
from adapters.contract import ApiError
from adapters.honcho_v1.content import text
from adapters.http import respond
from adapters.honcho_v1.errors import fail

KIND = records.DOCUMENT


async def _collection(request):
    user = await scope.user_or_none(request)
    _, collection = await collections.owned(request, user, request.path_params["collection_id"])
    return user, collection


async def _readable(request):
    """(user, collection), or None where Honcho's document queries find nothing: an unknown
    app, user or collection (it filters documents by all three at once)."""
    try:
        return await _collection(request)
    except ApiError as exc:
        if exc.status != 404:
            raise
        return None


def _no_document(request):
    return fail(404, f"Document with ID '{request.path_params['document_id']}' not found")


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
    page, size, reverse = body.paging(request)
    found = await _readable(request)
    if found is None:
        return respond(shapes.page([], 0, page, size))
    user, collection = found
    offset, limit = body.window(page, size)
    keep = (lambda r: filters.matches(r["metadata"], data.filter)) if data.filter else None
    items, total = await records.page_of(request, user.name, KIND, collection["id"], keep,
                                         (offset, limit, reverse))
    return respond(shapes.page([shapes.document(r, user) for r in items], total, page, size))


async def query(request):
    data = await body.parse(request, wire.DocumentQuery)
    found = await _readable(request)
    if found is None:
        return respond([])
    user, collection = found
    candidates = [r for r in await records.every(request, user.name, KIND, collection["id"])
                  if filters.matches(r["metadata"], data.filter)]
    found = search.rank(candidates, text(data.query), data.top_k)
    return respond([shapes.document(r, user) for r in found])


async def get(request):
    found = await _readable(request)
    if found is None:
        raise _no_document(request)
    user, collection = found
    _, record = await _document(request, user, collection, "Document with ID '{ident}' not found")
    return respond(shapes.document(record, user))


async def update(request):
    data = await body.parse(request, wire.DocumentUpdate)
    if data.content is None and data.metadata is None:
        raise fail(422, "Content and metadata cannot both be None")
    found = await _readable(request)
    if found is None:
        raise _no_document(request)
    user, collection = found
    uid, record = await _document(request, user, collection, "Document with ID '{ident}' not found")
    if data.content is not None:
        record["content"], record["created_at"] = text(data.content), records.now()
    if data.metadata is not None:
        record["metadata"] = data.metadata
    await records.put(request, user.name, KIND, uid, record, collection["id"])
    return respond(shapes.echoed(shapes.document(record, user), data.metadata))


async def delete(request):
    user, collection = await _collection(request)
    uid, _ = await _document(request, user, collection, "Document not found or does not belong to user")
    await records.delete(request, user.name, KIND, uid)
    return respond({"message": "Document deleted successfully"})
