"""Compile ``store.query`` filters into PostgreSQL WHERE fragments (``?`` placeholders).

Same fields (store/fields.py) and meaning as the SQLite compiler (store/sqlite/where.py). A
metadata/extras key reads the JSON value at its path: text compares as text (code-point order),
numbers and booleans (as 1/0, which is what SQLite's json_extract gives) as numbers, objects and
arrays as JSON; a missing key or JSON null is NULL. ``icontains`` folds case with ``lower``
(SQLite's uses Python's casefold: they differ only for a few letters such as ß).
"""

from __future__ import annotations

from datetime import datetime

import msgspec

from store.clock import to_text
from store.fields import FIELDS, FilterError
from store.query import All, Cond, Filter, Not

_COMPARE = {"eq": "=", "ne": "<>", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
_TYPED = {"s.is_active": "boolean", "p.enrolled": "boolean", "m.token_count": "bigint", "m.seq": "bigint"}

__all__ = ["compile_filter", "FilterError", "json_at", "json_text", "json_number"]


def compile_filter(record: str, node: Filter | None) -> tuple[str, list]:
    """(sql, params) for a filter over ``record``; "true" for None."""
    if node is None:
        return "true", []
    params: list = []
    return _node(FIELDS[record], node, params), params


def _node(fields: dict, node: Filter, params: list) -> str:
    if isinstance(node, Cond):
        return _cond(fields, node, params)
    if isinstance(node, Not):
        return f"NOT coalesce({_node(fields, node.part, params)}, false)"
    if not node.parts:
        return "true" if isinstance(node, All) else "false"
    joiner = " AND " if isinstance(node, All) else " OR "
    return "(" + joiner.join(_node(fields, p, params) for p in node.parts) + ")"


def json_path(keys) -> str:
    """A strict SQL/JSON path naming ``keys`` as object members only (a key "1" never indexes
    an array: SQLite's ``$."1"`` does not either), each quoted."""
    return "strict $" + "".join('."' + k.replace("\\", "\\\\").replace('"', '\\"') + '"' for k in keys)


def json_at(column: str, keys, params: list) -> str:
    """The jsonb value at path ``keys`` of a text JSON column, NULL when any step is missing or
    not an object (the path is bound)."""
    params.append(json_path(keys))
    return f"jsonb_path_query_first({column}::jsonb, ?::jsonpath, '{{}}'::jsonb, true)"


def json_text(column: str, keys, params: list) -> str:
    """The text at the path, NULL unless it is a JSON string."""
    a = json_at(column, keys, params)
    b = json_at(column, keys, params)
    return f"(CASE WHEN jsonb_typeof({a}) = 'string' THEN {b} #>> '{{}}' END) COLLATE \"C\""


def json_number(column: str, keys, params: list) -> str:
    """The number at the path (true/false as 1/0), NULL otherwise."""
    a, b, c = (json_at(column, keys, params) for _ in range(3))
    return (f"(CASE jsonb_typeof({a}) WHEN 'number' THEN ({b} #>> '{{}}')::numeric"
            f" WHEN 'boolean' THEN ({c})::boolean::int END)")


def _keys(cond: Cond) -> list[str]:
    return list(cond.key) if isinstance(cond.key, (list, tuple)) else [cond.key]


def _column(fields: dict, cond: Cond) -> str:
    column = fields.get(cond.field)
    if column is None:
        raise FilterError(f"unknown field {cond.field!r}")
    return column


def _plain(value):
    if isinstance(value, datetime):
        return to_text(value)
    return value


def _placeholder(column: str) -> str:
    typed = _TYPED.get(column)
    return f"?::{typed}" if typed else "?::text"


def _compare(fields: dict, cond: Cond, op: str, value, params: list) -> str:
    column = _column(fields, cond)
    if cond.key is not None:
        return _compare_json(column, _keys(cond), op, value, params)
    if value is None:
        return f"{column} IS {'NOT ' if op == 'ne' else ''}NULL"
    if column not in _TYPED and not isinstance(value, (str, datetime)):
        value = msgspec.json.encode(value).decode() if isinstance(value, (dict, list)) else str(value)
    params.append(_plain(value))
    if op == "ne":
        return f"{column} IS DISTINCT FROM {_placeholder(column)}"
    return f"coalesce({column} {_COMPARE[op]} {_placeholder(column)}, false)"


def _compare_json(column: str, keys: list, op: str, value, params: list) -> str:
    """A JSON value at a path against ``value``, in SQLite's order of types (what its
    json_extract gives): missing or null < numbers (true/false as 1/0) < text."""
    if value is None:
        a, b = json_at(column, keys, params), json_at(column, keys, params)
        test = f"({a} IS NULL OR jsonb_typeof({b}) = 'null')"
        return f"NOT {test}" if op == "ne" else test
    if isinstance(value, (dict, list)):
        expr = json_at(column, keys, params)
        params.append(msgspec.json.encode(value).decode())
        if op == "ne":
            return f"{expr} IS DISTINCT FROM ?::jsonb"
        return f"coalesce({expr} {_COMPARE[op]} ?::jsonb, false)"
    number = isinstance(value, (bool, int, float))
    mine = json_number(column, keys, params) if number else json_text(column, keys, params)
    params.append(int(value) if isinstance(value, bool) else value)
    mark = "?::numeric" if number else "?"
    if op == "ne":
        return f"{mine} IS DISTINCT FROM {mark}"
    test = f"coalesce({mine} {_COMPARE[op]} {mark}, false)"
    if op in ("gt", "gte") and number:  # any text sorts above any number
        return f"({test} OR {json_text(column, keys, params)} IS NOT NULL)"
    if op in ("lt", "lte") and not number:  # any number sorts below any text
        return f"({test} OR {json_number(column, keys, params)} IS NOT NULL)"
    return test


def _cond(fields: dict, cond: Cond, params: list) -> str:
    if cond.op == "has":
        column = _column(fields, cond)
        want = msgspec.json.encode(cond.value).decode()
        params.extend([want, want])
        return f"coalesce({column}::jsonb @> ?::jsonb AND rosetta_contains({column}::jsonb, ?::jsonb), false)"
    if cond.op in _COMPARE:
        return _compare(fields, cond, cond.op, cond.value, params)
    if cond.op == "in":
        values = [v for v in cond.value if v is not None]
        if not values:
            return "false"
        return "(" + " OR ".join(_compare(fields, cond, "eq", v, params) for v in values) + ")"
    if cond.op in ("contains", "icontains"):
        column = _column(fields, cond)
        target = f"({json_at(column, _keys(cond), params)} #>> '{{}}')" if cond.key is not None \
            else f"{column}::text"
        params.append(str(cond.value))
        if cond.op == "contains":
            return f"coalesce(strpos({target}, ?) > 0, false)"
        return f"coalesce(strpos(lower({target}), lower(?)) > 0, false)"
    raise FilterError(f"unknown operator {cond.op!r}")
