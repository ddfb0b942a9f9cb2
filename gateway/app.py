"""The application factory. Nothing is built at import time: ``build_app`` makes a fresh app."""

from __future__ import annotations

import contextlib
import logging

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, Route

from adapters import dialects as registered_dialects
from adapters.contract import routes
from gateway.dialects import DialectMap
from gateway.errors import HANDLERS
from gateway.gate import Gate
from gateway.jsonio import json_response
from gateway.router import IndexedRouter
from gateway.settings import Settings
from store.tokens import encoding

log = logging.getLogger("rosetta")


async def health(request):
    return json_response({"status": "ok"})


def mounts(modules) -> list:
    """One Mount per dialect prefix, most specific first (/v1/apps before /v1). Endpoints at the
    bare prefix ("" path, e.g. POST /v1/apps) become plain routes, since a Mount never matches
    its own prefix without a trailing segment."""
    ordered = sorted(modules, key=lambda m: len(m.PREFIX), reverse=True)
    bare = [
        Route(m.PREFIX, e.handler, methods=[e.method], name=f"{m.NAME}:{e.name}")
        for m in ordered for e in m.ENDPOINTS if e.path in ("", "/")
    ]
    nested = [
        Mount(m.PREFIX, app=IndexedRouter(
            routes(m.NAME, [e for e in m.ENDPOINTS if e.path not in ("", "/")]),
        ))
        for m in ordered
    ]
    return bare + nested


def build_app(settings: Settings, store=None, modules=None) -> Starlette:
    modules = registered_dialects() if modules is None else modules
    dialects = DialectMap(modules)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        own = store is None
        app.state.store = await _open(settings) if own else store
        encoding()  # load the tokenizer now, not on the first write
        log.info(
            "rosetta: store sqlite %s (durability %s), auth %s",
            settings.db, settings.durability,
            f"on ({len(settings.api_keys)} keys)" if settings.auth_enabled else "off",
        )
        try:
            yield
        finally:
            if own:
                await app.state.store.close()

    app = Starlette(
        routes=[Route("/health", health, methods=["GET"]), *mounts(modules)],
        middleware=[Middleware(Gate, settings=settings, dialects=dialects)],
        exception_handlers=HANDLERS,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.dialects = dialects
    return app


async def _open(settings: Settings):
    from store import open_store

    return await open_store(settings.db, durability=settings.durability)
