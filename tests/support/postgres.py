"""The PostgreSQL half of the test suite: one database per test run, emptied before each test.

``ROSETTA_TEST_POSTGRES`` names the server (default ``postgresql://postgres@127.0.0.1:5432/postgres``,
the CI service); when it cannot be reached the PostgreSQL half is skipped with one reason.
Every run creates its own uniquely named database and drops it at the end; the databases
``postgres``, ``test`` and ``root`` are never touched.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit, urlunsplit

SERVER = os.environ.get("ROSETTA_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
TABLES = "workspaces, peers, sessions, members, messages, records, aliases"


def run(make_coroutine):
    """Run a coroutine to completion on a loop of its own, in a thread of its own (fixtures
    are set up from inside the test's running loop too)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(make_coroutine())).result()


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


async def _admin(sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(SERVER, timeout=5)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def unreachable() -> str | None:
    """None when the server answers; else the one-line reason to skip."""
    try:
        run(lambda: _admin("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure means: no PostgreSQL here
        where = urlsplit(SERVER)
        return f"no PostgreSQL at {where.hostname}:{where.port or 5432} ({type(exc).__name__}); set ROSETTA_TEST_POSTGRES"
    return None


def create_database(prefix: str = "rosetta_test") -> str:
    """A new, empty database with the schema applied; its URL."""
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    run(lambda: _admin(f'CREATE DATABASE "{name}"'))
    url = with_database(SERVER, name)
    run(lambda: _migrate(url))
    return url


async def _migrate(url: str) -> None:
    from store.postgres import PostgresStore

    store = await PostgresStore(url, pool_size=1).open()
    await store.close()


def drop_database(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    assert name not in ("postgres", "test", "root", "template0", "template1")
    run(lambda: _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def empty(url: str) -> None:
    """Remove every row (ids restart): a fresh store for the next test."""
    async def truncate():
        import asyncpg

        conn = await asyncpg.connect(url)
        try:
            await conn.execute(f"TRUNCATE {TABLES} RESTART IDENTITY")
        finally:
            await conn.close()

    run(truncate)
