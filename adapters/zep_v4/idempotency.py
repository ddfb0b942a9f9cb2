"""``Idempotency-Key`` on v4 writes (zep-cloud 4.0.1 sends a fresh uuid4 on every write unless
the caller passes one). A repeated write with the same key and the same method, path and body
answers the first answer again and writes nothing; the same key with anything else is a 409
``idempotency_key_reused``. Successful answers are kept as records for 24 hours; an expired
key is free again. Reads that the SDK sends as POST (lists, lookups, searches) are not wrapped.
Requests with one key run one at a time within a process (a duplicate sent while the first
runs waits and gets its answer); across worker processes two simultaneous ones may both run.

Each kept answer's record has the hour it expires in as its parent (``2026-12-08T18``), so
expired answers are deleted an hour's bucket at a time, at most once an hour per workspace
(the first time a process does it, it looks back two days).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
from datetime import datetime, timedelta, timezone

import msgspec

from adapters.contract import store
from adapters.http import respond
from adapters.zep_server.reading import workspace
from adapters.zep_v4.errors import bad_request, conflict
from adapters.zep_v4.kinds import IDEMPOTENCY as KIND
from store.clock import from_text, to_text

KEPT = timedelta(hours=24)
HOUR = timedelta(hours=1)
LOOK_BACK = timedelta(hours=48)
HEADER = "idempotency-key"
MAX_KEY = 255


@functools.cache
def _pruned() -> dict[str, datetime]:
    """Per workspace, the hour up to which expired answers were deleted by this process."""
    return {}


def _bucket(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H")


async def _prune(s, ws: str, now: datetime) -> None:
    hour = now.replace(minute=0, second=0, microsecond=0)
    start = _pruned().get(ws, hour - LOOK_BACK)
    if start >= hour:
        return
    _pruned()[ws] = hour
    while start < hour:  # every answer in an earlier hour's bucket has expired
        while True:
            page = await s.list_records(ws, KIND, parent=_bucket(start), limit=500)
            for record in page.items:
                await s.delete_record(ws, KIND, bytes.fromhex(record["uid"]))
            if len(page.items) < 500:
                break
        start += HOUR


def _uid(ws: str, key: str) -> bytes:
    return hashlib.sha256(f"{ws}\x00{key}".encode()).digest()[:16]


async def _fingerprint(request) -> str:
    raw = await request.body()
    said = b"%s %s\n%s" % (request.method.encode(), request.url.path.encode(), raw)
    return hashlib.sha256(said).hexdigest()


@functools.cache
def _held() -> dict[bytes, list]:
    """Per key in use in this process: [its lock, how many requests hold or wait for it]."""
    return {}


@contextlib.asynccontextmanager
async def _one_at_a_time(uid: bytes):
    """Requests with one key run one after the other in this process, so a duplicate sent
    while the first is still running waits for it and gets its answer."""
    entry = _held().setdefault(uid, [asyncio.Lock(), 0])
    entry[1] += 1
    try:
        async with entry[0]:
            yield
    finally:
        entry[1] -= 1
        if not entry[1]:
            del _held()[uid]


def idempotent(handler):
    @functools.wraps(handler)
    async def wrapped(request):
        key = request.headers.get(HEADER)
        if key is None:
            return await handler(request)
        if not key.strip() or len(key) > MAX_KEY:
            raise bad_request(f"Idempotency-Key must be 1 to {MAX_KEY} characters", "Idempotency-Key")
        ws = workspace(request)
        uid = _uid(ws, key)
        async with _one_at_a_time(uid):
            return await _answer(request, handler, ws, uid)

    return wrapped


async def _answer(request, handler, ws: str, uid: bytes):
    print_ = await _fingerprint(request)
    s = store(request)
    kept = await s.get_record(ws, KIND, uid)
    now = datetime.now(timezone.utc)
    if kept is not None and from_text(kept["expires_at"]) > now:
        if kept["fingerprint"] != print_:
            raise conflict("Idempotency-Key was already used with a different request",
                           "idempotency_key_reused")
        return respond(msgspec.json.decode(kept["body"]), kept["status"])
    response = await handler(request)
    if 200 <= response.status_code < 300:
        expires = now + KEPT
        await s.put_record(ws, KIND, uid, {
            "uid": uid.hex(), "fingerprint": print_, "status": response.status_code,
            "body": bytes(response.body).decode(), "expires_at": to_text(expires)},
            parent=_bucket(expires))
        await _prune(s, ws, now)
    return response

