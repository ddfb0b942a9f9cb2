"""Message content: OpenAI's request parts in, canonical text plus response parts out
(docs/vendors.md, OpenAI §4, §5.3).

A plain string is stored as the canonical text alone (its one text part is rebuilt on read).
An array of parts is kept whole in extras["openai"]["content"] so OpenAI reads return exactly
what was written; other dialects see the text parts joined by newlines. The parts arrive
checked against bodies.CONTENT.
"""

from __future__ import annotations

from adapters.openai_threads import validate


def parse(value, param: str) -> tuple[str, list | None]:
    """(canonical text, response-shaped parts or None for a plain string)."""
    if isinstance(value, str):
        return value, None
    parts = [_part(p) for p in value]
    texts = [p["text"]["value"] for p in parts if p["type"] == "text"]
    return validate.text("\n".join(texts), param), parts


def _part(part: dict) -> dict:
    kind = part["type"]
    if kind == "text":
        return {"type": "text", "text": {"value": part["text"], "annotations": []}}
    inner = part[kind]
    field = "file_id" if kind == "image_file" else "url"
    detail = inner.get("detail")
    shaped = {field: inner[field]}
    if detail or kind == "image_url":  # image_file shows no detail unless one was given
        shaped["detail"] = detail or "auto"
    return {"type": kind, kind: shaped}


def response_parts(text: str, stored: list | None) -> list:
    return stored if stored is not None else [{"type": "text", "text": {"value": text, "annotations": []}}]
