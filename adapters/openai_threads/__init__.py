"""OpenAI Assistants threads and Conversations (`/v1`, openai 1.x-3.x Python, openai 5.x Node)
over the store. Threads and conversations are one name space of canonical sessions.

Known deviations from OpenAI (pre-sunset):
- Messages created through the API show status "completed" and completed_at = created_at
  (OpenAI showed null for hand-made messages; "completed" is what its spec allows). Messages
  and items migrated from OpenAI show the vendor's own status fields.
- Assistants are stored records only; runs and run steps answer 501 with x-should-retry: false.
- Conversation ids are `conv_` + 48 hex, message item ids share the thread form `msg_` + 24
  base62; deleting a conversation deletes its items (OpenAI kept them, unreachable).
- Thread and message metadata limits apply to OpenAI writes only; records written through other
  dialects may carry non-string metadata values.
- Request bodies are checked field by field as OpenAI's spec types them (400 invalid_request_error
  naming the parameter, nothing stored), except that null in an optional field is taken as not
  given, and a file_search tool_resources may name both vector_store_ids and vector_stores.
"""

from __future__ import annotations

from adapters.openai_threads import bodies
from adapters.contract import PARTIAL, UNSUPPORTED, Dialect, Endpoint
from adapters.openai_threads.naming import record_id
from adapters.openai_threads import assistants, conversations, messages, runs, threads
from adapters.openai_threads.errors import auth_failure, error_response
from adapters.openai_threads.shapes import uid_of

T = "/threads/{thread_id}"
M = T + "/messages/{message_id}"
A = "/assistants/{assistant_id}"
C = "/conversations/{conversation_id}"
RUNS = "501: Rosetta runs no model"

ENDPOINTS = [
    Endpoint("POST", "/threads/runs", runs.refuse, "thread_create_and_run", UNSUPPORTED, RUNS),
    Endpoint("POST", "/threads", threads.create, "thread_create", note="up to 32 initial messages", body=bodies.THREAD_CREATE),
    Endpoint("GET", T, threads.retrieve, "thread_retrieve"),
    Endpoint("POST", T, threads.modify, "thread_modify", note="metadata replaced; tool_resources kept", body=bodies.THREAD_MODIFY),
    Endpoint("DELETE", T, threads.delete, "thread_delete"),
    Endpoint("POST", T + "/messages", messages.create, "message_create", note="text, image_file and image_url parts kept", body=bodies.MESSAGE),
    Endpoint("GET", T + "/messages", messages.list_all, "message_list", note="limit, order (desc), after, before, run_id"),
    Endpoint("GET", M, messages.retrieve, "message_retrieve"),
    Endpoint("POST", M, messages.modify, "message_modify", note="metadata replaced", body=bodies.MESSAGE_MODIFY),
    Endpoint("DELETE", M, messages.delete, "message_delete"),
    Endpoint("POST", "/assistants", assistants.create, "assistant_create", PARTIAL, "stored only; never run", body=bodies.ASSISTANT_CREATE),
    Endpoint("GET", "/assistants", assistants.list_all, "assistant_list", PARTIAL, "stored only; never run"),
    Endpoint("GET", A, assistants.retrieve, "assistant_retrieve", PARTIAL, "stored only; never run"),
    Endpoint("POST", A, assistants.modify, "assistant_modify", PARTIAL, "stored only; never run", body=bodies.ASSISTANT_MODIFY),
    Endpoint("DELETE", A, assistants.delete, "assistant_delete", PARTIAL, "stored only; never run"),
    Endpoint("POST", "/conversations", conversations.create, "conversation_create", note="up to 20 message items; same store as threads", body=bodies.CONVERSATION_CREATE),
    Endpoint("GET", C, conversations.retrieve, "conversation_retrieve", note="a thread id works too"),
    Endpoint("POST", C, conversations.update, "conversation_update", body=bodies.CONVERSATION_UPDATE),
    Endpoint("DELETE", C, conversations.delete, "conversation_delete", note="its items are deleted too"),
    Endpoint("GET", C + "/items", conversations.items_list, "conversation_items_list", note="limit, order (desc), after; include ignored"),
    Endpoint("POST", C + "/items", conversations.items_create, "conversation_items_create", PARTIAL, "message items only", body=bodies.ITEMS_CREATE),
    Endpoint("GET", C + "/items/{item_id}", conversations.item_retrieve, "conversation_item_retrieve"),
    Endpoint("DELETE", C + "/items/{item_id}", conversations.item_delete, "conversation_item_delete", note="answers the conversation, as OpenAI does"),
    Endpoint("POST", T + "/runs", runs.refuse, "run_create", UNSUPPORTED, RUNS),
    Endpoint("GET", T + "/runs", runs.refuse, "run_list", UNSUPPORTED, RUNS),
    Endpoint("GET", T + "/runs/{run_id}", runs.refuse, "run_retrieve", UNSUPPORTED, RUNS),
    Endpoint("POST", T + "/runs/{run_id}", runs.refuse, "run_modify", UNSUPPORTED, RUNS),
    Endpoint("POST", T + "/runs/{run_id}/cancel", runs.refuse, "run_cancel", UNSUPPORTED, RUNS),
    Endpoint("POST", T + "/runs/{run_id}/submit_tool_outputs", runs.refuse, "run_submit_tool_outputs", UNSUPPORTED, RUNS),
    Endpoint("GET", T + "/runs/{run_id}/steps", runs.refuse, "run_steps_list", UNSUPPORTED, RUNS),
    Endpoint("GET", T + "/runs/{run_id}/steps/{step_id}", runs.refuse, "run_step_retrieve", UNSUPPORTED, RUNS),
]

DIALECT = Dialect(
    name="openai", title="OpenAI Assistants threads and Conversations", prefix="/v1",
    endpoints=ENDPOINTS, error_response=error_response, auth_failure=auth_failure,
    auth_scheme="Bearer", notes=__doc__,
    sdk_base="/v1", record_id=record_id,
)


def message_uid(ident: str) -> bytes | None:
    """The uid a Rosetta-minted message id (``msg_`` + 24 base62) encodes, else None."""
    return uid_of(ident, "msg_")


# What gateway.migrate may use.
__all__ = ["DIALECT", "message_uid"]
