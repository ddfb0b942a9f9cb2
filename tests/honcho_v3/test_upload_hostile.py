"""Hostile uploads: Honcho's status and envelope, never a 5xx; what is accepted is stored whole
(less NUL bytes, as Honcho strips them), what is refused writes nothing, nothing else is lost."""

import json

import pytest


S = "/v3/workspaces/w/sessions/s"
UPLOAD = S + "/messages/upload"
MULTIPART = "multipart/form-data; boundary=B"


def part(name: str, value: bytes, *, filename: str | None = None, content_type: str | None = None) -> bytes:
    disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename is not None else "")
    head = f"Content-Disposition: {disposition}\r\n" + (f"Content-Type: {content_type}\r\n" if content_type else "")
    return b"--B\r\n" + head.encode() + b"\r\n" + value + b"\r\n"


def form(*parts: bytes) -> bytes:
    return b"".join(parts) + b"--B--\r\n"


def upload_body(content: bytes, content_type="text/plain", peer=b"alice", filename="f.txt", *extra: bytes) -> bytes:
    return form(part("peer_id", peer), *extra, part("file", content, filename=filename, content_type=content_type))


ODD = "zero\u200bwidth rtl\u202eoverride e\u0301 \U0001f9ea\U0001d54f line\u2028sep \ufffd\ufeff tab\tcr\r"

# (label, body, content type of the request, status, the contents it must store)
CASES = [
    ("empty file", upload_body(b""), MULTIPART, 201, [""]),
    ("nul bytes", upload_body(b"a\x00b\x00\x00c"), MULTIPART, 201, ["abc"]),
    ("only nul bytes", upload_body(b"\x00" * 10), MULTIPART, 201, [""]),
    ("odd unicode", upload_body(ODD.encode()), MULTIPART, 201, [ODD]),
    ("invalid utf-8, odd length", upload_body(b"\xff\xfe\xfd"), MULTIPART, 201, ["\xff\xfe\xfd"]),
    ("invalid utf-8, even length", upload_body(b"\xc3\x28\xa0\xa1"), MULTIPART, 201, [b"\xc3\x28\xa0\xa1".decode("utf-16")]),
    ("overlong utf-8 nul", upload_body(b"a\xc0\x80b"), MULTIPART, 201, [b"a\xc0\x80b".decode("utf-16")]),
    ("utf-8 encoded surrogate", upload_body(b"\xed\xa0\x80"), MULTIPART, 201, ["\xed\xa0\x80"]),
    ("json with escaped nul", upload_body(b'{"k": "a\\u0000b"}', "application/json"), MULTIPART, 201, ['{"k": "a\\u0000b"}']),
    ("json with raw nul", upload_body(b'{"k": "a\x00b"}', "application/json"), MULTIPART, 422, []),
    ("json with lone surrogates", upload_body(b'["\\udfff", "\\ud83d\\ude00", "\\ud83d"]', "application/json"), MULTIPART, 201,
     ['["\\udfff", "\U0001f600", "\\ud83d"]']),
    ("json, utf-8 bom", upload_body(b"\xef\xbb\xbf{}", "application/json"), MULTIPART, 422, []),
    ("path-like filename", upload_body(b"x", filename="../../etc/passwd"), MULTIPART, 201, ["x"]),
    ("unicode filename", upload_body(b"x", filename="r\u00e9sum\u00e9 \U0001f9ea.txt"), MULTIPART, 201, ["x"]),
    ("empty filename", upload_body(b"x", filename=""), MULTIPART, 201, ["x"]),
    ("nul in peer_id", upload_body(b"x", peer=b"al\x00ice"), MULTIPART, 422, []),
    ("unicode peer_id", upload_body(b"x", peer="\u00e9".encode()), MULTIPART, 422, []),
    ("peer_id not utf-8", upload_body(b"x", peer=b"\xff"), MULTIPART, 422, []),
    ("metadata with nul", upload_body(b"x", "text/plain", b"alice", "f.txt", part("metadata", b'{"k\\u0000": "v\\u0000"}')),
     MULTIPART, 201, ["x"]),
    ("metadata too deep", upload_body(b"x", "text/plain", b"alice", "f.txt",
                                      part("metadata", json.dumps({"a": {"b": {"c": {"d": {"e": {"f": 1}}}}}}).encode())),
     MULTIPART, 422, []),
    ("metadata nested past the decoder", upload_body(b"x", "text/plain", b"alice", "f.txt",
                                                     part("metadata", b'{"a":' * 5_000 + b"1" + b"}" * 5_000)),
     MULTIPART, 201, ["x"]),
    ("no boundary", upload_body(b"x"), "multipart/form-data", 400, []),
    ("wrong boundary", upload_body(b"x"), "multipart/form-data; boundary=Z", 400, []),
    ("garbage", b"\x00\x01 not multipart at all", MULTIPART, 400, []),
    ("header without colon", b"--B\r\nGarbage\r\n\r\nx\r\n--B--\r\n", MULTIPART, 400, []),
    ("part without a name", form(part("peer_id", b"alice"), b'--B\r\nContent-Disposition: form-data; filename="a"\r\n\r\nx\r\n'),
     MULTIPART, 400, []),
    # Starlette leaves the spool file of a part cut short to the garbage collector, which closes
    # it at once (the ResourceWarning Python ignores by default); FastAPI, so Honcho, does the same.
    pytest.param("truncated file part", upload_body(b"cut short")[:-12], MULTIPART, 422, [], marks=pytest.mark.filterwarnings(
        "ignore:Exception ignored in. <function SpooledTemporaryFile.__del__:pytest.PytestUnraisableExceptionWarning")),
    ("only the closing boundary", b"--B--\r\n", MULTIPART, 422, []),
    ("field over 1 MiB", upload_body(b"x", "text/plain", b"alice", "f.txt", part("metadata", b"{" + b" " * (1024 * 1024) + b"}")),
     MULTIPART, 400, []),
    ("too many fields", form(*[part(f"f{i}", b"v") for i in range(1_001)]), MULTIPART, 400, []),
    ("odd form charset", upload_body("d\u00e9j\u00e0".encode()), MULTIPART + "; charset=bogus", 201, ["d\u00e9j\u00e0"]),
    ("json request body", json.dumps({"peer_id": "alice", "file": "x"}).encode(), "application/json", 422, []),
    ("no content type", upload_body(b"x"), None, 422, []),
]


@pytest.fixture(scope="module", autouse=True)
def seeded(module_client):
    seeded = module_client.post(f"{S}/messages", json={"messages": [{"content": "keep me", "peer_id": "a", "metadata": {"n": 1}}]})
    assert seeded.status_code == 201


def contents(module_client) -> list[str]:
    return [m["content"] for m in module_client.post(f"{S}/messages/list?size=100&reverse=true").json()["items"]][::-1]


@pytest.mark.parametrize("label, body, content_type, status, stored", CASES,
                         ids=[(c.values if hasattr(c, "values") else c)[0] for c in CASES])
def test_hostile_upload(module_client, label, body, content_type, status, stored):
    before = contents(module_client)
    headers = {"content-type": content_type} if content_type else {}
    response = module_client.post(UPLOAD, content=body, headers=headers)
    assert response.status_code == status, response.text
    detail = response.json()["detail"] if status >= 400 else None
    assert status < 400 or isinstance(detail, str) and detail or isinstance(detail, list) and all(
        {"type", "loc", "msg", "input"} <= set(d) for d in detail), response.text
    if status == 201:
        assert [m["content"] for m in response.json()] == stored
    after = contents(module_client)
    assert after == before + stored
    assert after[0] == "keep me"


def test_nul_bytes_are_stripped_from_metadata_keys_and_values(module_client):
    body = upload_body(b"x", "text/plain", b"alice", "f.txt", part("metadata", b'{"k\\u0000": "v\\u0000"}'))
    response = module_client.post(UPLOAD, content=body, headers={"content-type": MULTIPART})
    assert response.status_code == 201 and response.json()[0]["metadata"] == {"k": "v"}
