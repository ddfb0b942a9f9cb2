"""Reading /v3 request bodies: the shared FastAPI-style decoder, and Honcho v3's name rule."""

from __future__ import annotations

import re

from adapters.honcho_server import body as server_body
from adapters.honcho_server.body import given
from adapters.honcho_server.errors import fail, invalid, issue

NAME = re.compile(r"^[a-zA-Z0-9_-]+$")


async def parse(request, kind, *, empty=None):
    """The shared FastAPI-style decoder as Honcho 3.0.12's FastAPI (0.136) reads a body: strict
    about its Content-Type, and JSON null for a required body is "missing"."""
    return await server_body.parse(request, kind, empty=empty, null_is_empty=True, strict=True)


def check_name(value: str, loc: list) -> None:
    if not 1 <= len(value) <= 512:
        kind = "string_too_short" if not value else "string_too_long"
        raise invalid([issue(kind, loc, "String should have between 1 and 512 characters", value)])
    if not NAME.match(value):
        raise invalid([issue("string_pattern_mismatch", loc,
                             "String should match pattern '^[a-zA-Z0-9_-]+$'", value,
                             {"pattern": "^[a-zA-Z0-9_-]+$"})])


def check_peer_name(value: str) -> None:
    """A peer name Honcho's session get-or-create reads with ``PeerCreate(name=...)``: a bad one
    is a 422 whose detail is pydantic's own text of the ValidationError."""
    if not value:
        problem = ("string_too_short", "String should have at least 1 character")
    elif len(value) > 512:
        problem = ("string_too_long", "String should have at most 512 characters")
    elif not NAME.match(value):
        problem = ("string_pattern_mismatch", "String should match pattern '^[a-zA-Z0-9_-]+$'")
    else:
        return
    raise fail(422, pydantic_text("PeerCreate", "name", *problem, value))


def pydantic_text(model: str, field: str, kind: str, msg: str, value: str) -> str:
    """``str(ValidationError)`` for one error, as pydantic 2.13 writes it (a long input's repr
    cut to its first 25 and last 24 characters)."""
    shown = repr(value)
    if len(shown) > 50:
        shown = shown[:25] + "..." + shown[-24:]
    return (f"1 validation error for {model}\n{field}\n  {msg} [type={kind}, input_value={shown}, "
            f"input_type=str]\n    For further information visit https://errors.pydantic.dev/2.13/v/{kind}")


def name_of(body) -> str | None:
    return body.id or body.name


__all__ = ["parse", "given", "check_name", "check_peer_name", "name_of"]
