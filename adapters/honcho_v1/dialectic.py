"""The dialectic chat body as Honcho 1.1.0's ``DialecticOptions`` checks it before it calls an
LLM: ``queries`` is a string or a list of strings (pydantic lists both union branches' errors),
at most 10,000 characters each and 25 in a list."""

from __future__ import annotations

from adapters.contract import ApiError
from adapters.honcho_v1 import body, wire
from adapters.honcho_v1.errors import invalid, issue, value_error

MAX_STRING_LENGTH = 10_000
MAX_LIST_LENGTH = 25
LOC = ["body", "queries"]


def _typed(value) -> bool:
    return isinstance(value, str) or (isinstance(value, list) and all(isinstance(q, str) for q in value))


def union_issues(value) -> list[dict]:
    """pydantic's errors for a value that is neither ``str`` nor ``list[str]``."""
    found = [issue("string_type", [*LOC, "str"], "Input should be a valid string", value)]
    if not isinstance(value, list):
        return found + [issue("list_type", [*LOC, "list[str]"], "Input should be a valid list", value)]
    return found + [issue("string_type", [*LOC, "list[str]", i], "Input should be a valid string", q)
                    for i, q in enumerate(value) if not isinstance(q, str)]


def check_limits(queries: str | list[str]) -> None:
    if isinstance(queries, str):
        if len(queries) > MAX_STRING_LENGTH:
            raise value_error(LOC, "Query too long", queries)
        return
    if len(queries) > MAX_LIST_LENGTH:
        raise value_error(LOC, "Too many queries", queries)
    if any(len(q) > MAX_STRING_LENGTH for q in queries):
        raise value_error(LOC, "One or more queries too long", queries)


async def options(request) -> wire.Chat:
    """The checked body, or Honcho's 422."""
    try:
        data = await body.parse(request, wire.Chat)
    except ApiError as exc:
        loose = await body.given(request)
        if exc.status == 422 and isinstance(loose, dict) and "queries" in loose and not _typed(loose["queries"]):
            raise invalid(union_issues(loose["queries"])) from None
        raise
    check_limits(data.queries)
    return data
