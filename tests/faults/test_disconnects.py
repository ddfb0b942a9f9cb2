"""A client that leaves in the middle of its request body costs one quiet log line at most (its
access-log line, status 499), never a traceback; the server goes on answering."""

import socket
import time

import httpx

from tests.faults.process import Server

PATHS = ("/v3/workspaces", "/api/v2/users", "/v1/threads", "/v1/apps")


def leave_mid_body(port: int, path: str, chunked: bool) -> None:
    with socket.create_connection(("127.0.0.1", port)) as c:
        framing = "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"id\"\r\n" if chunked else "Content-Length: 1000\r\n\r\n{\"id\":"
        c.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n{framing}".encode())
        time.sleep(0.2)


def test_disconnects_mid_body_log_one_quiet_line_each_at_most(db, tmp_path):
    with Server(db, log=tmp_path / "gateway.log") as server:
        before = len(server.output().splitlines())
        for path in PATHS:
            for chunked in (False, True):
                leave_mid_body(server.port, path, chunked)
        time.sleep(0.5)
        logged = server.output().splitlines()[before:]
        assert httpx.get(server.url + "/health").status_code == 200
    assert "Traceback" not in "\n".join(logged)
    assert len(logged) <= 2 * len(PATHS), logged
    assert all(" 499 " in line for line in logged), logged
