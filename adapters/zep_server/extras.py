"""The Zep-only fields kept with a canonical record (names, email, time zone, fact rating
instruction, an imported message's Zep UUID, ...) under one ``zep`` extras key, which is also the
alias dialect of imported Zep ids: one vendor, one set of fields, so a user made through v2 shows
its email through v4."""

from __future__ import annotations

VENDOR = "zep"


def own(record) -> dict:
    """The Zep-only fields kept with a record."""
    return record.extras.get(VENDOR) or {}


def own_update(fields: dict):
    """An extras update, applied inside the store's write, adding ``fields`` to the Zep-only
    fields kept with a record."""
    return lambda old: {**old, VENDOR: {**(old.get(VENDOR) or {}), **fields}}
