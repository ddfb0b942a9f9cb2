"""Checks made before a database file is opened, so that a bad path fails in one line naming the
cause and the path, and nothing is created: SQLite's own errors ("unable to open database
file") name neither, and opening creates the file, its ``-wal`` and ``-shm``.

Only the header is read (not the whole file): a file that is not SQLite, or shorter than the
pages its header counts (truncated) while no WAL holds the rest, is refused; damage deeper in
is found when it is read.
"""

from __future__ import annotations

import os

from store.errors import Unavailable

HEADER = b"SQLite format 3\x00"


def check(path: str, *, write: bool = True, create: bool = True) -> None:
    """Raises ``Unavailable`` when ``path`` cannot be opened (for writing, when ``write``); a
    missing file is refused unless ``create``."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise Unavailable("missing", path, message=f"cannot open {path}: directory {folder} does not exist")
    if not os.path.exists(path):
        if not create:
            raise Unavailable("missing", path, message=f"{path} does not exist")
        if write and not _writable(folder):
            raise Unavailable("readonly", path, message=f"cannot create {path}: directory {folder} is not writable")
        return
    if os.path.isdir(path):
        raise Unavailable("corrupt", path, message=f"{path} is a directory, not a database file")
    _check_header(path)
    if write and not _writable(path):
        raise Unavailable("readonly", path, message=f"{path} is read-only: the server must be able to write it")
    if write and not _writable(folder):  # the -wal and -shm files live beside it
        raise Unavailable("readonly", path, message=f"directory {folder} is not writable (needed for {path}-wal)")


def _check_header(path: str) -> None:
    size = os.path.getsize(path)
    if size == 0:
        return  # an empty file is a new database to SQLite
    try:
        with open(path, "rb") as f:
            head = f.read(100)
    except OSError as exc:
        raise Unavailable("io", path, message=f"cannot read {path}: {exc.strerror}") from None
    if len(head) < 100 or not head.startswith(HEADER):
        raise Unavailable("corrupt", path, message=f"{path} is not an SQLite database (corrupt or truncated)")
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    counted = head[24:28] == head[92:96]  # the page count is valid only when these agree
    wal = path + "-wal"
    if os.path.exists(wal) and os.path.getsize(wal) > 0:
        return  # a checkpoint cut short (e.g. by a full disk) left the rest in the WAL
    if counted and pages and size < pages * page_size:
        raise Unavailable("corrupt", path, message=(
            f"{path} is truncated: {size} bytes where its header counts {pages} pages of {page_size}"
        ))


def _writable(path: str) -> bool:
    """Whether we may write ``path``: permissions (os.access) and a read-only mount (which
    os.access reports for root as well)."""
    if not os.access(path, os.W_OK):
        return False
    try:
        return not os.statvfs(path).f_flag & os.ST_RDONLY
    except OSError:
        return True
