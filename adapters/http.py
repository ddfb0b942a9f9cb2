"""The JSON response every layer answers with (adapters and the gateway both import it; it
imports neither). msgspec encodes; the encoder is built once per process and reused."""

from __future__ import annotations

from functools import cache

import msgspec
from starlette.responses import Response


@cache
def encoder() -> msgspec.json.Encoder:
    return msgspec.json.Encoder()


class JSON(Response):
    """A JSON response built straight into its body and raw headers (the hot path of every
    answer; Starlette's generic constructor costs as much as a SQLite read)."""

    media_type = "application/json"

    def __init__(self, content: object, status_code: int = 200, headers: dict | None = None):
        self.status_code = status_code
        self.background = None
        self.body = encoder().encode(content)
        self.raw_headers = [(b"content-length", b"%d" % len(self.body)),
                            (b"content-type", b"application/json")]
        if headers:
            self.raw_headers += [(k.lower().encode("latin-1"), str(v).encode("latin-1")) for k, v in headers.items()]


def json_response(content: object, status: int = 200, headers: dict | None = None) -> Response:
    return JSON(content, status_code=status, headers=headers)


def respond(content: object, status: int = 200) -> Response:
    """A handler's answer: ``content`` as JSON with ``status``."""
    return JSON(content, status_code=status)
