"""The baselines: the plainest fast stack (Starlette on uvicorn + uvloop + httptools, one worker).

    python benchmarks/bare.py static PORT        GET /  -> static JSON
    python benchmarks/bare.py insert PORT DB     POST / -> one SQLite insert, committed
                                                 (WAL, synchronous=FULL, one commit per request)
"""

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


def main() -> None:
    kind, port = sys.argv[1], int(sys.argv[2])
    app = static_app() if kind == "static" else insert_app(sys.argv[3])
    uvicorn.run(app, host="127.0.0.1", port=port, loop="uvloop", http="httptools",
                workers=1, access_log=False, log_level="warning")


if __name__ == "__main__":
    main()
