"""Query parameters as Honcho's FastAPI server reads them: integers and booleans with pydantic's
422s, and page/size/reverse paging."""

from __future__ import annotations

import re

from starlette.requests import Request

from adapters.honcho_server.errors import invalid, issue

MAX_PAGE_OFFSET = 2**62


INT_TEXT = re.compile(r"\s*[+-]?\d+(\.0*)?\s*")
INT_PARSING = "Input should be a valid integer, unable to parse string as an integer"


def _int_issue(request: Request, name: str, default: int, low: int, high: int | None) -> tuple[int, dict | None]:
    """(value, None), or (default, the 422 entry): an empty value is text that is no integer,
    and integral decimals ("2.0") pass, as pydantic reads query text."""
    raw = request.query_params.get(name)
    if raw is None:
        return default, None
    if not INT_TEXT.fullmatch(raw):
        return default, issue("int_parsing", ["query", name], INT_PARSING, raw)
    value = int(raw.split(".")[0])
    if value < low:
        return default, issue("greater_than_equal", ["query", name],
                              f"Input should be greater than or equal to {low}", raw, {"ge": low})
    if high is not None and value > high:
        return default, issue("less_than_equal", ["query", name],
                              f"Input should be less than or equal to {high}", raw, {"le": high})
    return value, None


def _int_param(request: Request, name: str, default: int, low: int, high: int | None) -> int:
    value, problem = _int_issue(request, name, default, low, high)
    if problem:
        raise invalid([problem])
    return value


def _flag_issue(request: Request, name: str, default: bool) -> tuple[bool, dict | None]:
    raw = request.query_params.get(name)
    if raw is None:
        return default, None
    lowered = raw.lower()
    if lowered in ("true", "1", "yes", "on", "t", "y"):
        return True, None
    if lowered in ("false", "0", "no", "off", "f", "n"):
        return False, None
    return default, issue("bool_parsing", ["query", name],
                          "Input should be a valid boolean, unable to interpret input", raw)


def flag(request: Request, name: str, default: bool = False) -> bool:
    value, problem = _flag_issue(request, name, default)
    if problem:
        raise invalid([problem])
    return value


def paging(request: Request) -> tuple[int, int, bool]:
    """(page, size, reverse) from the query: page >= 1, size 1..100 (default 50); every bad
    one is listed, in FastAPI's order."""
    page, bad_page = _int_issue(request, "page", 1, 1, None)
    size, bad_size = _int_issue(request, "size", 50, 1, 100)
    reverse, bad_reverse = _flag_issue(request, "reverse", False)
    problems = [p for p in (bad_page, bad_size, bad_reverse) if p]
    if problems:
        raise invalid(problems)
    return page, size, reverse


def integer(request: Request, name: str, default, low: int, high: int | None):
    return _int_param(request, name, default, low, high)


def offset_of(page: int, size: int) -> int | None:
    """The row offset of a page, or None when it is past anything a store can hold."""
    offset = (page - 1) * size
    return None if offset > MAX_PAGE_OFFSET else offset
