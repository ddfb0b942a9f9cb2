"""Helpers every Honcho v3 handler uses: metadata checks, store errors, pages, responses."""

from __future__ import annotations

from adapters.contract import store_of
from adapters.honcho_v3 import shapes
from adapters.honcho_v3.errors import fail, invalid, issue
from gateway.jsonio import json_response
from store.errors import Inactive, NotFound
from store.ids import from_base62

MAX_KEYS = 100
MAX_DEPTH = 5


def respond(content, status: int = 200):
    return json_response(content, status)


def store(request):
    return store_of(request)


def clean_metadata(value: dict | None, loc: list) -> dict | None:
    """Honcho's metadata rules: ≤100 top-level keys, objects nested ≤5 deep (lists are not
    looked into), NUL bytes stripped everywhere."""
    if value is None:
        return None
    if len(value) > MAX_KEYS:
        raise invalid([_limit(loc, f"Metadata exceeds maximum of {MAX_KEYS} top-level keys", value)])
    if _depth(value) > MAX_DEPTH:
        raise invalid([_limit(loc, f"Metadata nesting exceeds maximum depth of {MAX_DEPTH}", value)])
    return _strip(value)


def _limit(loc: list, message: str, value) -> dict:
    return issue("value_error", loc, f"Value error, {message}", value, {"error": {}})


def _depth(value) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values() if isinstance(v, dict)), default=0)
    return 0


def _strip(value):
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_strip(k): _strip(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def session_missing(workspace: str, session: str):
    return fail(404, f"Session {session} not found in workspace {workspace}")


async def guard(awaitable, workspace: str, session: str | None = None):
    """Await a store call, turning missing/inactive records into Honcho's 404s."""
    try:
        return await awaitable
    except (NotFound, Inactive) as exc:
        if exc.kind == "session" or session is not None and exc.kind != "peer":
            raise session_missing(workspace, session or exc.key) from exc
        if exc.kind == "peer":
            raise fail(404, f"Peer {exc.key} not found in workspace {workspace}") from exc
        if exc.kind == "workspace":
            raise fail(404, f"Workspace {workspace} not found") from exc
        raise fail(404, f"{exc.kind.capitalize()} not found") from exc


def paged(result, render, page: int, size: int) -> dict:
    return shapes.page([render(x) for x in result.items], result.total, page, size)


def empty_page(page: int, size: int) -> dict:
    return shapes.page([], 0, page, size)


def name_of(body) -> str | None:
    return body.id or body.name


async def message_uid(s, text: str) -> bytes | None:
    """The uid behind a Honcho message id: our base62 form, or an imported vendor id's alias."""
    uid = from_base62(text) if len(text) <= 22 else None
    return uid or await s.resolve_alias("honcho_v3", "message", text)
