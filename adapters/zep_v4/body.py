"""Reading v4 requests: JSON bodies into wire structs, query parameters, UUID path ids and
the metadata rules (at most 10 keys; values strings, numbers, booleans or arrays of those)."""

from __future__ import annotations

from datetime import datetime

from starlette.requests import Request

from adapters.zep_server import body as json_body
from adapters.zep_server.body import MAX_DEPTH, Unreadable
from adapters.zep_server.times import BadTime, utc_time
from adapters.zep_v4.errors import bad_request, invalid_identifier
from store.ids import from_uuid_text

MAX_METADATA_KEYS = 10
SCALARS = (str, int, float, bool)
UNREADABLE = {"empty": "a JSON request body is required", "invalid": "invalid request body: {detail}",
              "json": "invalid JSON: {detail}", "deep": "invalid JSON: nested too deeply"}
BAD_TIME = {"format": "{param} must be an RFC 3339 timestamp, got {value!r}",
            "range": "{param} is out of range"}


async def parse(request: Request, kind, *, empty=None):
    """The body as ``kind``; an empty body gives ``empty`` (400 when None)."""
    try:
        return await json_body.read(request, kind, empty=empty)
    except Unreadable as exc:
        raise bad_request(UNREADABLE[exc.reason].format(detail=exc.detail)) from None


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
        return utc_time(value)
    except BadTime as exc:
        raise bad_request(BAD_TIME[exc.reason].format(param=param, value=value), param) from None


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


def nested(value, param: str):
    """``value`` when its JSON nesting is at most MAX_DEPTH levels."""
    if json_body.too_deep(value):
        raise bad_request(f"{param} is nested more than {MAX_DEPTH} levels deep", param)
    return value
