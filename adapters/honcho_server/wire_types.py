"""Walking a wire type (a msgspec Struct, ``dict[str, X]``, ``list[X]``, optionals) along an
error location, to say what pydantic would have expected there."""

from __future__ import annotations

import types
import typing

import msgspec


def _strip(tp):
    """The type behind ``Annotated`` and ``X | None`` (None when a union has two real types)."""
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        real = [a for a in typing.get_args(tp) if a is not type(None) and a is not msgspec.UnsetType]
        return _strip(real[0]) if len(real) == 1 else None
    return tp


def step(tp, part):
    """The type found at ``part`` (a field name, an index or an object key) inside ``tp``."""
    tp = _strip(tp)
    if tp is None:
        return None
    if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
        for field in msgspec.structs.fields(tp):
            if field.encode_name == part:
                return field.type
        return None
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is dict and args:
        return args[1]
    if origin is list and args:
        return args[0]
    return None


def at(tp, loc: list):
    for part in loc:
        tp = step(tp, part)
        if tp is None:
            return None
    return _strip(tp)


def is_model(tp, loc: list) -> bool:
    found = at(tp, loc)
    return isinstance(found, type) and issubclass(found, msgspec.Struct)


def is_list(tp) -> bool:
    return typing.get_origin(_strip(tp)) is list


def resolve_keys(tp, body, loc: list, marker) -> list:
    """``loc`` with each ``marker`` (an object key msgspec does not name) replaced by the first
    key of that object whose value does not convert to the expected type."""
    out, value = [], body
    for i, part in enumerate(loc):
        if part is marker and isinstance(value, dict):
            inner = step(tp, part)
            part = next((k for k, v in value.items() if not _converts(v, inner)), part)
        out.append(part)
        tp = step(tp, part) if tp is not None else None
        value = value.get(part) if isinstance(value, dict) else (
            value[part] if isinstance(value, list) and isinstance(part, int) and part < len(value) else None)
    return out


def _converts(value, tp) -> bool:
    if tp is None:
        return True
    try:
        msgspec.convert(value, tp, strict=False)
    except (msgspec.ValidationError, TypeError):
        return False
    return True
