"""The PostgreSQL half of the test suite: one database per test run, emptied before each test.

``ROSETTA_TEST_POSTGRES`` names the server (default ``postgresql://postgres@127.0.0.1:5432/postgres``,
the CI service); when it cannot be reached the PostgreSQL half is skipped with one reason.
Every run creates its own uniquely named database and drops it at the end; the databases
``postgres``, ``test`` and ``root`` are never touched.
"""

from __future__ import annotations

import asyncio
import os
import threading
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


def admin(sql: str) -> None:
    """``sql`` on the server's maintenance database (CREATE/ALTER/DROP DATABASE)."""
    run(lambda: _admin(sql))


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


def name_of(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _gateway_backends(url: str, condition: str, action: str) -> int:
    """``action`` (an SQL expression of ``pid``) on every connection the gateway
    (application_name rosetta) holds to ``url``'s database that meets ``condition``; how many."""
    async def run_it():
        import asyncpg

        conn = await asyncpg.connect(SERVER, timeout=5)
        try:
            return len(await conn.fetch(
                f"SELECT {action} FROM pg_stat_activity WHERE datname = $1"
                f" AND application_name = 'rosetta' AND pid <> pg_backend_pid() AND {condition}",
                name_of(url)))
        finally:
            await conn.close()

    return run(run_it)


def terminate(url: str) -> int:
    """End the gateway's connections to ``url``'s database (pg_terminate_backend), as a
    failover, a restarted pooler or an administrator does; how many there were."""
    return _gateway_backends(url, "true", "pg_terminate_backend(pid)")


def waiting_on_locks(url: str) -> int:
    """How many of the gateway's connections to ``url``'s database wait for a lock."""
    return _gateway_backends(url, "wait_event_type = 'Lock'", "pid")


class Held:
    """One connection to ``url`` kept open across calls (on a loop in a thread of its own), for
    a test that holds a lock or a transaction open while the gateway works."""

    def __init__(self, url: str):
        import asyncpg

        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.conn = self._call(asyncpg.connect(url, timeout=5))

    def _call(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(60)

    def execute(self, sql: str, *args) -> str:
        return self._call(self.conn.execute(sql, *args))

    def close(self) -> None:
        self._call(self.conn.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()

    def __enter__(self) -> "Held":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
