"""Zep v4 (`/api/v4`: zep-cloud 4.x), over the canonical store. Users are enrolled peers,
threads are sessions, messages are messages, in the workspace of the API key (``default``
with auth off); graph episodes, standalone graphs and tasks are records. Users, threads,
graphs and messages are addressed by UUID: the canonical id's UUID text, the same UUIDs Zep
v2 shows (a message imported from Zep keeps its vendor UUID).

Known deviations from Zep:
- No LLM: thread context is the thread's recent messages and its user's latest episodes as
  text; graph context and episode search are keyword matches over episodes and the user's
  messages (score = share of query words found); facts, edges, nodes, observations,
  summaries and agents answer 501; so do batch ingestion and context templates (not built).
- Work is done before the answer: deletes and episode adds answer a task that has already
  succeeded (``GET tasks/{uuid}`` reports it); ``processed`` is always true.
- A reused ``Idempotency-Key`` with another request is a 409 ``idempotency_key_reused``;
  answers are kept 24 hours; simultaneous duplicates are held back within a worker process
  only. Error ``code`` values are Rosetta's (``invalid_request``,
  ``invalid_identifier``, ``not_found``, ``conflict``, ``not_implemented``).
- A user's graph is addressed by the user's UUID; standalone graphs have no ``graph_id``
  unless made through Zep v2's graph routes. ``threads/lookup`` takes a ``thread_id`` only.
- Users and threads made without a developer id are named after their UUID in the other
  dialects. Deleting a user through Zep (v2 or v4) deletes its graph's episodes; deleting the
  peer through Honcho leaves them stored but unreachable. Lists default to 50 items a page (at most 1000), oldest first.
- Messages: at most 30 per call; content within ``zep_max_content_chars``; a message written
  through another dialect without a role shows ``role: null``.
"""

from __future__ import annotations

from adapters.contract import PARTIAL, UNSUPPORTED, Dialect, Endpoint
from adapters.zep_v4 import (
    context, episodes, graphs, lookup, messages, search, tasks, threads, unsupported, users, wire,
)
from adapters.zep_v4.errors import auth_failure, error_response
from adapters.zep_v4.idempotency import idempotent
from adapters.zep_v4.kinds import EPISODE, GRAPH
from adapters.zep_v4.naming import record_id

U = "/users/{user_uuid}"
T = "/threads/{thread_uuid}"
G = "/graphs/{graph_uuid}"
NO_LLM = "501: needs an LLM; Rosetta runs none"
TASK = "answers a task that has already succeeded"

ENDPOINTS = [
    Endpoint("POST", "/users", idempotent(users.create), "user_create", note="201; 409 when the user_id is taken; user_id optional", body=wire.UserCreate),
    Endpoint("POST", "/users/list", users.list_all, "user_list", note="users made as users or peers (not message authors); search, order_by, order", body=wire.Search),
    Endpoint("POST", "/users/lookup", users.lookup, "user_lookup", note="by user_id or thread_id", body=wire.Lookup),
    Endpoint("GET", U, users.get, "user_get"),
    Endpoint("PATCH", U, idempotent(users.update), "user_update", note="metadata merged; null removes a key", body=wire.UserUpdate),
    Endpoint("DELETE", U, idempotent(users.delete), "user_delete", note="the user, its threads and its graph's episodes; " + TASK),
    Endpoint("GET", "/threads", threads.list_all, "thread_list", note="order_by, order, user_uuid"),
    Endpoint("POST", "/threads", idempotent(threads.create), "thread_create", note="201; a session owned by user_uuid", body=wire.ThreadCreate),
    Endpoint("POST", "/threads/lookup", threads.lookup, "thread_lookup", note="by thread_id", body=wire.Lookup),
    Endpoint("GET", T, threads.get, "thread_get"),
    Endpoint("DELETE", T, idempotent(threads.delete), "thread_delete", note=TASK),
    Endpoint("GET", T + "/context", threads.context, "thread_context", PARTIAL, "recent messages and episodes as text; no facts (no LLM)"),
    Endpoint("GET", T + "/episodes", threads.episodes, "thread_episodes", note="the thread's messages as episodes"),
    Endpoint("GET", T + "/messages", messages.list_all, "message_list", note="cursor/page_size, order"),
    Endpoint("POST", T + "/messages", idempotent(messages.add), "message_add", note="1 to 30 messages; return_context", body=wire.AddMessages),
    Endpoint("GET", T + "/messages/{message_uuid}", messages.get, "message_get"),
    Endpoint("PATCH", T + "/messages/{message_uuid}", idempotent(messages.update), "message_update", note="metadata merged; null removes a key; at most 10 keys", body=wire.MetadataPatch),
    Endpoint("POST", "/graphs", idempotent(graphs.create), "graph_create", note="201; a standalone graph", body=wire.GraphCreate),
    Endpoint("POST", "/graphs/list", graphs.list_all, "graph_list", note="standalone graphs", body=wire.Search),
    Endpoint("POST", "/graphs/lookup", graphs.lookup, "graph_lookup", note="by graph_id, user_id or thread_id", body=wire.Lookup),
    Endpoint("GET", G, graphs.get, "graph_get", note="a user's UUID names the user's graph"),
    Endpoint("PATCH", G, idempotent(graphs.update), "graph_update", note="standalone graphs", body=wire.GraphUpdate),
    Endpoint("DELETE", G, idempotent(graphs.delete), "graph_delete", note="standalone graphs, with their episodes; " + TASK),
    Endpoint("POST", G + "/warm", graphs.warm, "graph_warm", note="a no-op; " + TASK),
    Endpoint("POST", G + "/context", context.of_graph, "graph_context", PARTIAL, "keyword-matched episodes and messages as text; no facts (no LLM)", body=wire.GraphContext),
    Endpoint("POST", G + "/search/episodes", search.episodes, "graph_search_episodes", PARTIAL, "keyword search over episodes and the user's messages; no embeddings", body=wire.GraphSearch),
    Endpoint("POST", G + "/episodes", idempotent(episodes.add), "episode_add", note="stored as given (up to 10,000 characters); nothing extracted", body=wire.AddEpisode),
    Endpoint("POST", G + "/episodes/list", episodes.list_all, "episode_list", note="order_by, order", body=wire.EpisodeList),
    Endpoint("GET", G + "/documents/{document_id}/episodes", episodes.for_document, "episode_list_for_document"),
    Endpoint("GET", G + "/episodes/{episode_uuid}", episodes.get, "episode_get"),
    Endpoint("PATCH", G + "/episodes/{episode_uuid}", idempotent(episodes.update), "episode_update", note="metadata merged; at most 10 keys", body=wire.MetadataPatch),
    Endpoint("DELETE", G + "/episodes/{episode_uuid}", idempotent(episodes.delete), "episode_delete", note=TASK),
    Endpoint("POST", "/lookup", lookup.batch, "lookup_batch", note="up to 100 user, thread and graph ids to UUIDs", body=lookup.Batch),
    Endpoint("GET", "/tasks", tasks.list_all, "task_list", note="status, type"),
    Endpoint("GET", "/tasks/{task_uuid}", tasks.get, "task_get", note="always succeeded"),
] + [
    Endpoint(method, path, unsupported.handler(what), name, UNSUPPORTED, NO_LLM)
    for method, path, name, what in unsupported.ROUTES
] + [
    Endpoint(method, path, unsupported.not_built(what), name, UNSUPPORTED, f"501: {what} not built")
    for method, path, name, what in unsupported.NOT_BUILT
]

DIALECT = Dialect(
    name="zep_v4", title="Zep v4 (zep-cloud 4.x)", prefix="/api/v4", endpoints=ENDPOINTS,
    error_response=error_response, auth_failure=auth_failure, auth_scheme="Api-Key",
    notes=__doc__, sdk_base="/api/v4", record_id=record_id,
)

__all__ = ["DIALECT", "EPISODE", "GRAPH"]  # the record kinds: gateway/migrate imports them
