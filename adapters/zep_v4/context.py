"""Context blocks built from what is stored, with no LLM: a thread's recent messages (and its
user's latest episodes); a graph's episodes and messages matching a query. Zep's own blocks
hold facts and entities an LLM extracted; these hold the stored text itself."""

from __future__ import annotations

from adapters.contract import store
from adapters.http import respond
from adapters.zep_server.reading import workspace
from adapters.zep_v4 import body, wire
from adapters.zep_v4.errors import bad_request
from adapters.zep_v4.graphs import of_path
from adapters.zep_v4.kinds import EPISODE
from adapters.zep_v4.resolve import owners
from adapters.zep_v4.search import hits
from store.clock import to_text
from store.ids import uuid_text
from store.model import Session

THREAD_TOKENS = 2_000  # the recent messages a thread's context holds
EPISODES = 5  # the user's latest episodes a thread's context holds
DEFAULT_CHARACTERS = 4_000
MAX_CHARACTERS = 100_000


def line(when: str, who: str | None, text: str) -> str:
    return f"- [{when}] {who + ': ' if who else ''}{text}"


async def of_thread(request, ws: str, session: Session) -> str:
    s = store(request)
    messages = await s.recent_messages(ws, session.name, token_budget=THREAD_TOKENS)
    parts = ["Recent messages:", *(line(to_text(m.created_at), m.sender or m.peer or m.role, m.content)
                                  for m in messages)]
    owner = (await owners(request, ws, [session])).get(session.owner)
    if owner is not None:
        page = await s.list_records(ws, EPISODE, parent=uuid_text(owner.uid), limit=EPISODES,
                                    reverse=True)
        if page.items:
            parts += ["Latest episodes:", *(line(e["reference_time"], None, e["content"])
                                           for e in reversed(page.items))]
    return "\n".join(parts)


async def of_graph(request):
    ws = workspace(request)
    graph = await of_path(request, ws)
    data = await body.parse(request, wire.GraphContext)
    if not (data.query or "").strip():
        raise bad_request("query is required", "query")
    most = DEFAULT_CHARACTERS if data.max_characters is None else data.max_characters
    if not 1 <= most <= MAX_CHARACTERS:
        raise bad_request(f"max_characters must be between 1 and {MAX_CHARACTERS}", "max_characters")
    chosen, lines, size, truncated = [], ["Matching episodes and messages:"], 31, False
    for rank, item in enumerate(await hits(request, ws, graph, data.query), 1):
        text = line(item["reference_time"], item.get("role_name"), item["content"])
        if size + len(text) + 1 > most:
            truncated = True
            break
        lines.append(text)
        size += len(text) + 1
        chosen.append({**item, "selection_rank": rank})
    answer = {"context": "\n".join(lines)[:most], "truncated": truncated}
    if data.include_results:
        answer["results"] = {"episodes": chosen, "edges": [], "nodes": [], "observations": [],
                             "thread_summaries": []}
    return respond(answer)
