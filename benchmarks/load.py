"""A small load generator: N keep-alive HTTP/1.1 connections over raw asyncio sockets.

Each connection sends one request, reads the whole response (Content-Length), records the
latency and repeats until the duration ends. Bounded in time and only for 127.0.0.1.
``python benchmarks/load.py SPEC.json`` prints a JSON result; SPEC has host, port,
connections, duration, warmup and requests (a list of [method, path, body], used round-robin).
"""

import asyncio
import json
import sys
import time


def encode(method: str, path: str, body: str | None, host: str) -> bytes:
    data = (body or "").encode()
    head = f"{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
    return head.encode() + data


async def read_response(reader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    if length:
        await reader.readexactly(length)
    return status


async def connection(spec, requests, deadline, warm_until, latencies, errors, offset):
    reader, writer = await asyncio.open_connection(spec["host"], spec["port"])
    i = offset
    try:
        while True:
            started = time.perf_counter()
            if started >= deadline:
                return
            writer.write(requests[i % len(requests)])
            i += 1
            status = await read_response(reader)
            done = time.perf_counter()
            if done >= warm_until:
                latencies.append(done - started)
                if status >= 400:
                    errors.append(status)
    finally:
        writer.close()


async def run(spec) -> dict:
    assert spec["host"] == "127.0.0.1"
    requests = [encode(m, p, b, spec["host"]) for m, p, b in spec["requests"]]
    now = time.perf_counter()
    warm_until = now + spec["warmup"]
    deadline = warm_until + spec["duration"]
    latencies, errors = [], []
    await asyncio.gather(*[
        connection(spec, requests, deadline, warm_until, latencies, errors, n)
        for n in range(spec["connections"])
    ])
    latencies.sort()
    count = len(latencies)
    pick = lambda q: latencies[min(count - 1, int(q * count))] * 1000 if count else None
    return {"requests": count, "rps": count / spec["duration"], "p50_ms": pick(0.5),
            "p90_ms": pick(0.9), "p99_ms": pick(0.99), "max_ms": pick(1.0), "errors": len(errors), "error_codes": sorted(set(errors))[:5]}


def main() -> None:
    spec = json.loads(open(sys.argv[1]).read())
    try:
        import uvloop
        uvloop.install()
    except ImportError:
        pass
    print(json.dumps(asyncio.run(run(spec))))


if __name__ == "__main__":
    main()
