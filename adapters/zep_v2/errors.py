"""Zep's error envelope: ``{"message": "..."}`` with the CE server's wording (docs/vendors.md, Zep §3)."""

from __future__ import annotations

from adapters.contract import ApiError
from adapters.http import json_response

NO_LLM = ("Rosetta stores users, sessions and messages and runs no LLM: {what} is not "
          "available. Run the model yourself and add its output as messages.")


def error_response(status: int, message: str):
    return json_response({"message": message}, status)


def auth_failure(reason: str):
    """Zep CE answers ``unauthorized`` (as plain text); Rosetta keeps Zep's JSON envelope."""
    return error_response(401, "unauthorized")


def fail(status: int, message: str) -> ApiError:
    return ApiError(status, {"message": message})


def bad_request(detail: str) -> ApiError:
    return fail(400, f"bad request: {detail}")


def not_found() -> ApiError:
    return fail(404, "not found")


def session_ended() -> ApiError:
    return fail(409, "session ended: session has ended")


def no_llm(what: str) -> ApiError:
    return fail(501, NO_LLM.format(what=what))
