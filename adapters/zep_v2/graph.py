"""zep-cloud 3.x graph routes over the episodes Zep v4 keeps: ``POST graph/create`` (a
standalone graph with a ``graph_id``), ``POST graph`` (add an episode to a user's graph or a
standalone graph) and ``POST graph/search`` (keyword search).

Episodes are records of kind ``zep.episode`` whose parent is the UUID of their graph (for a
user's graph, the user's UUID); standalone graphs are ``zep.graph`` records whose parent is
their ``graph_id``. The fields are the ones adapters/zep_v4 reads and writes. Nothing is
extracted (no LLM): edge and node scopes answer empty lists; the episode scope matches query
words in episodes and, for a user's graph, in the user's messages.
"""

from __future__ import annotations

import re
from os.path import commonprefix

import msgspec

from adapters.contract import store
from adapters.http import respond
from adapters.zep_server.extras import own
from adapters.zep_server.reading import CHUNK, everything, workspace
from adapters.zep_v2 import body
from adapters.zep_v2.drafts import moment
from adapters.zep_v2.errors import bad_request, fail
from store.clock import now_text, to_text
from store.ids import new_uid, uuid_text
from store.query import Cond

EPISODE, GRAPH = "zep.episode", "zep.graph"
TYPES = ("text", "json", "message")
SCOPES = ("edges", "nodes", "episodes", "thread_summaries", "observations", "auto")
MAX_DATA = 10_000
WORD = re.compile(r"\w+")


class GraphCreate(msgspec.Struct, kw_only=True):
    graph_id: str
    name: str | None = None
    description: str | None = None


class AddData(msgspec.Struct, kw_only=True):
    data: str
    type: str
    user_id: str | None = None
    graph_id: str | None = None
    created_at: str | None = None
    source_description: str | None = None
    metadata: dict | None = None
    document_id: str | None = None


class GraphSearch(msgspec.Struct, kw_only=True):
    query: str
    user_id: str | None = None
    graph_id: str | None = None
    scope: str | None = None
    limit: int | None = None
    reranker: str | None = None


def _graph_shape(record: dict) -> dict:
    return {"uuid": record["uuid"], "graph_id": record.get("graph_id"), "name": record.get("name"),
            "description": record.get("description"), "created_at": record["created_at"]}


async def _standalone(request, ws: str, graph_id: str) -> dict | None:
    page = await store(request).list_records(ws, GRAPH, parent=graph_id, limit=1)
    return page.items[0] if page.items else None


async def create(request):
    ws = workspace(request)
    data = await body.parse(request, GraphCreate)
    graph_id = body.client_id(data.graph_id, "graph_id")
    if await _standalone(request, ws, graph_id) is not None:
        raise bad_request(f"graph already exists with graph_id: {graph_id}")
    uid, now = new_uid(), now_text()
    record = {"uuid": uuid_text(uid), "graph_id": graph_id, "name": data.name,
              "description": data.description, "time_zone": None, "created_at": now, "updated_at": now}
    saved = await store(request).put_record(ws, GRAPH, uid, record, parent=graph_id)
    return respond(_graph_shape(saved), 201)


async def _target(request, ws: str, user_id: str | None, graph_id: str | None):
    """(graph uuid, the user's peer or None) for exactly one of user_id and graph_id."""
    if (user_id is None) == (graph_id is None):
        raise bad_request("exactly one of user_id and graph_id is required")
    if user_id is not None:
        peer = await store(request).get_peer(ws, user_id)
        if peer is None:
            raise fail(404, "user not found")
        return uuid_text(peer.uid), peer
    record = await _standalone(request, ws, graph_id)
    if record is None:
        raise fail(404, "graph not found")
    return record["uuid"], None


async def drop_episodes(request, ws: str, graph_uuid: str) -> None:
    """Every episode of a graph (a user's, when the user is deleted)."""
    s = store(request)
    for record in await everything(lambda offset, limit: s.list_records(
            ws, EPISODE, parent=graph_uuid, offset=offset, limit=limit)):
        await s.delete_record(ws, EPISODE, bytes.fromhex(record["uuid"].replace("-", "")))


async def add(request):
    ws = workspace(request)
    data = await body.parse(request, AddData)
    if data.type not in TYPES:
        raise bad_request(f"invalid type {data.type!r}: expected one of {', '.join(TYPES)}")
    if not data.data.strip() or len(data.data) > MAX_DATA:
        raise bad_request(f"data must be 1 to {MAX_DATA} characters")
    graph, peer = await _target(request, ws, data.user_id, data.graph_id)
    when = moment(data.created_at)
    uid, now = new_uid(), now_text()
    record = {"uuid": uuid_text(uid), "graph_uuid": graph, "content": data.data, "source": data.type,
              "source_description": data.source_description,
              "metadata": body.nested(data.metadata or {}, "metadata"), "document_id": data.document_id,
              "reference_time": to_text(when) if when else now, "created_at": now,
              "user_uuid": graph if peer is not None else None}
    saved = await store(request).put_record(ws, EPISODE, uid, record, parent=graph)
    return respond(_episode(saved))


def _episode(record: dict, score: float | None = None) -> dict:
    shaped = {"uuid": record["uuid"], "content": record["content"], "created_at": record["created_at"],
              "source": record.get("source"), "source_description": record.get("source_description"),
              "metadata": record.get("metadata") or {}, "processed": True}
    if record.get("document_id"):
        shaped["document_id"] = record["document_id"]
    if score is not None:
        shaped["score"] = shaped["relevance"] = score
    return shaped


def _words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text)}


def _stem_match(a: str, b: str) -> bool:
    """A common prefix of four letters or more leaving at most two of the shorter word."""
    return len(commonprefix((a, b))) >= max(4, min(len(a), len(b)) - 2)


def _score(wanted: set[str], text: str) -> float:
    found = _words(text)
    hit = sum(1 for w in wanted if w in found or any(_stem_match(w, f) for f in found))
    return round(hit / len(wanted), 4)


async def _message_hits(request, ws: str, peer, wanted: set[str]) -> list[tuple]:
    s = store(request)
    sessions = await everything(lambda offset, limit: s.list_sessions(
        ws, owner=peer.name, offset=offset, limit=limit))
    if not sessions:
        return []
    where = Cond("session", "in", [x.name for x in sessions])
    counts: dict[bytes, list] = {}
    for word in sorted(wanted)[:8]:
        for m in await s.search_messages(ws, word, where=where, limit=CHUNK):
            counts.setdefault(m.uid, [m, 0])[1] += 1
    out = []
    for m, count in counts.values():
        value = round(count / len(wanted), 4)
        shaped = {"uuid": own(m).get("uuid") or uuid_text(m.uid), "content": m.content,
                  "created_at": to_text(m.created_at), "source": "message", "role": m.sender or m.peer or "",
                  "role_type": m.role or "norole", "thread_id": m.session, "metadata": m.metadata,
                  "processed": True, "score": value, "relevance": value}
        out.append((value, shaped["created_at"], shaped))
    return out


async def search(request):
    ws = workspace(request)
    data = await body.parse(request, GraphSearch)
    scope = data.scope or "edges"
    if scope not in SCOPES:
        raise bad_request(f"invalid scope {data.scope!r}: expected one of {', '.join(SCOPES)}")
    limit = data.limit if data.limit is not None else 10
    if not 1 <= limit <= 50:
        raise bad_request("limit must be between 1 and 50")
    graph, peer = await _target(request, ws, data.user_id, data.graph_id)
    wanted = _words(data.query)
    if not wanted:
        raise bad_request("query must contain at least one word")
    if scope not in ("episodes", "auto"):
        return respond({scope: []})  # facts, entities and summaries are LLM output: none exist
    s = store(request)
    found = []
    for record in await everything(lambda offset, limit_: s.list_records(
            ws, EPISODE, parent=graph, offset=offset, limit=limit_)):
        value = _score(wanted, record["content"])
        if value > 0:
            found.append((value, record["created_at"], _episode(record, value)))
    if peer is not None:
        found += await _message_hits(request, ws, peer, wanted)
    found.sort(key=lambda x: (x[0], x[1]), reverse=True)
    answer = {"episodes": [item for _, _, item in found[:limit]]}
    if scope == "auto":
        answer |= {"edges": [], "nodes": []}
    return respond(answer)
