"""Collections, stored as records owned by a user: get, create, list, by name, update, delete.

Names are unique per user; ``honcho`` (any case) is reserved for the deriver, as in Honcho.
Deleting a collection deletes its documents.
"""

from __future__ import annotations

from adapters.honcho_v1 import body, filters, records, scope, shapes, wire
from adapters.http import respond
from adapters.honcho_v1.errors import collection_missing, conflict, fail, unauthorized, value_error
from store.errors import Conflict

KIND = records.COLLECTION
RESERVED = "honcho"


def reserved(name: str | None) -> None:
    if name is not None and name.lower() == RESERVED:
        raise value_error(["body", "name"], "Collection name cannot be 'honcho'", name)


async def named(request, user, name: str) -> dict | None:
    mine = await records.every(request, user.name, KIND, user.peer.name)
    return next((r for r in mine if r["name"] == name), None)


async def owned(request, user: scope.Scope | None, ident: str) -> tuple[bytes, dict]:
    """A collection of this user (None when the app or user is unknown), as (uid, record);
    Honcho's 404 otherwise."""
    found = user and await records.find(request, user.name, KIND, ident)
    if found is None or found[1].get("user") != user.peer.name:
        raise collection_missing()
    return found


async def get(request):
    """GET U/collections?collection_id= (v1-late) and GET U/collections/{id} (v1-early)."""
    ident = body.query_id(request, "collection_id")
    if not ident:
        raise unauthorized("Collection ID not found in query parameter or JWT")
    user = await scope.user_or_none(request)
    return respond(shapes.collection((await owned(request, user, ident))[1], user))


async def create(request):
    data = await body.parse(request, wire.Create)
    reserved(data.name)
    user = await scope.user(request)
    uid, ident = records.fresh()
    record = {"id": ident, "name": data.name, "metadata": data.metadata,
              "created_at": records.now(), "user": user.peer.name}
    try:
        await records.put(request, user.name, KIND, uid, record, user.peer.name, unique="name")
    except Conflict:
        raise conflict(f"Collection with name '{data.name}' already exists") from None
    return respond(shapes.echoed(shapes.collection(record, user), data.metadata))


async def list_all(request):
    data = await body.parse(request, wire.Filter, empty=wire.Filter())
    page, size, reverse = body.paging(request)
    user = await scope.user_or_none(request)
    if user is None:  # Honcho's query finds nothing for an unknown app or user
        return respond(shapes.page([], 0, page, size))
    offset, limit = body.window(page, size)
    keep = (lambda r: filters.matches(r["metadata"], data.filter)) if data.filter else None
    items, total = await records.page_of(request, user.name, KIND, user.peer.name, keep,
                                         (offset, limit, reverse))
    return respond(shapes.page([shapes.collection(r, user) for r in items], total, page, size))


async def by_name(request):
    user = await scope.user_or_none(request)
    name = request.path_params["name"]
    found = user and await named(request, user, name)
    if found is None:
        raise fail(404, f"Collection with name '{name}' not found")
    return respond(shapes.collection(found, user))


async def update(request):
    data = await body.parse(request, wire.Update)
    reserved(data.name)
    if data.name is None and data.metadata is None:
        raise fail(422, "Invalid collection configuration - at least one field must be provided")
    user = await scope.user_or_none(request)
    uid, record = await owned(request, user, request.path_params["collection_id"])
    if data.name is not None:
        record["name"] = data.name
    if data.metadata is not None:
        record["metadata"] = data.metadata
    try:
        await records.put(request, user.name, KIND, uid, record, user.peer.name, unique="name")
    except Conflict:
        raise conflict("Collection update failed - name already in use") from None
    return respond(shapes.echoed(shapes.collection(record, user), data.metadata))


async def delete(request):
    user = await scope.user_or_none(request)
    uid, record = await owned(request, user, request.path_params["collection_id"])
    for document in await records.every(request, user.name, records.DOCUMENT, record["id"]):
        found = await records.find(request, user.name, records.DOCUMENT, document["id"])
        if found is not None:
            await records.delete(request, user.name, records.DOCUMENT, found[0])
    await records.delete(request, user.name, KIND, uid)
    return respond({"message": "Collection deleted successfully"})
