"""Rendering failures in the envelope of the dialect a request belongs to.

    ApiError (adapters.contract)  -> its own status and vendor-shaped body
    starlette HTTPException       -> routing 404 / 405, in the dialect's envelope
    starlette ClientDisconnect    -> one info line (the client left mid-body; nothing to answer)
    store.errors.Unavailable      -> 507 (disk full) or 503 (I/O error, read-only, ...), in the
                                     dialect's envelope, naming the cause (the writer logs it once)
    anything else                 -> 500 in the dialect's envelope (a bug: logged)
"""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from adapters.contract import ApiError
from gateway.jsonio import json_response
from store.errors import Unavailable

log = logging.getLogger("rosetta")

REASONS = {404: "Not Found", 405: "Method Not Allowed", 413: "Request Entity Too Large"}


def fallback_error(status: int, message: str) -> Response:
    return json_response({"detail": message}, status)


def render(request: Request, status: int, message: str) -> Response:
    dialect = request.app.state.dialects.for_path(request.url.path)
    if dialect is None:
        return fallback_error(status, message)
    return dialect.error_response(status, message)


async def api_error(request: Request, exc: ApiError) -> Response:
    return json_response(exc.body, exc.status, exc.headers)


async def http_error(request: Request, exc: HTTPException) -> Response:
    message = REASONS.get(exc.status_code, exc.detail)
    response = render(request, exc.status_code, message)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


def unavailable(request: Request, exc: Unavailable) -> Response:
    status = 507 if exc.kind == "full" else 503
    return render(request, status, f"Storage unavailable: {exc}")


async def server_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, Unavailable):
        return unavailable(request, exc)
    if isinstance(exc, ClientDisconnect):  # not a bug: no traceback, and no one to answer
        log.info("rosetta: client disconnected during the body of %s %s", request.method, request.url.path)
        return render(request, 400, "Client disconnected")
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return render(request, 500, "An unexpected error occurred")


