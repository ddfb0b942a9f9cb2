"""Honcho's ``filters`` DSL (docs/vendors.md, Honcho §5.5) translated into ``store.query`` nodes.

Top-level keys AND together; ``AND``/``OR``/``NOT`` take lists; values are scalars (equality),
``"*"`` (no condition), bare lists (``in``), or operator dicts (gte, lte, gt, lt, ne, in,
contains, icontains). ``metadata`` matches by containment per key, or compares one key with an
operator dict. Depth is capped at 5; anything else is a 422 with a string detail, like Honcho.
"""

from __future__ import annotations

from datetime import datetime, timezone

from adapters.honcho_v3 import moments
from adapters.honcho_server.errors import fail
from store.query import All, AnyOf, Cond, Filter, Not

FIELDS = {
    "workspace": {"id": "name", "created_at": "created_at", "metadata": "metadata"},
    "peer": {"id": "name", "created_at": "created_at", "metadata": "metadata",
             "workspace_id": "workspace"},
    "session": {"id": "name", "created_at": "created_at", "metadata": "metadata",
                "is_active": "is_active", "workspace_id": "workspace"},
    "message": {"workspace_id": "workspace", "session_id": "session", "peer_id": "peer",
                "token_count": "token_count", "created_at": "created_at", "metadata": "metadata"},
}
KNOWN_COLUMNS = {"id", "created_at", "metadata", "is_active", "workspace_id", "session_id", "peer_id", "token_count"}
COMPARISONS = ("gte", "lte", "gt", "lt", "ne")
OPERATORS = (*COMPARISONS, "in", "contains", "icontains")
MAX_DEPTH = 5
MODEL = {"workspace": "Workspace", "peer": "Peer", "session": "Session", "message": "Message"}


def translate(filters: dict | None, record: str) -> Filter | None:
    if not filters:
        return None
    return _group(filters, record, 1)


def _group(filters, record: str, depth: int) -> Filter | None:
    if depth > MAX_DEPTH:
        raise fail(422, f"Filter nesting depth exceeds maximum of {MAX_DEPTH}")
    if not isinstance(filters, dict):
        raise fail(422, "Filter must be an object")
    parts = [p for p in (_key(k, v, record, depth) for k, v in filters.items()) if p is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else All(parts)


def _key(key: str, value, record: str, depth: int) -> Filter | None:
    if key in ("AND", "OR", "NOT"):
        if not isinstance(value, list):
            raise fail(422, f"{key} filter must be a list of filters")
        subs = [s for s in (_group(v, record, depth + 1) for v in value) if s is not None]
        if not subs:
            return None
        if key == "OR":
            return AnyOf(subs)
        joined = subs[0] if len(subs) == 1 else All(subs)
        return Not(joined) if key == "NOT" else joined
    field = FIELDS[record].get(key)
    if field is None:
        if key in KNOWN_COLUMNS:
            raise fail(422, f"Column '{key}' does not exist on {MODEL[record]}")
        raise fail(422, f"Column '{key}' is not allowed for filtering on {MODEL[record]}")
    if field == "metadata":
        return _metadata(value, depth)
    return _value(field, value)


def _value(field: str, value) -> Filter | None:
    if value == "*":
        return None
    if isinstance(value, list):
        return Cond(field, "in", [_operand(field, "in", v) for v in value if v != "*"]) if "*" not in value else None
    if isinstance(value, dict):
        return _operators(field, value, None)
    return Cond(field, "eq", _operand(field, "eq", value))


def _operators(field: str, ops: dict, key: str | None) -> Filter | None:
    unknown = [op for op in ops if op not in OPERATORS]
    if unknown or not ops:
        raise fail(422, f"Unsupported filter operator: {unknown[0] if unknown else '{}'}")
    conds = []
    for op, operand in ops.items():
        if op == "in":
            if not isinstance(operand, list):
                raise fail(422, "'in' operator requires a list")
            if "*" in operand:
                continue
            conds.append(Cond(field, "in", [_operand(field, "in", v, key) for v in operand], key=key))
        else:
            conds.append(Cond(field, op, _operand(field, op, operand, key), key=key))
    if not conds:
        return None
    return conds[0] if len(conds) == 1 else All(conds)


def _operand(field: str, op: str, value, key: str | None = None):
    if field == "created_at":
        return _timestamp(value)
    if op in COMPARISONS and key is None and field != "is_active":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            try:
                return float(value)
            except (TypeError, ValueError):
                raise fail(422, f"Invalid numeric value: {value}") from None
    if op in ("contains", "icontains") and not isinstance(value, str):
        raise fail(422, f"'{op}' operator requires a string")
    return value


def _timestamp(value) -> datetime:
    try:
        moment = moments.parse(value)
    except ValueError:
        raise fail(422, f"Invalid datetime value: {value}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _metadata(value, depth: int) -> Filter | None:
    if not isinstance(value, dict):
        raise fail(422, "metadata filter must be an object")
    if set(value) == {"contains"} and isinstance(value["contains"], dict):
        return Cond("metadata", "has", value["contains"])
    parts = []
    for key, wanted in value.items():
        if wanted == "*":
            continue
        if isinstance(wanted, dict) and wanted and set(wanted) <= set(OPERATORS):
            parts.append(_operators("metadata", wanted, key))
        else:
            parts.append(Cond("metadata", "has", {key: wanted}))
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else All(parts)
