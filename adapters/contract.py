"""What a dialect is, as one typed value, and what every handler may lean on.

A dialect package (``adapters.honcho_v3`` ...) builds one ``Dialect`` named ``DIALECT`` and
``adapters/__init__.py`` registers it (one line). Everything the gateway needs about a dialect
is a field here: its mount point, its route table, how its SDKs authenticate, and how its
vendor shapes an error and an auth failure.

Handlers raise ``ApiError`` (a ready vendor-shaped body and status) for any failure; the gateway
renders it. Anything else that escapes a handler is a bug and is answered as a 500 in the
dialect's envelope.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from starlette.requests import Request
from starlette.responses import Response

SUPPORTED = "supported"
PARTIAL = "partial"
UNSUPPORTED = "not supported"

AUTH_MESSAGES = {"missing": "No API key provided", "invalid": "Invalid API key"}


@runtime_checkable
class BodySchema(Protocol):
    def json_schema(self) -> dict:
        """The body's shape as JSON Schema."""


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    handler: Callable
    name: str
    support: str = SUPPORTED
    note: str = ""
    # The request body, for the OpenAPI documents: the msgspec wire type the handler decodes,
    # or a schema object of the dialect's own (``BodySchema``) where it checks bodies itself.
    body: "type | BodySchema | None" = None


@dataclass(frozen=True)
class Dialect:
    """One vendor API served over the canonical store.

    ``prefix`` is prepended to every endpoint path. ``owns`` are the path prefixes whose
    requests belong to this dialect when no route matches (a 404 or 405 is answered in its
    envelope); by default just ``prefix``. ``error_response(status, message)`` renders a
    gateway-made failure (404, 405, 413, 500) in the vendor's envelope; ``auth_failure(reason)``
    a 401, reason "missing" or "invalid" (by default ``error_response`` with a plain message).
    ``raw_path``: the vendor routed on the raw path, so a ``%2F`` stays inside its segment.
    ``notes`` is the package docstring: its "Known deviations" list flows into the README.
    ``record_id(kind, record)`` names a canonical record ("workspace", "peer", "session",
    "message") the way the vendor's SDK sees it, None where the vendor has no such object.
    """

    name: str
    title: str
    prefix: str
    endpoints: tuple[Endpoint, ...]
    error_response: Callable[[int, str], Response]
    auth_failure: Callable[[str], Response] | None = None
    auth_scheme: str = "Bearer"
    raw_path: bool = False
    owns: tuple[str, ...] = ()
    notes: str = ""
    slug: str = ""  # its name in URLs (/openapi/{slug}.json): by default ``name`` with dashes
    sdk_base: str = ""  # appended to the server's root: the base URL its SDKs are pointed at
    record_id: Callable[[str, object], str | None] | None = None  # (kind, record) -> its vendor id

    def __post_init__(self):
        object.__setattr__(self, "endpoints", tuple(self.endpoints))
        if not self.owns:
            object.__setattr__(self, "owns", (self.prefix,))
        if not self.slug:
            object.__setattr__(self, "slug", self.name.replace("_", "-"))

    def unauthorized(self, reason: str) -> Response:
        """The 401 for a key that is "missing" or "invalid", in the vendor's words."""
        if self.auth_failure is not None:
            return self.auth_failure(reason)
        return self.error_response(401, AUTH_MESSAGES.get(reason, reason))


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


def store(request: Request):
    """The canonical store (``store.protocol.Store``) the app was opened with."""
    return request.app.state.store


def settings_of(request: Request):
    return request.app.state.settings
