"""Shapes both Honcho API versions print the same way: timestamps and pages."""

from __future__ import annotations

from datetime import datetime


def iso(moment: datetime) -> str:
    """pydantic's rendering as text: microseconds only when non-zero, ``Z`` for UTC."""
    text = moment.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def page(items: list, total: int, number: int, size: int) -> dict:
    """fastapi-pagination's page: items, total, page, size and the page count."""
    return {"items": items, "total": total, "page": number, "size": size,
            "pages": -(-total // size) if total else 0}
