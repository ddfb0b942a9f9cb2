"""Honcho's metadata rules: at most 100 top-level keys, nesting depth at most 5, NUL bytes
stripped everywhere."""

from __future__ import annotations

from adapters.honcho_server.errors import invalid, issue

MAX_KEYS = 100
MAX_DEPTH = 5


def clean_metadata(value: dict | None, loc: list) -> dict | None:
    """Honcho's metadata rules: ≤100 top-level keys, objects nested ≤5 deep (lists are not
    looked into), NUL bytes stripped everywhere; the 422 texts are Honcho's validator's."""
    if value is None:
        return None
    if len(value) > MAX_KEYS:
        raise invalid([_limit(loc, f"Metadata exceeds maximum of {MAX_KEYS} top-level keys", value)])
    if _depth(value) > MAX_DEPTH:
        raise invalid([_limit(loc, f"Metadata nesting exceeds maximum depth of {MAX_DEPTH}", value)])
    return _strip(value)


def _limit(loc: list, message: str, value) -> dict:
    return issue("value_error", loc, f"Value error, {message}", value, {"error": {}})


def _depth(value) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values() if isinstance(v, dict)), default=0)
    return 0


def _strip(value):
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_strip(k): _strip(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value
