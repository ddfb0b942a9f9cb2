"""Honcho's ``filters`` DSL (docs/vendors.md, Honcho §5.5) translated into ``store.query`` nodes,
with Honcho 3.0.12's rows.

Honcho compiles the DSL to SQL for PostgreSQL, so its answers follow SQL's three-valued logic:
a metadata operator on a key a row lacks (``metadata->>'k'`` is NULL) is neither true nor false,
and such a row is excluded by the operator *and* by its negation. Each condition is therefore
built as a pair of store filters, the rows where it is TRUE and the rows where it is FALSE;
NOT swaps them, AND/OR combine them as Kleene logic does, and the query keeps the TRUE rows.

The DSL, as Honcho's ``src/utils/filter.py`` reads it: ``AND``/``OR``/``NOT`` take lists and
``NOT`` of a list is *none of them*; other keys AND together; a value is ``"*"`` (no condition),
a bare list (``in``; on ``metadata`` a list is JSON containment, so never true), an operator
dict (any key among gte, lte, gt, lt, ne, in, contains, icontains makes it one, and any other
key in it is an error), or an equality. ``contains``/``icontains`` are both case-insensitive
substring matches (ILIKE), except ``{"metadata": {"contains": {...}}}`` which is containment.
A metadata key compared with ``gt``/``gte``/``lt``/``lte``/``ne`` compares numbers when the
operand is or parses as one, else text; ``in`` compares the key's text with each value's text.
Nesting deeper than 5 levels and every malformed part is a 422 with Honcho's own detail text.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import NamedTuple

from adapters.honcho_v3 import moments
from adapters.honcho_server.errors import fail
from store.query import All, AnyOf, Cond, Filter, Not

# external name -> (canonical field or None when the model has no such column)
FIELDS = {
    "workspace": {"id": "name", "created_at": "created_at", "metadata": "metadata",
                  "is_active": None, "workspace_id": None, "session_id": None, "peer_id": None},
    "peer": {"id": "name", "created_at": "created_at", "metadata": "metadata",
             "workspace_id": "workspace", "is_active": None, "session_id": None, "peer_id": None},
    "session": {"id": "name", "created_at": "created_at", "metadata": "metadata",
                "is_active": "is_active", "workspace_id": "workspace", "session_id": None, "peer_id": None},
    "message": {"workspace_id": "workspace", "session_id": "session", "peer_id": "peer",
                "token_count": "token_count", "created_at": "created_at", "metadata": "metadata"},
}
MODEL = {"workspace": "Workspace", "peer": "Peer", "session": "Session", "message": "Message"}
NUMERIC = ("gte", "lte", "gt", "lt", "ne")
OPERATORS = (*NUMERIC, "in", "contains", "icontains")
LOGICAL = ("AND", "OR", "NOT")
MAX_DEPTH = 5
INTEGER = re.compile(r"-?[0-9]+")

NEVER: Filter = AnyOf([])


class Truth(NamedTuple):
    """A condition under SQL's three-valued logic: the rows where it is TRUE, and where FALSE
    (rows in neither are where it is NULL)."""

    true: Filter
    false: Filter


NULL = Truth(NEVER, NEVER)


def known(p: Filter) -> Truth:
    return Truth(p, Not(p))


def guarded(present: Filter, p: Filter) -> Truth:
    """``p`` where ``present`` holds, NULL elsewhere."""
    return Truth(_and([present, p]), _and([present, Not(p)]))


def _and(parts: list[Filter]) -> Filter:
    return parts[0] if len(parts) == 1 else All(parts)


def _or(parts: list[Filter]) -> Filter:
    return parts[0] if len(parts) == 1 else AnyOf(parts)


def conjunction(parts: list[Truth]) -> Truth:
    return parts[0] if len(parts) == 1 else Truth(_and([p.true for p in parts]), _or([p.false for p in parts]))


def disjunction(parts: list[Truth]) -> Truth:
    return parts[0] if len(parts) == 1 else Truth(_or([p.true for p in parts]), _and([p.false for p in parts]))


def negation(part: Truth) -> Truth:
    return Truth(part.false, part.true)


def translate(filters: dict | None, record: str) -> Filter | None:
    """The store filter keeping the rows Honcho's ``apply_filter`` keeps; None for no condition."""
    if filters is None:
        return None
    found = _group(filters, record, 0)
    return None if found is None else found.true


def _type(value) -> str:
    return type(value).__name__


def _group(filters, record: str, depth: int) -> Truth | None:
    if depth > MAX_DEPTH:
        raise fail(422, f"Filter nesting exceeds maximum depth of {MAX_DEPTH}")
    if not isinstance(filters, dict):  # Honcho's server fails (500) on these
        raise fail(422, f"Filter must be an object, got {_type(filters)}")
    parts: list[Truth] = []
    for key in LOGICAL:
        if key in filters:
            found = _logical(key, filters[key], record, depth)
            if found is not None:
                parts.append(found)
    for key, value in filters.items():
        if key not in LOGICAL:
            found = _field(key, value, record)
            if found is not None:
                parts.append(found)
    return conjunction(parts) if parts else None


def _logical(key: str, value, record: str, depth: int) -> Truth | None:
    if key == "NOT" and value is None:
        raise fail(422, "NOT operator cannot be None")
    if not isinstance(value, list):
        raise fail(422, f"{key} operator must contain a list, got {_type(value)}")
    subs = [s for s in (_group(v, record, depth + 1) for v in value) if s is not None]
    if not subs:
        return None
    if key == "OR":
        return disjunction(subs)
    if key == "NOT":  # each negated, then ANDed: none of them
        return conjunction([negation(s) for s in subs])
    return conjunction(subs)


def _field(key: str, value, record: str) -> Truth | None:
    fields = FIELDS[record]
    if key not in fields:
        raise fail(422, f"Column '{key}' is not allowed to be filtered on or does not exist on {MODEL[record]}")
    field = fields[key]
    if field is None:
        raise fail(422, f"Column '{key}' does not exist on {MODEL[record]}")
    if value == "*":
        return None
    if field == "metadata":
        return _metadata(value)
    if isinstance(value, list):
        value = {"in": value}
    if isinstance(value, dict):
        if any(op in OPERATORS for op in value):
            return _comparisons(field, value)
        # Honcho's server compares the column with the object and fails (500)
        raise _unsupported(next(iter(value))) if value else fail(422, f"Invalid filter value for column '{key}': {{}}")
    return known(Cond(field, "eq", _timestamp(value) if field == "created_at" else value))


def _unsupported(op: str):
    return fail(422, f"Unsupported comparison operator: {op}")


def _not_iterable(value):
    return fail(422, f"Invalid value for 'in' operator: {value}. Expected an iterable (list, tuple, set), got {_type(value)}")


def _members(value) -> list:
    """What Python iterates in an ``in`` operand: a list's items, an object's keys."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return list(value)
    raise _not_iterable(value)


def _comparisons(field: str, ops: dict) -> Truth | None:
    parts = []
    for op, operand in ops.items():
        if op not in OPERATORS:
            raise _unsupported(op)
        if operand == "*":
            continue
        found = _comparison(field, op, operand)
        if found is not None:
            parts.append(found)
    return conjunction(parts) if parts else None


def _comparison(field: str, op: str, operand) -> Truth | None:
    if op == "in":
        members = _members(operand)
        if "*" in members:
            return None
        if field == "created_at":
            members = [_timestamp(v, "Invalid datetime value in list") for v in members]
            if not members:
                return None
        return known(Cond(field, "in", members))
    if op in ("contains", "icontains"):
        return known(Cond(field, "icontains", str(operand)))
    if field == "created_at":
        return known(Cond(field, op, _timestamp(operand)))
    try:
        number = float(operand)
    except (TypeError, ValueError):
        raise fail(422, f"Invalid numeric value: {operand}. Expected a number, got {_type(operand)}") from None
    return known(Cond(field, op, number))


def _timestamp(value, what: str = "Invalid datetime value") -> datetime:
    if isinstance(value, str):
        value = value.strip()
    try:
        moment = moments.parse(value)
    except (TypeError, ValueError):
        raise fail(422, f"{what}: {value}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _metadata(value) -> Truth | None:
    """``metadata``: containment for scalars and lists (an object never contains them), whole
    object operators, or per-key conditions."""
    if value is None:
        return NULL  # `@> NULL` is NULL in PostgreSQL
    if not isinstance(value, dict):
        return known(NEVER)
    if any(op in OPERATORS for op in value):
        return _object_operators(value)
    parts = []
    for key, wanted in value.items():
        if isinstance(wanted, dict) and any(op in OPERATORS for op in wanted):
            found = _key_operators(key, wanted)
        elif wanted == "*":
            found = None
        else:
            found = known(Cond("metadata", "has", {key: wanted}))
        if found is not None:
            parts.append(found)
    return conjunction(parts) if parts else None


def _object_operators(ops: dict) -> Truth | None:
    parts = []
    for op, operand in ops.items():
        if op not in OPERATORS:
            raise _unsupported(op)
        if operand == "*":
            continue
        if op != "contains":  # Honcho's server fails (500) comparing the whole JSONB column
            raise fail(422, f"Operator '{op}' cannot compare the whole metadata object; name a key")
        parts.append(known(Cond("metadata", "has", operand) if isinstance(operand, dict) else NEVER))
    return conjunction(parts) if parts else None


def _key_operators(key: str, ops: dict) -> Truth | None:
    parts = []
    for op, operand in ops.items():
        if op not in OPERATORS:
            raise _unsupported(op)
        found = _key_comparison(key, op, operand)
        if found is not None:
            parts.append(found)
    return conjunction(parts) if parts else None


def _key_comparison(key: str, op: str, operand) -> Truth | None:
    """One operator on ``metadata->>key``: NULL (neither kept nor negated) where the key is
    missing or JSON null."""
    if operand == "*":
        return None
    present = Cond("metadata", "ne", None, key=key)
    if op == "in":
        members = _members(operand)
        if "*" in members:
            return None
        return guarded(present, Cond("metadata", "in", _as_texts(members), key=key))
    if op in ("contains", "icontains"):
        return guarded(present, Cond("metadata", "icontains", str(operand), key=key))
    return guarded(present, Cond("metadata", op, _numeric_operand(op, operand), key=key))


def _numeric_operand(op: str, operand):
    """Honcho's ``_safe_numeric_cast``: booleans compare as JSON booleans, numbers and numeric
    text as numbers, other text as text; anything else is its (doubly wrapped) error."""
    if isinstance(operand, (bool, int, float)):
        return operand
    try:
        return int(operand)
    except (TypeError, ValueError):
        pass
    try:
        return float(operand)
    except (TypeError, ValueError):
        pass
    if isinstance(operand, str):
        return operand
    inner = f"Invalid value for numeric operator: {operand}. Expected a number, got {_type(operand)}"
    raise fail(422, f"Failed to build numeric comparison condition for operator '{op}' with value "
                    f"'{operand}': Failed to process numeric cast for value '{operand}': {inner}")


def _as_texts(members: list) -> list:
    """``metadata->>key IN (str(v), ...)``: each value's Python text, plus the number it spells
    (a JSON number's text is its digits), so 1 and "1" both match a stored 1 or "1"."""
    out = []
    for member in members:
        text = str(member)
        out.append(text)
        number = _number(text)
        if number is not None:
            out.append(number)
    return out


def _number(text: str):
    if INTEGER.fullmatch(text):
        return int(text)
    try:
        value = float(text)
    except ValueError:
        return None
    return value if repr(value) == text else None
