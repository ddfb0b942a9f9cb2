"""``kind`` on Honcho v3 peer listing (Honcho main, after 3.0.12): scopes shown as the
``scope.<name>`` peers that back them on Honcho. "scope" lists only those, "all" merges them
with the peers by creation time; peer filters apply to them too (evaluated here: a workspace
holds few scopes, and the store keeps them as records, not peers)."""

from __future__ import annotations

from typing import Any

from adapters.contract import store
from adapters.honcho_server import query
from adapters.honcho_server.errors import invalid, issue
from adapters.honcho_server.shapes import page as page_of
from adapters.honcho_v3 import scope_records as records, shapes, wire
from store.query import All, AnyOf, Cond, Filter, Not

KINDS = ("scope", "all")


class PeerListing(wire.Filters):
    kind: Any = None  # checked by check_kind, for pydantic's literal_error


def check_kind(value) -> str | None:
    if value is None or value in KINDS:
        return value
    raise invalid([issue("literal_error", ["body", "kind"], "Input should be 'scope' or 'all'", value,
                         {"expected": "'scope' or 'all'"})])


def scope_peer(workspace: str, scope: dict) -> dict:
    return {"id": records.PEER_PREFIX + scope["name"], "workspace_id": workspace,
            "created_at": records.created(scope), "metadata": scope["metadata"],
            "configuration": {"observe_me": False}}


async def peer_page(request, workspace: str, kind: str, where: Filter | None,
                    page: int, size: int, reverse: bool) -> dict:
    """``kind`` "scope" (scope peers only) or "all" (peers and scope peers, by creation)."""
    s = store(request)
    shown = [scope_peer(workspace, x) for x in await records.every(s, workspace)]
    shown = [p for p in shown if where is None or matches(where, p)]
    if kind == "all":
        offset = query.offset_of(page, size)
        reach = offset + size if offset is not None else 0
        peers = await s.list_peers(workspace, where=where, limit=reach, reverse=reverse)
        theirs = [shapes.peer(p) for p in peers.items]
        merged = sorted(theirs + (shown[::-1] if reverse else shown),
                        key=lambda p: p["created_at"], reverse=reverse)
        window = merged[offset: offset + size] if offset is not None else []
        return page_of(window, peers.total + len(shown), page, size)
    return page_of(_window(shown, page, size, reverse), len(shown), page, size)


def matches(where: Filter, peer: dict) -> bool:
    """A canonical filter over a scope peer's name, created_at and metadata (the fields a peer
    filter names): what the store does for peers, for the few scope peers held in memory."""
    if isinstance(where, All):
        return all(matches(p, peer) for p in where.parts)
    if isinstance(where, AnyOf):
        return any(matches(p, peer) for p in where.parts)
    if isinstance(where, Not):
        return not matches(where.part, peer)
    return _holds(where, peer)


def _field(cond: Cond, peer: dict):
    if cond.field == "name":
        return peer["id"]
    if cond.field == "workspace":
        return peer["workspace_id"]
    if cond.field == "created_at":
        return peer["created_at"]
    if cond.field != "metadata":
        return None
    value = peer["metadata"]
    if cond.key is None:
        return value
    for part in [cond.key] if isinstance(cond.key, str) else cond.key:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _holds(cond: Cond, peer: dict) -> bool:
    value, wanted = _field(cond, peer), cond.value
    if cond.op == "has":
        return isinstance(value, dict) and _contains(value, wanted)
    if value is None:
        return False
    try:
        return _compare(cond.op, value, wanted)
    except TypeError:
        return False


def _compare(op: str, value, wanted) -> bool:
    if op in ("eq", "ne"):
        return (value == wanted) == (op == "eq")
    if op == "in":
        return value in wanted
    if op in ("contains", "icontains"):
        text, part = str(value), str(wanted)
        return part.lower() in text.lower() if op == "icontains" else part in text
    return {"gt": value > wanted, "gte": value >= wanted, "lt": value < wanted,
            "lte": value <= wanted}.get(op, False)


def _contains(whole, part) -> bool:
    if isinstance(part, dict):
        return isinstance(whole, dict) and all(k in whole and _contains(whole[k], v) for k, v in part.items())
    if isinstance(part, list):
        return isinstance(whole, list) and all(any(_contains(w, p) for w in whole) for p in part)
    return whole == part


def _window(items: list, page: int, size: int, reverse: bool) -> list:
    offset = query.offset_of(page, size)
    items = items[::-1] if reverse else items
    return items[offset: offset + size] if offset is not None else []
