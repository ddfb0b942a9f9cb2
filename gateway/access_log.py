"""One line per answered request: time, method, path, route template, dialect, status, duration,
request id and workspace. Never a body, a query string, a key or message content.

``text`` lines read as ``2026-12-07T18:20:01.123Z GET /v3/... 200 1.24ms route=... ...``;
``json`` lines are exactly one JSON object each. Lines are gathered during a turn of the event
loop and written together once it ends (one write per turn, not one per request), to the same
stream as the other log lines (stderr).
"""

from __future__ import annotations

import asyncio
import sys
import time
from functools import cache

import msgspec


@cache
def _encoder() -> msgspec.json.Encoder:
    return msgspec.json.Encoder()


class Line(msgspec.Struct):
    """A ``json`` access line (a Struct encodes about twice as fast as the same dict)."""

    time: str
    method: str
    path: str
    route: str | None
    dialect: str | None
    status: int
    duration_ms: float
    request_id: str
    workspace: str | None


class AccessLog:
    """``stream``: a binary stream to write to; by default stderr's buffer, looked up when
    writing (so a test's captured stderr gets the lines)."""

    def __init__(self, fmt: str = "text", stream=None):
        self.fmt = fmt
        self.stream = stream
        self._pending = bytearray()
        self._second = -1
        self._stamp = ""

    def record(self, method: str, path: str, route: str | None, dialect: str | None, status: int,
               seconds: float, request_id: str, workspace: str | None) -> None:
        now = time.time()
        when = self._time(now)
        first = not self._pending
        if self.fmt == "json":
            line = Line(when, method, path, route, dialect, status, round(seconds * 1000, 3),
                        request_id, workspace)
            _encoder().encode_into(line, self._pending, -1)
            self._pending += b"\n"
        else:
            self._pending += (
                f"{when} {method} {path} {status} {seconds * 1000:.2f}ms route={route or '-'} "
                f"dialect={dialect or '-'} request_id={request_id} workspace={workspace or '-'}\n"
            ).encode()
        if first:
            try:
                asyncio.get_running_loop().call_soon(self.flush)
            except RuntimeError:  # no loop (a synchronous caller): write now
                self.flush()

    def _time(self, now: float) -> str:
        second = int(now)
        if second != self._second:
            self._second = second
            self._stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
        return f"{self._stamp}.{int((now - second) * 1000):03d}Z"

    def flush(self) -> None:
        pending, self._pending = self._pending, bytearray()
        try:
            if self.stream is not None:
                self.stream.write(pending)
                self.stream.flush()
            else:
                sys.stderr.flush()  # the gateway's own lines first, in order
                sys.stderr.buffer.write(pending)
                sys.stderr.buffer.flush()
        except (OSError, ValueError, AttributeError):  # a closed or full stream must not stop the gateway
            pass
