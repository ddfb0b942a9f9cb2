"""Reading a JSON body into a wire struct as Honcho's FastAPI server does: a missing body is a
422 "missing", a type or constraint failure a pydantic-style 422 list, broken JSON 422
"json_invalid", JSON nested too deep FastAPI's 400."""

from __future__ import annotations

import re
from functools import cache

import msgspec
from starlette.requests import Request

from adapters.honcho_server.errors import fail, from_msgspec, invalid, issue


@cache
def _decoder(kind) -> msgspec.json.Decoder:
    return msgspec.json.Decoder(kind)


async def parse(request: Request, kind, *, empty=None):
    """Decode the body into ``kind``; an empty body gives ``empty`` (422 'missing' when None).
    JSON nested past the decoder's depth limit is FastAPI's 400, never a 500."""
    raw = await request.body()
    if not raw.strip():
        if empty is not None:
            return empty
        raise invalid([issue("missing", ["body"], "Field required", None)])
    try:
        return _decoder(kind).decode(raw)
    except msgspec.ValidationError as exc:
        raise invalid([from_msgspec(str(exc), _loose(raw))]) from exc
    except msgspec.DecodeError as exc:
        raise invalid([_json_invalid(raw, str(exc))]) from exc
    except RecursionError:
        raise fail(400, "There was an error parsing the body") from None


def _loose(raw: bytes):
    try:
        return msgspec.json.decode(raw)
    except (msgspec.DecodeError, RecursionError):
        return None


def _json_invalid(raw: bytes, message: str) -> dict:
    at = re.search(r"byte (\d+)", message)
    position = int(at.group(1)) if at else len(raw)  # truncated input: the end, as json.loads says
    return issue("json_invalid", ["body", position], "JSON decode error", {}, {"error": message})
