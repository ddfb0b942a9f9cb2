"""What a migration did: records copied, skipped (already there, or done by an earlier run) and
failed with the reason; printed at the end and turned into the exit status."""

from __future__ import annotations

from collections import Counter

KINDS = ("workspace", "user", "peer", "session", "member", "message", "record")


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


class Report:
    def __init__(self, title: str):
        self.title = title
        self.copied: Counter = Counter()
        self.skipped: Counter = Counter()
        self.failed: list[tuple[str, str]] = []
        self.resumed = False

    def absorb(self, counts: dict) -> None:
        """Per-kind counts from ``import_rows`` ({kind: {added, skipped}})."""
        for kind, c in counts.items():
            if kind in KINDS:
                self.copied[kind] += c["added"]
        self.skip("message", "already in the store", counts.get("message", {}).get("skipped", 0))

    def copy(self, kind: str, n: int = 1) -> None:
        self.copied[kind] += n

    def skip(self, noun: str, why: str, n: int = 1) -> None:
        self.skipped[(noun, why)] += n

    def fail(self, what: str, reason: str) -> None:
        self.failed.append((what, reason))

    @property
    def status(self) -> int:
        return 1 if self.failed else 0

    def lines(self) -> list[str]:
        copied = ", ".join(_plural(self.copied[k], k) for k in KINDS if self.copied[k])
        skipped = ", ".join(f"{_plural(n, noun)} {why}" for (noun, why), n in self.skipped.items() if n)
        out = [self.title + (" (resumed)" if self.resumed else ""),
               f"  copied: {copied or 'nothing'}",
               f"  skipped: {skipped or 'nothing'}",
               f"  failed: {len(self.failed)}"]
        out += [f"    - {what}: {reason}" for what, reason in self.failed]
        return out

    def render(self) -> str:
        return "\n".join(self.lines())
