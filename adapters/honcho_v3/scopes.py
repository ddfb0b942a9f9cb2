"""Scope routes (Honcho's main branch after 3.0.12, docs/vendors.md, Honcho §5.12) and the
``scope`` and ``scopes`` options other routes take: a scope is a named set of sessions that
bounds what a read sees. Stored as ``scope_records`` describes.

Honcho copies a member session's conclusions into the scope in a worker and reports each copy in
``GET .../status``. Rosetta holds no conclusions (they are LLM output), so a session that has
messages when it joins is reported at once as ``completed`` with ``docs_copied`` 0.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

import msgspec
from starlette.responses import Response

from adapters.contract import store
from adapters.honcho_server import query
from adapters.honcho_server.errors import fail, invalid, issue
from adapters.honcho_v3 import body, scope_records as records, shapes, wire
from adapters.honcho_v3.scope import workspace as key_workspace
from adapters.honcho_v3.metadata import clean_metadata
from adapters.honcho_v3.shapes import paged
from adapters.http import respond
from store.model import Page
from store.query import Cond

NAME = re.compile(r"^[a-zA-Z0-9_-]+$")
MAX_NAME = 512 - len(records.PEER_PREFIX)
MAX_SESSIONS = 100


class ScopeCreate(msgspec.Struct):
    id: Any = None
    name: Any = None  # Honcho parses it with populate_by_name
    metadata: dict | None = None


class SessionsAdd(msgspec.Struct):
    session_ids: list[str]


class ScopedSearch(wire.Search):
    scope: str | None = None


# -- names --------------------------------------------------------------------------------------
def name_problem(name: str) -> str | None:
    """Honcho's ``_validate_scope_name``: the message of its ValueError, or None."""
    if not 1 <= len(name) <= MAX_NAME:
        return f"Scope name must be between 1 and {MAX_NAME} characters"
    if name.startswith(records.PEER_PREFIX):
        return (f"Scope name must not start with the reserved prefix '{records.PEER_PREFIX}' "
                "(scope names are unprefixed)")
    if not NAME.match(name):
        return "Scope name must match pattern ^[a-zA-Z0-9_-]+$"
    return None


def _value_error(loc: list, problem: str, value) -> dict:
    return issue("value_error", loc, f"Value error, {problem}", value, {"error": {}})


def check_name(value, loc: list) -> str:
    if not isinstance(value, str):
        raise invalid([issue("string_type", loc, "Input should be a valid string", value)])
    if not value:
        raise invalid([issue("string_too_short", loc, "String should have at least 1 character",
                             value, {"min_length": 1})])
    problem = name_problem(value)
    if problem:
        raise invalid([_value_error(loc, problem, value)])
    return value


def check_names(names, loc: list) -> None:
    """``SessionCreate.scopes``: at most 100, each a valid scope name (one error for the list)."""
    if names is None:
        return
    if not isinstance(names, list):
        raise invalid([issue("list_type", loc, "Input should be a valid list", names)])
    for at, name in enumerate(names):
        if not isinstance(name, str):
            raise invalid([issue("string_type", [*loc, at], "Input should be a valid string", name)])
    if len(names) > MAX_SESSIONS:
        raise invalid([issue("too_long", loc, f"List should have at most {MAX_SESSIONS} items after validation",
                             names, {"field_type": "List", "max_length": MAX_SESSIONS,
                                     "actual_length": len(names)})])
    for name in names:
        problem = name_problem(name)
        if problem:
            raise invalid([_value_error(loc, problem, names)])


def missing(workspace: str, name: str):
    return fail(404, f"Scope {name} not found in workspace {workspace}")


async def existing(s, workspace: str, name: str) -> dict:
    scope = await records.get(s, workspace, name)
    if scope is None:
        raise missing(workspace, name)
    return scope


def scope_shape(scope: dict) -> dict:
    return {"id": scope["name"], "metadata": scope["metadata"], "created_at": records.created(scope)}


def no_content() -> Response:
    return Response(status_code=204)


async def _not_a_peer(s, workspace: str, names: list[str]) -> None:
    """Honcho's 409 when a peer (one that is not a scope) holds a scope's reserved peer name."""
    for name in names:
        peer = records.PEER_PREFIX + name
        if await s.get_peer(workspace, peer) is not None:
            raise fail(409, f"A peer named '{peer}' already exists in workspace {workspace} but is "
                            "not a scope. Rename or delete that peer before creating this scope.")


async def _ensure(s, workspace: str, name: str, metadata: dict | None) -> tuple[dict, bool]:
    scope = await records.get(s, workspace, name)
    if scope is None:
        return await records.put(s, workspace, records.scope_body(name, metadata)), True
    if metadata is not None and scope["metadata"] != metadata:
        scope = await records.put(s, workspace, {**scope, "metadata": metadata})
    return scope, False


async def _backfill(s, workspace: str, scope: dict, sessions: list[str]) -> None:
    """Record each session that has messages as backfilled (there is nothing to copy)."""
    done = {}
    for name in sessions:
        if (await s.list_messages(workspace, name, limit=1)).total:
            done[name] = {"state": "completed", "docs_copied": 0,  # Honcho's text for the time
                          "updated_at": datetime.now(timezone.utc).isoformat()}
    if done:
        fresh = await records.get(s, workspace, scope["name"]) or scope
        await records.put(s, workspace, {**fresh, "backfill": {**fresh["backfill"], **done}})


async def prepare(s, workspace: str, names, loc: list) -> None:
    """``scopes`` on session create, before anything is written: 422 for a bad list, 409 for a
    scope name a peer holds."""
    check_names(names, loc)
    if names:
        await _not_a_peer(s, workspace, list(dict.fromkeys(names)))


async def attach(s, workspace: str, session, names: list[str]) -> None:
    """``scopes`` on session create: get or create each scope and add the session to it."""
    for name in dict.fromkeys(names):
        scope, _ = await _ensure(s, workspace, name, None)
        await records.join(s, workspace, name, session)
        await _backfill(s, workspace, scope, [session.name])


async def clone_memberships(s, workspace: str, original, clone) -> None:
    """Honcho's clone copies every member row of the session, a scope's included."""
    for name in await records.scopes_of(s, workspace, original):
        await records.join(s, workspace, name, clone)


# -- routes -------------------------------------------------------------------------------------
async def create(request):
    workspace = key_workspace(request, creating=True)
    data = await body.parse(request, ScopeCreate)
    given = data.id if data.id is not None else data.name
    if given is None:
        raise invalid([issue("missing", ["body", "id"], "Field required", None)])
    name = check_name(given, ["body", "id"])
    metadata = clean_metadata(data.metadata, ["body", "metadata"])
    s = store(request)
    await _not_a_peer(s, workspace, [name])
    await s.ensure_workspace(workspace)
    scope, made = await _ensure(s, workspace, name, metadata)
    return respond(scope_shape(scope), 201 if made else 200)


def _page(items: list, page: int, size: int, reverse: bool) -> Page:
    if reverse:
        items = items[::-1]
    offset = query.offset_of(page, size)
    window = items[offset: offset + size] if offset is not None else []
    return Page(items=window, total=len(items))


async def list_all(request):
    workspace = key_workspace(request)
    page, size, reverse = query.paging(request)
    found = await records.every(store(request), workspace)
    return respond(paged(_page(found, page, size, reverse), scope_shape, page, size))


async def get(request):
    workspace = key_workspace(request)
    return respond(scope_shape(await existing(store(request), workspace, request.path_params["scope_id"])))


async def add_sessions(request):
    workspace = key_workspace(request)
    data = await body.parse(request, SessionsAdd)
    if not 1 <= len(data.session_ids) <= MAX_SESSIONS:
        kind, text, ctx = (("too_short", "List should have at least 1 item after validation", {"min_length": 1})
                           if not data.session_ids else
                           ("too_long", f"List should have at most {MAX_SESSIONS} items after validation",
                            {"max_length": MAX_SESSIONS}))
        raise invalid([issue(kind, ["body", "session_ids"], text, data.session_ids,
                             {"field_type": "List", **ctx, "actual_length": len(data.session_ids)})])
    s = store(request)
    scope = await existing(s, workspace, request.path_params["scope_id"])
    wanted = sorted(set(data.session_ids))
    found = {x.name: x for x in (await s.list_sessions(
        workspace, where=Cond("name", "in", wanted), active_only=True, limit=records.ALL)).items}
    absent = [name for name in wanted if name not in found]
    if absent:
        raise fail(404, f"Session(s) {absent!r} not found in workspace {workspace}")
    for name in wanted:
        await records.join(s, workspace, scope["name"], found[name])
    await _backfill(s, workspace, scope, wanted)
    return no_content()


async def remove_session(request):
    workspace = key_workspace(request)
    s = store(request)
    scope = await existing(s, workspace, request.path_params["scope_id"])
    name = request.path_params["session_id"]
    session = await s.get_session(workspace, name)
    if session is None or not session.is_active:
        raise fail(404, f"Session {name} not found in workspace {workspace}")
    await records.leave(s, workspace, scope["name"], name)
    if name in scope["backfill"]:
        fresh = await records.get(s, workspace, scope["name"]) or scope
        await records.put(s, workspace, {**fresh, "backfill": {
            k: v for k, v in fresh["backfill"].items() if k != name}})
    return no_content()


async def sessions(request):
    workspace = key_workspace(request)
    page, size, reverse = query.paging(request)
    s = store(request)
    scope = await existing(s, workspace, request.path_params["scope_id"])
    found = await records.members(s, workspace, scope["name"])
    return respond(paged(_page(found, page, size, reverse), shapes.session, page, size))


async def status(request):
    workspace = key_workspace(request)
    scope = await existing(store(request), workspace, request.path_params["scope_id"])
    return respond({"backfill_status": scope["backfill"]})


# -- the scope option on other routes -----------------------------------------------------------
async def search_sessions(request, workspace: str, data: ScopedSearch) -> list[str]:
    """Workspace search's ``scope``: the member sessions' names (empty: the search finds
    nothing). 422 with a ``session_id`` filter, 404 for an unknown scope."""
    if data.filters and "session_id" in data.filters:
        raise fail(422, "`scope` and a 'session_id' filter are mutually exclusive")
    s = store(request)
    scope = await existing(s, workspace, data.scope)
    return [x.name for x in await records.members(s, workspace, scope["name"])]


async def context_scope(request, workspace: str, target: str | None) -> bool:
    """Session context's ``scope``: checked as Honcho does; True when one is given (the peer
    card then comes from the scope, which holds none: Rosetta makes no cards)."""
    name = request.query_params.get("scope")
    if name is None:
        return False
    if request.query_params.get("peer_perspective"):
        raise fail(422, "`scope` and `peer_perspective` are mutually exclusive")
    if not target:
        raise fail(422, "peer_target must be provided if scope is provided")
    if request.query_params.getlist("sessions"):
        raise fail(422, "`sessions` and `scope` are mutually exclusive")
    await existing(store(request), workspace, name)
    return True
