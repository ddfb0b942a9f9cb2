"""Stored time: UTC text with microseconds, fixed width so text order is time order."""

from __future__ import annotations

from datetime import datetime, timezone

FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"  # what to_text writes (with the year always four digits)


def now_text() -> str:
    return to_text(datetime.now(timezone.utc))


def to_text(moment: datetime) -> str:
    """A datetime as stored text; a naive datetime is taken as UTC. OverflowError when the
    moment in UTC falls outside years 1-9999."""
    # isoformat pads the year to four digits (strftime's %Y does not below 1000) and is faster
    if moment.tzinfo is None:
        return moment.isoformat(timespec="microseconds") + "Z"
    if moment.utcoffset():
        moment = moment.astimezone(timezone.utc)
    return moment.isoformat(timespec="microseconds")[:-6] + "Z"  # drop "+00:00"


def from_text(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)  # 3.11+ reads the trailing Z as UTC, in C
    except ValueError:
        year, dash, rest = text.partition("-")  # rows written before years were padded
        if dash and year.isdigit() and len(year) < 4:
            return datetime.fromisoformat(year.zfill(4) + dash + rest)
        raise
