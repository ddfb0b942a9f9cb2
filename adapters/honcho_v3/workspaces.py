"""Workspace routes: get-or-create, list, update, delete, search, queue status."""

from __future__ import annotations

from adapters.honcho_server import query
from adapters.contract import bound_workspace
import msgspec

from adapters.honcho_v3 import body, configuration, scope, scopes, shapes, wire
from adapters.contract import store
from adapters.honcho_v3.metadata import clean_metadata
from adapters.honcho_v3.shapes import paged
from adapters.http import respond
from adapters.honcho_server.errors import fail, invalid, issue, no_llm, unauthorized
from adapters.honcho_v3.filters import translate
from adapters.honcho_v3.search import run_search
from store.errors import NotFound
from store.query import Cond


async def get_or_create(request):
    data = await body.parse(request, wire.WorkspaceCreate)
    name = data.id or data.name
    if name is None:
        raise invalid([issue("missing", ["body", "id"], "Field required", await body.given(request))])
    bound = bound_workspace(request)
    if bound is not None and bound != name:
        raise unauthorized()
    if data.metadata is None:  # WorkspaceCreate.metadata is a dict, never null
        raise invalid([issue("dict_type", ["body", "metadata"], "Input should be a valid dictionary", None)])
    metadata = None if data.metadata is msgspec.UNSET else data.metadata
    settings = None if data.configuration is msgspec.UNSET else configuration.workspace(
        data.configuration, ["body", "configuration"], required=True)
    record, created = await store(request).ensure_workspace(
        name, metadata=clean_metadata(metadata, ["body", "metadata"]), configuration=settings,
    )
    return respond(shapes.workspace(record, written=created), 201 if created else 200)


async def list_all(request):
    scope.admin_only(request)
    page, size, reverse = query.paging(request)
    data = await body.parse(request, wire.Filters, empty=wire.Filters())
    offset = query.offset_of(page, size)
    result = await store(request).list_workspaces(
        where=translate(data.filters, "workspace"), offset=offset or 0,
        limit=size if offset is not None else 0, reverse=reverse,
    )
    return respond(paged(result, shapes.workspace, page, size))


async def update(request):
    name = scope.workspace(request, creating=True)
    data = await body.parse(request, wire.Update)
    settings = configuration.workspace(data.configuration, ["body", "configuration"])
    record = await store(request).update_workspace(
        name, metadata=clean_metadata(data.metadata, ["body", "metadata"]), configuration=settings,
    )
    shown = shapes.workspace(record, written=data.metadata is not None and settings is None)
    if settings is not None:  # Honcho merges the keys given into the configuration it read back
        shown["configuration"] = shapes.merged(record.configuration, settings)
    return respond(shown)


async def delete(request):
    name = scope.workspace(request)
    s = store(request)
    if await s.get_workspace(name) is None:
        raise fail(404, f"Workspace {name} not found")
    if (await s.list_sessions(name, active_only=True, limit=1)).total:
        raise fail(409, f"Cannot delete workspace '{name}': active session(s) remain. Delete all sessions first.")
    try:
        await s.delete_workspace(name)
    except NotFound:
        raise fail(404, f"Workspace {name} not found") from None
    return respond({"message": "Workspace deletion accepted"}, 202)


async def search(request):
    name = scope.workspace(request)
    data = await body.parse(request, scopes.ScopedSearch)
    if data.scope is None:
        return await run_search(request, name)
    members = await scopes.search_sessions(request, name, data)
    if not members:  # a scope with no sessions matches nothing, not everything
        return respond([])
    return await run_search(request, name, within=Cond("session", "in", members))


async def queue_status(request):
    scope.workspace(request)
    return respond({"total_work_units": 0, "completed_work_units": 0,
                    "in_progress_work_units": 0, "pending_work_units": 0, "sessions": None})


async def schedule_dream(request):
    scope.workspace(request)
    raise no_llm("dreams")
