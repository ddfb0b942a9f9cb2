"""The one pure-ASGI middleware every request passes: request id, trailing-slash folding, body
cap and API-key auth. ``/x/`` is served as ``/x`` (vendors' SDKs differ on trailing slashes, and
Zep clients must never see a redirect).

It answers 413 and 401 itself, in the envelope of the dialect the path belongs to, and puts
the caller's workspace binding in ``scope["rosetta.workspace"]`` (None = admin or auth off).
"""

from __future__ import annotations

import hashlib
import random

from starlette.exceptions import HTTPException

from gateway.dialects import DialectMap
from gateway.settings import Settings

OPEN_PATHS = frozenset({"/health"})


class BodyTooLarge(HTTPException):
    def __init__(self):
        super().__init__(413, "Request Entity Too Large")


def _digest(key: str) -> bytes:
    return hashlib.sha256(key.encode()).digest()


def presented_key(headers: list, scheme: str) -> str | None:
    """The key in an ``Authorization: <scheme> <key>`` header; Bearer and Api-Key both work."""
    for name, value in headers:
        if name == b"authorization":
            kind, _, key = value.decode("latin-1").strip().partition(" ")
            if kind.lower() in ("bearer", "api-key", scheme.lower()) and key.strip():
                return key.strip()
            return None
    return None


class Gate:
    def __init__(self, app, settings: Settings, dialects: DialectMap):
        self.app = app
        self.limit = settings.max_body_bytes
        self.keys = {_digest(k): ws for k, ws in settings.api_keys.items()}
        self.dialects = dialects

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if len(scope["path"]) > 1 and scope["path"].endswith("/"):
            scope = {**scope, "path": scope["path"].rstrip("/") or "/"}  # no redirects, ever
        declared = self._declared_length(scope)
        if declared is not None and declared > self.limit:
            return await self._reject(413, "Request body too large", scope, receive, send)
        if self.keys and scope["path"] not in OPEN_PATHS:
            failure = self._authorize(scope)
            if failure:
                return await self._reject(401, failure, scope, receive, send)
        if declared is None:  # a declared length is enforced by the HTTP server; a stream is not
            receive = _capped(receive, self.limit)
        await self.app(scope, receive, send)

    @staticmethod
    def _declared_length(scope) -> int | None:
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    return int(value)
                except ValueError:
                    return None
        return None

    def _authorize(self, scope) -> str | None:
        scheme = getattr(self.dialects.for_path(scope["path"]), "AUTH_SCHEME", "Bearer")
        key = presented_key(scope["headers"], scheme)
        if key is None:
            return "missing"
        workspace = self.keys.get(_digest(key))
        if workspace is None:
            return "invalid"
        scope["rosetta.workspace"] = None if workspace == "*" else workspace
        return None

    async def _reject(self, status, reason, scope, receive, send):
        dialect = self.dialects.for_path(scope["path"])
        if dialect is not None and status == 401 and hasattr(dialect, "auth_failure"):
            response = dialect.auth_failure(reason)
        elif dialect is not None:
            message = {"missing": "No API key provided", "invalid": "Invalid API key"}.get(
                reason, reason
            )
            response = dialect.error_response(status, message)
        else:
            from gateway.errors import fallback_error

            response = fallback_error(status, reason)
        await stamped(response)(scope, receive, send)


BODILESS = frozenset({204, 304})
_FRAMING = frozenset({b"content-length", b"content-type", b"transfer-encoding"})


def stamped(response):
    """The response as it goes on the wire: an ``x-request-id`` (OpenAI's ``req_`` form) unless
    it has one, and no body (nor framing headers) on a 1xx, 204 or 304, whatever the handler
    built: a body there is read by a keep-alive client as the start of the next answer
    (RFC 9110 §6.4.1)."""
    if response.status_code in BODILESS or response.status_code < 200:
        response.body = b""
        response.raw_headers = [(k, v) for k, v in response.raw_headers if k not in _FRAMING]
    headers = response.raw_headers
    for name, _ in headers:
        if name == b"x-request-id":
            return response
    # an opaque per-request id (OpenAI's form); not a secret, so no syscall for entropy
    headers.append((b"x-request-id", b"req_%032x" % random.getrandbits(128)))
    return response


def _capped(receive, limit: int):
    seen = 0

    async def capped():
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge()
        return message

    return capped
