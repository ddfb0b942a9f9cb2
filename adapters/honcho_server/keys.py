"""``POST .../keys`` as Honcho serves it: 405 "Feature is disabled" with auth off; with keys
configured, 501 (Rosetta uses static API keys and mints no JWTs)."""

from __future__ import annotations

from adapters.contract import settings_of
from adapters.honcho_server.errors import fail


async def disabled_or_static(request):
    if not settings_of(request).auth_enabled:
        raise fail(405, "Feature is disabled")
    raise fail(501, "Rosetta uses static API keys (rosetta serve --api-key); it does not mint JWTs")
