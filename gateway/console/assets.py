"""The console's own script and style sheet, read from the package once and served as they are."""

from __future__ import annotations

from functools import cache
from importlib import resources

from starlette.responses import Response


@cache
def _read(name: str) -> bytes:
    return resources.files("gateway.console").joinpath("static", name).read_bytes()


def asset(name: str, media_type: str):
    async def serve(request) -> Response:
        return Response(_read(name), media_type=media_type, headers={"cache-control": "no-cache"})

    return serve
