"""Zep v2 (`/api/v2`: zep-cloud 2.x, @getzep/zep-cloud 2.x, zep-python 2.0.2) and the zep-cloud
3.x thread routes, over the canonical store. Users are peers, sessions (and threads) are
sessions, in the workspace of the API key (``default`` with auth off).

Known deviations from Zep:
- No fact graph: memory answers ``relevant_facts: []`` and ``context: ""``, fact lists are
  empty, fact lookups 404; classify, extract, synthesize_question, summaries and adding facts
  answer 501 (after the 404 of an unknown session, as on Zep). 3.x ``graph.add`` stores the
  episode (the one Zep v4 shows) and ``graph.search`` matches query words in episodes and the
  user's messages; its edge and node scopes (the default scope is edges) answer empty lists.
- Search is full-text + substring over message text, scores are by rank (1, 1/2, ...);
  ``min_score``, ``mmr_lambda``, ``record_filter`` and metadata filters are ignored.
- POST memory (and 3.x thread messages) to an unknown session creates it without a user, as
  Zep CE did. ``lastn`` defaults to 6 (Zep CE). An absent page size lists everything (CE).
- ``role`` (v2) / ``name`` (3.x) shows the sender name, else the author peer (docs/contract.md §3),
  so a message written without one reads back with the session's user or the role type.
- Zep users are the peers someone made users (Zep user add, Honcho peer create, Honcho v1
  user create): an author named only by a message ("Bot", or "assistant" for an unnamed
  assistant message) is not listed by users-ordered until then, but answers user get.
- A session deleted through Honcho v1 (kept inactive) stays readable but is left out of
  listings and answers 404 to writes.
- Metadata may nest at most 100 levels; PATCH deep merges replace nulls rather than skip them.
- Ids containing ``/`` are addressable only percent-encoded (``%2F``, as zep-cloud for Node
  sends them); zep-cloud for Python 2.x sends them raw, which splits the path (as on Zep).
- Users and sessions carry no integer ``id`` or ``project_uuid``; ``deleted_at`` is null.
- ``updated_at`` is shared by every dialect: a metadata update through Honcho or OpenAI (or a
  session ended or deleted elsewhere) bumps it too. Ordered listings break ties (same
  ``user_id``, same or no ``email``) by creation, newest first when descending.
"""

from __future__ import annotations

from adapters.zep_v2 import wire
from adapters.contract import PARTIAL, UNSUPPORTED, Dialect, Endpoint
from adapters.zep_v2.naming import record_id
from adapters.zep_v2 import (
    facts, graph, memory, messages, search, sessions, threads, unsupported, users,
)
from adapters.zep_v2.errors import auth_failure, error_response

U = "/users/{user_id}"
S = "/sessions/{session_id}"
T = "/threads/{thread_id}"
NO_LLM = "501: needs an LLM; Rosetta runs none"
NO_FACTS = "always empty: facts are LLM output"

ENDPOINTS = [
    Endpoint("POST", "/users", users.add, "user_add", note="201; 400 when the user_id is taken", body=wire.UserCreate),
    Endpoint("GET", "/users-ordered", users.list_ordered, "users_list_ordered", note="pageNumber/pageSize (1-based); 3.x search, order_by, asc"),
    Endpoint("GET", U, users.get, "user_get"),
    Endpoint("PATCH", U, users.update, "user_update", note="metadata deep-merged", body=wire.UserUpdate),
    Endpoint("DELETE", U, users.delete, "user_delete", note="deletes the user's sessions too"),
    Endpoint("GET", U + "/sessions", users.sessions, "user_sessions", note="bare array"),
    Endpoint("GET", U + "/threads", users.threads, "user_threads", note="3.x; bare array"),
    Endpoint("GET", U + "/facts", users.facts, "user_facts", PARTIAL, NO_FACTS),
    Endpoint("GET", U + "/node", users.node, "user_node", PARTIAL, "always null: no graph"),
    Endpoint("GET", U + "/warm", users.warm, "user_warm", note="3.x; a no-op"),
    Endpoint("POST", "/sessions", sessions.add, "session_add", note="201; 400 for a taken session_id or unknown user", body=wire.SessionCreate),
    Endpoint("GET", "/sessions-ordered", sessions.list_ordered, "sessions_list_ordered", note="page_number/page_size (or camelCase), order_by, asc"),
    Endpoint("POST", "/sessions/search", search.across, "sessions_search", PARTIAL, "full-text + substring over messages; no embeddings", body=wire.SessionSearch),
    Endpoint("POST", "/sessions/end", sessions.end_many, "sessions_end", body=wire.EndSessions),
    Endpoint("GET", S, sessions.get, "session_get"),
    Endpoint("PATCH", S, sessions.update, "session_update", note="metadata deep-merged, top-level system key dropped; 409 when ended", body=wire.SessionUpdate),
    Endpoint("POST", S + "/end", sessions.end, "session_end", note="501 with classify", body=wire.EndSession),
    Endpoint("GET", S + "/memory", memory.get, "memory_get", PARTIAL, "last n messages (default 6); facts and context empty"),
    Endpoint("POST", S + "/memory", memory.add, "memory_add", note="up to 30 messages; creates an unknown session; 409 when ended", body=wire.MemoryAdd),
    Endpoint("DELETE", S + "/memory", memory.delete, "memory_delete", note="deletes the session and its messages"),
    Endpoint("GET", S + "/messages", messages.list_all, "messages_list", note="limit and 1-based page cursor"),
    Endpoint("GET", S + "/messages/{message_uuid}", messages.get, "message_get"),
    Endpoint("PATCH", S + "/messages/{message_uuid}", messages.update, "message_update", note="metadata deep-merged"),
    Endpoint("POST", S + "/search", search.within, "session_search", PARTIAL, "full-text + substring; no embeddings", body=wire.MemorySearch),
    Endpoint("GET", S + "/facts", facts.session_facts, "session_facts", PARTIAL, NO_FACTS),
    Endpoint("POST", S + "/facts", unsupported.add_session_facts, "session_facts_add", UNSUPPORTED, NO_LLM),
    Endpoint("GET", S + "/summary", unsupported.summaries, "session_summaries", UNSUPPORTED, NO_LLM),
    Endpoint("GET", S + "/synthesize_question", unsupported.synthesize_question, "session_synthesize_question", UNSUPPORTED, NO_LLM),
    Endpoint("POST", S + "/classify", unsupported.classify, "session_classify", UNSUPPORTED, NO_LLM),
    Endpoint("POST", S + "/extract", unsupported.extract, "session_extract", UNSUPPORTED, NO_LLM),
    Endpoint("GET", "/facts/{fact_uuid}", facts.missing, "fact_get", PARTIAL, "404: none exist"),
    Endpoint("DELETE", "/facts/{fact_uuid}", facts.missing, "fact_delete", PARTIAL, "404: none exist"),
    Endpoint("POST", "/threads", threads.create, "thread_create", note="3.x; a session owned by user_id", body=wire.ThreadCreate),
    Endpoint("GET", "/threads", threads.list_all, "thread_list_all", note="3.x; page_number/page_size, order_by, asc"),
    Endpoint("DELETE", T, threads.delete, "thread_delete", note="3.x"),
    Endpoint("GET", T + "/messages", threads.messages, "thread_get", note="3.x; limit/cursor or lastn"),
    Endpoint("POST", T + "/messages", threads.add_messages, "thread_add_messages", note="3.x; role = role type, name = sender", body=wire.ThreadMessagesAdd),
    Endpoint("POST", T + "/messages-batch", threads.add_messages, "thread_add_messages_batch", note="3.x; stored at once", body=wire.ThreadMessagesAdd),
    Endpoint("GET", T + "/context", threads.context, "thread_context", PARTIAL, "always empty: context is LLM output"),
    Endpoint("GET", T + "/summary", unsupported.thread_summary, "thread_summary", UNSUPPORTED, NO_LLM),
    Endpoint("PATCH", "/messages/{message_uuid}", messages.update_anywhere, "message_update_by_uuid", note="3.x; metadata deep-merged"),
    Endpoint("POST", "/graph/create", graph.create, "graph_create", note="3.x; a standalone graph with a graph_id", body=graph.GraphCreate),
    Endpoint("POST", "/graph", graph.add, "graph_add", PARTIAL, "3.x; the episode is stored (shared with v4), nothing extracted", body=graph.AddData),
    Endpoint("POST", "/graph/search", graph.search, "graph_search", PARTIAL, "3.x; episodes scope: keyword search over episodes and the user's messages; edges and nodes empty", body=graph.GraphSearch),
]

DIALECT = Dialect(
    name="zep", title="Zep v2 (and zep-cloud 3.x threads)", prefix="/api/v2",
    endpoints=ENDPOINTS, error_response=error_response, auth_failure=auth_failure,
    auth_scheme="Api-Key",
    raw_path=True,  # Zep's Go router matched the raw path: "a%2Fb" is one id, "a/b" two
    notes=__doc__,
    sdk_base="/api/v2", record_id=record_id, slug="zep-v2",
)

__all__ = ["DIALECT"]
