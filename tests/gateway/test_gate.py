"""The gateway's own behaviour, through a minimal dialect: auth, body cap, envelopes."""

import pytest

from adapters.contract import ApiError, Dialect, Endpoint
from adapters.http import json_response
from gateway.settings import BadKeySpec, from_env, parse_keys


async def echo(request):
    body = await request.body()
    return json_response({"bytes": len(body), "workspace": request.scope.get("rosetta.workspace")})


async def refuse(request):
    raise ApiError(418, {"teapot": True})


async def crash(request):
    raise RuntimeError("bug")


def dialect(prefix="/fake", scheme="Bearer"):
    return Dialect(
        name="fake", title="Fake", prefix=prefix, auth_scheme=scheme,
        endpoints=[
            Endpoint("POST", "/echo", echo, "echo"),
            Endpoint("GET", "/refuse", refuse, "refuse"),
            Endpoint("GET", "/crash", crash, "crash"),
            Endpoint("PUT", "", echo, "root"),
        ],
        error_response=lambda status, message: json_response({"oops": message}, status),
    )


@pytest.fixture
def client_options():
    return {"max_body_bytes": 64, "api_keys": {"k1": "ws1", "root": "*"},
            "dialects": [dialect(), dialect("/zz", "Api-Key")], "raise_server_exceptions": False}


def test_health_needs_no_key(client):
    assert client.get("/health").json() == {"status": "ok"}


@pytest.mark.parametrize(
    "headers, status, body",
    [
        ({}, 401, {"oops": "No API key provided"}),
        ({"Authorization": "Bearer nope"}, 401, {"oops": "Invalid API key"}),
        ({"Authorization": "Basic k1"}, 401, {"oops": "No API key provided"}),
        ({"Authorization": "Bearer k1"}, 200, {"bytes": 0, "workspace": "ws1"}),
        ({"Authorization": "Bearer root"}, 200, {"bytes": 0, "workspace": None}),
    ],
)
def test_keys(client, headers, status, body):
    response = client.post("/fake/echo", headers=headers)
    assert (response.status_code, response.json()) == (status, body)


def test_zep_style_scheme(client):
    response = client.post("/zz/echo", headers={"Authorization": "Api-Key k1"})
    assert response.json()["workspace"] == "ws1"


def test_body_cap_declared_and_streamed(client):
    auth = {"Authorization": "Bearer k1"}
    assert client.post("/fake/echo", content=b"x" * 64, headers=auth).json()["bytes"] == 64
    big = client.post("/fake/echo", content=b"x" * 65, headers=auth)
    assert (big.status_code, big.json()) == (413, {"oops": "Request body too large"})

    def chunks():
        yield b"x" * 40
        yield b"x" * 40

    streamed = client.post("/fake/echo", content=chunks(), headers=auth)
    assert streamed.status_code == 413 and streamed.json() == {"oops": "Request Entity Too Large"}


def test_errors_use_the_dialect_envelope(client):
    auth = {"Authorization": "Bearer k1"}
    assert client.get("/fake/nowhere", headers=auth).json() == {"oops": "Not Found"}
    wrong = client.get("/fake/echo", headers=auth)
    assert (wrong.status_code, wrong.json()) == (405, {"oops": "Method Not Allowed"})
    assert client.get("/fake/refuse", headers=auth).json() == {"teapot": True}
    crashed = client.get("/fake/crash", headers=auth)
    assert (crashed.status_code, crashed.json()) == (500, {"oops": "An unexpected error occurred"})
    assert client.get("/elsewhere", headers=auth).json() == {"detail": "Not Found"}


def test_every_response_has_a_request_id(client):
    ids = {client.get("/health").headers["x-request-id"] for _ in range(3)}
    assert len(ids) == 3 and all(i.startswith("req_") for i in ids)


def test_key_specs_and_env():
    assert parse_keys(["a=ws", "b=*"]) == {"a": "ws", "b": "*"}
    with pytest.raises(BadKeySpec):
        parse_keys(["nokey"])
    settings = from_env({"ROSETTA_DB": "/tmp/x.db", "ROSETTA_API_KEYS": "k1=ws1,k2=*"}, port=9)
    assert settings.db == "/tmp/x.db" and settings.api_keys == {"k1": "ws1", "k2": "*"}
    assert settings.port == 9 and settings.auth_enabled


def test_trailing_slash_is_served_without_redirect(client):
    response = client.post("/fake/echo/", headers={"Authorization": "Bearer k1"}, follow_redirects=False)
    assert (response.status_code, response.json()["workspace"]) == (200, "ws1")


def test_an_endpoint_at_the_bare_prefix(client):
    auth = {"Authorization": "Bearer k1"}
    assert client.put("/fake", headers=auth).json()["workspace"] == "ws1"
    assert client.put("/fake/", headers=auth).json()["workspace"] == "ws1"
    assert client.put("/fake/echo", headers=auth).status_code == 405
