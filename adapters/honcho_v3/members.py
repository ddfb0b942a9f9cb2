"""Session peer routes: add, set, remove, list members; per-session peer configuration."""

from __future__ import annotations

from adapters.honcho_server import query
from adapters.honcho_v3 import body, configuration, observers, scope, shapes, wire
from adapters.contract import store
from adapters.honcho_v3.lookup import guard
from adapters.honcho_v3.shapes import paged
from adapters.http import respond
from adapters.honcho_server.errors import fail
from adapters.honcho_v3.sessions import peer_configs
from store.errors import NotFound


def _session(request) -> str:
    return request.path_params["session_id"]


async def _join(request, replace: bool):
    workspace = scope.workspace(request, creating=True)
    name = _session(request)
    body.check_name(name, ["path", "session_id"])
    peers = await body.parse(request, dict[str, wire.PeerConfig])
    configs = peer_configs(peers, ["body"])
    if replace:
        observers.check_new(name, configs)
    else:
        await observers.check_added(store(request), workspace, name, configs)
    record = await guard(store(request).join_members(workspace, name, configs, replace=replace), workspace, name)
    return respond(shapes.session(record))


async def add(request):
    return await _join(request, replace=False)


async def replace(request):
    return await _join(request, replace=True)


async def remove(request):
    workspace = scope.workspace(request)
    name = _session(request)
    peers = await body.parse(request, list[str])
    record = await guard(store(request).leave_members(workspace, name, peers), workspace, name)
    return respond(shapes.session(record))


async def list_all(request):
    workspace = scope.workspace(request)
    page, size, _ = query.paging(request)
    offset = query.offset_of(page, size)
    result = await store(request).list_members(
        workspace, _session(request), offset=offset or 0, limit=size if offset is not None else 0)
    return respond(paged(result, shapes.peer, page, size))


async def config_get(request):
    workspace = scope.workspace(request)
    member = await store(request).get_member(workspace, _session(request), request.path_params["peer_id"])
    if member is None:
        raise fail(404, f"Session peer {request.path_params['peer_id']} not found in session "
                        f"{_session(request)} in workspace {workspace}")
    return respond({"observe_me": member.configuration.get("observe_me"),
                    "observe_others": member.configuration.get("observe_others")})


async def config_set(request):
    workspace = scope.workspace(request)
    data = await body.parse(request, wire.PeerConfig)
    peer, session, s = request.path_params["peer_id"], _session(request), store(request)
    settings = configuration.peer_config(data, ["body"])
    await observers.check_added(s, workspace, session, {peer: settings})
    try:
        await s.configure_member(workspace, session, peer, settings)
    except NotFound:  # workspace, session, peer or membership
        if not await _both_exist(s, workspace, session, peer):  # Honcho's insert fails (500) there
            raise fail(404, f"Session peer {peer} not found in session {session} in workspace {workspace}") from None
        # Honcho writes the session-peer row it did not find: the peer joins with this config
        await s.join_members(workspace, session, {peer: settings}, replace=False)
    return respond(None, 204)


async def _both_exist(s, workspace: str, session: str, peer: str) -> bool:
    found = await s.get_session(workspace, session)
    return bool(found and found.is_active and await s.get_peer(workspace, peer))
