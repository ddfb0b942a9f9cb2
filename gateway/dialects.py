"""Which dialect a path belongs to when no route matched it (a 404 or 405, a refused request):
its error envelope answers. A routed request already knows its dialect (``Target.dialect``)."""

from __future__ import annotations

from adapters.contract import Dialect


class DialectMap:
    """Longest-prefix lookup over the prefixes the mounted dialects own."""

    def __init__(self, dialects: list[Dialect]):
        self._by_prefix = sorted(
            ((p.rstrip("/"), d) for d in dialects for p in d.owns),
            key=lambda p: len(p[0]), reverse=True,
        )

    def for_path(self, path: str) -> Dialect | None:
        for prefix, dialect in self._by_prefix:
            if path == prefix or path.startswith(prefix + "/"):
                return dialect
        return None
