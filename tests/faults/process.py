"""``rosetta`` as an operator runs it: a real process, its stderr, its exit status, its timing."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(extra: dict | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROSETTA_")}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra or {})
    return env


def cli(*args: str, env: dict | None = None, timeout: float = 60, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gateway.cli", *args], cwd=ROOT, env=environment(env),
                          capture_output=True, text=True, timeout=timeout, **kw)


def one_line(done: subprocess.CompletedProcess, *wanted: str) -> str:
    """The process failed with exactly one line on stderr holding every ``wanted`` text."""
    err = done.stderr.strip()
    assert done.returncode != 0, done
    assert "Traceback" not in err and "\n" not in err, err
    for text in wanted:
        assert text in err, err
    return err


class Server:
    """``rosetta serve`` on a free port, answering /health; ``stop()`` sends SIGTERM and returns
    the seconds it took the process to end."""

    def __init__(self, db: Path | str, *extra: str, env: dict | None = None, log_level: str = "info",
                 log: Path | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.db = str(db)
        self.log = log or Path(str(db) + ".test-log")
        self.sink = self.log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gateway.cli", "serve", "--port", str(self.port), "--db", self.db,
             "--log-level", log_level, *extra],
            cwd=ROOT, env=environment(env), stdout=self.sink, stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = 60) -> "Server":
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"rosetta serve exited:\n{self.output()}")
            try:
                if httpx.get(self.url + "/health", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        self.process.kill()
        raise RuntimeError(f"rosetta serve did not answer:\n{self.output()}")

    def output(self) -> str:
        if not self.sink.closed:
            self.sink.flush()
        return self.log.read_text()

    def stop(self) -> float:
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.sink.close()
        return time.monotonic() - started

    def __enter__(self) -> "Server":
        return self.wait_ready()

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:
            self.stop()
