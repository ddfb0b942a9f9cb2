"""Compile ``store.query`` filters into SQLite WHERE fragments with parameters (the fields:
store/fields.py)."""

from __future__ import annotations

from datetime import datetime

import msgspec

from store.clock import to_text
from store.fields import FIELDS, FilterError
from store.query import All, Cond, Filter, Not

_COMPARE = {"eq": "=", "ne": "!=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


def compile_filter(record: str, node: Filter | None) -> tuple[str, list]:
    """(sql, params) for a filter over ``record`` ("message", "session", ...); "1" for None."""
    if node is None:
        return "1", []
    params: list = []
    return _node(FIELDS[record], node, params), params


def _node(fields: dict, node: Filter, params: list) -> str:
    if isinstance(node, Cond):
        return _cond(fields, node, params)
    if isinstance(node, Not):
        return f"NOT ({_node(fields, node.part, params)})"
    joiner = " AND " if isinstance(node, All) else " OR "
    if not node.parts:
        return "1" if isinstance(node, All) else "0"
    return "(" + joiner.join(_node(fields, p, params) for p in node.parts) + ")"


def json_path(keys) -> str:
    """A JSON path (``$."a"."b"``) naming ``keys``, each quoted: bound, never interpolated."""
    return "$" + "".join('."' + k.replace("\\", "\\\\").replace('"', '\\"') + '"' for k in keys)


def _column(fields: dict, cond: Cond, params: list) -> str:
    column = fields.get(cond.field)
    if column is None:
        raise FilterError(f"unknown field {cond.field!r}")
    if cond.key is None:
        return column
    params.append(json_path(cond.key if isinstance(cond.key, (list, tuple)) else [cond.key]))
    return f"json_extract({column}, ?)"


def _value(field: str, value):
    if isinstance(value, datetime):
        return to_text(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (dict, list)):
        return msgspec.json.encode(value).decode()
    return value


_SCALAR_TYPES = ((int, "integer"), (float, "real"), (str, "text"))


def _contains(doc: str, keys: list, want, params: list, names) -> str:
    """SQL that is 1 when the JSON value at ``keys`` in ``doc`` contains ``want`` (PostgreSQL's
    @>: an object holds each wanted key with a containing value, an array holds a containing
    element for each wanted element, a scalar is equal and of the same JSON type), else 0 (never
    NULL, so a negated filter keeps records without the key). Built from SQLite's own JSON
    functions: no Python runs per row. ``names`` yields fresh json_each aliases.

    Each test reads as little JSON as it can (SQLite parses the text on every call): a string
    needs no type test (json_extract gives SQL text only for JSON strings, or for arrays and
    objects, which render starting with [ or {), an object with keys
    needs none (a key path into anything else is NULL), and the stored metadata and extras,
    always objects, need none at their root (an empty one, ``{}``, is skipped unparsed)."""
    if isinstance(want, dict):
        if not keys:  # the root: an object already
            parts = [f"{doc} <> '{{}}'"] if want else []
        else:  # a key path into anything but an object is NULL: only {} needs the test
            parts = [] if want else [_typed(doc, keys, "object", params)]
        parts += [_contains(doc, [*keys, k], v, params, names) for k, v in want.items()]
        return "(" + " AND ".join(parts) + ")" if parts else "1"
    if isinstance(want, list):
        parts = [_typed(doc, keys, "array", params)]
        for item in want:
            alias = f"je{next(names)}"
            params.append(json_path(keys))
            parts.append(f"EXISTS (SELECT 1 FROM json_each({doc}, ?) AS {alias}"
                         f" WHERE {_element(alias, item, params, names)})")
        return "(" + " AND ".join(parts) + ")"
    if want is None or isinstance(want, bool):
        return _typed(doc, keys, {None: "null", True: "true", False: "false"}[want], params)
    kind = next((k for t, k in _SCALAR_TYPES if isinstance(want, t)), None)
    if kind is None:
        raise FilterError(f"cannot match {type(want).__name__} values")
    if kind == "text" and not want.startswith(("[", "{")):  # no array or object renders so
        params.append(json_path(keys))
        params.append(want)
        return f"(json_extract({doc}, ?) IS ?)"
    typed = _typed(doc, keys, kind, params)
    params.append(json_path(keys))
    params.append(want)
    return f"({typed} AND json_extract({doc}, ?) IS ?)"


def _typed(doc: str, keys: list, kind: str, params: list) -> str:
    params.append(json_path(keys))
    return f"(json_type({doc}, ?) IS '{kind}')"


def _element(alias: str, want, params: list, names) -> str:
    """SQL that is 1 when the json_each row ``alias`` contains ``want``."""
    if isinstance(want, (dict, list)):
        kind = "object" if isinstance(want, dict) else "array"
        return f"({alias}.type IS '{kind}' AND {_contains(alias + '.value', [], want, params, names)})"
    if want is None or isinstance(want, bool):
        return f"({alias}.type IS '{ {None: 'null', True: 'true', False: 'false'}[want] }')"
    kind = next((k for t, k in _SCALAR_TYPES if isinstance(want, t)), None)
    if kind is None:
        raise FilterError(f"cannot match {type(want).__name__} values")
    params.append(want)
    return f"({alias}.type IS '{kind}' AND {alias}.atom IS ?)"


def _cond(fields: dict, cond: Cond, params: list) -> str:
    if cond.op == "has":
        column = fields.get(cond.field)
        if column is None:
            raise FilterError(f"unknown field {cond.field!r}")
        return _contains(column, [], cond.value, params, iter(range(1_000_000)))
    column = _column(fields, cond, params)
    if cond.op in _COMPARE:
        if cond.value is None:
            return f"{column} IS {'NOT ' if cond.op == 'ne' else ''}NULL"
        params.append(_value(cond.field, cond.value))
        if cond.op == "ne":
            return f"{column} IS NOT ?"
        return f"{column} {_COMPARE[cond.op]} ?"
    if cond.op == "in":
        values = list(cond.value)
        if not values:
            return "0"
        params.extend(_value(cond.field, v) for v in values)
        return f"{column} IN ({', '.join('?' * len(values))})"
    if cond.op in ("contains", "icontains"):
        params.append(str(cond.value))
        if cond.op == "contains":
            return f"instr({column}, ?) > 0"
        return f"instr(casefold({column}), casefold(?)) > 0"
    raise FilterError(f"unknown operator {cond.op!r}")
