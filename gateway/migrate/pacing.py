"""How long to wait before retrying a vendor call: the vendor's ``Retry-After`` (or OpenAI's
``retry-after-ms``), else exponential backoff; a bounded number of retries.

``sleep`` is looked up at call time, so tests patch ``gateway.migrate.pacing.sleep``.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

BASE_DELAY = 0.5
MAX_BACKOFF = 30.0
MAX_WAIT = 300.0
DEFAULT_RETRIES = 6


async def sleep(seconds: float) -> None:
    await asyncio.sleep(seconds)


def retry_after(headers) -> float | None:
    """Seconds the vendor asked us to wait, or None when it did not say."""
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def backoff(attempt: int) -> float:
    return min(MAX_BACKOFF, BASE_DELAY * 2**attempt)


def retryable(status: int, *, server_errors: bool = True) -> bool:
    return status == 429 or (server_errors and status >= 500)


class Pacer:
    """Counts and performs the waits of one run."""

    def __init__(self, max_retries: int = DEFAULT_RETRIES):
        self.max_retries = max_retries
        self.waits: list[float] = []

    def delay(self, headers, attempt: int) -> float:
        asked = retry_after(headers) if headers is not None else None
        return min(MAX_WAIT, asked if asked is not None else backoff(attempt))

    async def wait(self, seconds: float) -> None:
        self.waits.append(seconds)
        await sleep(seconds)
