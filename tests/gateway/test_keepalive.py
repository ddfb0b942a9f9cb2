"""Answers read back to back on ONE HTTP/1.1 connection to a live ``rosetta serve``.

A body on a 204 (or 304) is not part of that answer for an HTTP/1.1 client: it is read as the
start of the next one. So this test speaks raw HTTP over a single socket, frames each answer
itself (status line, headers, then exactly Content-Length bytes, chunked, or nothing for
204/304/HEAD) and checks every answer parses, in order, with the status each route gives.
"""

from __future__ import annotations

import json
import socket
from urllib.parse import urlsplit

import pytest

from gateway.gate import stamped
from adapters.http import json_response
from tests.sdk.conftest import start

V3 = "/v3/workspaces/ka"
V1 = "/v1/apps"
STEPS = [
    ("GET", "/health", None, 200),
    ("HEAD", "/health", None, 200),
    ("POST", "/v3/workspaces", {"id": "ka"}, 201),
    ("POST", V3 + "/peers", {"id": "alice"}, 201),
    ("POST", V3 + "/sessions", {"id": "s1", "peers": {"alice": {}}}, 201),
    ("PUT", V3 + "/sessions/s1/peers/alice/config", {"observe_me": False}, 204),
    ("PUT", V3 + "/sessions/s1/peers/alice/config", {"observe_others": True}, 204),
    ("GET", V3 + "/sessions/s1/peers/alice/config", None, 200),
    ("POST", V3 + "/sessions/s1/messages", {"messages": [{"content": "hi", "peer_id": "alice"}]}, 201),
    ("POST", V3 + "/sessions/s1/messages/list", None, 200),
    ("POST", V3 + "/sessions/s1/search", {"query": "hi"}, 200),
    ("GET", V3 + "/sessions/nope/peers/alice/config", None, 404),
    ("PATCH", V3, None, 405),
    ("PUT", V3 + "/sessions/s1/peers/alice/config", {"observe_me": True}, 204),
    ("DELETE", V3 + "/sessions/s1", None, 202),
    ("POST", V1 + "", {"name": "app1"}, 200),
    ("GET", V1 + "/name/app1", None, 200),
    ("POST", "/api/v2/users", {"user_id": "u1"}, 201),
    ("GET", "/api/v2/users/u1", None, 200),
    ("GET", "/api/v2/users/missing", None, 404),
    ("POST", "/v1/threads", {}, 200),
    ("GET", "/v1/threads/thread_missing", None, 404),
    ("GET", "/nowhere", None, 404),
    ("PUT", V3 + "/sessions/s2/peers/alice/config", {"observe_me": True}, 404),
    ("GET", "/health", None, 200),
]


@pytest.fixture(scope="module")
def live(tmp_path_factory, module_db):
    process, gateway = start(tmp_path_factory.mktemp("keepalive"), db=module_db)
    yield gateway
    gateway.stop()


class Connection:
    """One socket; requests written and answers framed by hand, as a keep-alive client does."""

    def __init__(self, url: str):
        parts = urlsplit(url)
        self.host = parts.netloc
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=10)
        self.buffer = b""

    def request(self, method: str, path: str, body) -> tuple[int, dict, bytes]:
        data = b"" if body is None else json.dumps(body).encode()
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\nContent-Length: {len(data)}\r\n"
        if body is not None:
            head += "Content-Type: application/json\r\n"
        self.sock.sendall(head.encode() + b"\r\n" + data)
        return self._answer(method)

    def _answer(self, method: str) -> tuple[int, dict, bytes]:
        status_line = self._line()
        version, status, _ = status_line.split(" ", 2)
        assert version == "HTTP/1.1", f"not a status line: {status_line!r}"
        headers = {}
        while line := self._line():
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        code = int(status)
        if method == "HEAD" or code in (204, 304) or code < 200:
            return code, headers, b""
        if headers.get("transfer-encoding") == "chunked":
            return code, headers, self._chunks()
        return code, headers, self._exactly(int(headers["content-length"]))

    def _fill(self) -> None:
        more = self.sock.recv(65536)
        assert more, "the server closed the connection"
        self.buffer += more

    def _line(self) -> str:
        while b"\r\n" not in self.buffer:
            self._fill()
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        return line.decode("latin-1")

    def _exactly(self, n: int) -> bytes:
        while len(self.buffer) < n:
            self._fill()
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def _chunks(self) -> bytes:
        out = b""
        while size := int(self._line(), 16):
            out += self._exactly(size)
            self._exactly(2)
        self._line()
        return out

    def leftover(self) -> bytes:
        self.sock.settimeout(0.3)
        try:
            self.buffer += self.sock.recv(65536)
        except TimeoutError:
            pass
        return self.buffer


def test_answers_read_back_to_back_on_one_connection(live):
    conn = Connection(live.url)
    seen = []
    for method, path, body, status in STEPS:
        code, headers, payload = conn.request(method, path, body)
        seen.append((method, path, code))
        assert code == status, seen
        if code in (204, 304):
            assert "content-length" not in headers and "content-type" not in headers, headers
        elif method != "HEAD":
            json.loads(payload)  # every other answer is one whole JSON document
    assert conn.leftover() == b"", "bytes after the last answer belong to no answer"
    conn.sock.close()


@pytest.mark.parametrize("status", [204, 304, 101])
def test_bodiless_statuses_lose_body_and_framing_at_the_response_layer(status):
    response = stamped(json_response({"anything": 1}, status, {"X-Kept": "yes"}), b"req_test")
    names = [name for name, _ in response.raw_headers]
    assert response.body == b""
    assert b"content-length" not in names and b"content-type" not in names
    assert b"x-kept" in names and b"x-request-id" in names


def test_other_statuses_keep_their_body():
    response = stamped(json_response(None, 202), b"req_test")
    assert response.body == b"null"
