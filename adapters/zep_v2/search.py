"""Message search: across sessions (``sessions/search``) and in one session. Full-text and
substring matching from the store; no embeddings, so scores are by rank (1, 1/2, 1/3, ...).
The ``facts`` and ``summary`` scopes have nothing to search and return no results."""

from __future__ import annotations

from adapters.contract import store
from adapters.http import respond
from adapters.zep_server.reading import everything, workspace
from adapters.zep_v2 import body, roles, shapes, wire
from adapters.zep_v2.errors import bad_request
from adapters.zep_v2.lookup import session_of
from store.query import Cond, all_of

SCOPES = ("messages", "summary", "facts")
TYPES = ("similarity", "mmr")
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


def _checked(data) -> bool:
    """True when the request searches messages; 400 for values outside Zep's enums."""
    if data.search_scope is not None and data.search_scope not in SCOPES:
        raise bad_request(f"invalid search_scope {data.search_scope!r}: expected one of {', '.join(SCOPES)}")
    if data.search_type is not None and data.search_type not in TYPES:
        raise bad_request(f"invalid search_type {data.search_type!r}: expected one of {', '.join(TYPES)}")
    return data.search_scope in (None, "messages")


def _limit(request) -> int:
    return min(body.integer(request, "limit", default=0) or DEFAULT_LIMIT, MAX_LIMIT)


def score(rank: int) -> float:
    return 1.0 / (rank + 1)


async def _sessions(request, ws: str, data) -> list[str] | None:
    """The session names a search is limited to (None: the whole workspace)."""
    names = None
    if data.user_id is not None:
        s = store(request)
        owned = await everything(lambda offset, limit: s.list_sessions(
            ws, owner=data.user_id, offset=offset, limit=limit))
        names = [x.name for x in owned]
    if data.session_ids is not None:
        names = [n for n in data.session_ids if names is None or n in names]
    return names


async def across(request):
    ws = workspace(request)
    data = await body.parse(request, wire.SessionSearch)
    limit = _limit(request)
    if not (data.text or "").strip():
        raise bad_request("text is required")
    if not _checked(data):
        return respond({"results": []})
    names = await _sessions(request, ws, data)
    where = Cond("session", "in", names) if names is not None else None
    found = await store(request).search_messages(ws, data.text, where=all_of(where), limit=limit)
    learned = await roles.learned(request, ws, found)
    return respond({"results": [
        {"message": shapes.message(m, learned), "score": score(i), "session_id": m.session}
        for i, m in enumerate(found)
    ]})


async def within(request):
    ws = workspace(request)
    session = await session_of(request, ws, body.path_id(request, "session_id"))
    data = await body.parse(request, wire.MemorySearch, empty=wire.MemorySearch())
    limit = _limit(request)
    if not _checked(data) or not (data.text or "").strip():
        return respond([])
    found = await store(request).search_messages(
        ws, data.text, where=Cond("session", "eq", session.name), limit=limit)
    learned = await roles.learned(request, ws, found)
    return respond([{"message": shapes.message(m, learned), "score": score(i)} for i, m in enumerate(found)])
