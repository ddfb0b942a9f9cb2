"""Reading v4 requests: JSON bodies into wire structs, query parameters, UUID path ids and
the metadata rules (at most 10 keys; values strings, numbers, booleans or arrays of those)."""

from __future__ import annotations

from datetime import datetime, timezone
from functools import cache

import msgspec
from starlette.requests import Request

from adapters.zep_v4.errors import bad_request, invalid_identifier
from store.ids import from_uuid_text

MAX_METADATA_KEYS = 10
MAX_INT = 2**31 - 1
SCALARS = (str, int, float, bool)


@cache
def _decoder(kind) -> msgspec.json.Decoder:
    return msgspec.json.Decoder(kind)


async def parse(request: Request, kind, *, empty=None):
    """The body as ``kind``; an empty body gives ``empty`` (400 when None)."""
    raw = await request.body()
    if not raw.strip():
        if empty is not None:
            return empty
        raise bad_request("a JSON request body is required")
    try:
        return _decoder(kind).decode(raw)
    except msgspec.ValidationError as exc:
        raise bad_request(f"invalid request body: {exc}") from None
    except msgspec.DecodeError as exc:
        raise bad_request(f"invalid JSON: {exc}") from None
    except RecursionError:
        raise bad_request("invalid JSON: nested too deeply") from None


def uid(request: Request, name: str) -> bytes:
    """A path id that must be a UUID (400 ``invalid_identifier`` otherwise)."""
    return uuid_value(request.path_params[name], name)


def uuid_value(value: str, param: str) -> bytes:
    found = from_uuid_text(value) if value and len(value) <= 64 else None
    if found is None:
        raise invalid_identifier(param, value)
    return found


def text(request: Request, name: str) -> str | None:
    value = request.query_params.get(name)
    return value or None


def integer(request: Request, name: str, *, default: int, low: int, high: int) -> int:
    raw = text(request, name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise bad_request(f"{name} must be an integer, got {raw!r}", name) from None
    if not low <= value <= high:
        raise bad_request(f"{name} must be between {low} and {high}", name)
    return value


def choice(request: Request, name: str, allowed: tuple[str, ...], default: str) -> str:
    value = text(request, name) or default
    if value not in allowed:
        raise bad_request(f"{name} must be one of {', '.join(allowed)}", name)
    return value


def metadata(value: dict | None, param: str = "metadata", *, nulls: bool = False) -> dict:
    """v4 metadata: at most 10 keys; a value is a string, number, boolean or an array of those
    (``nulls``: a null value, which a PATCH uses to delete a key)."""
    value = value or {}
    if len(value) > MAX_METADATA_KEYS:
        raise bad_request(f"{param} may have at most {MAX_METADATA_KEYS} keys", param)
    for key, item in value.items():
        if item is None and nulls:
            continue
        if isinstance(item, list) and all(isinstance(x, SCALARS) for x in item):
            continue
        if not isinstance(item, SCALARS):
            raise bad_request(f"{param}.{key} must be a string, number, boolean or an array of "
                              "those", param)
    return value


def moment(value: str | None, param: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
        parsed = (parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)
    except (ValueError, OverflowError):
        raise bad_request(f"{param} must be an RFC 3339 timestamp, got {value!r}", param) from None
    if not 1000 <= parsed.year <= 9999:
        raise bad_request(f"{param} is out of range", param)
    return parsed


def clean(value: str, param: str, *, most: int = 500) -> str:
    """A developer id or name: non-empty, no NUL, at most ``most`` characters."""
    if not value.strip():
        raise bad_request(f"{param} cannot be empty", param)
    if "\x00" in value:
        raise bad_request(f"{param} cannot contain a NUL character", param)
    if len(value) > most:
        raise bad_request(f"{param} can contain at most {most} characters", param)
    return value


def merged(old: dict, patch: dict) -> dict:
    """v4's metadata PATCH: keys are set, a null value removes its key."""
    out = dict(old)
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = value
    return out


MAX_DEPTH = 100  # nesting of stored JSON that every dialect can read back


def nested(value, param: str):
    """``value`` when its JSON nesting is at most MAX_DEPTH levels (checked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        if depth > MAX_DEPTH:
            raise bad_request(f"{param} is nested more than {MAX_DEPTH} levels deep", param)
        stack.extend((child, depth + 1) for child in children)
    return value
