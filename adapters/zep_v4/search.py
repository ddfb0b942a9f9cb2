"""Keyword search over a graph: its episodes and, for a user's graph, the messages of the
user's threads (as episodes with ``source: "message"``). No embeddings or reranking: an item
matches when it contains a query word; its score is the share of query words it contains.
Best first, then newest."""

from __future__ import annotations

import re
from os.path import commonprefix

from adapters.contract import store
from adapters.http import respond
from adapters.zep_server.reading import everything, workspace
from adapters.zep_v4 import body, shapes, wire
from adapters.zep_v4.episodes import all_of
from adapters.zep_v4.errors import bad_request
from adapters.zep_v4.graphs import Graph, of_path
from adapters.zep_v4.paging import Window
from store.ids import uuid_text
from store.query import Cond

WORD = re.compile(r"\w+")
MESSAGE_HITS = 200  # messages read per query word (full-text, stemmed, best first)
MAX_WORDS = 8


def words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text)}


def _stem_match(a: str, b: str) -> bool:
    """Words sharing a stem: a common prefix of at least four letters that leaves at most two
    letters of the shorter word ("climbs"/"climbing", "parcel"/"parcels")."""
    common = len(commonprefix((a, b)))
    return common >= max(4, min(len(a), len(b)) - 2)


def _hit(word: str, found: set[str]) -> bool:
    return word in found or any(_stem_match(word, f) for f in found)


def score(query: set[str], text: str) -> float:
    found = words(text)
    return round(sum(1 for w in query if _hit(w, found)) / len(query), 4) if query else 0.0


async def hits(request, ws: str, graph: Graph, query: str) -> list[dict]:
    """Matching episodes (and user-graph messages) as shaped episodes with scores, best first."""
    wanted = words(query)
    if not wanted:
        raise bad_request("query must contain at least one word", "query")
    found = []
    for e in await all_of(request, ws, graph.uuid):
        value = score(wanted, e.get("content") or "")
        if value > 0:
            found.append((value, e.get("created_at") or "", shapes.episode(e, value)))
    if graph.user is not None:
        found += await message_hits(request, ws, graph, query, wanted)
    found.sort(key=lambda x: (x[0], x[1]), reverse=True)
    return [item for _, _, item in found]


async def message_hits(request, ws: str, graph: Graph, query: str, wanted: set[str]) -> list:
    s = store(request)
    threads = await everything(lambda offset, limit: s.list_sessions(
        ws, owner=graph.user.name, offset=offset, limit=limit))
    if not threads:
        return []
    uuids = {t.name: uuid_text(t.uid) for t in threads}
    where = Cond("session", "in", list(uuids))
    matched: dict[bytes, tuple] = {}  # uid -> (message, query words it matched)
    for word in sorted(wanted)[:MAX_WORDS]:
        for m in await s.search_messages(ws, word, where=where, limit=MESSAGE_HITS):
            matched[m.uid] = (m, matched.get(m.uid, (m, 0))[1] + 1)
    out = []
    for m, count in matched.values():
        value = round(count / len(wanted), 4)
        shaped = shapes.message_episode(m, uuids[m.session], graph.uuid, value)
        out.append((value, shaped["created_at"], shaped))
    return out


async def episodes(request):
    ws = workspace(request)
    graph = await of_path(request, ws)
    window = Window(request)
    data = await body.parse(request, wire.GraphSearch)
    found = await hits(request, ws, graph, data.query or "")
    return respond(window.page(found[window.offset:window.offset + window.size], len(found)))
