"""App routes (apps are canonical workspaces): get, create, list, by name, get-or-create, update."""

from __future__ import annotations

from adapters.contract import bound_workspace
from adapters.honcho_v1 import body, filters, scope, shapes, wire
from adapters.contract import store
from adapters.http import respond
from adapters.honcho_v1.errors import conflict, final, fail, unauthorized

RENAME = "Rosetta cannot rename an app: its name is the workspace id every dialect shares"


async def get(request):
    """GET /apps?app_id= (v1-late) and GET /apps/{app_id} (v1-early)."""
    ident = body.query_id(request, "app_id") or bound_workspace(request)
    if not ident:
        raise unauthorized("App ID not found in query parameter or JWT")
    return respond(shapes.app(await scope.workspace(request, ident)))


async def create(request):
    data = await body.parse(request, wire.Create)
    scope.admin_or(request, data.name)
    record, created = await store(request).ensure_workspace(data.name, metadata=data.metadata)
    if not created:
        raise conflict(f"App with name '{data.name}' already exists")
    return respond(shapes.echoed(shapes.app(record), data.metadata))


async def list_all(request):
    if bound_workspace(request) is not None:
        raise unauthorized("Resource requires admin privileges")
    page, size, reverse = body.paging(request)
    data = await body.parse(request, wire.Filter, empty=wire.Filter())
    offset, limit = body.window(page, size)
    found = await store(request).list_workspaces(
        where=filters.condition(data.filter), offset=offset, limit=limit, reverse=reverse)
    return respond(shapes.page([shapes.app(w) for w in found.items], found.total, page, size))


async def by_name(request):
    name = request.path_params["name"]
    scope.admin_or(request, name)
    found = await store(request).get_workspace(name)
    if found is None:
        raise fail(404, f"App with name '{name}' not found")
    return respond(shapes.app(found))


async def get_or_create(request):
    name = request.path_params["name"]
    body.check_name(name, ["path", "name"])
    scope.admin_or(request, name)
    record, _ = await store(request).ensure_workspace(name)
    return respond(shapes.app(record))


async def update(request):
    data = await body.parse(request, wire.Update)
    found = await scope.workspace(request, request.path_params["app_id"])
    s = store(request)
    if data.name is not None and data.name != found.name:
        if await s.get_workspace(data.name) is not None:
            raise conflict("App update failed - unique constraint violation")
        raise final(501, RENAME)
    if data.metadata is not None:
        found = await s.update_workspace(found.name, metadata=data.metadata)
    return respond(shapes.echoed(shapes.app(found), data.metadata))
