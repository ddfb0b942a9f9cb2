"""What an update leaves in a JSON field (metadata, configuration, extras), the same rule in
every store."""

from __future__ import annotations


def merged(old: dict, new, merge: bool) -> dict:
    """The value a write leaves: ``new`` replaces or shallow-merges ``old``; a callable ``new``
    is applied to ``old`` inside the write (an atomic read-modify-write, e.g. a deep merge)."""
    if new is None:
        return old
    if callable(new):
        return new(old)
    return {**old, **new} if merge else new
