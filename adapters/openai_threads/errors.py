"""OpenAI's error envelope: {"error": {"message", "type", "param", "code"}}, all four keys."""

from __future__ import annotations

from adapters.contract import ApiError
from adapters.http import json_response

TYPES = {401: "invalid_request_error", 404: "invalid_request_error", 429: "requests"}
NO_MODEL = ("Rosetta stores threads and messages and does not run models: {what} is not "
            "available. Run the model yourself and add its reply with messages.create.")
BAD_JSON = ("We could not parse the JSON body of your request. (HINT: This likely means you aren't "
            "using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was "
            "sent was not valid JSON.)")
MISSING_KEY = ("You didn't provide an API key. You need to provide your API key in an Authorization "
               "header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).")


def body(message: str, kind: str, param: str | None = None, code: str | None = None) -> dict:
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


def error_response(status: int, message: str):
    kind = TYPES.get(status, "server_error" if status >= 500 else "invalid_request_error")
    return json_response(body(message, kind), status)


def auth_failure(reason: str):
    if reason == "missing":
        return json_response(body(MISSING_KEY, "invalid_request_error"), 401)
    return json_response(body("Incorrect API key provided.", "invalid_request_error", None, "invalid_api_key"), 401)


def invalid(message: str, param: str | None = None, code: str | None = None) -> ApiError:
    return ApiError(400, body(message, "invalid_request_error", param, code))


def not_found(kind: str, ident: str) -> ApiError:
    return ApiError(404, body(f"No {kind} found with id '{ident}'.", "invalid_request_error"))


def no_model(what: str) -> ApiError:
    # x-should-retry: the SDKs retry 5xx unless told not to, and this answer will not change.
    return ApiError(501, body(NO_MODEL.format(what=what), "server_error", None, "not_implemented"),
                    {"x-should-retry": "false"})
