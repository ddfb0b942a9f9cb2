"""The Zep-only fields kept with a canonical record (names, email, fact rating instruction, ...),
under its ``zep`` extras key; and Zep's deep-merging metadata update."""

from __future__ import annotations


DIALECT = "zep"


def own(record) -> dict:
    """The Zep-only fields kept with a record (names, email, fact rating instruction, ...)."""
    return record.extras.get(DIALECT) or {}


def own_update(fields: dict):
    """An extras update, applied inside the store's write, adding ``fields`` to the Zep-only
    fields kept with a record."""
    return lambda old: {**old, DIALECT: {**(old.get(DIALECT) or {}), **fields}}


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
