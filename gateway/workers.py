"""``rosetta serve --workers N``: N processes sharing the port, each with its own store pool.

Only a PostgreSQL store can be shared by processes; on SQLite one process owns the file.
uvicorn starts each worker from an import string, so the settings travel in the environment
(``ROSETTA_SETTINGS``, the Settings struct as JSON) and ``app`` builds the app in the worker.
"""

from __future__ import annotations

import asyncio
import os
import tempfile

import msgspec

from gateway.settings import Settings

ENV = "ROSETTA_SETTINGS"


def refusal(db: str, workers: int) -> str | None:
    """Why ``workers`` processes cannot serve ``db``, in one line; None when they can."""
    from store.postgres.connection import is_url

    if workers < 1:
        return f"--workers must be at least 1 (got {workers})"
    if workers > 1 and not is_url(db):
        return ("--workers > 1 needs a PostgreSQL store (--db postgresql://...): a SQLite file"
                " is served by one process")
    return None


def prepare(db: str) -> None:
    """Open the store once before serving (PostgreSQL: connect and migrate), so a bad URL or an
    unreachable database is a one-line error (store.errors.Unavailable) before any worker starts."""
    from store.postgres.connection import is_url

    if not is_url(db):
        return

    async def check():
        from store.postgres import PostgresStore

        store = await PostgresStore(db, pool_size=1).open()
        await store.close()

    asyncio.run(check())


def factory(settings: Settings) -> str:
    """The import string uvicorn's workers build the app from, with ``settings`` handed over
    (and a directory where the workers leave their metrics for each other's scrapes)."""
    if settings.metrics_dir is None:
        settings = msgspec.structs.replace(settings, metrics_dir=tempfile.mkdtemp(prefix="rosetta-metrics-"))
    os.environ[ENV] = msgspec.json.encode(settings).decode()
    return "gateway.workers:app"


def app():
    """The app of one worker process (uvicorn ``factory=True``)."""
    from gateway.app import build_app

    settings = msgspec.json.decode(os.environ[ENV], type=Settings)
    return build_app(settings, freeze_gc=True)
