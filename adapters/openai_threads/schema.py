"""Request schemas as data, checked in OpenAI's words.

A schema is a tree of the nodes below, written from OpenAI's OpenAPI types (bodies.py holds the
trees). ``check`` walks a decoded JSON value and raises on the first fault a 400
``invalid_request_error`` whose ``param`` names the place the way OpenAI does (``tools[0].type``,
``metadata.topic``, ``messages[2].content[0].text``) and whose message and code follow OpenAI's
patterns (docs/vendors.md, OpenAI §9). Nothing is coerced: a value either fits or is refused.

null in an optional field is taken as "not given" (the SDKs send null for an explicit None);
a required field that is null is refused as the wrong type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from adapters.openai_threads.errors import invalid

GOT = {str: "a string", int: "an integer", float: "a decimal", bool: "a boolean", list: "an array",
       dict: "an object", type(None): "null"}


class Node:
    expected = "a value"

    def fits(self, value) -> bool:
        """The JSON kind this node takes (used to pick a branch of Either)."""
        raise NotImplementedError

    def walk(self, value, param: str) -> None:
        raise NotImplementedError

    def json_schema(self) -> dict:
        """The node as JSON Schema (the OpenAPI document's request bodies)."""
        raise NotImplementedError


def _wrong_type(value, param: str, expected: str):
    got = GOT.get(type(value), "a value")
    return invalid(f"Invalid type for '{param}': expected {expected}, but got {got} instead.", param, "invalid_type")


def _choices(values) -> str:
    quoted = [f"'{v}'" for v in values]
    if len(quoted) <= 2:
        return " and ".join(quoted)
    return ", ".join(quoted[:-1]) + ", and " + quoted[-1]


def _invalid_value(value, allowed, param: str):
    return invalid(f"Invalid value: '{value}'. Supported values are: {_choices(allowed)}.", param, "invalid_value")


@dataclass(frozen=True)
class Str(Node):
    max_length: int | None = None
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    expected = "a string"

    def fits(self, value) -> bool:
        return isinstance(value, str)

    def json_schema(self) -> dict:
        return _compact({"type": "string", "maxLength": self.max_length, "enum": list(self.enum) if self.enum else None,
                         "pattern": f"^{self.pattern}$" if self.pattern else None})

    def walk(self, value, param: str) -> None:
        if not isinstance(value, str):
            raise _wrong_type(value, param, self.expected)
        if self.enum is not None and value not in self.enum:
            raise _invalid_value(value, self.enum, param)
        if self.max_length is not None and len(value) > self.max_length:
            raise invalid(f"Invalid '{param}': string too long. Expected a string with maximum length "
                          f"{self.max_length}, but got a string with length {len(value)} instead.",
                          param, "string_above_max_length")
        if self.pattern is not None and not re.fullmatch(self.pattern, value):
            raise invalid(f"Invalid '{param}': string does not match pattern. Expected a string that matches "
                          f"the pattern '^{self.pattern}$'.", param, "invalid_value")


@dataclass(frozen=True)
class Num(Node):
    """A JSON number (``integer=True``: a whole one), optionally bounded on both sides."""
    low: int | float | None = None
    high: int | float | None = None
    integer: bool = False

    @property
    def expected(self) -> str:
        return "an integer" if self.integer else "a decimal"

    def fits(self, value) -> bool:
        return isinstance(value, int if self.integer else (int, float)) and not isinstance(value, bool)

    def json_schema(self) -> dict:
        return _compact({"type": "integer" if self.integer else "number", "minimum": self.low, "maximum": self.high})

    def walk(self, value, param: str) -> None:
        if not self.fits(value):
            raise _wrong_type(value, param, self.expected)
        kind = "integer" if self.integer else "decimal"
        if self.low is not None and value < self.low:
            raise invalid(f"Invalid '{param}': {kind} below minimum value. Expected a value >= {self.low}, "
                          f"but got {value} instead.", param, f"{kind}_below_min_value")
        if self.high is not None and value > self.high:
            raise invalid(f"Invalid '{param}': {kind} above maximum value. Expected a value <= {self.high}, "
                          f"but got {value} instead.", param, f"{kind}_above_max_value")


@dataclass(frozen=True)
class Bool(Node):
    expected = "a boolean"

    def fits(self, value) -> bool:
        return isinstance(value, bool)

    def json_schema(self) -> dict:
        return {"type": "boolean"}

    def walk(self, value, param: str) -> None:
        if not isinstance(value, bool):
            raise _wrong_type(value, param, self.expected)


@dataclass(frozen=True)
class Arr(Node):
    item: Node
    max_items: int | None = None
    min_items: int = 0
    expected = "an array"

    def fits(self, value) -> bool:
        return isinstance(value, list)

    def json_schema(self) -> dict:
        return _compact({"type": "array", "items": self.item.json_schema(), "minItems": self.min_items or None,
                         "maxItems": self.max_items})

    def walk(self, value, param: str) -> None:
        if not isinstance(value, list):
            raise _wrong_type(value, param, self.expected)
        if self.min_items and not value:
            raise invalid(f"Invalid '{param}': empty array. Expected an array with minimum length "
                          f"{self.min_items}, but got an empty array instead.", param, "empty_array")
        if self.max_items is not None and len(value) > self.max_items:
            raise invalid(f"Invalid '{param}': array too long. Expected an array with maximum length "
                          f"{self.max_items}, but got an array with length {len(value)} instead.",
                          param, "array_above_max_length")
        for i, item in enumerate(value):
            check(self.item, item, f"{param}[{i}]", required=True)


def _join(param: str, key: str) -> str:
    return f"{param}.{key}" if param else key


@dataclass(frozen=True)
class Obj(Node):
    """An object with known fields; any other key is refused (OpenAI's request schemas are
    closed), unless ``open``, which takes any object (a JSON Schema, function parameters)."""
    fields: dict[str, Node] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    open: bool = False
    expected = "an object"

    def fits(self, value) -> bool:
        return isinstance(value, dict)

    def json_schema(self) -> dict:
        if self.open:
            return {"type": "object"}
        return _compact({"type": "object", "properties": {k: v.json_schema() for k, v in self.fields.items()},
                         "required": list(self.required) or None, "additionalProperties": False})

    def walk(self, value, param: str) -> None:
        if not isinstance(value, dict):
            raise _wrong_type(value, param, self.expected)
        if self.open:
            return
        for key, item in value.items():
            node = self.fields.get(key)
            if node is None:
                raise invalid(f"Unknown parameter: '{_join(param, key)}'.", _join(param, key), "unknown_parameter")
            check(node, item, _join(param, key), required=key in self.required)
        for key in self.required:
            if key not in value:
                raise invalid(f"Missing required parameter: '{_join(param, key)}'.", _join(param, key),
                              "missing_required_parameter")


@dataclass(frozen=True)
class Tagged(Node):
    """One of several objects told apart by their ``type`` (each variant lists the rest)."""
    variants: dict[str, Obj]
    default: str | None = None  # the variant taken when ``type`` is absent
    expected = "an object"

    def fits(self, value) -> bool:
        return isinstance(value, dict)

    def json_schema(self) -> dict:
        return {"oneOf": [Obj({"type": Str(enum=(kind,)), **v.fields}, (*v.required, "type"), v.open).json_schema()
                          for kind, v in self.variants.items()]}

    def walk(self, value, param: str) -> None:
        if not isinstance(value, dict):
            raise _wrong_type(value, param, self.expected)
        kind = value.get("type", self.default)
        where = _join(param, "type")
        if kind is None:
            raise invalid(f"Missing required parameter: '{where}'.", where, "missing_required_parameter")
        if not isinstance(kind, str):
            raise _wrong_type(kind, where, "a string")
        if kind not in self.variants:
            raise _invalid_value(kind, tuple(self.variants), where)
        variant = self.variants[kind]
        fields = {"type": Str(enum=(kind,)), **variant.fields}
        Obj(fields, variant.required, variant.open).walk(value, param)


@dataclass(frozen=True)
class Either(Node):
    """A value of one of several JSON kinds (a string or an array of parts); the branch is the
    first whose kind fits."""
    options: tuple[Node, ...]
    expected: str = "a value"

    def fits(self, value) -> bool:
        return any(o.fits(value) for o in self.options)

    def json_schema(self) -> dict:
        return {"anyOf": [option.json_schema() for option in self.options]}

    def walk(self, value, param: str) -> None:
        for option in self.options:
            if option.fits(value):
                return option.walk(value, param)
        raise _wrong_type(value, param, self.expected)


@dataclass(frozen=True)
class Metadata(Node):
    """OpenAI's metadata map: at most 16 string pairs, keys up to 64, values up to 512 long."""
    expected = "an object"

    def fits(self, value) -> bool:
        return isinstance(value, dict)

    def json_schema(self) -> dict:
        return {"type": "object", "maxProperties": 16, "propertyNames": {"maxLength": 64},
                "additionalProperties": {"type": "string", "maxLength": 512}}

    def walk(self, value, param: str) -> None:
        if not isinstance(value, dict):
            raise _wrong_type(value, param, self.expected)
        if len(value) > 16:
            raise invalid(f"Invalid '{param}': too many properties. Expected an object with at most 16 properties, "
                          f"but got an object with {len(value)} properties instead.", param, "object_above_max_properties")
        for key, item in value.items():
            if len(key) > 64:
                raise invalid(f"Invalid property name in '{param}': '{key}' is too long. Expected a string with maximum "
                              f"length 64, but got a string with length {len(key)} instead.", f"{param}.{key}",
                              "string_above_max_length")
            check(Str(max_length=512), item, f"{param}.{key}", required=True)


def _compact(schema: dict) -> dict:
    return {k: v for k, v in schema.items() if v is not None}


def check(node: Node, value, param: str, required: bool = False) -> None:
    """Raise OpenAI's 400 for the first place where ``value`` does not fit ``node``."""
    if value is None:
        if required:
            raise _wrong_type(value, param, node.expected)
        return
    node.walk(value, param)
