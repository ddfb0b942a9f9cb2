"""Session routes: get-or-create, list, update, delete, clone, context, summaries, search."""

from __future__ import annotations

from adapters.honcho_server import query
from adapters.honcho_server.nanoid import nanoid
from adapters.honcho_v3 import body, configuration, observers, scope, scopes, shapes, wire
from adapters.contract import store
from adapters.honcho_v3.body import name_of
from adapters.honcho_v3.lookup import guard, message_uid, session_missing
from adapters.honcho_v3.metadata import clean_metadata
from adapters.honcho_v3.shapes import paged
from adapters.http import respond
from adapters.honcho_server.errors import fail, invalid, issue
from adapters.honcho_v3.filters import translate
from adapters.honcho_v3.search import run_search
from store.errors import NotFound

MAX_CONTEXT_TOKENS = 100_000


def peer_configs(peers: dict | None, loc: list, *, check_names: bool = True) -> dict | None:
    """The configs of ``peers`` as pydantic reads the body; their names are checked here too
    unless the caller checks them later, as Honcho's session get-or-create does."""
    if peers is None:
        return None
    configs = {name: configuration.peer_config(c, [*loc, name]) for name, c in peers.items()}
    if check_names:
        for name in peers:
            body.check_name(name, [*loc, name])
    return configs


async def get_or_create(request):
    workspace = scope.workspace(request, creating=True)
    data = await body.parse(request, wire.SessionCreate)
    name = name_of(data)
    if name is None:
        raise invalid([issue("missing", ["body", "id"], "Field required", await body.given(request))])
    members = peer_configs(data.peers, ["body", "peers"], check_names=False)
    s = store(request)
    await scopes.prepare(s, workspace, data.scopes, ["body", "scopes"])
    if await s.get_session(workspace, name) is None:
        observers.check_new(name, members)
    else:
        await observers.check_added(s, workspace, name, members)
    for peer in members or ():
        body.check_peer_name(peer)
    record, created = await guard(s.get_or_create_session(
        workspace, name, metadata=clean_metadata(data.metadata, ["body", "metadata"]),
        configuration=configuration.session(data.configuration, ["body", "configuration"]),
        members=members,
    ), workspace, name)
    if data.scopes:
        await scopes.attach(store(request), workspace, record, data.scopes)
    return respond(shapes.session(record, written=created or data.metadata is not None), 201 if created else 200)


async def list_all(request):
    workspace = scope.workspace(request)
    page, size, reverse = query.paging(request)
    data = await body.parse(request, wire.Filters, empty=wire.Filters())
    offset = query.offset_of(page, size)
    result = await store(request).list_sessions(
        workspace, active_only=True, where=translate(data.filters, "session"),
        offset=offset or 0, limit=size if offset is not None else 0, reverse=reverse,
    )
    return respond(paged(result, shapes.session, page, size))


async def update(request):
    workspace = scope.workspace(request, creating=True)
    name = request.path_params["session_id"]
    data = await body.parse(request, wire.Update)
    metadata = clean_metadata(data.metadata, ["body", "metadata"])
    settings = configuration.session(data.configuration, ["body", "configuration"])
    if not (body.NAME.match(name) and len(name) <= 512):  # Honcho: ValueError -> this 404
        raise fail(404, "Session not found")
    record, _ = await guard(store(request).get_or_create_session(
        workspace, name, metadata=metadata, configuration=settings,
    ), workspace, name)
    return respond(shapes.session(record, written=True))


async def delete(request):
    workspace = scope.workspace(request)
    name = request.path_params["session_id"]
    try:
        await store(request).delete_session(workspace, name)
    except NotFound:
        raise session_missing(workspace, name) from None
    return respond({"message": "Session deleted successfully"}, 202)


async def clone(request):
    workspace = scope.workspace(request)
    name = request.path_params["session_id"]
    s = store(request)
    original = await s.get_session(workspace, name)
    if original is None or not original.is_active:
        raise fail(404, "Original session not found")
    upto = None
    message_id = request.query_params.get("message_id")
    if message_id:
        upto = await message_uid(s, message_id)
        if upto is None:
            raise fail(404, "Session not found")
    try:
        record = await s.clone_session(workspace, name, nanoid(), upto=upto)
    except NotFound:
        raise fail(404, "Session not found") from None
    await scopes.clone_memberships(s, workspace, original, record)
    return respond(shapes.session(record), 201)


async def context(request):
    workspace = scope.workspace(request)
    name = request.path_params["session_id"]
    tokens = query.integer(request, "tokens", MAX_CONTEXT_TOKENS, -(2**31), MAX_CONTEXT_TOKENS)
    query.flag(request, "summary", True)
    target = request.query_params.get("peer_target")
    if request.query_params.get("peer_perspective") and not target:
        raise fail(422, "peer_target must be provided if peer_perspective is provided")
    s = store(request)
    messages = await s.recent_messages(workspace, name, token_budget=tokens)
    card = None
    representation = "" if target else None  # Honcho's empty representation, as markdown
    if await scopes.context_scope(request, workspace, target):
        target = None  # the card is the scope's own, and a scope holds none
    if target:
        card = await _card(s, workspace, request.query_params.get("peer_perspective") or target, target)
    return respond({"id": name, "messages": [shapes.message(m) for m in messages],
                    "summary": None, "peer_representation": representation, "peer_card": card})


async def _card(s, workspace: str, observer: str, observed: str):
    """The card ``observer`` keeps of ``observed`` (its own card when they are one peer)."""
    peer = await s.get_peer(workspace, observer)
    cards = ((peer.extras.get("honcho_v3") or {}).get("cards") or {}) if peer else {}
    return cards.get("" if observer == observed else observed)


async def summaries(request):
    scope.workspace(request)
    return respond({"id": request.path_params["session_id"], "short_summary": None,
                    "long_summary": None})


async def search(request):
    workspace = scope.workspace(request)
    return await run_search(request, workspace, {"session_id": request.path_params["session_id"]})
