"""Honcho's error envelope (both API versions): FastAPI's ``{"detail": "..."}`` and pydantic-style
422 lists, with msgspec's validation messages translated into pydantic's."""

from __future__ import annotations

import re

from adapters.contract import ApiError
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
_PART = re.compile(r"\.([^.\[]+)|\[(\d+)\]")
_RULES = [
    (re.compile(r"^Object missing required field `(.+)`$"), "missing", "Field required"),
    (re.compile(r"^Expected `str` of length <= (\d+)$"), "string_too_long", "String should have at most {0} characters"),
    (re.compile(r"^Expected `str` of length >= (\d+)$"), "string_too_short", "String should have at least {0} character"),
    (re.compile(r"^Expected `str` matching regex '(.+)'$"), "string_pattern_mismatch", "String should match pattern '{0}'"),
    (re.compile(r"^Expected `array` of length <= (\d+)$"), "too_long", "List should have at most {0} items after validation"),
    (re.compile(r"^Expected `array` of length >= (\d+)$"), "too_short", "List should have at least {0} item after validation"),
    (re.compile(r"^Expected `int` >= (-?\d+)$"), "greater_than_equal", "Input should be greater than or equal to {0}"),
    (re.compile(r"^Expected `int` <= (-?\d+)$"), "less_than_equal", "Input should be less than or equal to {0}"),
    (re.compile(r"^Expected `str`, got"), "string_type", "Input should be a valid string"),
    (re.compile(r"^Expected `int`, got"), "int_type", "Input should be a valid integer"),
    (re.compile(r"^Expected `bool`, got"), "bool_type", "Input should be a valid boolean"),
    (re.compile(r"^Expected `array`, got"), "list_type", "Input should be a valid list"),
    (re.compile(r"^Expected `object`, got"), "dict_type", "Input should be a valid dictionary"),
    (re.compile(r"^Expected `object \| null`, got"), "dict_type", "Input should be a valid dictionary"),
]


def location(path: str) -> list:
    return [int(i) if i else name for name, i in _PART.findall(path)]


def from_msgspec(message: str, body, root: str = "body") -> dict:
    """One pydantic-style issue from a msgspec ValidationError message."""
    at = _AT.search(message)
    loc = location(at.group(1)) if at else []
    text = message[: at.start()] if at else message
    value = _dig(body, loc)
    for pattern, kind, template in _RULES:
        found = pattern.match(text)
        if found:
            if kind == "missing":
                loc, value = [*loc, found.group(1)], _dig(body, loc)
            return issue(kind, [root, *loc], template.format(*found.groups()), value)
    return issue("value_error", [root, *loc], text, value)


def _dig(value, loc: list):
    for part in loc:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return None
    return value
