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


@dataclass
class Gateway:
    url: str
    db_path: Path
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


def start(tmp: Path, *extra: str) -> tuple[subprocess.Popen, Gateway]:
    port = free_port()
    db, log = tmp / "rosetta.db", tmp / "gateway.log"
    sink = log.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gateway.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--db", str(db), "--log-level", "warning", *extra],
        stdout=sink, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
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


@pytest.fixture(scope="session")
def live_gateway(tmp_path_factory):
    process, gateway = start(tmp_path_factory.mktemp("gateway"))
    yield gateway
    gateway.stop()


def report(done) -> str:
    return f"exit {done.returncode}\n--- stdout\n{done.stdout[-6000:]}\n--- stderr\n{done.stderr[-6000:]}"
