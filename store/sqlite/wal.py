"""Keeping the WAL bounded while writes never pause.

SQLite starts the WAL over from its beginning only when a write begins with every frame already
checkpointed. The checkpointer thread backfills concurrently, but under writes that never pause
it never catches up at the moment a group begins, and the WAL grew by ~15 MB/s under a mixed
load (370 MB beside a 140 MB database after 20 s). So the writer itself, between two groups and
at most once per ``EVERY`` seconds, runs a PASSIVE checkpoint: being the only writer, it backfills
everything the readers allow (little is left after the checkpointer thread: 2-11 ms), and the
next group restarts the WAL. ``LIMIT`` (``journal_size_limit``) then shrinks the file back when
it restarts. Same load: the WAL stays under ~35 MB.
"""

from __future__ import annotations

EVERY = 1.0  # seconds of writing between the writer's own checkpoints
LIMIT = 64 * 1024 * 1024  # bytes the WAL file is truncated to when SQLite restarts it


def rewind(conn) -> None:
    """A PASSIVE checkpoint on the writer's connection, between groups (never waits)."""
    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
