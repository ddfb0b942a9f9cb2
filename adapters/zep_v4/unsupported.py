"""v4 routes that need an LLM or Zep's extraction pipeline (facts, edges, nodes, summaries,
observations, agents ...), and the two storage features not built (batch ingestion, context
templates): 501 in v4's envelope, naming Rosetta and the reason."""

from __future__ import annotations

from adapters.zep_server.reading import workspace
from adapters.zep_v4 import graphs
from adapters.zep_v4.errors import fail, no_llm
from adapters.zep_v4.resolve import thread_of, user_of

G = "/graphs/{graph_uuid}"
A = "/agents/{agent_uuid}"

# (method, path, name, what needs the LLM)
ROUTES = (
    ("GET", "/threads/{thread_uuid}/summary", "thread_summary", "a thread summary"),
    ("GET", "/users/{user_uuid}/node", "user_node", "the user's entity node"),
    ("GET", "/users/{user_uuid}/summary-instructions", "user_summary_instructions_get", "user summaries"),
    ("PUT", "/users/{user_uuid}/summary-instructions", "user_summary_instructions_set", "user summaries"),
    ("POST", G + "/search/edges", "graph_search_edges", "fact edges"),
    ("POST", G + "/search/nodes", "graph_search_nodes", "entity nodes"),
    ("POST", G + "/search/observations", "graph_search_observations", "observations"),
    ("POST", G + "/search/thread-summaries", "graph_search_thread_summaries", "thread summaries"),
    ("POST", G + "/edges", "edge_create", "fact edges"),
    ("POST", G + "/edges/list", "edge_list", "fact edges"),
    ("GET", G + "/edges/{edge_uuid}", "edge_get", "fact edges"),
    ("PATCH", G + "/edges/{edge_uuid}", "edge_update", "fact edges"),
    ("DELETE", G + "/edges/{edge_uuid}", "edge_delete", "fact edges"),
    ("POST", G + "/nodes", "node_create", "entity nodes"),
    ("POST", G + "/nodes/list", "node_list", "entity nodes"),
    ("GET", G + "/nodes/{node_uuid}", "node_get", "entity nodes"),
    ("PATCH", G + "/nodes/{node_uuid}", "node_update", "entity nodes"),
    ("DELETE", G + "/nodes/{node_uuid}", "node_delete", "entity nodes"),
    ("POST", G + "/nodes/{node_uuid}/neighbors", "node_neighbors", "entity nodes"),
    ("POST", G + "/hyperedges", "hyperedge_create", "hyperedges"),
    ("POST", G + "/hyperedges/list", "hyperedge_list", "hyperedges"),
    ("POST", G + "/observations/list", "observation_list", "observations"),
    ("GET", G + "/observations/{observation_uuid}", "observation_get", "observations"),
    ("POST", G + "/thread-summaries/list", "thread_summary_list", "thread summaries"),
    ("POST", G + "/document-summaries/list", "document_summary_list", "document summaries"),
    ("POST", G + "/subgraph", "graph_subgraph", "the entity graph"),
    ("POST", G + "/clone", "graph_clone", "the entity graph"),
    ("POST", "/graphs/query", "graph_query", "graph question answering"),
    ("GET", G + "/episodes/{episode_uuid}/debug-logs", "episode_debug_logs", "extraction logs"),
    ("GET", G + "/episodes/{episode_uuid}/ingestion-traces", "episode_ingestion_traces", "extraction traces"),
    ("POST", "/agents", "agent_create", "agents"),
    ("POST", "/agents/list", "agent_list", "agents"),
    ("GET", A, "agent_get", "agents"),
    ("POST", A + "/context", "agent_context", "agents"),
)

# (method, path, name, what): storage features Rosetta has not built (add messages or episodes
# directly instead of batching them; context blocks have one fixed form)
NOT_BUILT = (
    ("POST", "/batches", "batch_create", "batch ingestion"),
    ("POST", "/context-templates", "context_template_create", "context templates"),
    ("POST", "/context-templates/list", "context_template_list", "context templates"),
)


async def require_path_records(request) -> None:
    """404 for the thread, user or graph the path names when it does not exist, as for every
    other route of that record, before the 501 (a missing record is the caller's first problem)."""
    params = request.path_params
    if not params.keys() & {"thread_uuid", "user_uuid", "graph_uuid"}:
        return
    ws = workspace(request)
    if "thread_uuid" in params:
        await thread_of(request, ws)
    if "user_uuid" in params:
        await user_of(request, ws)
    if "graph_uuid" in params:
        await graphs.of_path(request, ws)


def handler(what: str):
    async def unsupported(request):
        await require_path_records(request)
        raise no_llm(what)

    return unsupported


def not_built(what: str):
    async def unsupported(request):
        raise fail(501, f"Rosetta does not serve Zep's {what}: add messages or episodes directly.")

    return unsupported
