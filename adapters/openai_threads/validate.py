"""Request checks with OpenAI's parameter paths, codes and messages (docs/vendors.md, OpenAI §4, §9)."""

from __future__ import annotations

import msgspec

from adapters.openai_threads.errors import BAD_JSON, invalid

MAX_CONTENT = 256_000
TYPE_NAMES = {str: "a string", int: "an integer", list: "an array", dict: "an object",
              bool: "a boolean", float: "a number", type(None): "null"}


async def json_object(request, allowed: tuple[str, ...]) -> dict:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        data = msgspec.json.decode(raw)
    except (msgspec.DecodeError, RecursionError):  # nesting past the decoder's depth limit too
        raise invalid(BAD_JSON) from None
    if not isinstance(data, dict):
        raise invalid("Invalid type for body: expected an object.", None, "invalid_type")
    unknown(data, allowed, "")
    return data


def unknown(data: dict, allowed: tuple[str, ...], prefix: str) -> None:
    for key in data:
        if key not in allowed:
            raise invalid(f"Unknown parameter: '{prefix}{key}'.", f"{prefix}{key}", "unknown_parameter")


def of_type(value, kind, param: str, expected: str):
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        got = TYPE_NAMES.get(type(value), "a value")
        raise invalid(f"Invalid type for '{param}': expected {expected}, but got {got} instead.", param, "invalid_type")
    return value


def metadata(value, param: str = "metadata") -> dict | None:
    if value is None:
        return None
    of_type(value, dict, param, "an object")
    if len(value) > 16:
        raise invalid(f"Invalid '{param}': too many properties. Expected an object with at most 16 properties, "
                      f"but got an object with {len(value)} properties instead.", param, "object_above_max_properties")
    for key, item in value.items():
        if len(key) > 64:
            raise invalid(f"Invalid property name in '{param}': '{key}' is too long. Expected a string with maximum "
                          f"length 64, but got a string with length {len(key)} instead.", f"{param}.{key}", "string_above_max_length")
        of_type(item, str, f"{param}.{key}", "a string")
        if len(item) > 512:
            raise invalid(f"Invalid '{param}.{key}': string too long. Expected a string with maximum length 512, "
                          f"but got a string with length {len(item)} instead.", f"{param}.{key}", "string_above_max_length")
    return value


def role(value, param: str) -> str:
    if value is None:
        raise invalid(f"Missing required parameter: '{param}'.", param, "missing_required_parameter")
    if value not in ("user", "assistant"):
        raise invalid(f"Invalid value: '{value}'. Supported values are: 'user' and 'assistant'.", param, "invalid_value")
    return value


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
