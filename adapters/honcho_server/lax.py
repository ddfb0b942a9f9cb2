"""Values as pydantic's lax mode reads JSON into Honcho's models (FastAPI validates that way):
booleans from 0/1 and words, integers from integral floats and digit text."""

from __future__ import annotations

TRUE_TEXT = frozenset({"1", "on", "t", "true", "y", "yes"})
FALSE_TEXT = frozenset({"0", "off", "f", "false", "n", "no"})
BOOL_PARSING = "Input should be a valid boolean, unable to interpret input"


class BadValue(Exception):
    """A value pydantic rejects: its error ``kind``, ``msg`` and ``ctx``."""

    def __init__(self, kind: str, msg: str, ctx: dict | None = None):
        super().__init__(msg)
        self.kind, self.msg, self.ctx = kind, msg, ctx


def boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        if value in (0, 1):
            return bool(value)
        raise BadValue("bool_parsing", BOOL_PARSING)
    if isinstance(value, float) and value in (0.0, 1.0):
        return bool(value)
    if isinstance(value, str):
        lowered = value.lower()
        if lowered in TRUE_TEXT or lowered in FALSE_TEXT:
            return lowered in TRUE_TEXT
        raise BadValue("bool_parsing", BOOL_PARSING)
    raise BadValue("bool_type", "Input should be a valid boolean")


def integer(value) -> int:
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise BadValue("int_from_float", "Input should be a valid integer, got a number with a fractional part")
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            raise BadValue("int_parsing", "Input should be a valid integer, unable to parse string as an integer") from None
    raise BadValue("int_type", "Input should be a valid integer")


def text(value) -> str:
    if not isinstance(value, str):
        raise BadValue("string_type", "Input should be a valid string")
    return value
