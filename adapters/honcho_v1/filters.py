"""v1's ``filter``: JSON containment on metadata (PostgreSQL ``metadata @> filter``;
docs/vendors.md, Honcho §3.4).

``{}`` or null means no filter. Store-backed lists get a ``has`` condition; v1's own records
(metamessages, collections, documents) are matched here with the same rule.
"""

from __future__ import annotations

from store.query import Cond


def condition(wanted: dict | None) -> Cond | None:
    return Cond("metadata", "has", wanted) if wanted else None


def contains(have, want) -> bool:
    if isinstance(want, dict):
        return isinstance(have, dict) and all(k in have and contains(have[k], v) for k, v in want.items())
    if isinstance(want, list):
        return isinstance(have, list) and all(any(contains(h, w) for h in have) for w in want)
    return have == want and type(have) is type(want)


def matches(metadata: dict, wanted: dict | None) -> bool:
    return not wanted or contains(metadata, wanted)
