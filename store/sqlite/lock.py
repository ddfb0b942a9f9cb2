"""One SQLite file, one server: ``rosetta serve`` holds an exclusive lock on ``<db>.lock``.

SQLite's own locks let two processes write one file, but the writer's caches (next message
sequence, name -> pk lookups: store/sqlite/writer.py) assume no one else writes. The lock is a
POSIX record lock (``fcntl.lockf``) on a file of its own, never on the database file: closing
any descriptor of a file drops every POSIX lock the process holds on it, and SQLite opens and
closes the database file as it needs. The holder writes its pid into the file, so a second
server can say who holds it. The lock goes with the process (also on kill -9); the file stays,
like ``-wal`` and ``-shm``. ``rosetta import`` takes it too (it writes); ``rosetta export`` only
reads (on a read-only connection) and does not.
"""

from __future__ import annotations

import fcntl
import os

from store.errors import Unavailable


def lock_path(path: str) -> str:
    return path + ".lock"


class FileLock:
    def __init__(self, path: str):
        self.path = lock_path(path)
        self._fd: int | None = None

    def acquire(self) -> "FileLock":
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise Unavailable("locked", self.path, message=(
                f"{self.path[:-5]} is in use by another rosetta process (pid {holder}); "
                "one database file is written by one process"
            )) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # drops the lock; the file stays (see the module docstring)
            self._fd = None
