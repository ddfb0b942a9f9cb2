"""Message and document content as stored."""

from __future__ import annotations


def text(value: str) -> str:
    """Content as stored: NUL bytes dropped (PostgreSQL, behind real Honcho, refuses them)."""
    return value.replace("\x00", "")
