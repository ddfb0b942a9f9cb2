"""Reading requests: JSON bodies into wire structs, query parameters, path names, auth scope."""

from __future__ import annotations

import json
import re
from functools import cache

import msgspec
from starlette.requests import Request

from adapters.contract import bound_workspace
from adapters.honcho_v3.errors import fail, from_msgspec, invalid, issue, root_mismatch, unauthorized

NAME = re.compile(r"^[a-zA-Z0-9_-]+$")
MAX_PAGE_OFFSET = 2**62


@cache
def _decoder(kind) -> msgspec.json.Decoder:
    return msgspec.json.Decoder(kind, strict=False)


def _json_type(content_type: str | None) -> bool:
    """FastAPI parses a body as JSON when there is no Content-Type, or it is
    ``application/json`` or ``application/*+json``."""
    if not content_type:
        return True
    kind = content_type.split(";", 1)[0].strip().lower()
    maintype, _, subtype = kind.partition("/")
    return maintype == "application" and (subtype == "json" or subtype.endswith("+json"))


async def parse(request: Request, kind, *, empty=None):
    """Decode the body into ``kind`` as FastAPI and pydantic's lax mode read it; an empty body
    gives ``empty`` (422 'missing' when None). A body sent with a non-JSON Content-Type is not
    parsed (FastAPI validates its raw text, which is never an object). JSON nested past the
    decoder's depth limit is FastAPI's 400, never a 500."""
    raw = await request.body()
    if not raw:
        if empty is not None:
            return empty
        raise invalid([issue("missing", ["body"], "Field required", None)])
    if not _json_type(request.headers.get("content-type")):
        raise invalid([root_mismatch(kind, raw.decode("utf-8", "replace"))])
    try:
        return _decoder(kind).decode(raw)
    except msgspec.ValidationError as exc:
        return _with_lax_booleans(raw, kind, exc)
    except msgspec.DecodeError as exc:
        raise invalid([_json_invalid(raw, str(exc))]) from exc
    except RecursionError:
        raise fail(400, "There was an error parsing the body") from None


async def given(request: Request):
    """The body as JSON, whatever its shape (None when it is not JSON): pydantic's ``input``."""
    return _loose(await request.body())


def _loose(raw: bytes):
    try:
        return msgspec.json.decode(raw)
    except (msgspec.DecodeError, RecursionError):
        return None


def _json_invalid(raw: bytes, message: str) -> dict:
    """FastAPI's entry: json.loads's own message and position (msgspec's when json reads it)."""
    try:
        json.loads(raw)
    except json.JSONDecodeError as exc:
        return issue("json_invalid", ["body", exc.pos], "JSON decode error", {}, {"error": exc.msg})
    except (UnicodeDecodeError, RecursionError, ValueError):
        pass
    at = re.search(r"byte (\d+)", message)
    position = int(at.group(1)) if at else len(raw)
    return issue("json_invalid", ["body", position], "JSON decode error", {}, {"error": message})


MAX_COERCIONS = 32


def _with_lax_booleans(raw: bytes, kind, first: msgspec.ValidationError):
    """Decode again with each boolean pydantic reads but msgspec does not ("yes", "off", 1.0...)
    replaced by its value; the first other failure is the 422."""
    loose, exc = _loose(raw), first
    for _ in range(MAX_COERCIONS):
        issue_ = from_msgspec(str(exc), loose, kind=kind)
        if issue_["type"] not in ("bool_parsing", "bool_type") or not _set_boolean(loose, issue_["loc"][1:]):
            raise invalid([from_msgspec(str(exc), _loose(raw), kind=kind)]) from exc
        try:
            return msgspec.convert(loose, kind, strict=False)
        except msgspec.ValidationError as again:
            exc = again
    raise invalid([from_msgspec(str(exc), _loose(raw), kind=kind)]) from exc


def _set_boolean(value, loc: list) -> bool:
    from adapters.honcho_v3.configuration import BadValue, boolean

    if not loc:
        return False
    *path, last = loc
    for part in path:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return False
    try:
        value[last] = boolean(value[last])
    except (BadValue, KeyError, IndexError, TypeError):
        return False
    return True


def check_name(value: str, loc: list) -> None:
    if not 1 <= len(value) <= 512:
        kind = "string_too_short" if not value else "string_too_long"
        raise invalid([issue(kind, loc, "String should have between 1 and 512 characters", value)])
    if not NAME.match(value):
        raise invalid([issue("string_pattern_mismatch", loc,
                             "String should match pattern '^[a-zA-Z0-9_-]+$'", value,
                             {"pattern": "^[a-zA-Z0-9_-]+$"})])


def workspace(request: Request, *, creating: bool = False) -> str:
    """The path's workspace, checked against the caller's key binding."""
    name = request.path_params["workspace_id"]
    bound = bound_workspace(request)
    if bound is not None and bound != name:
        raise unauthorized()
    if creating:
        check_name(name, ["path", "workspace_id"])
    return name


def admin_only(request: Request) -> None:
    if bound_workspace(request) is not None:
        raise unauthorized("Resource requires admin privileges")


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


__all__ = ["parse", "check_name", "workspace", "admin_only", "paging", "flag", "fail"]
