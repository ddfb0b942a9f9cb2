"""``Idempotency-Key`` on v4 writes (zep-cloud 4.0.1 sends a fresh uuid4 on every write unless
the caller passes one). A repeated write with the same key and the same method, path and body
answers the first answer again and writes nothing; the same key with anything else is a 409
``idempotency_key_reused``. Successful answers are kept as records for 24 hours; an expired
key is free again. Reads that the SDK sends as POST (lists, lookups, searches) are not wrapped.
"""

from __future__ import annotations

import functools
import hashlib
from datetime import datetime, timedelta, timezone

import msgspec

from adapters.zep_v4.common import respond, store, workspace
from adapters.zep_v4.errors import bad_request, conflict
from adapters.zep_v4.kinds import IDEMPOTENCY as KIND
from store.clock import from_text, to_text

KEPT = timedelta(hours=24)
HEADER = "idempotency-key"
MAX_KEY = 255


def _uid(ws: str, key: str) -> bytes:
    return hashlib.sha256(f"{ws}\x00{key}".encode()).digest()[:16]


async def _fingerprint(request) -> str:
    raw = await request.body()
    return hashlib.sha256(b"%s %s\n%s" % (request.method.encode(), request.url.path.encode(), raw)).hexdigest()


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
            await s.put_record(ws, KIND, uid, {
                "fingerprint": print_, "status": response.status_code,
                "body": bytes(response.body).decode(), "expires_at": to_text(now + KEPT)})
        return response

    return wrapped

