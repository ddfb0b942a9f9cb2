"""Rosetta on PostgreSQL against Rosetta on SQLite and the bare baselines, 1 and 2 workers.

    python benchmarks/postgres.py [--duration 3] [--rounds 2] [--concurrency 32]
                                  [--server postgresql://postgres@127.0.0.1:5432/postgres]
                                  [--workers 1 2] [--only create_1 ...] [--backends sqlite postgresql]

For 1 and then 2 worker processes: starts `rosetta serve --db postgresql://... --workers N` (a
database of its own, created and dropped here), a bare Starlette app doing one committed
PostgreSQL INSERT per request through the same driver (benchmarks/bare.py pg-insert: asyncpg
and its own pool of 2-16 connections, synchronous_commit on as Rosetta's), and the bare static
app, each with N workers; with 1 worker also `rosetta serve` on SQLite. Each case runs once per
round on every server, each baseline right after the PostgreSQL case it is compared with
(ratios compare runs seconds apart; the table shows medians over the rounds): single-message
create, 100-message batches, GET message, list 50. Prints the table and the issue's targets;
raw results go to benchmarks/results/. Not a test: the numbers are this machine's, at the
moment of the run.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import BATCH, MESSAGE, V3, drive, free_port, median, round_options, save, seed, start  # noqa: E402


async def _admin(server: str, sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(server)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def create_database(server: str, label: str) -> str:
    name = f"rosetta_bench_{label}_{uuid.uuid4().hex[:8]}"
    asyncio.run(_admin(server, f'CREATE DATABASE "{name}"'))
    return urlunsplit(urlsplit(server)._replace(path="/" + name))


def drop_database(server: str, url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    asyncio.run(_admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def gateway_cases(seeded: dict) -> dict:
    session = seeded["v3_session"]
    return {
        "create_1": ([("POST", f"{V3}/write/messages", MESSAGE)], 1),
        "create_100": ([("POST", f"{V3}/batch/messages", BATCH)], 100),
        "get_message": ([("GET", f"{V3}/{session}/messages/{seeded['v3_message']}", None)], 1),
        "list_50": ([("POST", f"{V3}/{session}/messages/list?size=50", None)], 1),
    }


def serve(db: str, port: int, workers: int):
    command = [sys.executable, "-m", "gateway.cli", "serve", "--port", str(port), "--db", db,
               "--log-level", "warning"]
    if workers > 1:
        command += ["--workers", str(workers)]
    return start(command, port, "/health")


def run_workers(workers: int, args, tmp: Path, rounds: dict) -> None:
    urls = {"postgresql": create_database(args.server, f"gw{workers}"),
            "bare": create_database(args.server, f"bare{workers}")}
    ports = {name: free_port() for name in ("postgresql", "sqlite", "bare_pg_insert", "bare_static")}
    servers = {
        "bare_pg_insert": start([sys.executable, str(HERE / "bare.py"), "pg-insert", str(ports["bare_pg_insert"]),
                                 urls["bare"], str(workers)], ports["bare_pg_insert"], "/"),
        "bare_static": start([sys.executable, str(HERE / "bare.py"), "static", str(ports["bare_static"]),
                              str(workers)], ports["bare_static"], "/"),
    }
    if "postgresql" in args.backends:
        servers["postgresql"] = serve(urls["postgresql"], ports["postgresql"], workers)
    if workers == 1 and "sqlite" in args.backends:
        servers["sqlite"] = serve(str(tmp / "gw.db"), ports["sqlite"], 1)
    try:
        plan = []
        for backend in ("sqlite", "postgresql"):
            if backend in servers:
                seeded = seed(f"http://127.0.0.1:{ports[backend]}")
                plan += [(f"{backend} w{workers} {case}", ports[backend], requests, per)
                         for case, (requests, per) in gateway_cases(seeded).items()
                         if not args.only or case in args.only]
        baselines = {"create_1": (f"bare_pg_insert w{workers}", ports["bare_pg_insert"], [("POST", "/", MESSAGE)], 1),
                     "get_message": (f"bare_static w{workers}", ports["bare_static"], [("GET", "/", None)], 1)}
        for case, baseline in baselines.items():  # each right after the case it is compared with
            at = next((i + 1 for i, step in enumerate(plan) if step[0] == f"postgresql w{workers} {case}"), len(plan))
            plan.insert(at, baseline)
        for number in range(1, args.rounds + 1):
            for name, port, requests, per in plan:
                result = {**drive(port, requests, args.duration, args.concurrency), "per": per,
                          "clients": args.concurrency}
                rounds.setdefault(name, []).append(result)
                print(f"round {number} {name}: {result['rps']:.0f} req/s", file=sys.stderr)
    finally:
        for process in servers.values():
            process.terminate()
            process.wait(timeout=20)
        for url in urls.values():
            drop_database(args.server, url)


def report(rounds: dict, worker_counts: list[int]) -> str:
    rows = ["| server | workers | case | req/s | msgs/s | p50 ms | p99 ms | errors |",
            "|---|---|---|---|---|---|---|---|"]
    for name, runs in rounds.items():
        parts = name.split()
        case = parts[2] if len(parts) > 2 else "POST /" if "insert" in parts[0] else "GET /"
        rps = median([r["rps"] for r in runs])
        rows.append(f"| {parts[0]} | {parts[1][1:]} | {case} | {rps:.0f} | {rps * runs[0]['per']:.0f}"
                    f" | {median([r['p50_ms'] for r in runs]):.2f} | {median([r['p99_ms'] for r in runs]):.2f}"
                    f" | {sum(r['errors'] for r in runs)} |")

    def ratio(a: str, b: str) -> float:
        if a not in rounds or b not in rounds:
            return float("nan")
        return median([x["rps"] / y["rps"] for x, y in zip(rounds[a], rounds[b])])

    rows += ["", "| target (PostgreSQL) | workers | measured | target |", "|---|---|---|---|"]
    for w in worker_counts:
        pg = f"postgresql w{w}"
        rows.append(f"| single create / bare PostgreSQL insert | {w} | {ratio(pg + ' create_1', f'bare_pg_insert w{w}'):.2f}x | >= 0.7x |")
        rows.append(f"| GET message / bare static | {w} | {ratio(pg + ' get_message', f'bare_static w{w}'):.2f}x | >= 0.5x |")
        if pg + " create_100" in rounds:
            batch = median([r["rps"] for r in rounds[pg + " create_100"]]) * 100
            rows.append(f"| 100-message batches | {w} | {batch:.0f} msgs/s | >= 15,000 msgs/s |")
        single = [median([r["p99_ms"] for r in rounds[pg + " " + c]]) for c in ("create_1", "get_message")
                  if pg + " " + c in rounds]
        if single:
            rows.append(f"| worst p99 of single-message calls (create, GET) | {w} | {max(single):.1f} ms | <= 20 ms |")
    return "\n".join(rows)


def main() -> None:
    parser = round_options(__doc__, rounds=2)
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--backends", nargs="*", default=["sqlite", "postgresql"])
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="rosetta-bench-pg-"))
    rounds: dict[str, list] = {}
    try:
        for workers in args.workers:
            run_workers(workers, args, tmp, rounds)
    finally:  # what was measured before a failure (a server that died, say) is kept
        shutil.rmtree(tmp, ignore_errors=True)
        print(report(rounds, args.workers))
        save(rounds, "postgres-")


if __name__ == "__main__":
    main()
