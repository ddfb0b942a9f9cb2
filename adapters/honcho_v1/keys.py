"""``POST /v1/keys`` as its own mount: Honcho serves it beside ``/v1/apps``, under the prefix
the OpenAI dialect owns (``/v1``), so it needs a prefix of its own to win the longest-prefix
match. It answers like Honcho v1: 405 "Feature is disabled" with auth off; with keys configured,
501 for an admin key (Rosetta uses static API keys and mints no JWTs), 401 for a bound key.
Mounted once ``adapters.honcho_v1.keys`` is listed in ``adapters.MODULES``.
"""

from __future__ import annotations

from adapters.contract import UNSUPPORTED, Endpoint, bound_workspace
from adapters.honcho_v1.errors import auth_failure, error_response, unauthorized
from adapters.honcho_v3.unsupported import keys as disabled_or_static

NAME = "honcho_v1_keys"
TITLE = "Honcho v1 keys"
PREFIX = "/v1/keys"
AUTH_SCHEME = "Bearer"


async def create(request):
    if bound_workspace(request) is not None:
        raise unauthorized("Resource requires admin privileges")
    return await disabled_or_static(request)


ENDPOINTS = [
    Endpoint("POST", "", create, "keys_create", UNSUPPORTED,
             "405 with auth off (as Honcho); static keys otherwise"),
]

__all__ = ["NAME", "TITLE", "PREFIX", "AUTH_SCHEME", "ENDPOINTS", "error_response", "auth_failure"]
