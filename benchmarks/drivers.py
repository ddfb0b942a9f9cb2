"""Which PostgreSQL driver: psycopg 3 (binary build + psycopg_pool) against asyncpg, from asyncio.

    python benchmarks/drivers.py [--url postgresql://postgres@127.0.0.1:5432/postgres]
                                 [--seconds 3] [--concurrency 16] [--pool 8]

Creates a throwaway database, then for each driver runs ``--concurrency`` asyncio tasks sharing
a pool of ``--pool`` connections for ``--seconds`` per case:

    insert   one committed single-row INSERT ... RETURNING (a transaction of its own)
    select   SELECT by primary key (autocommit)
    txn      BEGIN; UPDATE a counter row ... RETURNING; INSERT; COMMIT (a message append's shape)

and prints operations/s and p50/p99. Not a test; compare the two drivers within one run.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
import uuid
from urllib.parse import urlsplit, urlunsplit

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS bench (pk bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    " uid bytea NOT NULL, body text NOT NULL)",
    "CREATE TABLE IF NOT EXISTS counter (pk int PRIMARY KEY, n bigint NOT NULL)",
    "INSERT INTO counter VALUES (1, 0) ON CONFLICT DO NOTHING",
)
BODY = "The quick brown fox jumps over the lazy dog."


def with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


async def drive(name: str, op, seconds: float, concurrency: int) -> dict:
    latencies: list[float] = []
    stop = time.perf_counter() + seconds

    async def worker():
        while time.perf_counter() < stop:
            t = time.perf_counter()
            await op()
            latencies.append(time.perf_counter() - t)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "case": name, "ops": len(latencies) / elapsed,
        "p50": latencies[len(latencies) // 2] * 1000, "p99": latencies[int(len(latencies) * 0.99)] * 1000,
    }


async def psycopg_cases(url: str, args) -> list[dict]:
    from psycopg_pool import AsyncConnectionPool

    pool = AsyncConnectionPool(url, min_size=args.pool, max_size=args.pool, open=False,
                               kwargs={"autocommit": True})
    await pool.open(wait=True)
    last = [1]

    async def insert():
        async with pool.connection() as conn:
            async with conn.transaction():
                cur = await conn.execute("INSERT INTO bench (uid, body) VALUES (%s, %s) RETURNING pk",
                                         (uuid.uuid4().bytes, BODY))
                last[0] = (await cur.fetchone())[0]

    async def select():
        async with pool.connection() as conn:
            cur = await conn.execute("SELECT pk, uid, body FROM bench WHERE pk = %s",
                                     (random.randint(1, last[0]),))
            await cur.fetchone()

    async def txn():
        async with pool.connection() as conn:
            async with conn.transaction():
                cur = await conn.execute("UPDATE counter SET n = n + 1 WHERE pk = 1 RETURNING n")
                await cur.fetchone()
                await conn.execute("INSERT INTO bench (uid, body) VALUES (%s, %s)",
                                   (uuid.uuid4().bytes, BODY))

    out = [await drive(n, f, args.seconds, args.concurrency)
           for n, f in (("insert", insert), ("select", select), ("txn", txn))]
    await pool.close()
    return out


async def asyncpg_cases(url: str, args) -> list[dict]:
    import asyncpg

    pool = await asyncpg.create_pool(url, min_size=args.pool, max_size=args.pool)
    last = [1]

    async def insert():
        async with pool.acquire() as conn:
            async with conn.transaction():
                last[0] = await conn.fetchval("INSERT INTO bench (uid, body) VALUES ($1, $2) RETURNING pk",
                                              uuid.uuid4().bytes, BODY)

    async def select():
        async with pool.acquire() as conn:
            await conn.fetchrow("SELECT pk, uid, body FROM bench WHERE pk = $1", random.randint(1, last[0]))

    async def txn():
        async with pool.acquire() as conn:
            async with conn.transaction():
                await conn.fetchval("UPDATE counter SET n = n + 1 WHERE pk = 1 RETURNING n")
                await conn.execute("INSERT INTO bench (uid, body) VALUES ($1, $2)", uuid.uuid4().bytes, BODY)

    out = [await drive(n, f, args.seconds, args.concurrency)
           for n, f in (("insert", insert), ("select", select), ("txn", txn))]
    await pool.close()
    return out


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--pool", type=int, default=8)
    args = parser.parse_args()
    import psycopg

    name = f"rosetta_drivers_{uuid.uuid4().hex[:8]}"
    async with await psycopg.AsyncConnection.connect(args.url, autocommit=True) as admin:
        await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = with_db(args.url, name)
        async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
            for statement in SCHEMA:
                await conn.execute(statement)
        results = {"psycopg": await psycopg_cases(url, args), "asyncpg": await asyncpg_cases(url, args)}
    finally:
        async with await psycopg.AsyncConnection.connect(args.url, autocommit=True) as admin:
            await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    print(f"{'driver':<8} {'case':<7} {'ops/s':>8} {'p50 ms':>7} {'p99 ms':>7}")
    for driver, rows in results.items():
        for r in rows:
            print(f"{driver:<8} {r['case']:<7} {r['ops']:>8.0f} {r['p50']:>7.2f} {r['p99']:>7.2f}")


if __name__ == "__main__":
    try:
        import uvloop
        uvloop.install()
    except ImportError:
        pass
    asyncio.run(main())
