"""The baselines: the plainest fast stack (Starlette on uvicorn + uvloop + httptools).

    python benchmarks/bare.py static PORT [WORKERS]      GET /  -> static JSON
    python benchmarks/bare.py insert PORT DB             POST / -> one SQLite insert, committed
                                                         (WAL, synchronous=FULL, one commit per request)
    python benchmarks/bare.py pg-insert PORT URL [WORKERS]
                                                         POST / -> one PostgreSQL INSERT, committed
                                                         (asyncpg pool per worker, as Rosetta's;
                                                         synchronous_commit on)
"""

import os
import sqlite3
import sys

import uvicorn
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

STATIC = b'{"id":"abc","content":"hello","peer_id":"alice","session_id":"s","metadata":{},"created_at":"2026-01-01T00:00:00Z","workspace_id":"w","token_count":1}'


def static_app() -> Starlette:
    async def static(request):
        return Response(STATIC, media_type="application/json")

    return Starlette(routes=[Route("/", static)])


def insert_app(path: str) -> Starlette:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, body TEXT)")

    async def insert(request):
        body = await request.body()
        conn.execute("BEGIN")
        cur = conn.execute("INSERT INTO messages (body) VALUES (?)", (body.decode(),))
        conn.execute("COMMIT")
        return Response(b'{"id":%d}' % cur.lastrowid, status_code=201, media_type="application/json")

    return Starlette(routes=[Route("/", insert, methods=["POST"])])


def pg_insert_app() -> Starlette:
    """One committed INSERT per request through the driver and pool Rosetta uses (a factory:
    each worker process builds its own; the URL comes in BARE_PG_URL)."""
    import contextlib

    import asyncpg

    url = os.environ["BARE_PG_URL"]
    state = {}

    @contextlib.asynccontextmanager
    async def lifespan(app):
        state["pool"] = await asyncpg.create_pool(url, min_size=2, max_size=16,
                                                  server_settings={"synchronous_commit": "on"})
        async with state["pool"].acquire() as conn:
            await conn.execute("CREATE TABLE IF NOT EXISTS messages (id bigserial PRIMARY KEY, body text)")
        yield
        await state["pool"].close()

    async def insert(request):
        body = await request.body()
        async with state["pool"].acquire() as conn:
            async with conn.transaction():
                pk = await conn.fetchval("INSERT INTO messages (body) VALUES ($1) RETURNING id", body.decode())
        return Response(b'{"id":%d}' % pk, status_code=201, media_type="application/json")

    return Starlette(routes=[Route("/", insert, methods=["POST"])], lifespan=lifespan)


def main() -> None:
    kind, port = sys.argv[1], int(sys.argv[2])
    options = dict(host="127.0.0.1", port=port, loop="uvloop", http="httptools",
                   access_log=False, log_level="warning")
    if kind == "insert":
        uvicorn.run(insert_app(sys.argv[3]), workers=1, **options)
        return
    workers = int(sys.argv[-1]) if len(sys.argv) > (4 if kind == "pg-insert" else 3) else 1
    if kind == "pg-insert":
        os.environ["BARE_PG_URL"] = sys.argv[3]
    factory = "bare:pg_insert_app" if kind == "pg-insert" else "bare:static_app"
    uvicorn.run(factory, factory=True, workers=workers, app_dir=os.path.dirname(os.path.abspath(__file__)),
                **options)


if __name__ == "__main__":
    main()
