"""Honcho v1's error envelope: Honcho's FastAPI shapes (``adapters.honcho_server``) plus v1's own
wording.

Stainless SDKs (honcho-ai 0.x) retry 409 and 5xx twice; answers that retrying cannot change
carry ``x-should-retry: false`` so a client gets its error at once.
"""

from __future__ import annotations

from adapters.contract import ApiError
from adapters.honcho_server.errors import (  # noqa: F401  (re-exported for the v1 modules)
    NO_LLM, auth_failure, error_response, fail, invalid, issue, unauthorized,
)

NO_RETRY = {"x-should-retry": "false"}


def final(status: int, message: str) -> ApiError:
    """An error the SDK should not retry (409s, 501s)."""
    return ApiError(status, {"detail": message}, NO_RETRY)


def conflict(message: str) -> ApiError:
    return final(409, message)


def no_llm(what: str) -> ApiError:
    return final(501, NO_LLM.format(what=what))


def not_found(message: str) -> ApiError:
    return fail(404, message)


def app_missing(ident: str) -> ApiError:
    return not_found(f"App with ID {ident} not found")


def user_missing(ident: str) -> ApiError:
    return not_found(f"User with ID '{ident}' not found")


def session_missing() -> ApiError:
    return not_found("Session not found or does not belong to user")


def collection_missing() -> ApiError:
    return not_found("Collection not found or does not belong to user")


def value_error(loc: list, message: str, value) -> ApiError:
    """A pydantic field_validator failure, as FastAPI renders it (ctx.error is {})."""
    return invalid([issue("value_error", loc, f"Value error, {message}", value, {"error": {}})])
