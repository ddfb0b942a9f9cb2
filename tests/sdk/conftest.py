"""A real ``rosetta serve`` process for the vendor-SDK tests."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import BACKENDS
from tests.support import postgres


@dataclass
class Gateway:
    url: str
    db: str
    log: Path
    process: subprocess.Popen = None
    sink: object = None

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        self.sink.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(tmp: Path, *extra: str, db: str | None = None, port: int | None = None
          ) -> tuple[subprocess.Popen, Gateway]:
    """A ``rosetta serve`` on ``db`` (default a SQLite file in ``tmp``), answering /health."""
    port = port or free_port()
    db, log = db or str(tmp / "rosetta.db"), tmp / "gateway.log"
    sink = log.open("a")
    process = subprocess.Popen(
        [sys.executable, "-m", "gateway.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--db", db, "--log-level", "warning", *extra],
        stdout=sink, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sink.close()
            raise RuntimeError(f"gateway exited:\n{log.read_text()}")
        try:
            if httpx.get(url + "/health", timeout=1).json() == {"status": "ok"}:
                return process, Gateway(url, db, log, process, sink)
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    sink.close()
    raise RuntimeError(f"gateway did not answer /health:\n{log.read_text()}")


@pytest.fixture(scope="session", params=BACKENDS)
def live_gateway(request, tmp_path_factory):
    """One gateway per backend for the whole run: SQLite (one process), or PostgreSQL served by
    two worker processes on a database of its own."""
    tmp = tmp_path_factory.mktemp("gateway")
    if request.param == "sqlite":
        process, gateway = start(tmp)
        yield gateway
        gateway.stop()
        return
    reason = postgres.unreachable()
    if reason:
        pytest.skip(reason)
    url = postgres.create_database("rosetta_sdk")
    try:
        process, gateway = start(tmp, "--workers", "2", db=url)
        yield gateway
        gateway.stop()
    finally:
        postgres.drop_database(url)


def report(done) -> str:
    return f"exit {done.returncode}\n--- stdout\n{done.stdout[-6000:]}\n--- stderr\n{done.stderr[-6000:]}"
