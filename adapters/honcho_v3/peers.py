"""Peer routes: get-or-create, list, update, a peer's sessions, peer cards, search."""

from __future__ import annotations

from adapters.honcho_server import query
from adapters.honcho_v3 import body, scope, scope_peers, shapes, wire
from adapters.contract import store
from adapters.honcho_v3.body import name_of
from adapters.honcho_v3.lookup import guard
from adapters.honcho_v3.metadata import clean_metadata
from adapters.honcho_v3.shapes import paged
from adapters.http import respond
from adapters.honcho_server.errors import fail, invalid, issue, no_llm
from adapters.honcho_v3.filters import translate
from adapters.honcho_v3.search import run_search

DIALECT = "honcho_v3"


async def get_or_create(request):
    workspace = scope.workspace(request, creating=True)
    data = await body.parse(request, wire.PeerCreate)
    name = name_of(data)
    if name is None:
        raise invalid([issue("missing", ["body", "id"], "Field required", await body.given(request))])
    record, created = await store(request).ensure_peer(
        workspace, name, metadata=clean_metadata(data.metadata, ["body", "metadata"]),
        configuration=data.configuration,
    )
    return respond(shapes.peer(record, written=created or data.metadata is not None), 201 if created else 200)


async def list_all(request):
    workspace = scope.workspace(request)
    page, size, reverse = query.paging(request)
    data = await body.parse(request, scope_peers.PeerListing, empty=scope_peers.PeerListing())
    kind = scope_peers.check_kind(data.kind)
    if kind is not None:
        where = translate(data.filters, "peer")
        return respond(await scope_peers.peer_page(request, workspace, kind, where, page, size, reverse))
    offset = query.offset_of(page, size)
    result = await store(request).list_peers(
        workspace, where=translate(data.filters, "peer"), offset=offset or 0,
        limit=size if offset is not None else 0, reverse=reverse,
    )
    return respond(paged(result, shapes.peer, page, size))


async def update(request):
    workspace = scope.workspace(request, creating=True)
    name = request.path_params["peer_id"]
    body.check_name(name, ["path", "peer_id"])
    data = await body.parse(request, wire.PeerUpdate)
    record = await store(request).update_peer(
        workspace, name, metadata=clean_metadata(data.metadata, ["body", "metadata"]),
        configuration=data.configuration,
    )
    return respond(shapes.peer(record, written=True))


async def sessions(request):
    workspace = scope.workspace(request)
    page, size, reverse = query.paging(request)
    data = await body.parse(request, wire.Filters, empty=wire.Filters())
    offset = query.offset_of(page, size)
    result = await store(request).list_sessions(
        workspace, member=request.path_params["peer_id"],
        where=translate(data.filters, "session"), offset=offset or 0,
        limit=size if offset is not None else 0, reverse=reverse,
    )
    return respond(paged(result, shapes.session, page, size))


def _target(request) -> str:
    """The key of the card asked for: the peer's own card ("") when no target, or the target is
    the peer itself (Honcho keeps one card per observer and observed)."""
    target = request.query_params.get("target") or ""
    return "" if target == request.path_params["peer_id"] else target


def _cards(peer) -> dict:
    return (peer.extras.get(DIALECT) or {}).get("cards") or {}


async def card_get(request):
    workspace = scope.workspace(request)
    peer = await store(request).get_peer(workspace, request.path_params["peer_id"])
    if peer is None:
        raise fail(404, f"Peer {request.path_params['peer_id']} not found in workspace {workspace}")
    return respond({"peer_card": _cards(peer).get(_target(request))})


async def card_set(request):
    workspace = scope.workspace(request, creating=True)
    name = request.path_params["peer_id"]
    body.check_name(name, ["path", "peer_id"])
    data = await body.parse(request, wire.CardSet)
    s = store(request)
    peer, _ = await s.ensure_peer(workspace, name)
    cards = {**_cards(peer), _target(request): data.peer_card}
    extras = {**(peer.extras.get(DIALECT) or {}), "cards": cards}
    await guard(s.update_peer(workspace, name, extras={DIALECT: extras}), workspace)
    return respond({"peer_card": data.peer_card})


async def search(request):
    workspace = scope.workspace(request)
    return await run_search(request, workspace, {"peer_id": request.path_params["peer_id"]})


async def chat(request):
    scope.workspace(request)
    raise no_llm("peer chat (dialectic)")


async def representation(request):
    scope.workspace(request)
    raise no_llm("peer representations")


async def context(request):
    scope.workspace(request)
    raise no_llm("peer context (representation)")
