"""PostgreSQL JSONB's key order, in which Honcho 1.1.0 returns any metadata it read back from
its database: keys sorted by their UTF-8 length, then bytewise, at every depth."""

from __future__ import annotations


def _key(name: str) -> tuple[int, bytes]:
    raw = name.encode()
    return len(raw), raw


def ordered(value):
    if isinstance(value, dict):
        return {k: ordered(value[k]) for k in sorted(value, key=_key)}
    if isinstance(value, list):
        return [ordered(v) for v in value]
    return value
