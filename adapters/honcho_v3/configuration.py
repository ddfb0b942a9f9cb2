"""Workspace, session and message ``configuration`` as Honcho 3.0.12 reads and keeps it.

Honcho types these objects (``src/schemas/configuration.py``): sections ``reasoning``,
``peer_card``, ``summary`` and ``dream`` with typed, bounded fields; unknown keys inside a
section are dropped, unknown top-level keys kept (workspace and session only). It stores
``model_dump(exclude_none=True)``, so null fields vanish. Values are read as pydantic's lax
mode reads JSON (``"yes"`` and ``1`` are booleans, ``"12"`` and ``12.0`` integers), and
every problem is one pydantic-shaped 422 entry, in Honcho's field order.
"""

from __future__ import annotations

from adapters.honcho_server.errors import invalid, issue
from adapters.honcho_server.lax import BadValue, boolean, integer, text

MODEL_MSG = "Input should be a valid dictionary or object to extract fields from"

# section -> (field -> (kind, lower bound))
SECTIONS = {
    "reasoning": {"enabled": ("bool", None), "custom_instructions": ("str", None)},
    "peer_card": {"use": ("bool", None), "create": ("bool", None)},
    "summary": {"enabled": ("bool", None), "messages_per_short_summary": ("int", 10),
                "messages_per_long_summary": ("int", 20)},
    "dream": {"enabled": ("bool", None)},
}
MAX_CUSTOM_INSTRUCTIONS_TOKENS = 2000


def _field(kind: str, low: int | None, value):
    if kind == "bool":
        return boolean(value)
    if kind == "str":
        return _instructions(text(value))
    number = integer(value)
    if low is not None and number < low:
        raise BadValue("greater_than_equal", f"Input should be greater than or equal to {low}", {"ge": low})
    return number


def _instructions(value: str) -> str:
    if value.strip():
        from store.tokens import count_tokens

        if count_tokens(value) > MAX_CUSTOM_INSTRUCTIONS_TOKENS:
            raise BadValue("value_error", "Value error, custom_instructions exceeds "
                       f"DERIVER.MAX_CUSTOM_INSTRUCTIONS_TOKENS ({MAX_CUSTOM_INSTRUCTIONS_TOKENS} tokens)",
                       {"error": {}})
    return value


def _section(name: str, value, loc: list, errors: list) -> dict | None:
    if not isinstance(value, dict):
        errors.append(issue("model_attributes_type", loc, MODEL_MSG, value))
        return None
    out, failed = {}, False
    for field, (kind, low) in SECTIONS[name].items():
        if field not in value or value[field] is None:
            continue
        try:
            out[field] = _field(kind, low, value[field])
        except BadValue as bad:
            errors.append(issue(bad.kind, [*loc, field], bad.msg, value[field], bad.ctx))
            failed = True
    if failed:
        return None
    if name == "summary":
        short, long = out.get("messages_per_short_summary"), out.get("messages_per_long_summary")
        if short is not None and long is not None and short >= long:
            errors.append(issue("value_error", loc, "Value error, messages_per_short_summary must be less "
                                "than messages_per_long_summary", value, {"error": {}}))
            return None
    return out


def read(value, loc: list, *, sections=tuple(SECTIONS), extra: bool = True, required: bool = False) -> dict | None:
    """The configuration Honcho would store for ``value`` (None when absent or null and not
    ``required``); a 422 listing every problem otherwise."""
    if value is None and not required:
        return None
    if not isinstance(value, dict):
        raise invalid([issue("model_attributes_type", loc, MODEL_MSG, value)])
    errors: list = []
    out = {}
    for name in sections:
        if value.get(name) is not None:
            found = _section(name, value[name], [*loc, name], errors)
            if found is not None:
                out[name] = found
    if errors:
        raise invalid(errors)
    if extra:
        out.update((k, v) for k, v in value.items() if k not in SECTIONS and v is not None)
    return out


def workspace(value, loc: list, *, required: bool = False) -> dict | None:
    return read(value, loc, required=required)


def session(value, loc: list) -> dict | None:
    return read(value, loc)


def message(value, loc: list) -> dict | None:
    return read(value, loc, sections=("reasoning",), extra=False)


def peer_config(value, loc: list) -> dict:
    """A SessionPeerConfig: observe_me / observe_others booleans, nulls dropped."""
    errors, out = [], {}
    for field in ("observe_me", "observe_others"):
        given = getattr(value, field)
        if given is None:
            continue
        try:
            out[field] = boolean(given)
        except BadValue as bad:
            errors.append(issue(bad.kind, [*loc, field], bad.msg, given))
    if errors:
        raise invalid(errors)
    return out
