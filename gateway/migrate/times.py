"""Vendor timestamps (ISO 8601 / RFC 3339 text, or Unix seconds) as stored time text."""

from __future__ import annotations

from datetime import datetime, timezone

from store.clock import now_text, to_text

ZERO_YEAR = 1  # Zep CE's "0001-01-01T00:00:00Z" means "not set"


def parse(value) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, tz=timezone.utc)
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    if moment.year == ZERO_YEAR:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def stamp(value, default: str | None = None) -> str:
    """Stored text for a vendor time; ``default`` (else now) when it is missing or unreadable."""
    moment = parse(value)
    if moment is None:
        return default or now_text()
    return to_text(moment)


def maybe(value) -> str | None:
    moment = parse(value)
    return to_text(moment) if moment is not None else None


def shown(value) -> str:
    """A vendor time as Honcho renders it (pydantic's ISO text in UTC), now when missing: the v1
    dialect keeps record times in that form."""
    from adapters.honcho_v1 import iso

    moment = parse(value) or datetime.now(timezone.utc)
    return iso(moment.astimezone(timezone.utc))


def millis(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp() * 1000)
