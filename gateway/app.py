"""The application factory. Nothing is built at import time: ``build_app`` makes a fresh app."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging

from starlette.applications import Starlette

from adapters import dialects as registered_dialects
from adapters.contract import Dialect
from gateway import console, service_routes
from gateway.access_log import AccessLog
from gateway.dialects import DialectMap
from gateway.dispatch import Dispatcher, Table, target
from gateway.gate import Gate
from gateway.metrics import Metrics
from gateway.observer import Observer
from gateway.settings import Settings
from store.tokens import encoding

log = logging.getLogger("rosetta")


def own_targets(dialects: list[Dialect]) -> list:
    """The gateway's own routes (service_routes): health, metrics, OpenAPI documents, docs."""
    from gateway.openapi import slug

    return [
        target("GET", "/health", service_routes.health),
        target("GET", "/metrics", service_routes.metrics),
        target("GET", "/docs", service_routes.docs_route(dialects)),
    ] + [target("GET", f"/openapi/{slug(d)}.json", service_routes.openapi_route(d)) for d in dialects] + [
        target(method, path, handler) for method, path, handler in console.routes(dialects)
    ]


def table(dialects: list[Dialect]) -> Table:
    """Every dialect's endpoints at their full paths, most specific owned prefix first
    (/v1/apps before /v1), each dialect's own order kept; the gateway's own routes first."""
    ordered = sorted(dialects, key=lambda d: max(len(p) for p in d.owns), reverse=True)
    return Table(own_targets(dialects) + [
        target(e.method, d.prefix + e.path, e.handler, d.raw_path, d)
        for d in ordered for e in d.endpoints
    ])


class Rosetta(Starlette):
    """A Starlette app (state, lifespan, TestClient) whose HTTP path is the dispatcher's:
    route, gate, handler."""

    def __init__(self, *, gate: Gate, table: Table, dialects: DialectMap, observer: Observer, lifespan):
        super().__init__(lifespan=lifespan)
        self._gate = gate
        self._table = table
        self._dialects = dialects
        self._observer = observer

    def build_middleware_stack(self):
        return Dispatcher(self._table, self._gate, self._dialects, self.router, self._observer)


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
            "rosetta: store %s, auth %s", _describe(settings),
            f"on ({len(settings.api_keys)} keys)" if settings.auth_enabled else "off",
        )
        saver = asyncio.create_task(_save_metrics(app)) if settings.metrics_dir else None
        try:
            yield
        finally:
            if saver is not None:
                saver.cancel()
                app.state.metrics.save(app.state.store.stats().messages_written)
            if own:
                await app.state.store.close()

    metrics = Metrics(settings.metrics_dir)
    access = AccessLog(settings.log_format) if settings.access_log else None
    gate = Gate(settings, open_paths=(set(service_routes.paths(dialects)) - {"/metrics"}) | set(console.OPEN))
    app = Rosetta(gate=gate, table=table(dialects), dialects=DialectMap(dialects),
                  observer=Observer(metrics, access), lifespan=lifespan)
    app.state.settings = settings
    app.state.metrics = metrics
    return app


def _describe(settings: Settings) -> str:
    from store.postgres.connection import is_url, where

    if is_url(settings.db):
        return f"postgresql {where(settings.db)}"
    return f"sqlite {settings.db} (durability {settings.durability})"


async def _save_metrics(app, every: float = 1.0) -> None:
    """With several workers, leave this one's counters where the others' scrapes read them."""
    while True:
        await asyncio.sleep(every)
        app.state.metrics.save(app.state.store.stats().messages_written)


async def _open(settings: Settings):
    from store import open_store

    return await open_store(settings.db, durability=settings.durability)
