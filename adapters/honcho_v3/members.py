"""Session peer routes: add, set, remove, list members; per-session peer configuration."""

from __future__ import annotations

from adapters.honcho_v3 import body, configuration, shapes, wire
from adapters.honcho_v3.common import guard, paged, respond, store
from adapters.honcho_v3.errors import fail
from adapters.honcho_v3.sessions import peer_configs
from store.errors import NotFound


def _session(request) -> str:
    return request.path_params["session_id"]


async def _join(request, replace: bool):
    workspace = body.workspace(request, creating=True)
    name = _session(request)
    body.check_name(name, ["path", "session_id"])
    peers = await body.parse(request, dict[str, wire.PeerConfig])
    record = await guard(store(request).join_members(
        workspace, name, peer_configs(peers, ["body"]), replace=replace), workspace, name)
    return respond(shapes.session(record))


async def add(request):
    return await _join(request, replace=False)


async def replace(request):
    return await _join(request, replace=True)


async def remove(request):
    workspace = body.workspace(request)
    name = _session(request)
    peers = await body.parse(request, list[str])
    record = await guard(store(request).leave_members(workspace, name, peers), workspace, name)
    return respond(shapes.session(record))


async def list_all(request):
    workspace = body.workspace(request)
    page, size, _ = body.paging(request)
    offset = body.offset_of(page, size)
    result = await store(request).list_members(
        workspace, _session(request), offset=offset or 0, limit=size if offset is not None else 0)
    return respond(paged(result, shapes.peer, page, size))


async def config_get(request):
    workspace = body.workspace(request)
    member = await store(request).get_member(workspace, _session(request), request.path_params["peer_id"])
    if member is None:
        raise fail(404, f"Peer {request.path_params['peer_id']} not found in session {_session(request)}")
    return respond({"observe_me": member.configuration.get("observe_me"),
                    "observe_others": member.configuration.get("observe_others")})


async def config_set(request):
    workspace = body.workspace(request)
    data = await body.parse(request, wire.PeerConfig)
    peer = request.path_params["peer_id"]
    try:
        await store(request).configure_member(workspace, _session(request), peer, configuration.peer_config(data, ["body"]))
    except NotFound:  # workspace, session, peer or membership
        raise fail(404, f"Peer {peer} not found in session {_session(request)}") from None
    return respond(None, 204)
