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


class AccessLog:
    def __init__(self, fmt: str = "text", stream=None):
        self.fmt = fmt
        self.stream = stream
        self._lines: list[str] = []
        self._second = -1
        self._stamp = ""

    def record(self, method: str, path: str, route: str | None, dialect: str | None, status: int,
               seconds: float, request_id: str, workspace: str | None) -> None:
        now = time.time()
        when = self._time(now)
        if self.fmt == "json":
            line = _encoder().encode({
                "time": when, "method": method, "path": path, "route": route, "dialect": dialect,
                "status": status, "duration_ms": round(seconds * 1000, 3),
                "request_id": request_id, "workspace": workspace,
            }).decode() + "\n"
        else:
            line = (f"{when} {method} {path} {status} {seconds * 1000:.2f}ms route={route or '-'} "
                    f"dialect={dialect or '-'} request_id={request_id} workspace={workspace or '-'}\n")
        self._lines.append(line)
        if len(self._lines) == 1:
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
        lines, self._lines = self._lines, []
        stream = self.stream or sys.stderr
        try:
            stream.write("".join(lines))
            stream.flush()
        except (OSError, ValueError):  # a closed or full log stream must not stop the gateway
            pass
