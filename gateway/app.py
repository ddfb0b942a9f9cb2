"""The application factory. Nothing is built at import time: ``build_app`` makes a fresh app."""

from __future__ import annotations

import contextlib
import gc
import logging

from starlette.applications import Starlette

from adapters import dialects as registered_dialects
from adapters.contract import Dialect
from adapters.http import json_response
from gateway.dialects import DialectMap
from gateway.dispatch import Dispatcher, Table, target
from gateway.gate import Gate
from gateway.settings import Settings
from store.tokens import encoding

log = logging.getLogger("rosetta")


async def health(request):
    return json_response({"status": "ok"})


def table(dialects: list[Dialect]) -> Table:
    """Every dialect's endpoints at their full paths, most specific owned prefix first
    (/v1/apps before /v1), each dialect's own order kept; /health first."""
    ordered = sorted(dialects, key=lambda d: max(len(p) for p in d.owns), reverse=True)
    return Table([target("GET", "/health", health)] + [
        target(e.method, d.prefix + e.path, e.handler, d.raw_path, d)
        for d in ordered for e in d.endpoints
    ])


class Rosetta(Starlette):
    """A Starlette app (state, lifespan, TestClient) whose HTTP path is the dispatcher's:
    route, gate, handler."""

    def __init__(self, *, gate: Gate, table: Table, dialects: DialectMap, lifespan):
        super().__init__(lifespan=lifespan)
        self._gate = gate
        self._table = table
        self._dialects = dialects

    def build_middleware_stack(self):
        return Dispatcher(self._table, self._gate, self._dialects, self.router)


def build_app(settings: Settings, store=None, dialects: list[Dialect] | None = None, *,
              freeze_gc: bool = False) -> Starlette:
    """``freeze_gc`` (the server sets it) moves every object alive after startup out of the
    garbage collector's reach: they live as long as the process, and a full collection over
    them stalled the event loop ~8 ms at a time, which is what the p99 of writes was made of."""
    dialects = list(registered_dialects() if dialects is None else dialects)

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

    app = Rosetta(gate=Gate(settings), table=table(dialects), dialects=DialectMap(dialects),
                  lifespan=lifespan)
    app.state.settings = settings
    return app


async def _open(settings: Settings):
    from store import open_store

    return await open_store(settings.db, durability=settings.durability)
