"""OpenAPI documents for Zep, which publishes none: the gateway's own document for a dialect
(gateway.openapi: paths and methods from the route table, request bodies from the wire types
the handlers decode with) plus the query parameters Zep's SDKs send, and the role enum, so
schemathesis aims typed and mistyped requests at every Zep route. Response shapes are not
described (the SDK tests check those)."""

from __future__ import annotations

from adapters import dialects
from adapters.zep_v2.drafts import ROLE_TYPES
from gateway.openapi import document

INTEGER, STRING, BOOLEAN = {"type": "integer"}, {"type": "string"}, {"type": "boolean"}
ORDERED = {"page_number": INTEGER, "page_size": INTEGER, "order_by": STRING, "asc": BOOLEAN}
QUERIES = {  # zep v2 operation name -> its query parameters
    "users_list_ordered": {"pageNumber": INTEGER, "pageSize": INTEGER, "search": STRING, "order_by": STRING, "asc": BOOLEAN},
    "sessions_list_ordered": ORDERED,
    "thread_list_all": ORDERED,
    "memory_get": {"lastn": INTEGER, "minRating": {"type": "number"}},
    "messages_list": {"limit": INTEGER, "cursor": INTEGER},
    "thread_get": {"limit": INTEGER, "cursor": INTEGER, "lastn": INTEGER},
    "sessions_search": {"limit": INTEGER},
    "session_search": {"limit": INTEGER},
}
V4_PAGE = {"limit": INTEGER, "cursor": STRING}


def zep_spec(slug: str = "zep-v2") -> dict:
    [dialect] = [d for d in dialects() if d.slug == slug]
    spec = document(dialect, "test")
    for item in spec["paths"].values():
        for method, operation in item.items():
            name = operation["operationId"].split(".", 1)[1]
            query = QUERIES.get(name, {}) if slug == "zep-v2" else V4_PAGE if method == "get" else {}
            operation.setdefault("parameters", []).extend(
                {"name": n, "in": "query", "required": False, "schema": s} for n, s in query.items())
    schemas = spec["components"]["schemas"]
    for struct, field in (("Message", "role_type"), ("ThreadMessage", "role")):
        if struct in schemas and field in schemas[struct].get("properties", {}):
            schemas[struct]["properties"][field] = {"enum": list(ROLE_TYPES)}
    return spec
