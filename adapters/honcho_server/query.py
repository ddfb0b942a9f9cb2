"""Query parameters as Honcho's FastAPI server reads them: integers and booleans with pydantic's
422s, and page/size/reverse paging."""

from __future__ import annotations

from starlette.requests import Request

from adapters.honcho_server.errors import invalid, issue

MAX_PAGE_OFFSET = 2**62


def _int_param(request: Request, name: str, default: int, low: int, high: int | None) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise invalid([issue("int_parsing", ["query", name],
                             "Input should be a valid integer, unable to parse string as an integer", raw)])
    if value < low:
        raise invalid([issue("greater_than_equal", ["query", name],
                             f"Input should be greater than or equal to {low}", raw, {"ge": low})])
    if high is not None and value > high:
        raise invalid([issue("less_than_equal", ["query", name],
                             f"Input should be less than or equal to {high}", raw, {"le": high})])
    return value


def flag(request: Request, name: str, default: bool = False) -> bool:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.lower()
    if lowered in ("true", "1", "yes", "on", "t", "y"):
        return True
    if lowered in ("false", "0", "no", "off", "f", "n"):
        return False
    raise invalid([issue("bool_parsing", ["query", name],
                         "Input should be a valid boolean, unable to interpret input", raw)])


def paging(request: Request) -> tuple[int, int, bool]:
    """(page, size, reverse) from the query: page >= 1, size 1..100 (default 50)."""
    page = _int_param(request, "page", 1, 1, None)
    size = _int_param(request, "size", 50, 1, 100)
    return page, size, flag(request, "reverse")


def integer(request: Request, name: str, default, low: int, high: int | None):
    return _int_param(request, name, default, low, high)


def offset_of(page: int, size: int) -> int | None:
    """The row offset of a page, or None when it is past anything a store can hold."""
    offset = (page - 1) * size
    return None if offset > MAX_PAGE_OFFSET else offset
