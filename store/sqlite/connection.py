"""Opening SQLite connections: WAL, durability, busy timeout and our SQL functions."""

from __future__ import annotations

import os
import sqlite3
from urllib.parse import quote

from store.sqlite import wal

SYNCHRONOUS = {"full": "FULL", "fast": "NORMAL"}


def casefold(text) -> str | None:
    return text.casefold() if isinstance(text, str) else text


def connect(path: str, durability: str = "full", *, autocheckpoint: bool = True) -> sqlite3.Connection:
    """A connection; the writer's has ``autocheckpoint=False`` (store/sqlite/checkpointer.py)."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA synchronous={SYNCHRONOUS[durability]}")
    conn.execute("PRAGMA busy_timeout=10000")
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("PRAGMA cache_size=-65536")
    if not autocheckpoint:  # the writer's: see store/sqlite/wal.py
        conn.execute("PRAGMA wal_autocheckpoint=0")
        conn.execute(f"PRAGMA journal_size_limit={wal.LIMIT}")
    conn.create_function("casefold", 1, casefold, deterministic=True)
    return conn


def connect_readonly(path: str) -> sqlite3.Connection:
    """A connection that can only read (``rosetta export``): it never creates the file, and it
    works beside a running server (WAL readers do not block the writer). On a read-only
    directory, where SQLite cannot make the ``-shm`` file, the file is read as immutable."""
    uri = "file:" + quote(os.path.abspath(path)) + "?mode=ro"
    try:
        conn = _readonly(uri)
    except sqlite3.OperationalError:
        if os.access(os.path.dirname(os.path.abspath(path)), os.W_OK) and not _read_only_mount(path):
            raise
        conn = _readonly(uri + "&immutable=1")
    conn.create_function("casefold", 1, casefold, deterministic=True)
    return conn


def _readonly(uri: str) -> sqlite3.Connection:
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA busy_timeout=10000")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        conn.close()
        raise
    return conn


def _read_only_mount(path: str) -> bool:
    try:
        return bool(os.statvfs(os.path.dirname(os.path.abspath(path))).f_flag & os.ST_RDONLY)
    except OSError:
        return False
