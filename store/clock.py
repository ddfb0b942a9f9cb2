"""Stored time: UTC text with microseconds, fixed width so text order is time order."""

from __future__ import annotations

from datetime import datetime, timezone

FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def now_text() -> str:
    return datetime.now(timezone.utc).strftime(FORMAT)


def to_text(moment: datetime) -> str:
    """A datetime as stored text; a naive datetime is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime(FORMAT)


def from_text(text: str) -> datetime:
    return datetime.fromisoformat(text)  # 3.11+ reads the trailing Z as UTC, in C
