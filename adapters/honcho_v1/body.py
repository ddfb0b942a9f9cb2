"""Reading v1 requests: JSON bodies and paging (Honcho's FastAPI rules), query ids, names."""

from __future__ import annotations

from starlette.requests import Request

from adapters.honcho_v1.errors import invalid, issue
from adapters.honcho_server import body as server_body, query
from adapters.honcho_server.body import given  # noqa: F401  (the v1 modules read bodies here)

paging = query.paging
flag = query.flag
offset_of = query.offset_of
MAX_NAME = 100


async def parse(request: Request, kind, *, empty=None):
    """The body as Honcho 1.1.0's FastAPI reads it: a JSON ``null`` is no body."""
    return await server_body.parse(request, kind, empty=empty, null_is_empty=True)


def check_name(value: str, loc: list) -> None:
    """A v1 create name (app, user, collection): 1..100 characters, any characters."""
    if not value:
        raise invalid([issue("string_too_short", loc, "String should have at least 1 character",
                             value, {"min_length": 1})])
    if len(value) > MAX_NAME:
        raise invalid([issue("string_too_long", loc, f"String should have at most {MAX_NAME} characters",
                             value, {"max_length": MAX_NAME})])


def query_id(request: Request, name: str) -> str | None:
    """An id given as a query parameter (v1-late GETs) or as the last path segment (v1-early)."""
    return request.path_params.get(name) or request.query_params.get(name) or None


def window(page: int, size: int) -> tuple[int, int]:
    """(offset, limit) for a store call; limit 0 for pages past anything a store can hold."""
    offset = offset_of(page, size)
    return (offset, size) if offset is not None else (0, 0)
