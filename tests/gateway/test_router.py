"""The indexed router picks exactly the route Starlette's linear scan would pick."""

import pytest
from starlette.routing import Match, Route, Router

from adapters import dialects
from adapters.contract import routes
from gateway.router import IndexedRouter

PATHS = [
    "/workspaces", "/workspaces/list", "/workspaces/w", "/workspaces/w/peers/list",
    "/workspaces/w/peers/p", "/workspaces/w/sessions/s/messages", "/workspaces/w/sessions/s/messages/list",
    "/workspaces/w/sessions/list/messages/list", "/workspaces/w/sessions/s/messages/m1",
    "/workspaces/w/sessions/s/peers/p/config", "/workspaces/list/peers", "/nope", "/", "/a/b/c/d/e/f/g/h",
]


def linear(router_routes, scope):
    partial = None
    for route in router_routes:
        match, _ = route.matches(scope)
        if match is Match.FULL:
            return route.name
        if match is Match.PARTIAL and partial is None:
            partial = route.name
    return partial and f"405:{partial}"


def indexed(router, scope):
    partial = None
    for route in router.candidates(scope["path"]):
        match, _ = route.matches(scope)
        if match is Match.FULL:
            return route.name
        if match is Match.PARTIAL and partial is None:
            partial = route.name
    return partial and f"405:{partial}"


@pytest.mark.parametrize("module", dialects(), ids=lambda m: m.NAME)
@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE", "PATCH"])
def test_same_choice_as_a_linear_scan(module, method):
    table = routes(module.NAME, module.ENDPOINTS)
    router = IndexedRouter(table)
    for path in PATHS + [e.path.replace("{", "").replace("}", "") for e in module.ENDPOINTS]:
        scope = {"type": "http", "method": method, "path": path, "root_path": "", "headers": []}
        assert indexed(router, scope) == linear(table, scope), path


def test_path_converters_are_tried_everywhere():
    async def endpoint(request):
        return None

    router = IndexedRouter([Route("/files/{rest:path}", endpoint, name="files"), Route("/a", endpoint, name="a")])
    assert [r.name for r in router.candidates("/files/x/y/z")] == ["files"]
    assert [r.name for r in router.candidates("/a")] == ["files", "a"]
    assert isinstance(router, Router)
