"""Honcho v3 (`/v3`, server 3.0.x, honcho-ai 2.x / @honcho-ai/sdk 2.x) over the canonical store.

Known deviations from Honcho 3.0.12, each deliberate:
- Message ids are 22-character base62 strings (Honcho's nanoids are 21 characters).
- DELETE session purges at once (Honcho marks it inactive and purges in a worker), so its name
  is free again at once: Honcho answers 404 "Session ... not found" to creating it or writing
  to it until its worker has purged it. DELETE workspace (202) likewise removes it at once;
  Honcho only queues the deletion, and lists the workspace until its worker has run.
- Inputs that make the real server fail with a 500 get a 422 instead: a bad name in the path
  of workspace or peer update, peer card set, message create or upload, and a bad ``peer_id``
  in a message. (Bad names where Honcho answers, such as a session's peers or its update, get
  Honcho's own 404 or 422 wording.)
- Cloning a session with no messages keeps the clone: Honcho 3.0.12 answers 201 with the new
  id but returns before its commit, so its clone is lost.
- Listing a session's peers gives them in join order; Honcho's query has no ORDER BY
  (PostgreSQL's plan decides).
- Search is SQLite FTS5 (porter stemming) plus substring matching; no embeddings. Full-text
  hits rank by BM25 where Honcho uses PostgreSQL's ts_rank, so their order can differ; ties
  and substring-only hits come newest created first, as in Honcho (messages of one batch,
  created at the same moment, newest written first; Honcho leaves their order to PostgreSQL); an empty query lists the
  newest written first (Honcho: newest created; they differ only for messages written with an
  earlier ``created_at``), and full-text hits are ranked among the newest matches only. The ``peer_perspective`` search
  filter keeps the sessions the peer is or was a member of, without Honcho's per-message
  membership window (Rosetta keeps no join/leave times for it).
- Filters keep Honcho's rows (three-valued logic over missing metadata keys included), except
  where SQLite and PostgreSQL read stored JSON differently: a metadata string that spells a
  number compares as text against a numeric operand (Honcho casts it), and JSON booleans match
  ``in`` values 1/0 rather than the text "true"/"false". Filters that make Honcho's server fail
  (a sub-filter that is not an object, an operator on the whole metadata object other than
  ``contains``, a column compared with an object, a non-numeric value where Honcho casts) are
  a 422 with a detail naming the problem.
- A body with several invalid fields gets one 422 entry, for the first (pydantic lists them
  all): the decoder stops at the first error. A malformed ``created_at`` gets pydantic's reason
  for the common cases (too short, bad year/month/day, bad separator, out of range) and
  "unexpected extra characters at the end of the input" otherwise.
- File upload takes text (``text/*``) and JSON files as Honcho does; a PDF is 415 (Rosetta runs no
  PDF text extractor, Honcho uses pdfplumber), and the 415 for other types lists only the text and
  JSON readers. A file within a few hundred bytes of Honcho's 5 MiB limit can exceed the gateway's
  5 MiB request-body cap (413 "Request body too large"; raise ``--max-body-bytes`` to lift it).
  Form values Honcho's server fails on (metadata or configuration JSON that is not an object, a
  bad peer name) are 422 there too.
- Scopes (Honcho's main branch after 3.0.12) are kept as store records, not as hidden
  ``scope.<name>`` peers: ``kind`` on peer listing shows them as those peers, but no other route
  (session members, peer routes, other dialects) sees one. Rosetta holds no conclusions, so
  adding a session with messages reports its backfill ``completed`` at once with
  ``docs_copied`` 0; ``scope`` on chat and representations is the same 501 as without it, and on
  session context it gives the scope's peer card, which is always null. Two first creates of one
  scope racing may both answer 201.
"""

from __future__ import annotations

from adapters.honcho_v3 import wire
from adapters.contract import PARTIAL, UNSUPPORTED, Dialect, Endpoint
from adapters.honcho_v3.naming import record_id
from adapters.honcho_v3 import (
    members, messages, peers, scope_peers, scope_records, scopes, sessions, unsupported, workspaces,
)
from adapters.honcho_server.errors import auth_failure, error_response
from adapters.honcho_server.shapes import iso
from adapters.honcho_v3.shapes import author

W = "/workspaces/{workspace_id}"
P = W + "/peers/{peer_id}"
S = W + "/sessions/{session_id}"
SC = W + "/scopes/{scope_id}"
NO_LLM = "501: needs an LLM; Rosetta runs none"

ENDPOINTS = [
    Endpoint("POST", "/workspaces", workspaces.get_or_create, "workspace_get_or_create", body=wire.WorkspaceCreate),
    Endpoint("POST", "/workspaces/list", workspaces.list_all, "workspaces_list", note="admin key only", body=wire.Filters),
    Endpoint("PUT", W, workspaces.update, "workspace_update", body=wire.Update),
    Endpoint("DELETE", W, workspaces.delete, "workspace_delete", note="409 while it has active sessions"),
    Endpoint("POST", W + "/search", workspaces.search, "workspace_search", PARTIAL, "full-text + substring, no embeddings",
             body=scopes.ScopedSearch),
    Endpoint("GET", W + "/queue/status", workspaces.queue_status, "queue_status", PARTIAL, "always zero: no deriver queue"),
    Endpoint("POST", W + "/schedule_dream", workspaces.schedule_dream, "schedule_dream", UNSUPPORTED, NO_LLM),
    Endpoint("POST", W + "/peers", peers.get_or_create, "peer_get_or_create", body=wire.PeerCreate),
    Endpoint("POST", W + "/peers/list", peers.list_all, "peers_list", body=scope_peers.PeerListing),
    Endpoint("PUT", P, peers.update, "peer_update", body=wire.Update),
    Endpoint("POST", P + "/sessions", peers.sessions, "peer_sessions", note="includes inactive sessions", body=wire.Filters),
    Endpoint("POST", P + "/chat", peers.chat, "peer_chat", UNSUPPORTED, NO_LLM),
    Endpoint("POST", P + "/representation", peers.representation, "peer_representation", UNSUPPORTED, NO_LLM),
    Endpoint("GET", P + "/context", peers.context, "peer_context", UNSUPPORTED, NO_LLM),
    Endpoint("GET", P + "/card", peers.card_get, "peer_card_get", note="cards are stored, never generated"),
    Endpoint("PUT", P + "/card", peers.card_set, "peer_card_set", body=wire.CardSet),
    Endpoint("POST", P + "/search", peers.search, "peer_search", PARTIAL, "full-text + substring, no embeddings"),
    Endpoint("POST", W + "/sessions", sessions.get_or_create, "session_get_or_create", body=wire.SessionCreate),
    Endpoint("POST", W + "/sessions/list", sessions.list_all, "sessions_list", note="active sessions only", body=wire.Filters),
    Endpoint("PUT", S, sessions.update, "session_update", body=wire.Update),
    Endpoint("DELETE", S, sessions.delete, "session_delete", note="202; purged at once"),
    Endpoint("POST", S + "/clone", sessions.clone, "session_clone"),
    Endpoint("POST", S + "/peers", members.add, "session_peers_add"),
    Endpoint("PUT", S + "/peers", members.replace, "session_peers_set"),
    Endpoint("DELETE", S + "/peers", members.remove, "session_peers_remove"),
    Endpoint("GET", S + "/peers", members.list_all, "session_peers_list"),
    Endpoint("GET", S + "/peers/{peer_id}/config", members.config_get, "session_peer_config_get"),
    Endpoint("PUT", S + "/peers/{peer_id}/config", members.config_set, "session_peer_config_set", body=wire.PeerConfig),
    Endpoint("GET", S + "/context", sessions.context, "session_context", PARTIAL, "recent messages within the token budget; no summary or representation"),
    Endpoint("GET", S + "/summaries", sessions.summaries, "session_summaries", PARTIAL, "always empty: summaries need an LLM"),
    Endpoint("POST", S + "/search", sessions.search, "session_search", PARTIAL, "full-text + substring, no embeddings"),
    Endpoint("POST", S + "/messages", messages.create, "messages_create", note="1..100 per call; also served at .../messages/", body=wire.MessageBatch),
    Endpoint("POST", S + "/messages/upload", messages.upload, "messages_upload", PARTIAL,
             "text/* and JSON files, chunked as Honcho does; PDF is 415 (no PDF extractor)"),
    Endpoint("POST", S + "/messages/list", messages.list_all, "messages_list", note="filters DSL, page/size/reverse", body=wire.Filters),
    Endpoint("GET", S + "/messages/{message_id}", messages.get, "message_get"),
    Endpoint("PUT", S + "/messages/{message_id}", messages.update, "message_update", note="replaces metadata", body=wire.MessageUpdate),
    Endpoint("POST", W + "/scopes", scopes.create, "scope_get_or_create", note="Honcho main (after 3.0.12)",
             body=scopes.ScopeCreate),
    Endpoint("POST", W + "/scopes/list", scopes.list_all, "scopes_list"),
    Endpoint("GET", SC, scopes.get, "scope_get"),
    Endpoint("POST", SC + "/sessions", scopes.add_sessions, "scope_sessions_add", body=scopes.SessionsAdd),
    Endpoint("POST", SC + "/sessions/list", scopes.sessions, "scope_sessions_list"),
    Endpoint("DELETE", SC + "/sessions/{session_id}", scopes.remove_session, "scope_session_remove"),
    Endpoint("GET", SC + "/status", scopes.status, "scope_status", PARTIAL,
             "no conclusions to copy: a session with messages is at once completed, 0 copied"),
    Endpoint("POST", W + "/conclusions", unsupported.conclusions_create, "conclusions_create", UNSUPPORTED, "501: needs embeddings"),
    Endpoint("POST", W + "/conclusions/list", unsupported.conclusions_list, "conclusions_list", PARTIAL, "always empty: conclusions are LLM output"),
    Endpoint("POST", W + "/conclusions/query", unsupported.conclusions_query, "conclusions_query", UNSUPPORTED, "501: needs embeddings"),
    Endpoint("GET", W + "/conclusions/{conclusion_id}", unsupported.conclusion_missing, "conclusion_get", PARTIAL, "404: none exist"),
    Endpoint("DELETE", W + "/conclusions/{conclusion_id}", unsupported.conclusion_missing, "conclusion_delete", PARTIAL, "404: none exist"),
    Endpoint("POST", W + "/chat", unsupported.workspace_chat, "workspace_chat", UNSUPPORTED, NO_LLM),
    Endpoint("POST", W + "/webhooks", unsupported.webhooks, "webhook_create", UNSUPPORTED, "501: no worker delivers webhooks"),
    Endpoint("GET", W + "/webhooks", unsupported.webhooks, "webhooks_list", UNSUPPORTED, "501: no worker delivers webhooks"),
    Endpoint("POST", "/keys", unsupported.keys, "keys_create", UNSUPPORTED, "405 with auth off (as Honcho); static keys otherwise"),
]

DIALECT = Dialect(
    name="honcho_v3", title="Honcho v3", prefix="/v3",
    endpoints=ENDPOINTS, error_response=error_response, auth_failure=auth_failure,
    auth_scheme="Bearer", notes=__doc__,
    sdk_base="", record_id=record_id,
)

# What gateway.migrate may use: a message's author as v3 shows it, Honcho's time text, and how
# scopes are kept (record kinds, uids and bodies).
__all__ = ["DIALECT", "author", "iso", "scope_records"]
