"""What an update leaves in a JSON field (metadata, configuration, extras), the same rule in
every store."""

from __future__ import annotations

from store.rows import dump, load


def merged(old: dict, new, merge: bool) -> dict:
    """The value a write leaves: ``new`` replaces or shallow-merges ``old``; a callable ``new``
    is applied to ``old`` inside the write (an atomic read-modify-write, e.g. a deep merge)."""
    if new is None:
        return old
    if callable(new):
        return new(old)
    return {**old, **new} if merge else new


def merged_fields(row, metadata, configuration, extras, merge_configuration: bool) -> tuple[str, str, str]:
    """The (metadata, configuration, extras) texts an update writes over ``row``'s three (as
    stored: JSON text): metadata replaced, configuration replaced or merged, extras merged."""
    return (
        dump(merged(load(row[0]), metadata, False)),
        dump(merged(load(row[1]), configuration, merge_configuration)),
        dump(merged(load(row[2]), extras, True)),
    )
