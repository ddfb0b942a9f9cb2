"""Rendering failures in the envelope of the dialect a request belongs to (the matched route's;
for an unmatched path, the dialect owning its prefix; None: a plain ``{"detail": ...}``).

    ApiError (adapters.contract)  -> its own status and vendor-shaped body
    starlette HTTPException       -> routing 404 / 405, in the dialect's envelope
    anything else                 -> 500 in the dialect's envelope (a bug: logged)
"""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from adapters.contract import ApiError, Dialect
from adapters.http import json_response

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


def server_error(dialect: Dialect | None, request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return render(dialect, 500, "An unexpected error occurred")
