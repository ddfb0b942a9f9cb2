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
    """Honcho reads the members' names with ``PeerCreate`` inside a ``try`` that turns the
    ValueError of a bad one into a 404, as it does for a bad session name."""
    workspace = scope.workspace(request, creating=True)
    name = _session(request)
    peers = await body.parse(request, dict[str, wire.PeerConfig])
    configs = peer_configs(peers, ["body"], check_names=False)
    if replace:
        observers.check_new(name, configs)
    else:
        await observers.check_added(store(request), workspace, name, configs)
    if replace and not _valid(name):  # Honcho looks the session up by name first
        raise fail(404, f"Session {name} not found in workspace {workspace}")
    if not all(_valid(n) for n in [name, *configs]):
        raise fail(404, "Failed to set peers for session" if replace else "Session not found")
    record = await guard(store(request).join_members(workspace, name, configs, replace=replace), workspace, name)
    return respond(shapes.session(record))


def _valid(name: str) -> bool:
    return bool(body.NAME.match(name)) and len(name) <= 512


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
    """As Honcho: the session (active) and the peer must exist, in that order; a peer that is
    not a member joins with this config."""
    workspace = scope.workspace(request)
    data = await body.parse(request, wire.PeerConfig)
    peer, session, s = request.path_params["peer_id"], _session(request), store(request)
    settings = configuration.peer_config(data, ["body"])
    found = await s.get_session(workspace, session)
    if not (found and found.is_active):
        raise fail(404, f"Session {session} not found in workspace {workspace}")
    if not _valid(peer):
        raise fail(404, "Session not found")
    if await s.get_peer(workspace, peer) is None:
        raise fail(404, f"Peer {peer} not found in workspace {workspace}")
    await observers.check_added(s, workspace, session, {peer: settings})
    try:
        await s.configure_member(workspace, session, peer, settings)
    except NotFound:  # not a member: Honcho writes the session-peer row it did not find
        await s.join_members(workspace, session, {peer: settings}, replace=False)
    return respond(None, 204)
