"""What every dialect module exposes, and the few helpers two or more adapters share.

A dialect module (``adapters.honcho_v3`` ...) defines:

    NAME         "honcho_v3"
    PREFIX       the mount point, "/v3"
    AUTH_SCHEME  "Bearer" or "Api-Key": the Authorization scheme its SDKs send
    ENDPOINTS    list[Endpoint]: the route table as data (README coverage table is built from it)
    error_response(status, message) -> Response   in the vendor's error envelope

Handlers raise ``ApiError`` (a ready vendor-shaped body and status) for any failure; the gateway
renders it. Anything else that escapes a handler is a bug and is answered as a 500 in the
dialect's envelope.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from starlette.requests import Request

SUPPORTED = "supported"
PARTIAL = "partial"
UNSUPPORTED = "not supported"


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    handler: Callable
    name: str
    support: str = SUPPORTED
    note: str = ""


class ApiError(Exception):
    """A failure already shaped as the vendor's error body."""

    def __init__(self, status: int, body: object, headers: dict | None = None):
        super().__init__(status)
        self.status = status
        self.body = body
        self.headers = headers or {}


def bound_workspace(request: Request) -> str | None:
    """The workspace the caller's API key is bound to; None for an admin key or auth off."""
    return request.scope.get("rosetta.workspace")


def store_of(request: Request):
    return request.app.state.store


def settings_of(request: Request):
    return request.app.state.settings
