"""Where a migration run tells how far it got, for the console: one small JSON file per run in
a folder beside the database, rewritten (atomically, at most twice a second, and at the end)
as sessions finish. Runs started from the CLI and from the console write the same files, so
the console lists both. Neither the vendor's URL nor the key is ever written."""

from __future__ import annotations

import hashlib
import os
import secrets
import tempfile
import time
from pathlib import Path

import msgspec

EVERY = 0.5


class RunStatus(msgspec.Struct, kw_only=True):
    id: str
    way: str  # "from" (vendor -> store) or "to"
    vendor: str
    workspace: str | None = None
    origin: str = "cli"  # "cli" or "console"
    state: str = "running"  # running | done | failed | interrupted
    listed: int = 0
    sessions: int = 0
    messages: int = 0
    failed: int = 0
    report: list[str] = []
    started: float = 0.0
    updated: float = 0.0
    pid: int = 0


def runs_dir(db: str) -> Path:
    """``<db>.migrate-runs/`` beside a SQLite file; for a database URL, a folder of the
    temporary directory named after it."""
    if "://" in db:
        return Path(tempfile.gettempdir()) / "rosetta-migrate-runs" / hashlib.sha256(db.encode()).hexdigest()[:16]
    return Path(f"{db}.migrate-runs")


class StatusFile:
    def __init__(self, db: str, *, way: str, vendor: str, workspace: str | None, origin: str = "cli"):
        now = time.time()
        self.status = RunStatus(id=f"{int(now)}-{secrets.token_hex(4)}", way=way, vendor=vendor,
                                workspace=workspace, origin=origin, started=now, pid=os.getpid())
        self.path = runs_dir(db) / f"{self.status.id}.json"
        self._written = 0.0

    def update(self, bar, *, force: bool = False) -> None:
        """Copy the progress bar's counts; written at most every ``EVERY`` seconds unless forced."""
        s = self.status
        s.listed, s.sessions, s.messages, s.failed = bar.listed, bar.sessions, bar.messages, bar.failed
        if force or time.monotonic() - self._written >= EVERY:
            self.write()

    def end(self, state: str, report_lines: list[str]) -> None:
        self.status.state, self.status.report = state, report_lines
        self.write()

    def write(self) -> None:
        self._written = time.monotonic()
        self.status.updated = time.time()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            temporary.write_bytes(msgspec.json.encode(self.status))
            temporary.replace(self.path)
        except OSError:
            pass  # the status is a courtesy: a read-only folder must not fail the migration


def runs(db: str, limit: int = 50) -> list[RunStatus]:
    """The newest runs first (a run whose process died while running reads as interrupted)."""
    folder = runs_dir(db)
    found = []
    for path in sorted(folder.glob("*.json"), reverse=True)[:limit] if folder.exists() else []:
        try:
            status = msgspec.json.decode(path.read_bytes(), type=RunStatus)
        except (OSError, msgspec.DecodeError):
            continue
        if status.state == "running" and not _alive(status.pid):
            status.state = "interrupted"
        found.append(status)
    return found


def find(db: str, run_id: str) -> RunStatus | None:
    return next((r for r in runs(db, limit=10_000) if r.id == run_id), None)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
