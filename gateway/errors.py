"""Rendering failures in the envelope of the dialect a request belongs to (the matched route's;
for an unmatched path, the dialect owning its prefix; None: a plain ``{"detail": ...}``).

    ApiError (adapters.contract)  -> its own status and vendor-shaped body
    starlette HTTPException       -> routing 404 / 405, in the dialect's envelope
    starlette ClientDisconnect    -> 499 (nginx's "client closed request"), not logged: the
                                     client left mid-body; the access log has its one line
    store.errors.Unavailable      -> 507 (disk full) or 503 (I/O error, read-only, ...), in the
                                     dialect's envelope, naming the cause (the writer logs it once)
    anything else                 -> 500 in the dialect's envelope (a bug: logged)
"""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from adapters.contract import ApiError, Dialect
from adapters.http import json_response
from store.errors import Unavailable

log = logging.getLogger("rosetta")

REASONS = {404: "Not Found", 405: "Method Not Allowed", 413: "Request Entity Too Large"}


def fallback_error(status: int, message: str) -> Response:
    return json_response({"detail": message}, status)


def render(dialect: Dialect | None, status: int, message: str) -> Response:
    if dialect is None:
        return fallback_error(status, message)
    return dialect.error_response(status, message)


def api_error(exc: ApiError) -> Response:
    return json_response(exc.body, exc.status, exc.headers)


def http_error(dialect: Dialect | None, exc: HTTPException) -> Response:
    message = REASONS.get(exc.status_code, exc.detail)
    response = render(dialect, exc.status_code, message)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


def unavailable(dialect: Dialect | None, exc: Unavailable) -> Response:
    status = 507 if exc.kind == "full" else 503
    return render(dialect, status, f"Storage unavailable: {exc}")


def server_error(dialect: Dialect | None, request: Request, exc: Exception) -> Response:
    if isinstance(exc, Unavailable):
        return unavailable(dialect, exc)
    if isinstance(exc, ClientDisconnect):  # not a bug: no traceback, and no one to answer
        return render(dialect, 499, "Client closed the request")
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return render(dialect, 500, "An unexpected error occurred")
