"""Each dialect's OpenAPI 3.1 document, generated from its route table (``Dialect.endpoints``)
and, where an endpoint names one, the msgspec type of its request body.

Nothing here is hand-written per route: paths, methods, operation ids, path parameters,
support notes and the auth scheme all come from the table the gateway routes with, so the
document lists exactly the routes that are served.
"""

from __future__ import annotations

import re
import msgspec

from adapters.contract import BodySchema, Dialect, Endpoint

_PARAM = re.compile(r"\{([^}]+)\}")
_REF = "#/components/schemas/{name}"


def slug(dialect: Dialect) -> str:
    """The document's name in ``/openapi/{slug}.json``: ``honcho-v3``, ``zep-v2``, ``openai``."""
    return dialect.slug


def document(dialect: Dialect, version: str) -> dict:
    types = [e.body for e in dialect.endpoints if e.body is not None and not isinstance(e.body, BodySchema)]
    _, components = msgspec.json.schema_components(types, ref_template=_REF) if types else ((), {})
    paths: dict[str, dict] = {}
    for endpoint in dialect.endpoints:
        path = dialect.prefix + endpoint.path
        paths.setdefault(path, {})[endpoint.method.lower()] = _operation(dialect, endpoint)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{dialect.title} (Rosetta)",
            "version": version,
            "description": f"The {dialect.title} API as Rosetta serves it over its canonical store. "
                           "Generated from the gateway's route table.",
        },
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {"apiKey": _security(dialect)},
        },
        "security": [{"apiKey": []}],
    }


def _operation(dialect: Dialect, endpoint: Endpoint) -> dict:
    operation: dict = {
        "operationId": f"{slug(dialect)}.{endpoint.name}",
        "summary": endpoint.name.replace("_", " "),
        "tags": [dialect.title],
        "x-rosetta-support": endpoint.support,
        "responses": {
            "default": {
                "description": "the answer, or an error in the vendor's envelope",
                "content": {"application/json": {"schema": {}}},
            },
        },
    }
    if endpoint.note:
        operation["description"] = endpoint.note
    params = _PARAM.findall(endpoint.path)
    if params:
        operation["parameters"] = [
            {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            for name in params
        ]
    if endpoint.body is not None:
        schema = _body_schema(endpoint.body)
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": schema}}}
    return operation


def _body_schema(body) -> dict:
    """A msgspec type as a reference into the components; a dialect's schema object inline."""
    if not isinstance(body, BodySchema):
        return msgspec.json.schema_components([body], ref_template=_REF)[0][0]
    return body.json_schema()


def _security(dialect: Dialect) -> dict:
    if dialect.auth_scheme.lower() == "bearer":
        return {"type": "http", "scheme": "bearer"}
    return {"type": "apiKey", "in": "header", "name": "Authorization",
            "description": f"`Authorization: {dialect.auth_scheme} <key>`"}


def encoded(dialect: Dialect, version: str) -> bytes:
    return msgspec.json.encode(document(dialect, version))
