"""The dispatch table picks exactly the route Starlette's linear scan over the same table would
pick (first full match, else 405 when another method knows the path, else 404)."""

import pytest
from starlette.routing import Match, Route

from adapters import dialects
from gateway.dispatch import Table, target

PATHS = [
    "/workspaces", "/workspaces/list", "/workspaces/w", "/workspaces/w/peers/list",
    "/workspaces/w/peers/p", "/workspaces/w/sessions/s/messages", "/workspaces/w/sessions/s/messages/list",
    "/workspaces/w/sessions/list/messages/list", "/workspaces/w/sessions/s/messages/m1",
    "/workspaces/w/sessions/s/peers/p/config", "/workspaces/list/peers", "/nope", "/", "/a/b/c/d/e/f/g/h",
    "/threads/runs", "/threads/t/runs", "/threads//messages", "/workspaces//peers/list",
]


def linear(starlette_routes, scope):
    partial = None
    for route in starlette_routes:
        match, _ = route.matches(scope)
        if match is Match.FULL:
            return route.path
        if match is Match.PARTIAL and partial is None:
            partial = route.path
    return "405" if partial else None


def indexed(table, method, path):
    found, _, elsewhere = table.find(method, path)
    return found.template if found else ("405" if elsewhere else None)


@pytest.mark.parametrize("module", dialects(), ids=lambda d: d.name)
@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE", "PATCH"])
def test_same_choice_as_a_linear_scan(module, method):
    reference = [Route(e.path, e.handler, methods=[e.method]) for e in module.endpoints if e.path]
    table = Table([target(e.method, e.path, e.handler) for e in module.endpoints if e.path])
    for path in PATHS + [e.path.replace("{", "").replace("}", "") for e in module.endpoints if e.path]:
        scope = {"type": "http", "method": method, "path": path, "root_path": "", "headers": []}
        assert indexed(table, method, path) == linear(reference, scope), path


def test_params_are_bound_by_name():
    table = Table([target("GET", "/a/{x}/b/{y}", None), target("GET", "/a/{x}", None)])
    found, params, _ = table.find("GET", "/a/1/b/two%20")
    assert (found.template, params) == ("/a/{x}/b/{y}", {"x": "1", "y": "two%20"})
    assert table.find("GET", "/a/")[0] is None
    assert table.find("POST", "/a/1")[2] is True


def test_converters_are_refused():
    with pytest.raises(ValueError):
        target("GET", "/files/{rest:path}", None)


def test_an_encoded_slash_stays_in_its_segment_only_where_the_vendor_routed_raw(db):
    from starlette.testclient import TestClient

    from gateway.app import build_app
    from gateway.settings import Settings

    with TestClient(build_app(Settings(db=db))) as c:
        assert c.post("/api/v2/sessions", json={"session_id": "team/a"}).status_code == 201
        assert c.post("/api/v2/sessions/team%2Fa/memory",
                      json={"messages": [{"role_type": "user", "content": "hi"}]}).status_code == 200
        assert c.get("/api/v2/sessions/team%2Fa").json()["session_id"] == "team/a"
        # Honcho (Starlette) decoded before routing: the same path has one segment too many.
        assert c.post("/v3/workspaces/default/sessions/team%2Fa/messages/list").status_code == 404
