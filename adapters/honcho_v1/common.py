"""Small helpers every v1 handler uses."""

from __future__ import annotations

from adapters.contract import store_of
from gateway.jsonio import json_response


def respond(content, status: int = 200):
    return json_response(content, status)


def store(request):
    return store_of(request)


def text(value: str) -> str:
    """Content as stored: NUL bytes dropped (PostgreSQL, behind real Honcho, refuses them)."""
    return value.replace("\x00", "")
