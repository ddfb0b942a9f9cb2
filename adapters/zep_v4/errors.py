"""Zep v4's error envelope: ``{"error": {"code", "message", "param"?}}`` (zep-cloud 4.0.1's
``ErrorBody``; the SDK maps 400/401/403/404/409/413/422/429/5xx to typed errors)."""

from __future__ import annotations

from adapters.contract import ApiError
from adapters.http import json_response

CODES = {400: "invalid_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 413: "content_too_large",
         422: "unprocessable_entity", 429: "rate_limited", 500: "internal_error",
         501: "not_implemented"}
NO_LLM = ("Rosetta stores users, threads, messages and episodes and runs no LLM: {what} is "
          "not available. Run the model yourself and add its output as messages or episodes.")


def body(status: int, message: str, *, code: str | None = None, param: str | None = None) -> dict:
    error = {"code": code or CODES.get(status, "error"), "message": message}
    if param is not None:
        error["param"] = param
    return {"error": error}


def error_response(status: int, message: str):
    return json_response(body(status, message), status)


def auth_failure(reason: str):
    text = "missing API key" if reason == "missing" else "invalid API key"
    return error_response(401, text)


def fail(status: int, message: str, *, code: str | None = None, param: str | None = None) -> ApiError:
    return ApiError(status, body(status, message, code=code, param=param))


def bad_request(message: str, param: str | None = None) -> ApiError:
    return fail(400, message, param=param)


def invalid_identifier(param: str, value: str) -> ApiError:
    """An id that is not a UUID where v4 addresses by UUID (a v3-style id, say)."""
    return fail(400, f"{param} must be a UUID, got {value!r}; resolve developer ids with a "
                     "lookup route", code="invalid_identifier", param=param)


def not_found(what: str) -> ApiError:
    return fail(404, f"{what} not found")


def conflict(message: str, code: str = "conflict") -> ApiError:
    return fail(409, message, code=code)


def no_llm(what: str) -> ApiError:
    return fail(501, NO_LLM.format(what=what))
