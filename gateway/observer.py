"""What the gateway notes about each answered request: metrics always, the access log when on."""

from __future__ import annotations

import re
import random

from adapters.contract import Dialect
from gateway.access_log import AccessLog
from gateway.metrics import Metrics

_CLIENT_ID = re.compile(rb"[A-Za-z0-9._:\-]{1,128}")
UNMATCHED = "(unmatched)"


def request_id(scope) -> bytes:
    """The client's ``x-request-id`` when it is a sane token (echoed back, so a caller can
    correlate), else a new opaque id in OpenAI's ``req_`` form."""
    for name, value in scope["headers"]:
        if name == b"x-request-id" and _CLIENT_ID.fullmatch(value):
            return value
    return b"req_%032x" % random.getrandbits(128)


class Observer:
    def __init__(self, metrics: Metrics, access: AccessLog | None):
        self.metrics = metrics
        self.access = access

    def done(self, scope, route: str | None, dialect: Dialect | None, status: int,
             seconds: float, rid: bytes) -> None:
        name = dialect.name if dialect is not None else "gateway"
        self.metrics.observe(name, scope["method"], route or UNMATCHED, status, seconds)
        if self.access is not None:
            self.access.record(scope["method"], scope["path"], route, name, status, seconds,
                               rid.decode("latin-1"), _workspace(scope))


def _workspace(scope) -> str | None:
    bound = scope.get("rosetta.workspace")
    if bound is not None:
        return bound
    return scope.get("path_params", {}).get("workspace_id")
