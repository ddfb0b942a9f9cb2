"""A private PostgreSQL cluster for a test that kills the server itself (the shared one at
127.0.0.1:5432 is never stopped): initdb into a temporary directory, the postmaster started on
a free port with its socket in that directory, kill -9 and restarted on the same data.

Run as root, the cluster's processes run as the ``postgres`` user (PostgreSQL refuses root).
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from tests.faults.process import free_port

BIN = Path(os.environ.get("ROSETTA_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))
TOOLS = ("initdb", "postgres", "pg_isready")


def missing() -> str | None:
    """None when a private cluster can be made here; else the one-line reason to skip."""
    absent = [t for t in TOOLS if not (BIN / t).exists()]
    if absent:
        return f"no PostgreSQL binaries in {BIN} ({', '.join(absent)}); set ROSETTA_TEST_PG_BIN"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no postgres user to run a private cluster as"
    return None


def _user() -> dict:
    """Popen's arguments to run a server process as ``postgres`` when we are root."""
    return {"user": "postgres", "group": pwd.getpwnam("postgres").pw_gid} if os.geteuid() == 0 else {}


def _alive(pid: int) -> bool:
    """The process exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


class Cluster:
    """``start()``, ``kill9()``, ``start()`` again (crash recovery), ``close()``."""

    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="rosetta-pg-"))
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.root, user.pw_uid, user.pw_gid)
        self.data = self.root / "data"
        self.port = free_port()
        self.log = self.root / "server.log"
        self.postmaster: subprocess.Popen | None = None
        self._sink = None
        subprocess.run([str(BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                        "-E", "UTF8", "--no-sync"], check=True, capture_output=True, timeout=120, cwd=self.root,
                       **_user())

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def start(self, timeout: float = 60) -> None:
        """The postmaster on the data directory, once it accepts connections (after any crash
        recovery); retried while the killed server's last processes still hold its memory."""
        deadline = time.monotonic() + timeout
        while True:
            self._spawn()
            if self._ready(deadline):
                return
            if time.monotonic() >= deadline:
                raise RuntimeError(f"the private PostgreSQL did not start:\n{self.output()[-3000:]}")
            time.sleep(0.5)

    def _spawn(self) -> None:
        self._sink = self.log.open("a")
        self.postmaster = subprocess.Popen(
            [str(BIN / "postgres"), "-D", str(self.data), "-p", str(self.port), "-k", str(self.root),
             "-c", "listen_addresses=127.0.0.1", "-c", "shared_buffers=32MB",
             "-c", "max_connections=60"],
            stdout=self._sink, stderr=subprocess.STDOUT, cwd=self.root, **_user())

    def _ready(self, deadline: float) -> bool:
        """True once it accepts connections; False when the postmaster exited (try again)."""
        while time.monotonic() < deadline:
            if self.postmaster.poll() is not None:
                self._sink.close()
                return False
            ready = subprocess.run([str(BIN / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port),
                                    "-U", "postgres", "-d", "postgres"], timeout=30)
            if ready.returncode == 0:
                return True
            time.sleep(0.1)
        return False

    def kill9(self, *, everything: bool = False, timeout: float = 30) -> None:
        """SIGKILL to the postmaster (``everything``: to all its processes at once, as a crash of
        the host would end them); then until its processes are gone (they end by themselves when
        they see the postmaster died; any still there after ``timeout`` get SIGKILL too)."""
        pid = self.postmaster.pid
        children = _children(pid)
        os.kill(pid, signal.SIGKILL)
        for c in children if everything else ():
            os.kill(c, signal.SIGKILL)
        self.postmaster.wait(timeout=10)
        self._sink.close()
        deadline = time.monotonic() + timeout
        while any(_alive(c) for c in children) and time.monotonic() < deadline:
            time.sleep(0.05)
        for c in children:
            if _alive(c):
                os.kill(c, signal.SIGKILL)

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def close(self) -> None:
        """An immediate shutdown, and the directory removed."""
        if self.postmaster is not None and self.postmaster.poll() is None:
            self.postmaster.send_signal(signal.SIGQUIT)
            try:
                self.postmaster.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill9()
        if self._sink is not None:
            self._sink.close()
        shutil.rmtree(self.root, ignore_errors=True)
