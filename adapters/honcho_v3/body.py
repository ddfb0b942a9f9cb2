"""Reading /v3 request bodies: the shared FastAPI-style decoder, and Honcho v3's name rule."""

from __future__ import annotations

import re

from adapters.honcho_server.body import given, parse
from adapters.honcho_server.errors import invalid, issue

NAME = re.compile(r"^[a-zA-Z0-9_-]+$")


def check_name(value: str, loc: list) -> None:
    if not 1 <= len(value) <= 512:
        kind = "string_too_short" if not value else "string_too_long"
        raise invalid([issue(kind, loc, "String should have between 1 and 512 characters", value)])
    if not NAME.match(value):
        raise invalid([issue("string_pattern_mismatch", loc,
                             "String should match pattern '^[a-zA-Z0-9_-]+$'", value,
                             {"pattern": "^[a-zA-Z0-9_-]+$"})])


def name_of(body) -> str | None:
    return body.id or body.name


__all__ = ["parse", "given", "check_name", "name_of"]
