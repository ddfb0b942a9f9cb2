"""Client datetimes as pydantic reads them: RFC 3339 text, or Unix time in seconds (milliseconds
past 2e10). A moment the store cannot hold (outside years 1-9999 in UTC) is a ValueError, so
callers answer 422 rather than fail on write or on every later read."""

from __future__ import annotations

from datetime import datetime, timezone

MS_THRESHOLD = 2e10


def parse(value) -> datetime:
    """The moment ``value`` names; a naive one stays naive (callers decide it is UTC)."""
    try:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            seconds = value / 1000 if abs(value) > MS_THRESHOLD else value
            return datetime.fromtimestamp(seconds, tz=timezone.utc)
        text = str(value)
        moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
        if moment.tzinfo is not None:
            moment.astimezone(timezone.utc)  # raises when UTC falls outside years 1-9999
        return moment
    except (OverflowError, OSError) as exc:
        raise ValueError(str(exc)) from None
