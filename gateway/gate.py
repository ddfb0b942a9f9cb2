"""What every routed request passes before its handler: body cap and API-key auth; and the
request id every response gets.

``Gate.admit`` answers 413 and 401 itself, in the envelope of the request's dialect (the matched
route's), and puts the caller's workspace binding in ``scope["rosetta.workspace"]`` (None =
admin or auth off).
"""

from __future__ import annotations

import hashlib

from starlette.exceptions import HTTPException

from starlette.responses import Response

from adapters.contract import Dialect
from gateway.errors import fallback_error
from gateway.settings import ASCII_SPACE, Settings


class BodyTooLarge(HTTPException):
    def __init__(self):
        super().__init__(413, "Request Entity Too Large")


def _digest(key: str) -> bytes:
    return hashlib.sha256(key.encode()).digest()


def presented_key(headers: list, scheme: str) -> str | None:
    """The key in an ``Authorization: <scheme> <key>`` header; Bearer and Api-Key both work.
    Only ASCII whitespace is trimmed (gateway/settings.py): NBSP or NEL around a key is part of
    it, so it does not match."""
    for name, value in headers:
        if name == b"authorization":
            kind, _, key = value.decode("latin-1").strip(ASCII_SPACE).partition(" ")
            key = key.strip(ASCII_SPACE)
            if kind.lower() in ("bearer", "api-key", scheme.lower()) and key:
                return key
            return None
    return None


class Gate:
    def __init__(self, settings: Settings, open_paths: set[str] = frozenset({"/health"})):
        self.open_paths = frozenset(open_paths)  # answered without a key
        self.limit = settings.max_body_bytes
        self.keys = {_digest(k): ws for k, ws in settings.api_keys.items()}

    def admit(self, scope, receive, dialect: Dialect | None):
        """(refusal, receive): a 413 or 401 response, else None and ``receive`` capped at the
        body limit when the client declared no length."""
        declared = self._declared_length(scope)
        if declared is not None and declared > self.limit:
            return refusal(dialect, 413, "Request body too large"), receive
        if self.keys and scope["path"] not in self.open_paths:
            failure = self._authorize(scope, dialect.auth_scheme if dialect is not None else "Bearer")
            if failure:
                return refusal(dialect, 401, failure), receive
        if declared is None:  # a declared length is enforced by the HTTP server; a stream is not
            receive = _capped(receive, self.limit)
        return None, receive

    @staticmethod
    def _declared_length(scope) -> int | None:
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    return int(value)
                except ValueError:
                    return None
        return None

    def _authorize(self, scope, scheme: str) -> str | None:
        key = presented_key(scope["headers"], scheme)
        if key is None:
            return "missing"
        workspace = self.keys.get(_digest(key))
        if workspace is None:
            return "invalid"
        scope["rosetta.workspace"] = None if workspace == "*" else workspace
        return None


def refusal(dialect: Dialect | None, status: int, reason: str) -> Response:
    if dialect is None:
        return fallback_error(status, reason)
    if status == 401:
        return dialect.unauthorized(reason)
    return dialect.error_response(status, reason)


BODILESS = frozenset({204, 304})
_FRAMING = frozenset({b"content-length", b"content-type", b"transfer-encoding"})


def stamped(response, rid: bytes):
    """The response as it goes on the wire: the request's ``x-request-id`` unless it has one,
    and no body (nor framing headers) on a 1xx, 204 or 304, whatever the handler built: a body
    there is read by a keep-alive client as the start of the next answer (RFC 9110 §6.4.1)."""
    if response.status_code in BODILESS or response.status_code < 200:
        response.body = b""
        response.raw_headers = [(k, v) for k, v in response.raw_headers if k not in _FRAMING]
    headers = response.raw_headers
    for name, _ in headers:
        if name == b"x-request-id":
            return response
    headers.append((b"x-request-id", rid))
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
