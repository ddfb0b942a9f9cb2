"""A small OpenAPI document for Zep v2, which publishes none: paths and methods from the zep_v2
route table, request bodies from its wire structs (msgspec's JSON Schema of them), and the query
parameters Zep's SDKs send. Enough for schemathesis to aim typed and mistyped requests at every
Zep route; response shapes are not described (the SDK tests check those)."""

from __future__ import annotations

import re

import msgspec

from adapters.zep_v2 import DIALECT, wire
from adapters.zep_v2.drafts import ROLE_TYPES

BODIES = {
    "user_add": wire.UserCreate, "user_update": wire.UserUpdate,
    "session_add": wire.SessionCreate, "session_update": wire.SessionUpdate,
    "sessions_search": wire.SessionSearch, "session_search": wire.MemorySearch,
    "sessions_end": wire.EndSessions, "session_end": wire.EndSession,
    "memory_add": wire.MemoryAdd, "message_update": wire.MetadataUpdate,
    "message_update_by_uuid": wire.MetadataUpdate, "thread_create": wire.ThreadCreate,
    "thread_add_messages": wire.ThreadMessagesAdd, "thread_add_messages_batch": wire.ThreadMessagesAdd,
}
INTEGER, STRING, BOOLEAN = {"type": "integer"}, {"type": "string"}, {"type": "boolean"}
ORDERED = {"page_number": INTEGER, "page_size": INTEGER, "order_by": STRING, "asc": BOOLEAN}
QUERIES = {
    "users_list_ordered": {"pageNumber": INTEGER, "pageSize": INTEGER, "search": STRING, "order_by": STRING, "asc": BOOLEAN},
    "sessions_list_ordered": ORDERED,
    "thread_list_all": ORDERED,
    "memory_get": {"lastn": INTEGER, "minRating": {"type": "number"}},
    "messages_list": {"limit": INTEGER, "cursor": INTEGER},
    "thread_get": {"limit": INTEGER, "cursor": INTEGER, "lastn": INTEGER},
    "sessions_search": {"limit": INTEGER},
    "session_search": {"limit": INTEGER},
}


def _operation(endpoint) -> dict:
    operation = {"operationId": endpoint.name, "responses": {"default": {"description": "any"}}}
    names = re.findall(r"\{(\w+)\}", endpoint.path)
    query = QUERIES.get(endpoint.name, {})
    operation["parameters"] = (
        [{"name": n, "in": "path", "required": True, "schema": STRING} for n in names]
        + [{"name": n, "in": "query", "required": False, "schema": s} for n, s in query.items()])
    kind = BODIES.get(endpoint.name)
    if kind is not None:
        schema = {"$ref": f"#/components/schemas/{kind.__name__}"}
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": schema}}}
    return operation


def zep_spec() -> dict:
    _, components = msgspec.json.schema_components(tuple(set(BODIES.values())),
                                                   ref_template="#/components/schemas/{name}")
    components["Message"]["properties"]["role_type"] = {"enum": list(ROLE_TYPES)}
    components["ThreadMessage"]["properties"]["role"] = {"enum": list(ROLE_TYPES)}
    paths: dict = {}
    for endpoint in DIALECT.endpoints:
        paths.setdefault(DIALECT.prefix + endpoint.path, {})[endpoint.method.lower()] = _operation(endpoint)
    return {"openapi": "3.1.0", "info": {"title": "Zep v2 (from Rosetta's route table)", "version": "2"},
            "paths": paths, "components": {"schemas": components}}
