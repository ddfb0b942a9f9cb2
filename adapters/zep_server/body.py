"""Reading a JSON request body into a wire struct, and bounding the nesting of JSON a dialect
stores, as both Zep dialects do. Failures are ``Unreadable`` with a reason; each dialect words
them in its own error envelope."""

from __future__ import annotations

from functools import cache
from typing import Literal

import msgspec
from starlette.requests import Request

MAX_INT = 2**31 - 1  # Zep's integer query parameters are int32
MAX_DEPTH = 100  # nesting of stored JSON (metadata) every dialect can read back; deeper exhausts Python's stack

Reason = Literal["empty", "invalid", "json", "deep"]


class Unreadable(Exception):
    """Why a body was not read: ``empty`` (no body where one is required), ``invalid`` (JSON that
    does not fit the struct), ``json`` (not JSON), ``deep`` (nested past the decoder's limit);
    ``detail`` is msgspec's message for ``invalid`` and ``json``, else empty."""

    def __init__(self, reason: Reason, detail: str = ""):
        super().__init__(reason, detail)
        self.reason, self.detail = reason, detail


@cache
def _decoder(kind) -> msgspec.json.Decoder:
    return msgspec.json.Decoder(kind)


async def read(request: Request, kind, *, empty=None):
    """The body as ``kind``; an empty (or blank) body gives ``empty``, or ``Unreadable("empty")``
    when that is None."""
    raw = await request.body()
    if not raw.strip():
        if empty is not None:
            return empty
        raise Unreadable("empty")
    try:
        return _decoder(kind).decode(raw)
    except msgspec.ValidationError as exc:
        raise Unreadable("invalid", str(exc)) from None
    except msgspec.DecodeError as exc:
        raise Unreadable("json", str(exc)) from None
    except RecursionError:
        raise Unreadable("deep") from None


def too_deep(value) -> bool:
    """Whether ``value`` nests more than MAX_DEPTH levels of objects and arrays (checked without
    recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        if depth > MAX_DEPTH:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False
