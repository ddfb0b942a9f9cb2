"""Zep v2's metadata update: nested objects merge, other values replace."""

from __future__ import annotations


def deep_merge(old: dict, new: dict, *, drop_system: bool) -> dict:
    """Zep's metadata update: nested objects merge, other values replace; a top-level
    ``system`` key in the update is dropped for sessions and messages (docs/vendors.md, Zep §6)."""
    merged = dict(old)
    for key, value in new.items():
        if drop_system and key == "system":
            continue
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value, drop_system=False)
        else:
            merged[key] = value
    return merged
