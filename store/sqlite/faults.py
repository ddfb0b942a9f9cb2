"""Storage faults: which SQLite errors mean "the disk cannot take writes now", and the probe that
tells when it can again.

A full disk (SQLITE_FULL) or an I/O error (SQLITE_IOERR) at a COMMIT, or at a statement, makes
SQLite roll the whole transaction back by itself; the writer (store/sqlite/writer.py) then fails
every job of the group with ``Unavailable`` and keeps running: the next group tries again, so
writes succeed as soon as space returns.
"""

from __future__ import annotations

import os
import sqlite3

from store.errors import Unavailable

# SQLite primary result codes (extended codes carry them in the low byte)
_KINDS = {
    13: ("full", "the disk holding the database is full ({}); writes resume once space is freed"),
    10: ("io", "the database could not be written: {}"),
    8: ("readonly", "the database cannot be written: {}"),
    14: ("io", "the database file could not be opened: {}"),
    5: ("busy", "the database is locked by another process: {}"),
    11: ("io", "the database file is damaged: {}"),
}

HEADROOM_BYTES = 1024 * 1024  # what the probe wants free before it calls the disk writable
HEADROOM_PAGES = 16


def unavailable(exc: BaseException) -> Unavailable | None:
    """The ``Unavailable`` an SQLite error means, or None when it is not a storage fault."""
    if isinstance(exc, Unavailable):
        return exc
    code = getattr(exc, "sqlite_errorcode", None)
    if not isinstance(exc, sqlite3.Error) or code is None:
        return None
    found = _KINDS.get(code & 0xFF)
    if found is None:
        return None
    kind, text = found
    failure = Unavailable(kind, message=text.format(exc))
    failure.__cause__ = exc
    return failure


def probe(path: str, *, headroom: bool = True):
    """A writer job that succeeds only when the disk has room again: free space on the
    filesystem, pages left under ``max_page_count`` (when ``headroom``), and a committed write
    of page 1 (opening uses it alone to find a database that cannot be written)."""

    def job(conn: sqlite3.Connection, cache: dict) -> None:
        if headroom:
            _room(conn, path)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA user_version={int(version)}")  # dirties page 1: the commit writes

    return job


def _room(conn: sqlite3.Connection, path: str) -> None:
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    limit = conn.execute("PRAGMA max_page_count").fetchone()[0]
    if limit - pages < HEADROOM_PAGES:
        raise Unavailable("full", message="the database has reached its page limit (max_page_count)")
    stat = os.statvfs(os.path.dirname(os.path.abspath(path)))
    if stat.f_bavail * stat.f_frsize < HEADROOM_BYTES:
        raise Unavailable("full", message="the disk holding the database is full; writes resume once space is freed")
