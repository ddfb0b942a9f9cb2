"""Timestamps a Zep client sends (``created_at``, ``reference_time``): RFC 3339, read as UTC (a
time without an offset is UTC), with a four-digit year."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Literal


class BadTime(ValueError):
    """``reason``: ``format`` (not an RFC 3339 timestamp) or ``range`` (a year outside 1000-9999)."""

    def __init__(self, reason: Literal["format", "range"]):
        super().__init__(reason)
        self.reason = reason


def utc_time(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
        parsed = (parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)
    except (ValueError, OverflowError):
        raise BadTime("format") from None
    if not 1000 <= parsed.year <= 9999:
        raise BadTime("range")
    return parsed
