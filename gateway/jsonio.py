"""JSON in and out with msgspec; encoders are built once per process and reused."""

from __future__ import annotations

from functools import cache

import msgspec
from starlette.responses import Response


@cache
def encoder() -> msgspec.json.Encoder:
    return msgspec.json.Encoder()


class JSON(Response):
    media_type = "application/json"

    def render(self, content: object) -> bytes:
        return encoder().encode(content)


def json_response(content: object, status: int = 200, headers: dict | None = None) -> Response:
    return JSON(content, status_code=status, headers=headers)


async def read_body(request) -> bytes:
    return await request.body()
