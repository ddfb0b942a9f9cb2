"""The progress line of a migration: a bar over the sessions listed so far, with counts."""

from __future__ import annotations

from gateway.transfer import Progress

WIDTH = 24


class Bar(Progress):
    """Redrawn in place on a terminal; elsewhere one line per finished session."""

    def __init__(self, label: str, stream=None, watcher=None):
        """``watcher(bar)``, when given, hears of every change (the run's status file)."""
        super().__init__(label, None, stream)
        self.sessions = self.listed = self.messages = self.failed = 0
        self.watcher = watcher

    def _changed(self) -> None:
        if self.watcher is not None:
            self.watcher(self)

    def text(self) -> str:
        share = self.sessions / self.listed if self.listed else 0.0
        filled = int(share * WIDTH)
        bar = "#" * filled + "." * (WIDTH - filled)
        failed = f", {self.failed} failed" if self.failed else ""
        return (f"{self.label} [{bar}] {self.sessions}/{self.listed} sessions, "
                f"{self.messages} messages{failed}")

    def __call__(self, done: int = 0) -> None:
        self.stream.write(("\r" + self.text()) if self.tty else self.text() + "\n")
        self.stream.flush()

    def finish(self, done: int = 0) -> None:
        if self.tty:
            self()
            self.stream.write("\n")
            self.stream.flush()

    def list(self, n: int) -> None:
        self.listed += n
        self._changed()

    def add_messages(self, n: int) -> None:
        self.messages += n
        self._changed()
        if self.tty:
            self()

    def session_done(self, ok: bool = True) -> None:
        self.sessions += 1
        self.failed += 0 if ok else 1
        self._changed()
        self()
