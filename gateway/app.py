"""The application factory. Nothing is built at import time: ``build_app`` makes a fresh app."""

from __future__ import annotations

import contextlib
import gc
import logging

from starlette.applications import Starlette

from adapters import dialects as registered_dialects
from gateway.dialects import DialectMap
from gateway.dispatch import Dispatcher, Table, target
from gateway.gate import Gate
from gateway.jsonio import json_response
from gateway.settings import Settings
from store.tokens import encoding

log = logging.getLogger("rosetta")


async def health(request):
    """200 ``{"status": "ok"}``; 503 ``{"status": "degraded", ...}`` while the store cannot
    write (a full disk, an I/O error: see store/sqlite/faults.py), until it can again."""
    check = getattr(request.app.state.store, "health", None)
    problem = await check() if check is not None else None
    if problem is None:
        return json_response({"status": "ok"})
    return json_response({"status": "degraded", "store": problem}, 503)


def table(modules) -> Table:
    """Every dialect's endpoints at their full paths, most specific prefix first (/v1/apps before
    /v1), each dialect's own order kept; /health first."""
    ordered = sorted(modules, key=lambda m: len(m.PREFIX), reverse=True)
    return Table([target("GET", "/health", health)] + [
        target(e.method, m.PREFIX + e.path, e.handler, getattr(m, "ROUTES_RAW_PATH", False))
        for m in ordered for e in m.ENDPOINTS
    ])


class Rosetta(Starlette):
    """A Starlette app (state, lifespan, TestClient) whose HTTP path is gate -> dispatcher."""

    def __init__(self, *, gate: dict, table: Table, lifespan):
        super().__init__(lifespan=lifespan)
        self._gate = gate
        self._table = table

    def build_middleware_stack(self):
        return Gate(Dispatcher(self._table, self.router), **self._gate)


def build_app(settings: Settings, store=None, modules=None, *, freeze_gc: bool = False) -> Starlette:
    """``freeze_gc`` (the server sets it) moves every object alive after startup out of the
    garbage collector's reach: they live as long as the process, and a full collection over
    them stalled the event loop ~8 ms at a time, which is what the p99 of writes was made of."""
    modules = registered_dialects() if modules is None else modules
    dialects = DialectMap(modules)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        own = store is None
        app.state.store = await _open(settings) if own else store
        encoding()  # load the tokenizer now, not on the first write
        if freeze_gc:
            gc.freeze()
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

    app = Rosetta(gate={"settings": settings, "dialects": dialects}, table=table(modules), lifespan=lifespan)
    app.state.settings = settings
    app.state.dialects = dialects
    return app


async def _open(settings: Settings):
    from store import open_store

    return await open_store(settings.db, durability=settings.durability)
