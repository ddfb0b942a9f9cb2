"""Reading a JSON body into a wire struct as Honcho's FastAPI server does: a body sent with a
non-JSON Content-Type is not parsed (its raw text is validated, and is never an object), a
missing body is a 422 "missing", JSON is read in pydantic's lax mode ("12" is an int, "yes" a
boolean), a type or constraint failure is a pydantic-style 422 list, broken JSON 422
"json_invalid" in json.loads's words, JSON nested too deep FastAPI's 400."""

from __future__ import annotations

import json
import re
from functools import cache

import msgspec
from starlette.requests import Request

from adapters.honcho_server.errors import fail, from_msgspec, invalid, issue, root_mismatch
from adapters.honcho_server.lax import BadValue, boolean


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


async def parse(request: Request, kind, *, empty=None, null_is_empty: bool = False):
    """Decode the body into ``kind`` as FastAPI and pydantic's lax mode read it; an empty body
    gives ``empty`` (422 'missing' when None), and so does a JSON ``null`` with ``null_is_empty``
    (FastAPI 0.115, under Honcho 1.1.0; Honcho 3's FastAPI validates the null). A body sent with
    a non-JSON Content-Type is not parsed (FastAPI validates its raw text, which is never an
    object). JSON nested past the decoder's depth limit is FastAPI's 400, never a 500."""
    raw = await request.body()
    if not raw or (null_is_empty and raw.strip() == b"null" and _json_type(request.headers.get("content-type"))):
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
    """Decode again with each boolean pydantic reads but msgspec does not ("yes", "off", 1.0...),
    and each boolean given for an integer, replaced by its value; the first other failure is the 422."""
    loose, exc = _loose(raw), first
    for _ in range(MAX_COERCIONS):
        issue_ = from_msgspec(str(exc), loose, kind=kind)
        if not _set_lax(loose, issue_):
            raise invalid([from_msgspec(str(exc), _loose(raw), kind=kind)]) from exc
        try:
            return msgspec.convert(loose, kind, strict=False)
        except msgspec.ValidationError as again:
            exc = again
    raise invalid([from_msgspec(str(exc), _loose(raw), kind=kind)]) from exc


def _set_lax(loose, issue_: dict) -> bool:
    """Put pydantic's lax reading of the value ``issue_`` is about in place, if it has one."""
    if issue_["type"] in ("bool_parsing", "bool_type"):
        return _set_boolean(loose, issue_["loc"][1:])
    if issue_["type"] == "int_type" and isinstance(issue_["input"], bool):
        return _set_boolean(loose, issue_["loc"][1:], int)
    return False


def _set_boolean(value, loc: list, convert=boolean) -> bool:
    if not loc:
        return False
    *path, last = loc
    for part in path:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return False
    try:
        value[last] = convert(value[last])
    except (BadValue, KeyError, IndexError, TypeError):
        return False
    return True
