"""``POST /v1/keys``: Honcho serves it beside ``/v1/apps``. It answers like Honcho v1: 405
"Feature is disabled" with auth off; with keys configured, 501 for an admin key (Rosetta uses
static API keys and mints no JWTs), 401 for a bound key.
"""

from __future__ import annotations

from adapters.contract import bound_workspace
from adapters.honcho_server.keys import disabled_or_static
from adapters.honcho_v1.errors import unauthorized


async def create(request):
    if bound_workspace(request) is not None:
        raise unauthorized("Resource requires admin privileges")
    return await disabled_or_static(request)
