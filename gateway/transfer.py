"""``rosetta export`` and ``rosetta import``: the whole store as a JSON Lines archive."""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile

from store import archive, open_store


class Progress:
    """A one-line counter on stderr (redrawn in place on a terminal)."""

    def __init__(self, label: str, total: int | None = None, stream=None):
        self.label, self.total, self.stream = label, total, stream or sys.stderr
        self.tty = self.stream.isatty()

    def __call__(self, done: int) -> None:
        text = f"{self.label}: {done}" + (f"/{self.total}" if self.total else "")
        self.stream.write(("\r" + text) if self.tty else text + "\n")
        self.stream.flush()

    def finish(self, done: int) -> None:
        self(done)
        if self.tty:
            self.stream.write("\n")


async def export_to(db: str, out) -> dict:
    """``out`` is a file, or a function that opens one (called once the store is open, so that a
    missing database creates no output file)."""
    store = await open_store(db, readonly=True)
    counts = dict.fromkeys(archive.KINDS, 0)
    progress = Progress("exported rows")
    try:
        out = out() if callable(out) else out
        n = 0
        for line in archive.encode_lines(_counting(store.export_rows(), counts)):
            out.write(line)
            n += 1
            if n % 10_000 == 0:
                progress(n)
    finally:
        await store.close()
    return counts


def _counting(rows, counts):
    for row in rows:
        counts[archive.kind_of(row)] += 1
        yield row


async def import_from(db: str, lines) -> dict:
    """Two passes over a seekable binary file, neither holding its rows: the first validates
    the whole file (nothing is written when it fails), the second streams the rows into one
    transaction."""
    total = archive.check_lines(lines)
    lines.seek(0)
    progress = Progress("imported rows", total)
    store = await open_store(db, exclusive=True)  # not beside a server writing the same file
    try:
        counts = await store.import_rows(archive.read_rows(lines), progress)
    finally:
        await store.close()
    progress.finish(total)
    return counts


def _spooled(stream):
    spool = tempfile.TemporaryFile()
    shutil.copyfileobj(stream, spool, 1 << 20)
    spool.seek(0)
    return spool


def export_command(db: str, output: str | None) -> int:
    """A missing database fails in one line and creates nothing (no database, no output)."""
    if output in (None, "-"):
        counts = asyncio.run(export_to(db, sys.stdout.buffer))
        sys.stdout.buffer.flush()  # a closed pipe shows here, inside the CLI's handling
    else:
        files = []

        def opened():
            files.append(open(output, "wb"))
            return files[0]

        try:
            counts = asyncio.run(export_to(db, opened))
        finally:
            for f in files:
                f.close()
    summary = ", ".join(f"{n} {k}s" for k, n in counts.items() if n)
    print(f"exported {summary or 'nothing'}", file=sys.stderr)
    return 0


def import_command(db: str, source: str) -> int:
    """``source`` "-" reads stdin (``rosetta export | rosetta import``), spooled to a temporary
    file first: the import reads its input twice (check, then write)."""
    try:
        lines = _spooled(sys.stdin.buffer) if source == "-" else open(source, "rb")
    except OSError as exc:
        print(f"rosetta import: cannot read {source}: {exc.strerror}; nothing was written", file=sys.stderr)
        return 1
    try:
        with lines:
            counts = asyncio.run(import_from(db, lines))
    except archive.BadArchive as exc:
        print(f"rosetta import: rejected {source}: {exc}; nothing was written", file=sys.stderr)
        return 1
    for kind, c in counts.items():
        if c["added"] or c["skipped"]:
            print(f"{kind}: {c['added']} added, {c['skipped']} already present")
    return 0
