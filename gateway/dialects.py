"""Which dialect a path belongs to (for auth schemes and error envelopes)."""

from __future__ import annotations

from types import ModuleType


class DialectMap:
    """Longest-prefix lookup over the mounted dialect modules."""

    def __init__(self, modules: list[ModuleType]):
        self._by_prefix = sorted(
            ((m.PREFIX.rstrip("/"), m) for m in modules), key=lambda p: len(p[0]), reverse=True
        )

    def for_path(self, path: str) -> ModuleType | None:
        for prefix, module in self._by_prefix:
            if path == prefix or path.startswith(prefix + "/"):
                return module
        return None

    @property
    def modules(self) -> list[ModuleType]:
        return [m for _, m in self._by_prefix]
