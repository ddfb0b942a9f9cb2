"""Keeping the WAL bounded while writes never pause.

SQLite starts the WAL over from its beginning only when a write begins with every frame already
checkpointed and no reader still in the WAL. The checkpointer thread backfills concurrently, but
under writes that never pause it never catches up at the moment a group begins, and the WAL grew
by ~15 MB/s under a mixed load (370 MB beside a 140 MB database after 20 s). So the writer
itself, between two groups and at most once per ``EVERY`` seconds, runs a PASSIVE checkpoint:
being the only writer, it backfills everything the readers allow (little is left after the
checkpointer thread: 2-11 ms), and the next group restarts the WAL. Same load: the WAL stays
under ~35 MB. A reader that began before that checkpoint and still runs when the group begins
makes SQLite skip the restart; when reads never pause either, that can happen every time, so
once the WAL holds more than ``LIMIT`` bytes the writer runs a RESTART checkpoint instead, which
waits up to ``RESTART_WAIT_MS`` for those readers to finish. ``LIMIT`` is also the
``journal_size_limit`` that shrinks the file back when the WAL restarts.
"""

from __future__ import annotations

EVERY = 1.0  # seconds of writing between the writer's own checkpoints
LIMIT = 64 * 1024 * 1024  # bytes of WAL past which the writer waits for readers to restart it
RESTART_WAIT_MS = 20


def rewind(conn) -> None:
    """The writer's checkpoint between groups: PASSIVE (never waits), or RESTART with a short
    wait when restarts have kept missing and the WAL has passed ``LIMIT``."""
    _, frames, _ = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    if frames * conn.execute("PRAGMA page_size").fetchone()[0] <= LIMIT:
        return
    waited = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute(f"PRAGMA busy_timeout={RESTART_WAIT_MS}")
    try:
        conn.execute("PRAGMA wal_checkpoint(RESTART)").fetchone()
    finally:
        conn.execute(f"PRAGMA busy_timeout={waited}")
