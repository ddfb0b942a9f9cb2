"""Helpers for the migrate tests: no real sleeping, the CLI run in-process, the real store."""

from __future__ import annotations

import asyncio
from contextlib import contextmanager

import pytest
from starlette.testclient import TestClient

from gateway import cli
from gateway.app import build_app
from gateway.migrate import pacing
from gateway.settings import Settings
from store import open_store


@pytest.fixture(autouse=True)
def waits(monkeypatch) -> list[float]:
    """Every pause the migration asked for, in order (none really happens)."""
    recorded: list[float] = []

    async def pretend(seconds: float) -> None:
        recorded.append(seconds)

    monkeypatch.setattr(pacing, "sleep", pretend)
    return recorded


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    """A PostgreSQL store's checkpoint files land in the current directory: keep it the test's."""
    monkeypatch.chdir(tmp_path)


def migrate(db: str, *args: str) -> int:
    return cli.main(["migrate", *args, "--db", db])


def read(db: str, query):
    """``await query(store)`` on the real store at ``db``."""
    async def run():
        store = await open_store(db)
        try:
            return await query(store)
        finally:
            await store.close()
    return asyncio.run(run())


async def every_message(store, ws: str, session: str) -> list:
    return (await store.list_messages(ws, session, limit=1_000_000)).items


@contextmanager
def dialect(db: str):
    """The gateway over the migrated store, in-process (outside any respx mock)."""
    with TestClient(build_app(Settings(db=db))) as client:
        yield client
