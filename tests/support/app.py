"""Serving the gateway in-process for tests: a fresh app over the store at ``db``."""

from __future__ import annotations

import contextlib

from starlette.testclient import TestClient

from gateway.app import build_app
from gateway.settings import Settings


@contextlib.contextmanager
def serving(db: str, *, dialects=None, raise_server_exceptions: bool = True, **settings):
    """A TestClient on a new app (its lifespan opens the store at ``db`` and closes it after).
    ``settings`` are ``gateway.settings.Settings`` fields (api_keys, max_body_bytes, ...)."""
    app = build_app(Settings(db=db, **settings), dialects=dialects)
    with TestClient(app, raise_server_exceptions=raise_server_exceptions) as c:
        yield c
