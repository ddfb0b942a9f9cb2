"""Honcho v1 (`/v1/apps`, server 0.0.12-1.1.0, honcho-ai 0.0.15-0.2.0) over the canonical store.

Apps are workspaces, users are peers (docs/contract.md §1); both the v1-late (1.0/1.1: GET by query id,
user-level metamessages) and the v1-early (0.0.12-0.0.16: GET by path id, session-level
metamessages, chat/stream) routes are served. Metamessages, collections and documents are
store records, so they export and import with everything else.

tests/golden/honcho_v1/005-007 are recorded from the real Honcho 1.1.0 server on PostgreSQL and
replay here step for step; what they leave out is listed below.

Known deviations from Honcho 1.1.0, each deliberate:
- Ids are 22-character base62 strings (Honcho's nanoids are 21); session ids are session names
  (21-character nanoids for sessions created here). Path ids also accept plain names.
- Apps and users cannot be renamed (501): their names are the workspace and peer ids every
  dialect shares. Renaming onto a taken name is Honcho's 409.
- The v1-early routes (GET by path id, session-level metamessages, chat/stream) are served for
  honcho-ai 0.0.15-0.0.19; a 1.1.0 server answers them 405 or 404.
- A user's sessions are those it owns or is a member of; a session with no owner (written
  through Honcho v3 or OpenAI) is reachable under any user of its app. Messages are listed by
  session, not filtered by the user who wrote them.
- Documents are never embedded (Honcho 1.1.0 calls OpenAI's embeddings for document create,
  content update and query, and answers 500 without it): documents/query ranks by keyword
  (BM25) and returns only documents sharing a word with the query. /chat answers 501 once its
  body passes Honcho's checks: Rosetta runs no LLM (Honcho answers 500 without one).
- Inputs that crash the real server get a clean answer: an empty batch 422 (500 there), a
  too-long get_or_create name 422 (500), a user created or get_or_create'd under an unknown app
  404 (409 "User with this name already exists"), a metamessage moved to an unknown session
  404 (500), a document content update 200 with the document (500 there, after the update is
  written: its answer reads an expired timestamp).
- Metadata filters tell an integer from a decimal: ``{"n": 4.0}`` does not match a stored 4
  (PostgreSQL's JSONB containment compares numbers by value); the store's ``has`` condition,
  shared by every dialect and both backends, keeps the JSON value's type.
- 409 and 501 answers carry ``x-should-retry: false`` so the Stainless SDKs do not retry them.
- A body with several invalid fields gets one 422 entry, for the first (pydantic lists them
  all): the decoder stops at the first error. Bad paging parameters are all listed, but a bad
  body after them is not.
"""

from __future__ import annotations

from adapters.honcho_v1 import wire
from adapters.contract import PARTIAL, UNSUPPORTED, Dialect, Endpoint
from adapters.honcho_v1.naming import record_id
from adapters.honcho_v1 import (
    apps, collections, documents, keys, messages, metamessages, session_metamessages, sessions,
    users,
)
from adapters.honcho_v1.errors import auth_failure, error_response
from adapters.honcho_v1.ids import uid_of
from adapters.honcho_v1.records import COLLECTION, DOCUMENT, METAMESSAGE
from adapters.honcho_server.shapes import iso

APPS = "/apps"
A = APPS + "/{app_id}"
U = A + "/users/{user_id}"
S = U + "/sessions/{session_id}"
C = U + "/collections/{collection_id}"
EARLY = "v1-early form (honcho-ai 0.0.15-0.0.19)"
NO_LLM = "501: needs an LLM; Rosetta runs none"
RENAMES = "metadata only; a rename answers 501"

ENDPOINTS = [
    Endpoint("GET", APPS, apps.get, "app_get", note="?app_id=, else the key's workspace"),
    Endpoint("POST", APPS, apps.create, "app_create", note="409 on a taken name", body=wire.Create),
    Endpoint("POST", APPS + "/list", apps.list_all, "apps_list", note="admin key only", body=wire.Filter),
    Endpoint("GET", APPS + "/name/{name}", apps.by_name, "app_by_name"),
    Endpoint("GET", APPS + "/get_or_create/{name}", apps.get_or_create, "app_get_or_create"),
    Endpoint("GET", A, apps.get, "app_get_by_path", note=EARLY),
    Endpoint("PUT", A, apps.update, "app_update", PARTIAL, RENAMES, body=wire.Update),
    Endpoint("POST", A + "/users", users.create, "user_create", note="409 on a taken name", body=wire.Create),
    Endpoint("GET", A + "/users", users.get, "user_get", note="?user_id="),
    Endpoint("POST", A + "/users/list", users.list_all, "users_list", body=wire.Filter),
    Endpoint("GET", A + "/users/name/{name}", users.by_name, "user_by_name"),
    Endpoint("GET", A + "/users/get_or_create/{name}", users.get_or_create, "user_get_or_create"),
    Endpoint("GET", U, users.get, "user_get_by_path", note=EARLY),
    Endpoint("PUT", U, users.update, "user_update", PARTIAL, RENAMES, body=wire.Update),
    Endpoint("GET", U + "/sessions", sessions.get, "session_get", note="?session_id=; inactive sessions too"),
    Endpoint("POST", U + "/sessions", sessions.create, "session_create", body=wire.SessionCreate),
    Endpoint("POST", U + "/sessions/list", sessions.list_all, "sessions_list", note="owned or joined; is_active filter", body=wire.SessionList),
    Endpoint("GET", S, sessions.get, "session_get_by_path", note=EARLY),
    Endpoint("PUT", S, sessions.update, "session_update", note="replaces metadata", body=wire.MetadataUpdate),
    Endpoint("DELETE", S, sessions.delete, "session_delete", note="soft: inactive, messages kept"),
    Endpoint("POST", S + "/chat", sessions.chat, "session_chat", UNSUPPORTED, NO_LLM, body=wire.Chat),
    Endpoint("POST", S + "/chat/stream", sessions.chat, "session_chat_stream", UNSUPPORTED, NO_LLM + "; " + EARLY, body=wire.Chat),
    Endpoint("GET", S + "/clone", sessions.clone, "session_clone", note="message_id cutoff, deep_copy of metamessages"),
    Endpoint("POST", S + "/messages", messages.create, "message_create", body=wire.MessageCreate),
    Endpoint("POST", S + "/messages/batch", messages.batch, "messages_batch", note="1..100, order kept", body=wire.MessageBatch),
    Endpoint("POST", S + "/messages/list", messages.list_all, "messages_list", note="metadata containment filter", body=wire.Filter),
    Endpoint("GET", S + "/messages/{message_id}", messages.get, "message_get"),
    Endpoint("PUT", S + "/messages/{message_id}", messages.update, "message_update", note="replaces metadata", body=wire.MetadataUpdate),
    Endpoint("POST", S + "/metamessages", session_metamessages.create, "session_metamessage_create", note=EARLY, body=wire.SessionMetamessageCreate),
    Endpoint("POST", S + "/metamessages/list", session_metamessages.list_all, "session_metamessages_list", note=EARLY, body=wire.MetamessageList),
    Endpoint("GET", S + "/metamessages/{metamessage_id}", session_metamessages.get, "session_metamessage_get", note=EARLY),
    Endpoint("PUT", S + "/metamessages/{metamessage_id}", session_metamessages.update, "session_metamessage_update", note=EARLY, body=wire.SessionMetamessageUpdate),
    Endpoint("POST", U + "/metamessages", metamessages.create, "metamessage_create", body=wire.MetamessageCreate),
    Endpoint("POST", U + "/metamessages/list", metamessages.list_all, "metamessages_list", body=wire.MetamessageList),
    Endpoint("GET", U + "/metamessages/{metamessage_id}", metamessages.get, "metamessage_get"),
    Endpoint("PUT", U + "/metamessages/{metamessage_id}", metamessages.update, "metamessage_update", body=wire.MetamessageUpdate),
    Endpoint("GET", U + "/collections", collections.get, "collection_get", note="?collection_id="),
    Endpoint("POST", U + "/collections", collections.create, "collection_create", note="'honcho' reserved; 409 on a taken name", body=wire.Create),
    Endpoint("POST", U + "/collections/list", collections.list_all, "collections_list", body=wire.Filter),
    Endpoint("GET", U + "/collections/name/{name}", collections.by_name, "collection_by_name"),
    Endpoint("GET", C, collections.get, "collection_get_by_path", note=EARLY),
    Endpoint("PUT", C, collections.update, "collection_update", body=wire.Update),
    Endpoint("DELETE", C, collections.delete, "collection_delete", note="deletes its documents"),
    Endpoint("POST", C + "/documents", documents.create, "document_create", PARTIAL, "stored, not embedded", body=wire.DocumentCreate),
    Endpoint("POST", C + "/documents/list", documents.list_all, "documents_list", body=wire.Filter),
    Endpoint("POST", C + "/documents/query", documents.query, "documents_query", PARTIAL, "keyword (BM25) ranking, no embeddings", body=wire.DocumentQuery),
    Endpoint("GET", C + "/documents/{document_id}", documents.get, "document_get"),
    Endpoint("PUT", C + "/documents/{document_id}", documents.update, "document_update", PARTIAL, "content stored, not embedded", body=wire.DocumentUpdate),
    Endpoint("DELETE", C + "/documents/{document_id}", documents.delete, "document_delete"),
    Endpoint("POST", "/keys", keys.create, "keys_create", UNSUPPORTED,
             "405 with auth off (as Honcho); static keys otherwise"),
]

DIALECT = Dialect(
    name="honcho_v1", title="Honcho v1", prefix="/v1", owns=("/v1/apps", "/v1/keys"),
    endpoints=ENDPOINTS, error_response=error_response, auth_failure=auth_failure,
    auth_scheme="Bearer", notes=__doc__,
    sdk_base="", record_id=record_id,
)

# What gateway.migrate may use: ids read back from Rosetta-minted v1 ids, the store record kinds
# v1 objects without a canonical twin are kept as, and the time text those records hold.
__all__ = ["DIALECT", "uid_of", "METAMESSAGE", "COLLECTION", "DOCUMENT", "iso"]
