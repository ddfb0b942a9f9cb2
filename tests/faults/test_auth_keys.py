"""Keys are printable ASCII, and only ASCII whitespace around one is trimmed: NBSP or NEL next to
a presented key is part of it (so it does not match), and a configured key outside printable
ASCII is refused at start-up (tests/gateway/test_cli.py runs that through the command)."""

import pytest
from starlette.testclient import TestClient

from gateway.app import build_app
from gateway.settings import BadKeySpec, Settings, parse_keys


@pytest.fixture
def client(db):
    with TestClient(build_app(Settings(db=db, api_keys={"sekret": "*"}))) as c:
        yield c


@pytest.mark.parametrize("header, status", [
    (b"Bearer sekret", 200),
    (b"Bearer  sekret \t", 200),
    (b"\tBearer sekret", 200),
    (b"Bearer \xa0sekret", 401),  # NBSP
    (b"Bearer sekret\xa0", 401),
    (b"Bearer sekret\x85", 401),  # NEL
    (b"Bearer \x85sekret", 401),
], ids=["plain", "ascii-space", "leading-tab", "nbsp-before", "nbsp-after", "nel-after", "nel-before"])
def test_only_ascii_whitespace_is_trimmed_around_a_presented_key(client, header, status):
    assert client.portal.call(raw_get, client.app, "/api/v2/users-ordered", header) == status


async def raw_get(app, path: str, authorization: bytes) -> int:
    """The status of a GET whose Authorization header bytes reach the app as given (the test
    client would re-encode them as UTF-8, as no HTTP client on the wire does)."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
             "root_path": "", "headers": [(b"host", b"x"), (b"authorization", authorization)],
             "client": ("127.0.0.1", 1), "server": ("x", 80), "app": app}
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    return sent[0]["status"]


def test_configured_keys_must_be_printable_ascii():
    assert parse_keys([" k1=ws \t", "k2=*"]) == {"k1": "ws", "k2": "*"}
    for spec in ("caf\u00e9=*", "k\u00a0=ws", "\u0085k=ws", "k\x7f=ws", "k\u2003=*"):
        with pytest.raises(BadKeySpec, match="printable ASCII"):
            parse_keys([spec])
