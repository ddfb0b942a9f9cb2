"""429 with Retry-After, 5xx with backoff, bounded retries (sleep is patched: nothing waits)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import httpx
import respx

from gateway.migrate import pacing
from tests.migrate.conftest import every_message, migrate, read
from tests.migrate.vendors.honcho_v3 import HonchoV3

URL = "https://honcho.test"


def account() -> HonchoV3:
    vendor = HonchoV3(URL)
    for s in range(3):
        for i in range(120):
            vendor.add("acme", f"s{s}", "alice", f"s{s} m{i}")
    return vendor


def run(vendor: HonchoV3, db: str) -> int:
    with respx.mock(assert_all_called=False) as router:
        vendor.mount(router)
        return migrate(db, "--from", "honcho-v3", "--url", URL, "--key", vendor.key)


def limited(seconds: str) -> httpx.Response:
    return httpx.Response(429, headers={"Retry-After": seconds}, json={"detail": "Rate limit exceeded"})


def test_429_waits_what_retry_after_says_and_5xx_backs_off(db, waits):
    vendor = account()
    vendor.faults.add(r"/sessions/s1/messages/list$", limited("7"), limited("7"),
                      httpx.Response(503, text="upstream unavailable"), skip=1)
    vendor.faults.add(r"/peers/list$", httpx.ConnectError("connection reset"))
    assert run(vendor, db) == 0
    assert waits == [pacing.backoff(0), 7.0, 7.0, pacing.backoff(2)]
    assert len(read(db, lambda s: every_message(s, "acme", "s1"))) == 120


def test_retries_are_bounded_and_the_failure_is_reported_with_its_reason(db, capsys, waits):
    vendor = account()
    down = httpx.Response(500, json={"detail": "An unexpected error occurred"})
    vendor.faults.add(r"/sessions/s1/messages/list$", *[down] * 7)
    assert run(vendor, db) == 1
    out = capsys.readouterr().out
    assert len(waits) == 6  # --max-retries default
    assert "failed: 1\n    - session acme/s1: POST /v3/workspaces/acme/sessions/s1/messages/list: " \
           "HTTP 500: An unexpected error occurred" in out
    assert "copied: 1 workspace, 1 peer, 3 sessions, 3 members, 240 messages" in out

    assert run(vendor, db) == 0  # the vendor is back: only what failed is fetched again
    assert vendor.faults.count(r"/sessions/s0/messages/list$") == 2
    assert read(db, lambda s: s.list_messages("acme", None, limit=1)).total == 360


def test_a_4xx_is_not_retried(db, waits):
    vendor = account()
    vendor.faults.add(r"/sessions/s2/messages/list$", httpx.Response(404, json={"detail": "Session not found"}))
    assert run(vendor, db) == 1
    assert waits == []


def test_retry_after_forms():
    later = datetime.now(timezone.utc) + timedelta(seconds=30)
    assert pacing.retry_after({"retry-after": "12"}) == 12.0
    assert pacing.retry_after({"retry-after-ms": "1500", "retry-after": "9"}) == 1.5
    assert 28 <= pacing.retry_after({"retry-after": format_datetime(later, usegmt=True)}) <= 30
    assert pacing.retry_after({"retry-after": "soon"}) is None
    assert pacing.retry_after({}) is None
    assert pacing.Pacer().delay({"retry-after": "100000"}, 0) == pacing.MAX_WAIT
    assert [pacing.backoff(n) for n in range(8)] == [0.5, 1, 2, 4, 8, 16, 30, 30]
