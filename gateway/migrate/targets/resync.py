"""Writing messages a vendor may not deduplicate: after a 5xx or a lost connection the batch may
or may not have landed, so the target reads back what the vendor holds and goes on from there."""

from __future__ import annotations

from gateway.migrate.client import VendorError
from gateway.migrate.pacing import backoff


def uncertain(exc: VendorError) -> bool:
    return exc.status is None or exc.status >= 500


async def push_all(client, pending, send, size: int):
    """``pending()`` -> (how many of ours the vendor holds, the messages still to send);
    ``send(batch)`` posts one batch. Yields ("message", n, why) counts."""
    attempt, known = 0, None
    while True:
        held, todo = await pending()
        if known is None and held:
            yield "message", held, "already on the vendor"
        elif known is not None and held > known:
            yield "message", held - known, None  # the batch that answered 5xx had landed
        known = held
        try:
            for start in range(0, len(todo), size):
                batch = todo[start: start + size]
                await send(batch)
                known += len(batch)
                yield "message", len(batch), None
            return
        except VendorError as exc:
            if not uncertain(exc) or attempt >= client.pacer.max_retries:
                raise
            await client.pacer.wait(backoff(attempt))
            attempt += 1
