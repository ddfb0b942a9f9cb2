"""User routes (users are canonical peers): create, list, get, by name, get-or-create, update."""

from __future__ import annotations

from adapters.honcho_v1 import body, filters, scope, shapes, wire
from adapters.contract import store
from adapters.http import respond
from adapters.honcho_v1.errors import conflict, fail, final, unauthorized, user_missing
from store.errors import Conflict

RENAME = "Rosetta cannot rename a user: its name is the peer id every dialect shares"


async def create(request):
    data = await body.parse(request, wire.Create)
    app = await scope.app(request)
    try:
        record, _ = await store(request).ensure_peer(app.name, data.name,
                                                     metadata=data.metadata or None, exists_ok=False)
    except Conflict:
        raise conflict("User with this name already exists") from None
    return respond(shapes.echoed(shapes.user(record, app.app_id), data.metadata))


async def list_all(request):
    page, size, reverse = body.paging(request)
    data = await body.parse(request, wire.Filter, empty=wire.Filter())
    app = await scope.app_or_none(request)
    if app is None:  # Honcho's query finds nothing for an unknown app
        return respond(shapes.page([], 0, page, size))
    offset, limit = body.window(page, size)
    found = await store(request).list_peers(
        app.name, where=filters.condition(data.filter), offset=offset, limit=limit, reverse=reverse)
    return respond(shapes.page([shapes.user(p, app.app_id) for p in found.items], found.total, page, size))


async def get(request):
    """GET A/users?user_id= (v1-late) and GET A/users/{user_id} (v1-early)."""
    ident = body.query_id(request, "user_id")
    if not ident:
        raise unauthorized("User ID not found in query parameter or JWT")
    app = await scope.app_or_none(request)
    if app is None:
        raise user_missing(ident)
    return respond(shapes.user(await scope.peer(request, app, ident), app.app_id))


async def by_name(request):
    app = await scope.app_or_none(request)
    name = request.path_params["name"]
    found = app and await store(request).get_peer(app.name, name)
    if found is None:
        raise fail(404, f"User with name '{name}' not found")
    return respond(shapes.user(found, app.app_id))


async def get_or_create(request):
    app = await scope.app(request)
    name = request.path_params["name"]
    body.check_name(name, ["path", "name"])
    record, _ = await store(request).ensure_peer(app.name, name)
    return respond(shapes.user(record, app.app_id))


async def update(request):
    data = await body.parse(request, wire.Update)
    app = await scope.user(request)
    s, found = store(request), app.peer
    if data.name is not None and data.name != found.name:
        if await s.get_peer(app.name, data.name) is not None:
            raise conflict("User update failed - unique constraint violation")
        raise final(501, RENAME)
    if data.metadata is not None:
        found = await s.update_peer(app.name, found.name, metadata=data.metadata)
    return respond(shapes.echoed(shapes.user(found, app.app_id), data.metadata))
