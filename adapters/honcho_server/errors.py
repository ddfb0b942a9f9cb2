"""Honcho's error envelope (both API versions): FastAPI's ``{"detail": "..."}`` and pydantic-style
422 lists, with msgspec's validation messages translated into pydantic's."""

from __future__ import annotations

import re

from adapters.contract import ApiError
from adapters.honcho_server import wire_types
from adapters.http import json_response

NO_LLM = "Rosetta stores memory and runs no LLM or embedding model: {what} is not available"


def error_response(status: int, message):
    return json_response({"detail": message}, status)


def fail(status: int, message: str) -> ApiError:
    return ApiError(status, {"detail": message})


def invalid(errors: list[dict]) -> ApiError:
    return ApiError(422, {"detail": errors})


def issue(kind: str, loc: list, msg: str, value=None, ctx: dict | None = None) -> dict:
    entry = {"type": kind, "loc": loc, "msg": msg, "input": value}
    if ctx:
        entry["ctx"] = ctx
    return entry


def no_llm(what: str) -> ApiError:
    return fail(501, NO_LLM.format(what=what))


def unauthorized(message: str = "JWT not permissioned for this resource") -> ApiError:
    return fail(401, message)


def auth_failure(reason: str):
    text = "No access token provided" if reason == "missing" else "Invalid API key"
    return error_response(401, text)


_AT = re.compile(r" - at `\$(.*)`$")
_PART = re.compile(r"\.([^.\[]+)|\[(\d+|\.\.\.)\]")
MODEL_MSG = "Input should be a valid dictionary or object to extract fields from"
BOOL_PARSING = "Input should be a valid boolean, unable to interpret input"
_ANY_KEY = object()  # msgspec's ``[...]``: some key of an object


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _length(value) -> int:
    return len(value) if isinstance(value, (list, str, dict)) else 0


# msgspec's message -> pydantic's (type, msg, ctx), given the pattern's groups and the input
_RULES = [
    (r"Object missing required field `(.+)`", lambda g, v: ("missing", "Field required", None)),
    (r"Expected `str` of length <= (\d+)", lambda g, v: (
        "string_too_long", f"String should have at most {_plural(int(g[0]), 'character')}", {"max_length": int(g[0])})),
    (r"Expected `str` of length >= (\d+)", lambda g, v: (
        "string_too_short", f"String should have at least {_plural(int(g[0]), 'character')}", {"min_length": int(g[0])})),
    (r"Expected `str` matching regex '(.+)'", lambda g, v: (
        "string_pattern_mismatch", f"String should match pattern '{g[0]}'", {"pattern": g[0]})),
    (r"Expected `array` of length <= (\d+)", lambda g, v: (
        "too_long", f"List should have at most {_plural(int(g[0]), 'item')} after validation, not {_length(v)}",
        {"field_type": "List", "max_length": int(g[0]), "actual_length": _length(v)})),
    (r"Expected `array` of length >= (\d+)", lambda g, v: (
        "too_short", f"List should have at least {_plural(int(g[0]), 'item')} after validation, not {_length(v)}",
        {"field_type": "List", "min_length": int(g[0]), "actual_length": _length(v)})),
    (r"Expected `int` >= (-?\d+)", lambda g, v: (
        "greater_than_equal", f"Input should be greater than or equal to {g[0]}", {"ge": int(g[0])})),
    (r"Expected `int` <= (-?\d+)", lambda g, v: (
        "less_than_equal", f"Input should be less than or equal to {g[0]}", {"le": int(g[0])})),
    (r"Expected `str( \| null)?`, got.*", lambda g, v: ("string_type", "Input should be a valid string", None)),
    (r"Expected `int( \| null)?`, got.*", lambda g, v: (
        ("int_from_float", "Input should be a valid integer, got a number with a fractional part", None)
        if isinstance(v, float) else
        ("int_parsing", "Input should be a valid integer, unable to parse string as an integer", None)
        if isinstance(v, str) else ("int_type", "Input should be a valid integer", None))),
    (r"Expected `bool( \| null)?`, got.*", lambda g, v: (
        ("bool_parsing", BOOL_PARSING, None) if isinstance(v, (str, int)) and not isinstance(v, bool)
        else ("bool_type", "Input should be a valid boolean", None))),
    (r"Expected `array( \| null)?`, got.*", lambda g, v: ("list_type", "Input should be a valid list", None)),
    (r"Expected `object( \| null)?`, got.*", lambda g, v: ("dict_type", "Input should be a valid dictionary", None)),
]
_COMPILED = [(re.compile(f"^{pattern}$"), rule) for pattern, rule in _RULES]


def location(path: str) -> list:
    return [_ANY_KEY if i == "..." else int(i) if i else name for name, i in _PART.findall(path)]


def from_msgspec(message: str, body, root: str = "body", kind=None) -> dict:
    """One pydantic-style issue from a msgspec ValidationError message. With the decoded type
    ``kind``, an object where a model is expected is pydantic's ``model_attributes_type`` (FastAPI
    validates with ``from_attributes``) and an object's key msgspec leaves as ``[...]`` is found."""
    at = _AT.search(message)
    loc = location(at.group(1)) if at else []
    if _ANY_KEY in loc:
        loc = wire_types.resolve_keys(kind, body, loc, _ANY_KEY)
    text = message[: at.start()] if at else message
    value = _dig(body, loc)
    for pattern, rule in _COMPILED:
        found = pattern.match(text)
        if found:
            name, msg, ctx = rule(found.groups(), value)
            if name == "missing":
                loc = [*loc, found.group(1)]
            elif name == "dict_type" and kind is not None and wire_types.is_model(kind, loc):
                name, msg = "model_attributes_type", MODEL_MSG
            return issue(name, [root, *loc], msg, value, ctx)
    return issue("value_error", [root, *loc], text, value)


def root_mismatch(kind, value) -> dict:
    """The issue for a body that is not the JSON value ``kind`` is (a text body, say)."""
    if wire_types.is_model(kind, []):
        return issue("model_attributes_type", ["body"], MODEL_MSG, value)
    if wire_types.is_list(kind):
        return issue("list_type", ["body"], "Input should be a valid list", value)
    return issue("dict_type", ["body"], "Input should be a valid dictionary", value)


def _dig(value, loc: list):
    for part in loc:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return None
    return value
