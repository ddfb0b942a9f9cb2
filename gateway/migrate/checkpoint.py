"""Which units (workspaces, sessions) a migration has finished, in a JSON file beside the
database (``<db>.migrate-<vendor>.json``, ``<db>.migrate-to-<vendor>.json`` for pushes; for a
PostgreSQL URL, ``<dbname>@<host>-<port>.migrate-<vendor>.json`` in the current directory),
rewritten atomically after every unit so a crash or ^C loses at most the unit in flight."""

from __future__ import annotations

import os
from pathlib import Path

import msgspec


class State(msgspec.Struct, kw_only=True):
    vendor: str
    url: str
    workspace: str | None = None
    done: list[str] = []


def path_for(db: str, vendor: str, *, push: bool = False) -> Path:
    from urllib.parse import urlsplit

    from store.postgres.connection import is_url

    if is_url(db):
        parts = urlsplit(db)
        db = f"{parts.path.lstrip('/') or 'postgres'}@{parts.hostname or 'localhost'}-{parts.port or 5432}"
    return Path(f"{db}.migrate-{'to-' if push else ''}{vendor}.json")


class Checkpoint:
    def __init__(self, path: Path, vendor: str, url: str, workspace: str | None):
        self.path = path
        self.state = State(vendor=vendor, url=url, workspace=workspace)
        self.done: set[str] = set()
        self.resumed = False

    def load(self) -> "Checkpoint":
        """Take over an earlier run's progress when it migrated the same account and scope."""
        if not self.path.exists():
            return self
        try:
            old = msgspec.json.decode(self.path.read_bytes(), type=State)
        except msgspec.DecodeError:
            return self
        mine = self.state
        if (old.vendor, old.url, old.workspace) == (mine.vendor, mine.url, mine.workspace):
            self.done = set(old.done)
            self.resumed = bool(self.done)
        return self

    def is_done(self, key: str) -> bool:
        return key in self.done

    def finish(self, key: str) -> None:
        self.done.add(key)
        self.save()

    def save(self) -> None:
        self.state.done = sorted(self.done)
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_bytes(msgspec.json.encode(self.state))
        os.replace(temporary, self.path)

    def clear(self) -> None:
        """A complete run needs no resume point: the next run scans everything again."""
        self.path.unlink(missing_ok=True)
