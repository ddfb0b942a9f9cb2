"""Access log, /metrics, OpenAPI documents and /docs, as an operator uses them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import httpx
import msgspec
import pytest
from openapi_spec_validator import validate
from prometheus_client.parser import text_string_to_metric_families

from adapters import dialects
from gateway.app import table
from gateway.metrics import Metrics, Snapshot, exposition
from gateway.openapi import document, slug
from gateway.settings import from_env
from store.model import StoreStats
from tests.support.app import serving

SECRET = "the-content-nobody-logs"


def _samples(text: str) -> dict:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def _post_message(client, key: str | None = None):
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    client.post("/v3/workspaces", json={"id": "w"}, headers=headers)
    client.post("/v3/workspaces/w/sessions", json={"id": "s"}, headers=headers)
    return client.post("/v3/workspaces/w/sessions/s/messages", headers=headers,
                       json={"messages": [{"peer_id": "alice", "content": SECRET}]})


def test_json_access_log_has_one_object_per_request_and_no_content(db, capsys):
    with serving(db, access_log=True, log_format="json") as client:
        assert _post_message(client).status_code == 201
        echoed = client.get("/v3/workspaces/w/sessions/s/messages/nope", headers={"x-request-id": "trace-42"})
    err = capsys.readouterr().err
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert [(e["method"], e["status"]) for e in lines] == [("POST", 201), ("POST", 201), ("POST", 201), ("GET", 404)]
    assert set(lines[0]) == {"time", "method", "path", "route", "dialect", "status", "duration_ms",
                             "request_id", "workspace"}
    assert lines[2]["route"] == "/v3/workspaces/{workspace_id}/sessions/{session_id}/messages"
    assert lines[2]["dialect"] == "honcho_v3" and lines[2]["workspace"] == "w"
    assert echoed.headers["x-request-id"] == "trace-42" and lines[3]["request_id"] == "trace-42"
    assert SECRET not in err


def test_a_request_id_that_is_not_a_plain_token_is_replaced(client):
    answer = client.get("/health", headers={"x-request-id": "x" * 200})
    assert answer.headers["x-request-id"].startswith("req_")


def test_metrics_count_requests_and_messages(client, backend):
    _post_message(client)
    client.get("/v3/workspaces/w/sessions/s/messages/nope")
    first = _samples(client.get("/metrics").text)
    route = "/v3/workspaces/{workspace_id}/sessions/{session_id}/messages"
    key = ("rosetta_requests_total", (("dialect", "honcho_v3"), ("method", "POST"), ("route", route), ("status", "201")))
    assert first[key] == 1
    assert first[("rosetta_messages_written_total", ())] == 1
    assert first[("rosetta_store_bytes", (("backend", backend), ("file", "database")))] > 0
    count = ("rosetta_request_duration_seconds_count", (("dialect", "honcho_v3"), ("method", "POST"), ("route", route)))
    assert first[count] == 1
    assert first[("rosetta_store_commit_group_jobs_count", ())] >= 3
    _post_message(client)
    second = _samples(client.get("/metrics").text)
    assert second[key] == 2 and second[("rosetta_messages_written_total", ())] == 2


def test_metrics_need_an_admin_key_when_auth_is_on(db):
    with serving(db, api_keys={"admin": "*", "bound": "w"}) as client:
        assert client.get("/metrics").status_code == 401
        assert client.get("/metrics", headers={"Authorization": "Bearer bound"}).status_code == 403
        assert client.get("/metrics", headers={"Authorization": "Bearer admin"}).status_code == 200
        assert client.get("/openapi/honcho-v3.json").status_code == 200  # documents hold no data


def test_one_scrape_adds_up_every_workers_snapshot(tmp_path):
    other = Snapshot(requests=[("zep_v2", "GET", "/api/v2/users", 200, 5)],
                     latency=[("zep_v2", "GET", "/api/v2/users", [1.0] * 15 + [0.5])], messages_written=7)
    (tmp_path / "1.msgpack").write_bytes(msgspec.msgpack.encode(other))
    (tmp_path / "2.msgpack").write_bytes(b"torn")  # a worker mid-way through its first write
    mine = Metrics(str(tmp_path))
    mine.observe("zep_v2", "GET", "/api/v2/users", 200, 0.002)
    found = _samples(exposition(mine, StoreStats(backend="postgresql", messages_written=3)))
    labels = (("dialect", "zep_v2"), ("method", "GET"), ("route", "/api/v2/users"))
    assert found[("rosetta_requests_total", labels + (("status", "200"),))] == 6
    assert found[("rosetta_request_duration_seconds_count", labels)] == 16
    assert found[("rosetta_messages_written_total", ())] == 10
    mine.save(3)
    assert (tmp_path / f"{os.getpid()}.msgpack").exists()


@pytest.mark.parametrize("dialect", dialects(), ids=lambda d: d.name)
def test_each_dialects_openapi_document_validates_and_lists_exactly_its_routes(client, dialect):
    served = client.get(f"/openapi/{slug(dialect)}.json").json()
    validate(served)
    documented = {(method.upper(), path) for path, ops in served["paths"].items() for method in ops}
    routed = {(t.method, t.template) for t in table(list(dialects())).targets if t.dialect is dialect}
    assert documented == routed
    assert served == json.loads(json.dumps(document(dialect, served["info"]["version"])))


def test_docs_page_lists_every_document_and_loads_nothing_from_elsewhere(client):
    page = client.get("/docs").text
    for dialect in dialects():
        assert f"/openapi/{slug(dialect)}.json" in page
    assert "http://" not in page and "https://" not in page and "//cdn" not in page


def test_log_format_comes_from_the_environment():
    assert from_env({"ROSETTA_LOG_FORMAT": "json"}).log_format == "json"


def test_serve_writes_only_json_lines_with_log_format_json(db):
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gateway.cli", "serve", "--port", str(port), "--db", db,
         "--log-format", "json"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait(f"http://127.0.0.1:{port}/health")
        httpx.get(f"http://127.0.0.1:{port}/v3/nothing-here", headers={"x-request-id": "seen"})
    finally:
        process.terminate()
        out, _ = process.communicate(timeout=20)
    lines = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert any(entry.get("request_id") == "seen" and entry["status"] == 404 for entry in lines)
    assert any("listening on" in entry.get("message", "") for entry in lines)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise AssertionError(f"{url} never answered")


def test_request_bodies_are_documented_from_the_types_the_handlers_check(client):
    import jsonschema

    openai = client.get("/openapi/openai.json").json()
    schema = openai["paths"]["/v1/threads/{thread_id}/messages"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    jsonschema.validate({"role": "user", "content": "hi", "metadata": {"k": "v"}}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"role": "user", "content": "hi", "attachments": "AAA"}, schema)
    honcho = client.get("/openapi/honcho-v3.json").json()
    create = honcho["paths"]["/v3/workspaces/{workspace_id}/sessions/{session_id}/messages"]["post"]
    batch = create["requestBody"]["content"]["application/json"]["schema"]
    assert batch == {"$ref": "#/components/schemas/MessageBatch"}
    resolver = {"components": honcho["components"], **batch}
    jsonschema.validate({"messages": [{"content": "hi", "peer_id": "alice"}]}, resolver)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"messages": []}, resolver)
