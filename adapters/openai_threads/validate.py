"""Request bodies and list queries checked with OpenAI's parameter paths, codes and messages
(docs/vendors.md, OpenAI §4, §9): bodies against their schema trees in bodies.py, queries here."""

from __future__ import annotations

import msgspec

from adapters.openai_threads.bodies import MAX_CONTENT
from adapters.openai_threads.errors import BAD_JSON, invalid
from adapters.openai_threads.schema import Node, check


async def json_object(request, body: Node) -> dict:
    """The decoded body, checked whole against ``body`` before anything is stored."""
    raw = await request.body()
    if not raw.strip():
        data = {}
    else:
        try:
            data = msgspec.json.decode(raw)
        except (msgspec.DecodeError, RecursionError):  # nesting past the decoder's depth limit too
            raise invalid(BAD_JSON) from None
    if not isinstance(data, dict):
        raise invalid("Invalid type for body: expected an object.", None, "invalid_type")
    check(body, data, "")
    return data


def text(value: str, param: str) -> str:
    if len(value) > MAX_CONTENT:
        raise invalid(f"Invalid '{param}': string too long. Expected a string with maximum length {MAX_CONTENT}, "
                      f"but got a string with length {len(value)} instead.", param, "string_above_max_length")
    return value


def integer(request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise invalid(f"Invalid type for '{name}': expected an integer, but got a string instead.", name, "invalid_type") from None
    if value < low:
        raise invalid(f"Invalid '{name}': integer below minimum value. Expected a value >= {low}, but got {value} instead.", name, "integer_below_min_value")
    if value > high:
        raise invalid(f"Invalid '{name}': integer above maximum value. Expected a value <= {high}, but got {value} instead.", name, "integer_above_max_value")
    return value


def order(request) -> str:
    value = request.query_params.get("order") or "desc"
    if value not in ("asc", "desc"):
        raise invalid(f"Invalid value: '{value}'. Supported values are: 'asc' and 'desc'.", "order", "invalid_value")
    return value
