"""Golden files: recorded request/response pairs per dialect, replayed against a fresh gateway.

Each ``tests/golden/<dialect>/<case>.json`` is ``{"spec": <vendor OpenAPI file or null>,
"steps": [{"request": {...}, "response": {...}}, ...]}``, with an optional ``"source"`` saying
where the expected answers come from (e.g. recorded from the vendor's own server code). A request has ``method``, ``path``,
optional ``headers`` and ``json`` (or raw ``body``). A response has ``status`` and ``json``
(and optional ``headers``). In expected JSON:

    "<id:NAME>"     any string; captured the first time, equal to the capture afterwards
                    (inside a longer string: replaced by its capture)
    "<timestamp>"   an RFC 3339 UTC string ending in Z
    "<int>"         any integer; "<any>" anything

Captured values are substituted into later requests' paths and bodies. Every 2xx response is
also validated against the vendor's OpenAPI file when the case names one.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tests.support.vendor_spec import vendor_spec
from tests.support.app import serving

HERE = Path(__file__).resolve().parent
CASES = sorted(HERE.glob("*/*.json"))
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$")
PLACEHOLDER = re.compile(r"<id:([A-Za-z0-9_]+)>")


def substitute(value, captured: dict):
    if isinstance(value, str):
        return PLACEHOLDER.sub(lambda m: captured[m.group(1)], value)
    if isinstance(value, list):
        return [substitute(v, captured) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, captured) for k, v in value.items()}
    return value


def match(expected, actual, captured: dict, where: str = "$") -> None:
    if isinstance(expected, str) and expected.startswith("<") and expected.endswith(">"):
        return _match_placeholder(expected, actual, captured, where)
    if isinstance(expected, str) and PLACEHOLDER.search(expected):
        expected = substitute(expected, captured)  # a captured id inside a text
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where}: expected an object, got {actual!r}"
        assert list(actual) == list(expected), f"{where}: keys {list(actual)} != {list(expected)}"
        for key, value in expected.items():
            match(value, actual[key], captured, f"{where}.{key}")
        return
    if isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), (
            f"{where}: expected {len(expected)} items, got {actual!r}"
        )
        for i, (e, a) in enumerate(zip(expected, actual)):
            match(e, a, captured, f"{where}[{i}]")
        return
    assert actual == expected and type(actual) is type(expected), f"{where}: {actual!r} != {expected!r}"


def _match_placeholder(expected: str, actual, captured: dict, where: str) -> None:
    if expected == "<any>":
        return
    if expected == "<int>":
        assert isinstance(actual, int) and not isinstance(actual, bool), f"{where}: {actual!r}"
        return
    if expected == "<timestamp>":
        assert isinstance(actual, str) and TIMESTAMP.match(actual), f"{where}: {actual!r}"
        return
    name = PLACEHOLDER.fullmatch(expected)
    assert name, f"{where}: unknown placeholder {expected}"
    assert isinstance(actual, str) and actual, f"{where}: {actual!r}"
    if name.group(1) in captured:
        assert actual == captured[name.group(1)], f"{where}: {actual!r} != captured {name.group(1)}"
    else:
        captured[name.group(1)] = actual


def send(client: TestClient, request: dict, captured: dict):
    kwargs = {"headers": request.get("headers", {})}
    if "json" in request:
        kwargs["content"] = json.dumps(substitute(request["json"], captured))
        kwargs["headers"] = {"content-type": "application/json", **kwargs["headers"]}
    elif "body" in request:
        kwargs["content"] = request["body"].encode()
    return client.request(request["method"], substitute(request["path"], captured), **kwargs)


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_golden(case: Path, db):
    spec = json.loads(case.read_text())
    captured: dict = {}
    with serving(db) as client:
        for n, step in enumerate(spec["steps"]):
            request, expected = step["request"], step["response"]
            response = send(client, request, captured)
            label = f"step {n}: {request['method']} {request['path']}"
            assert response.status_code == expected["status"], f"{label}: {response.text}"
            for header, value in expected.get("headers", {}).items():
                assert response.headers.get(header) == value, f"{label}: header {header}"
            body = response.json() if response.content else None
            match(expected.get("json"), body, captured, label)
            if spec.get("spec") and 200 <= response.status_code < 300 and body is not None:
                errors = vendor_spec(spec["spec"]).errors(request["method"], response.url.path, response.status_code, body)
                assert errors == [], f"{label}: not the vendor's shape: {errors}"
