"""Negative testing: schemathesis aims well-typed and mistyped requests, generated from the vendors'
own OpenAPI files (tests/specs; Zep publishes none, so Zep v2's and v4's are the gateway's own
documents, built from their route tables), at every route of a live ``rosetta serve``. Any 5xx fails, except a 501 on a route whose
table entry documents it.

Bounded and deterministic: a few derandomized examples per operation and generation mode, no
example database. Path ids are the ids of a few seeded records (so bodies reach the handlers
behind them), except in the first, positive, pass where schemathesis makes them up too.
"""

from __future__ import annotations

import json
import os
import re
import threading
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from adapters import dialects
from adapters.contract import UNSUPPORTED
from tests.sdk.conftest import start
from tests.support.zep_spec import zep_spec

SPECS = Path(__file__).resolve().parent.parent / "specs"
FILES = {
    "honcho-v3": "honcho-v3.openapi.json",
    "honcho-v1": "honcho-v1.openapi.json",
    "honcho-v1-early": "honcho-v1-early.openapi.json",
    "openai": "openai-assistants-conversations.openapi.json",
}
METHODS = ("get", "put", "post", "delete", "patch")
PASSES = (  # (mode, examples per operation, seeded path ids)
    (GenerationMode.POSITIVE, 3, False),
    (GenerationMode.POSITIVE, 4, True),
    (GenerationMode.NEGATIVE, 4, True),
)
SCALE = int(os.environ.get("ROSETTA_NEGATIVE_SCALE", "1"))  # more examples for a deeper local run


ZEP = {"zep": "zep-v2", "zep-v4": "zep-v4"}  # no vendor spec: the gateway's document (tests/support/zep_spec.py)


@cache
def raw_spec(name: str) -> dict:
    return zep_spec(ZEP[name]) if name in ZEP else json.loads((SPECS / FILES[name]).read_text())


@cache
def loaded(name: str):
    return schemathesis.openapi.from_dict(raw_spec(name))


def operations() -> list:
    return [pytest.param(name, path, method, id=f"{name} {method.upper()} {path}")
            for name in (*FILES, *ZEP) for path, item in raw_spec(name)["paths"].items()
            for method in METHODS if method in item]


@cache
def documented_501s() -> list[tuple[str, re.Pattern]]:
    """(method, path pattern) of every route whose table entry says it answers 501."""
    found = []
    for dialect in dialects():
        for e in dialect.endpoints:
            if e.support == UNSUPPORTED or "501" in e.note:
                pattern = re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(dialect.prefix + e.path))
                found.append((e.method, re.compile(f"^{pattern}$")))
    return found


def acceptable(status: int, method: str, url: str) -> bool:
    """Below 500, or a 501 where the route table documents one."""
    if status < 500:
        return True
    path = urlparse(url).path
    return status == 501 and any(m == method and p.match(path) for m, p in documented_501s())


def _post(client: httpx.Client, path: str, body: dict) -> dict:
    answer = client.post(path, json=body)
    assert answer.status_code < 300, f"seeding {path}: {answer.status_code} {answer.text}"
    return answer.json()


def _seed(url: str) -> dict[str, dict[str, str]]:
    """A record of each kind per dialect, named by the path parameter that addresses it."""
    with httpx.Client(base_url=url) as c:
        w = "/v3/workspaces/negative"
        _post(c, "/v3/workspaces", {"id": "negative"})
        _post(c, f"{w}/peers", {"id": "p"})
        _post(c, f"{w}/sessions", {"id": "s", "peers": {"p": {}}})
        [message] = _post(c, f"{w}/sessions/s/messages", {"messages": [{"peer_id": "p", "content": "hi"}]})
        v3 = {"workspace_id": "negative", "peer_id": "p", "session_id": "s", "message_id": message["id"]}

        app = _post(c, "/v1/apps", {"name": "negative-v1"})["id"]
        user = _post(c, f"/v1/apps/{app}/users", {"name": "u"})["id"]
        u = f"/v1/apps/{app}/users/{user}"
        session = _post(c, f"{u}/sessions", {})["id"]
        message = _post(c, f"{u}/sessions/{session}/messages", {"is_user": True, "content": "hi"})["id"]
        collection = _post(c, f"{u}/collections", {"name": "c"})["id"]
        document = _post(c, f"{u}/collections/{collection}/documents", {"content": "d"})["id"]
        meta = _post(c, f"{u}/metamessages", {"session_id": session, "message_id": message,
                                              "metamessage_type": "note", "content": "m"})["id"]
        v1 = {"app_id": app, "user_id": user, "session_id": session, "message_id": message,
              "collection_id": collection, "document_id": document, "metamessage_id": meta}

        thread = _post(c, "/v1/threads", {"messages": [{"role": "user", "content": "hi"}]})["id"]
        [first] = c.get(f"/v1/threads/{thread}/messages").json()["data"]
        conversation = _post(c, "/v1/conversations", {"items": [{"role": "user", "content": "hi"}]})["id"]
        [item] = c.get(f"/v1/conversations/{conversation}/items").json()["data"]
        openai = {"thread_id": thread, "message_id": first["id"], "conversation_id": conversation,
                  "item_id": item["id"], "assistant_id": _post(c, "/v1/assistants", {"model": "m"})["id"]}

        _post(c, "/api/v2/users", {"user_id": "u"})
        _post(c, "/api/v2/sessions", {"session_id": "s", "user_id": "u"})
        _post(c, "/api/v2/sessions/s/memory", {"messages": [{"role_type": "user", "content": "hi"}]})
        [zep_message] = c.get("/api/v2/sessions/s/messages").json()["messages"]
        zep = {"user_id": "u", "session_id": "s", "thread_id": "s", "message_uuid": zep_message["uuid"]}
    return {"honcho-v3": v3, "honcho-v1": v1, "honcho-v1-early": v1, "openai": openai, "zep": zep,
            "zep-v4": {}}  # Zep v4 addresses records by server UUIDs: made-up ids only


@pytest.fixture(scope="module")
def gateway(tmp_path_factory, module_db):
    process, live = start(tmp_path_factory.mktemp("negative"), db=module_db)
    try:
        yield live, _seed(live.url)
    finally:
        live.stop()


def mistypable(name: str, path: str, method: str) -> bool:
    """Whether a negative pass can mistype anything: a body or a query parameter (a path id is
    any string, so hypothesis would search long for an "invalid" one and find none)."""
    operation = raw_spec(name)["paths"][path][method]
    return "requestBody" in operation or any(p.get("in") == "query" for p in operation.get("parameters", []))


def _base(url: str, name: str) -> str:
    servers = raw_spec(name).get("servers") or [{"url": ""}]
    return url + urlparse(servers[0]["url"]).path.rstrip("/")  # OpenAI's paths are under /v1


def test_only_documented_501s_pass():
    assert acceptable(404, "GET", "http://h/v3/workspaces/w")
    assert not acceptable(500, "GET", "http://h/v3/workspaces/w")
    assert not acceptable(503, "POST", "http://h/v3/workspaces/w/peers/p/chat")
    assert acceptable(501, "POST", "http://h/v3/workspaces/w/peers/p/chat")
    assert acceptable(501, "POST", "http://h/v1/threads/thread_1/runs")
    assert not acceptable(501, "POST", "http://h/v1/threads/thread_1/messages")
    assert not acceptable(501, "GET", "http://h/v3/workspaces/w/peers/p/chat")
    assert not acceptable(501, "POST", "http://h/v3/workspaces/w/peers/p/chat/more")


@pytest.mark.parametrize("name,path,method", operations())
def test_no_server_error(gateway, name, path, method):
    live, seeded = gateway
    operation = loaded(name)[path][method.upper()]
    base = _base(live.url, name)
    destructive = method == "delete" or path.endswith("/end")  # keep the seeds for later operations

    passes = [p for p in PASSES if p[0] == GenerationMode.POSITIVE or mistypable(name, path, method)]
    with requests.Session() as http:
        for mode, examples, seeded_ids in passes:
            _run(operation, mode, examples, seeded[name] if seeded_ids and not destructive else None, base, http)


def _run(operation, mode, examples: int, known: dict | None, base: str, http) -> None:
    @settings(max_examples=examples * SCALE, derandomize=True, database=None, deadline=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def call(case):
        if known and case.path_parameters:
            case.path_parameters = {k: known.get(k, v) for k, v in case.path_parameters.items()}
        response = case.call(base_url=base, session=http)
        assert acceptable(response.status_code, case.method, response.request.url), (
            f"{response.status_code} {response.text[:500]}\n{case.as_curl_command()}")

    try:
        call()
    except Unsatisfiable:  # every mistyped form of this operation was filtered out
        assert mode == GenerationMode.NEGATIVE


class _AlwaysFails(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.send_response(500)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_server_error_fails_the_run():
    """The harness itself can fail: a stand-in server answering 500 makes the pass raise."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _AlwaysFails)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    spec = {"openapi": "3.1.0", "info": {"title": "stand-in", "version": "1"}, "paths": {"/v3/workspaces/{workspace_id}": {
        "get": {"parameters": [{"name": "workspace_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok"}}}}}}
    operation = schemathesis.openapi.from_dict(spec)["/v3/workspaces/{workspace_id}"]["GET"]
    try:
        with requests.Session() as http, pytest.raises(AssertionError, match="^500"):
            _run(operation, GenerationMode.POSITIVE, 2, None, f"http://127.0.0.1:{server.server_port}", http)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
