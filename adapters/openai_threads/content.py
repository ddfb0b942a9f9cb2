"""Message content: OpenAI's request parts in, canonical text plus response parts out
(docs/vendors.md, OpenAI §4, §5.3).

A plain string is stored as the canonical text alone (its one text part is rebuilt on read).
An array of parts is kept whole in extras["openai"]["content"] so OpenAI reads return exactly
what was written; other dialects see the text parts joined by newlines.
"""

from __future__ import annotations

from adapters.openai_threads import validate
from adapters.openai_threads.errors import invalid

DETAILS = ("auto", "low", "high")


def parse(value, param: str) -> tuple[str, list | None]:
    """(canonical text, response-shaped parts or None for a plain string)."""
    if value is None:
        raise invalid(f"Missing required parameter: '{param}'.", param, "missing_required_parameter")
    if isinstance(value, str):
        return validate.text(value, param), None
    validate.of_type(value, list, param, "a string or an array")
    if not value:
        raise invalid(f"Invalid '{param}': empty array. Expected an array with minimum length 1, but got an empty array instead.", param, "empty_array")
    parts = [_part(p, f"{param}[{i}]") for i, p in enumerate(value)]
    texts = [p["text"]["value"] for p in parts if p["type"] == "text"]
    return validate.text("\n".join(texts), param), parts


def _part(part, param: str) -> dict:
    validate.of_type(part, dict, param, "an object")
    kind = part.get("type")
    if kind == "text":
        validate.unknown(part, ("type", "text"), f"{param}.")
        value = validate.of_type(part.get("text"), str, f"{param}.text", "a string")
        return {"type": "text", "text": {"value": value, "annotations": []}}
    if kind in ("image_file", "image_url"):
        validate.unknown(part, ("type", kind), f"{param}.")
        inner = validate.of_type(part.get(kind), dict, f"{param}.{kind}", "an object")
        field = "file_id" if kind == "image_file" else "url"
        validate.unknown(inner, (field, "detail"), f"{param}.{kind}.")
        validate.of_type(inner.get(field), str, f"{param}.{kind}.{field}", "a string")
        detail = inner.get("detail")
        if detail is not None and detail not in DETAILS:
            raise invalid(f"Invalid value: '{detail}'. Supported values are: 'auto', 'low', and 'high'.", f"{param}.{kind}.detail", "invalid_value")
        shaped = {field: inner[field]}
        if detail or kind == "image_url":  # image_file shows no detail unless one was given
            shaped["detail"] = detail or "auto"
        return {"type": kind, kind: shaped}
    raise invalid(f"Invalid value: '{kind}'. Supported values are: 'text', 'image_file', and 'image_url'.", f"{param}.type", "invalid_value")


def attachments(value, param: str = "attachments") -> list | None:
    if value is None:
        return None
    validate.of_type(value, list, param, "an array")
    for i, item in enumerate(value):
        validate.of_type(item, dict, f"{param}[{i}]", "an object")
        validate.unknown(item, ("file_id", "tools"), f"{param}[{i}].")
    return value


def response_parts(text: str, stored: list | None) -> list:
    return stored if stored is not None else [{"type": "text", "text": {"value": text, "annotations": []}}]
