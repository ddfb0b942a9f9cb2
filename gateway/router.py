"""A Starlette Router that only tries the routes a path could match.

Starlette tries every route in order (a regex per route); a dialect has 30-50 routes, so that
scan was a third of a GET's cost. Routes are indexed by segment count, and each keeps its
literal segments; a request tries only routes of its length whose literals agree, in the
original order, with Starlette's own full/partial (405) semantics. Paths with converters that
can span segments ({x:path}) fall back to being tried for every request.
"""

from __future__ import annotations

from starlette._utils import get_route_path
from starlette.routing import Match, Route, Router


def _shape(route: Route) -> tuple[int, tuple[tuple[int, str], ...]] | None:
    if ":path}" in route.path:
        return None
    parts = route.path.strip("/").split("/")
    literals = tuple((i, p) for i, p in enumerate(parts) if not p.startswith("{"))
    return len(parts), literals


class IndexedRouter(Router):
    def __init__(self, routes: list[Route]):
        super().__init__(routes=routes, redirect_slashes=False)
        self._by_length: dict[int, list] = {}
        self._anywhere: list = []
        for order, route in enumerate(routes):
            shape = _shape(route)
            if shape is None:
                self._anywhere.append((order, route, ()))
            else:
                self._by_length.setdefault(shape[0], []).append((order, route, shape[1]))

    def candidates(self, path: str) -> list[Route]:
        parts = path.strip("/").split("/")
        found = [
            (order, route) for order, route, literals in self._by_length.get(len(parts), ())
            if all(parts[i] == text for i, text in literals)
        ]
        if self._anywhere:
            found = sorted(found + [(o, r) for o, r, _ in self._anywhere])
        return [route for _, route in found]

    async def app(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await super().app(scope, receive, send)
        scope.setdefault("router", self)
        partial = None
        for route in self.candidates(get_route_path(scope)):
            match, child_scope = route.matches(scope)
            if match is Match.FULL:
                scope["route"] = route
                scope.update(child_scope)
                return await route.handle(scope, receive, send)
            if match is Match.PARTIAL and partial is None:
                partial, partial_scope = route, child_scope
        if partial is not None:
            scope["route"] = partial
            scope.update(partial_scope)
            return await partial.handle(scope, receive, send)
        await self.default(scope, receive, send)
