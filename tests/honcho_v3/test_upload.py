"""POST .../messages/upload: a file becomes messages as Honcho's upload route makes them
(src/routers/messages.py, src/utils/files.py), on the real store."""

import json

import pytest
from starlette.testclient import TestClient

from gateway.app import build_app
from gateway.settings import Settings
from store.ids import from_base62
from store.tokens import encoding
from tests.cross.drivers import OpenAI, Zep

W = "/v3/workspaces/w"
S = W + "/sessions/s"
UPLOAD = S + "/messages/upload"
MiB = 1024 * 1024


@pytest.fixture
def client_options():
    return {"raise_server_exceptions": False}


def upload(client, content: bytes, content_type="text/plain", *, path=UPLOAD, filename="notes.txt", **fields):
    data = {"peer_id": "alice", **fields}
    return client.post(path, data={k: v for k, v in data.items() if v is not None},
                       files={"file": (filename, content, content_type)})


def listed(client, path=S):
    return client.post(f"{path}/messages/list?size=100").json()["items"]


def tokens(text: str) -> int:
    return len(encoding().encode(text))


def test_a_text_file_is_one_message_shaped_like_create(client):
    response = upload(client, b"The invoice total is wrong.\nPlease check.", metadata=json.dumps({"source": "upload", "n": 1}))
    assert response.status_code == 201, response.text
    [made] = response.json()
    assert list(made) == ["id", "content", "peer_id", "session_id", "metadata", "created_at", "workspace_id", "token_count"]
    assert made["content"] == "The invoice total is wrong.\nPlease check."
    assert (made["peer_id"], made["session_id"], made["workspace_id"]) == ("alice", "s", "w")
    assert made["metadata"] == {"source": "upload", "n": 1}
    assert made["token_count"] == tokens(made["content"]) > 0
    assert listed(client) == [made]
    assert client.get(f"{S}/messages/{made['id']}").json() == made


def test_a_long_text_is_chunked_in_order_with_shared_author_metadata_and_time(client):
    paragraphs = [f"Paragraph {i}. " + "word " * 1_200 for i in range(12)]  # ~6,000 chars each
    text = "\n\n".join(paragraphs)
    response = upload(client, text.encode(), "text/markdown", metadata=json.dumps({"doc": "manual"}),
                      created_at="2026-03-04T05:06:07Z")
    assert response.status_code == 201, response.text
    made = response.json()
    assert len(made) == 3
    assert "".join(m["content"] for m in made) == text
    assert all(len(m["content"]) <= 25_000 for m in made)
    assert all(m["content"].endswith("\n\n") for m in made[:-1])  # cut after a paragraph break
    assert {(m["peer_id"], json.dumps(m["metadata"]), m["created_at"]) for m in made} == {
        ("alice", '{"doc": "manual"}', "2026-03-04T05:06:07Z")}
    assert [m["token_count"] for m in made] == [tokens(m["content"]) for m in made]
    assert [m["id"] for m in listed(client)] == [m["id"] for m in made]


X, Y = "x", "y"


CUTS = {
    # fits: one chunk, even when empty
    "empty": ("", [""]),
    "exactly-25000": (X * 25_000, [X * 25_000]),
    # a paragraph break wins over later line breaks
    "paragraph": (X * 20_000 + "\n\n" + Y * 2_000 + "\n" + Y * 8_000, [X * 20_000 + "\n\n", Y * 2_000 + "\n" + Y * 8_000]),
    # else a line break wins over a later sentence end or space
    "line": (X * 20_000 + "\n" + Y * 3_000 + ". " + Y * 1_000 + " " + Y * 6_000,
             [X * 20_000 + "\n", Y * 3_000 + ". " + Y * 1_000 + " " + Y * 6_000]),
    # else a sentence end wins over a later space
    "sentence": (X * 10_000 + ". " + Y * 10_000 + " " + Y * 10_000, [X * 10_000 + ". ", Y * 10_000 + " " + Y * 10_000]),
    # else the last space
    "space": (X * 10_000 + " " + Y * 10_000 + " " + Y * 10_000, [X * 10_000 + " " + Y * 10_000 + " ", Y * 10_000]),
    # no delimiter: hard cuts every 25,000 characters
    "hard": (X * 60_000, [X * 25_000, X * 25_000, X * 10_000]),
    # a delimiter at the very start of a window does not count: the next kind is tried
    "window-start": (X * 25_000 + ". " + Y * 10_000 + " " + Y * 20_000, [X * 25_000, ". " + Y * 10_000 + " ", Y * 20_000]),
    "window-start-newlines": (X * 25_000 + "\n\n" + Y * 30_000, [X * 25_000, "\n\n", Y * 25_000, Y * 5_000]),
    # characters are code points, not bytes
    "code-points": ("é" * 30_000, ["é" * 25_000, "é" * 5_000]),
}


@pytest.mark.parametrize("text, chunks", list(CUTS.values()), ids=list(CUTS))
def test_chunks_are_cut_where_honcho_cuts_them(client, text, chunks):
    response = upload(client, text.encode())
    assert response.status_code == 201, response.text
    assert [m["content"] for m in response.json()] == chunks
    assert [m["content"] for m in listed(client)] == chunks


def test_a_json_file_is_its_json_on_one_line(client):
    document = b'{\n  "b": [1, 2.50, true, null],\n  "a": "caf\\u00e9 \xf0\x9f\xa7\xaa",\n  "a2": {}\n}\n'
    response = upload(client, document, "application/json", filename="doc.json")
    assert response.status_code == 201, response.text
    [made] = response.json()
    assert made["content"] == '{"b": [1, 2.5, true, null], "a": "café 🧪", "a2": {}}'
    assert made["token_count"] == tokens(made["content"])


@pytest.mark.parametrize("document, content", [
    (b"   \n", ""),  # blank JSON is one empty message
    (b'"just a string"', '"just a string"'),
    (b"[1,2,3]", "[1, 2, 3]"),
    (b'{"k": "\\ud800"}', '{"k": "\\ud800"}'),  # a lone surrogate stays escaped, not dropped
    (b"NaN", "NaN"),
])
def test_json_edge_documents(client, document, content):
    response = upload(client, document, "application/json")
    assert response.status_code == 201, response.text
    assert [m["content"] for m in response.json()] == [content]


@pytest.mark.parametrize("document, detail", [
    (b"{not json", "Uploaded JSON is invalid"),
    (b"[" * 100_000, "Uploaded JSON is invalid"),
    (b"1" * 5_000, "Uploaded JSON is invalid"),
    (b'{"a": "caf\xe9"}', "JSON uploads must be UTF-8 encoded"),
], ids=["syntax", "too-deep", "too-many-digits", "latin-1"])
def test_bad_json_is_honchos_422_string(client, document, detail):
    response = upload(client, document, "application/json")
    assert (response.status_code, response.json()) == (422, {"detail": detail})
    assert listed(client) == []


@pytest.mark.parametrize("raw, content", [
    ("naïve café ✓ 🧪".encode(), "naïve café ✓ 🧪"),
    ("\ufeffbom kept".encode(), "\ufeffbom kept"),  # utf-8 first: a UTF-8 BOM is text
    ("utf-16 with bom ✓".encode("utf-16"), "utf-16 with bom ✓"),  # not UTF-8, so UTF-16
    (b"caf\xe9!", "café!"),  # neither UTF-8 nor UTF-16 (odd length): Latin-1
    (b"caf\xe9", b"caf\xe9".decode("utf-16")),  # even length: Honcho's UTF-16 reading, as it is
], ids=["utf-8", "utf-8-bom", "utf-16-bom", "latin-1", "utf-16-no-bom"])
def test_text_is_decoded_utf8_then_utf16_then_latin1(client, raw, content):
    response = upload(client, raw)
    assert response.status_code == 201, response.text
    assert [m["content"] for m in response.json()] == [content]


@pytest.mark.parametrize("content_type", ["text/plain", "text/csv", "text/markdown", "text/html",
                                          "text/x-python", "text/plain; charset=utf-8"])
def test_every_text_type_is_read_as_text(client, content_type):
    response = upload(client, b"a,b\n1,2\n", content_type)
    assert response.status_code == 201, response.text
    assert response.json()[0]["content"] == "a,b\n1,2\n"


PDF_415 = ("Unsupported file type: application/pdf. Rosetta accepts text (text/*) and JSON "
           "(application/json) files; it runs no PDF text extractor. Extract the text and upload it as text/plain")


@pytest.mark.parametrize("content, content_type, detail", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "application/pdf", PDF_415),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png", "Unsupported file type: image/png. Supported types: ['TextProcessor', 'JSONProcessor']"),
    (b"\x00\x01\x02", "application/octet-stream",
     "Unsupported file type: application/octet-stream. Supported types: ['TextProcessor', 'JSONProcessor']"),
    # Honcho compares the whole header value: parameters and case count
    (b"{}", "application/json; charset=utf-8",
     "Unsupported file type: application/json; charset=utf-8. Supported types: ['TextProcessor', 'JSONProcessor']"),
    (b"hi", "Text/Plain", "Unsupported file type: Text/Plain. Supported types: ['TextProcessor', 'JSONProcessor']"),
], ids=["pdf", "png", "octet-stream", "json-with-charset", "text-in-capitals"])
def test_unsupported_types_are_415_in_honchos_envelope(client, content, content_type, detail):
    response = upload(client, content, content_type)
    assert (response.status_code, response.json()) == (415, {"detail": detail})
    assert listed(client) == []


def test_a_file_part_without_content_type_is_415_as_none(client):
    body = (b'--B\r\nContent-Disposition: form-data; name="peer_id"\r\n\r\nalice\r\n'
            b'--B\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhello\r\n--B--\r\n')
    response = client.post(UPLOAD, content=body, headers={"content-type": "multipart/form-data; boundary=B"})
    assert (response.status_code, response.json()) == (
        415, {"detail": "Unsupported file type: None. Supported types: ['TextProcessor', 'JSONProcessor']"})


def test_over_5_mib_is_413_from_the_body_cap(client):
    response = upload(client, b"x" * (5 * MiB + 1))
    assert (response.status_code, response.json()) == (413, {"detail": "Request body too large"})
    assert listed(client) == []


def test_a_streamed_body_over_the_cap_is_413(client):
    def parts():
        yield b'--B\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\n'
        for _ in range(6):
            yield b"x" * MiB
        yield b"\r\n--B--\r\n"

    response = client.post(UPLOAD, content=parts(), headers={"content-type": "multipart/form-data; boundary=B"})
    assert response.status_code == 413 and isinstance(response.json()["detail"], str)
    assert listed(client) == []


def test_honchos_file_limit_holds_when_the_body_cap_is_raised(db):
    settings = Settings(db=db, max_body_bytes=8 * MiB)
    with TestClient(build_app(settings)) as c:
        over = upload(c, b"x" * (5 * MiB + 1))
        assert (over.status_code, over.json()) == (
            413, {"detail": "File size (5242881 bytes) exceeds maximum allowed size (5242880 bytes)"})
        at_limit = upload(c, (b"word " * MiB)[: 5 * MiB])
        assert at_limit.status_code == 201, at_limit.text
        made = at_limit.json()
        assert len(made) == 210 and all(len(m["content"]) <= 25_000 for m in made)
        assert sum(len(m["content"]) for m in made) == 5 * MiB
        assert c.post(f"{S}/messages/list?size=1").json()["total"] == 210


MISSING_PEER = {"type": "missing", "loc": ["body", "peer_id"], "msg": "Field required", "input": None}
MISSING_FILE = {"type": "missing", "loc": ["body", "file"], "msg": "Field required", "input": None}


@pytest.mark.parametrize("kwargs, detail", [
    ({}, [MISSING_PEER, MISSING_FILE]),
    ({"json": {"peer_id": "alice"}}, [MISSING_PEER, MISSING_FILE]),
    ({"data": {"peer_id": "alice"}}, [MISSING_FILE]),
    ({"files": {"file": ("a.txt", b"hi", "text/plain")}}, [MISSING_PEER]),
    ({"data": {"peer_id": ""}, "files": {"file": ("a.txt", b"hi", "text/plain")}}, [MISSING_PEER]),
    ({"data": {"peer_id": "alice", "file": "not a file"}, "files": {"other": ("a.txt", b"hi", "text/plain")}},
     [{"type": "value_error", "loc": ["body", "file"], "msg": "Value error, Expected UploadFile, received: <class 'str'>",
       "input": "not a file", "ctx": {"error": {}}}]),
    ({"content": b"peer_id=alice&file=x", "headers": {"content-type": "application/x-www-form-urlencoded"}},
     [{"type": "value_error", "loc": ["body", "file"], "msg": "Value error, Expected UploadFile, received: <class 'str'>",
       "input": "x", "ctx": {"error": {}}}]),
])
def test_missing_or_mistyped_fields_are_pydantics_list(client, kwargs, detail):
    response = client.post(UPLOAD, **kwargs)
    assert (response.status_code, response.json()) == (422, {"detail": detail})


def test_a_text_field_sent_as_a_file_is_string_type(client):
    response = client.post(UPLOAD, files=[("peer_id", ("p.txt", b"alice", "text/plain")),
                                          ("file", ("a.txt", b"hi", "text/plain"))])
    [entry] = response.json()["detail"]
    assert (response.status_code, entry["type"], entry["loc"]) == (422, "string_type", ["body", "peer_id"])


@pytest.mark.parametrize("fields, loc, kind", [
    ({"peer_id": "bad peer"}, ["body", "peer_id"], "string_pattern_mismatch"),
    ({"peer_id": "p" * 513}, ["body", "peer_id"], "string_too_long"),
    ({"metadata": "[1, 2]"}, ["body", "metadata"], "dict_type"),
    ({"metadata": json.dumps({str(i): i for i in range(101)})}, ["body", "metadata"], "value_error"),
    ({"configuration": "7"}, ["body", "configuration"], "model_type"),
    ({"created_at": "0001-01-01T00:00:00+05:00"}, ["body", "created_at"], "datetime_from_date_parsing"),
], ids=["peer-pattern", "peer-length", "metadata-list", "metadata-keys", "configuration-number", "created-at-range"])
def test_values_honcho_fails_on_are_422(client, fields, loc, kind):
    response = upload(client, b"hi", **fields)
    [entry] = response.json()["detail"]
    assert (response.status_code, entry["type"], entry["loc"]) == (422, kind, loc)
    assert listed(client) == []


@pytest.mark.parametrize("fields", [
    {"metadata": "{not json"}, {"metadata": ""}, {"metadata": "null"},
    {"configuration": "{not json"}, {"created_at": "yesterday"}, {"created_at": ""},
])
def test_unreadable_optional_values_are_ignored_as_honcho_ignores_them(client, fields):
    response = upload(client, b"hi", **fields)
    assert response.status_code == 201, response.text
    assert response.json()[0]["metadata"] == {}


@pytest.mark.parametrize("sent, echoed, stored", [
    ("2026-01-02T03:04:05Z", "2026-01-02T03:04:05Z", "2026-01-02T03:04:05Z"),
    ("2026-01-02T03:04:05.250000+02:00", "2026-01-02T03:04:05.250000+02:00", "2026-01-02T01:04:05.250000Z"),
    ("2026-01-02T03:04:05", "2026-01-02T03:04:05", "2026-01-02T03:04:05Z"),  # naive echoed naive
    ("2026-01-02", "2026-01-02T00:00:00", "2026-01-02T00:00:00Z"),
])
def test_created_at_is_echoed_as_parsed_and_stored_in_utc(client, sent, echoed, stored):
    response = upload(client, b"x" * 30_000, created_at=sent)
    assert [m["created_at"] for m in response.json()] == [echoed, echoed]
    assert [m["created_at"] for m in listed(client)] == [stored, stored]


def test_configuration_is_accepted_and_not_shown(client):
    response = upload(client, b"hi", configuration=json.dumps({"reasoning": {"enabled": False}}))
    assert response.status_code == 201 and "configuration" not in response.json()[0]


def test_the_last_of_repeated_parts_wins(client):
    response = client.post(UPLOAD, data={"peer_id": ["bob", "carol"]}, files=[
        ("file", ("a.txt", b"first", "text/plain")), ("file", ("b.txt", b"second", "text/plain"))])
    assert response.status_code == 201, response.text
    assert [(m["peer_id"], m["content"]) for m in response.json()] == [("carol", "second")]


@pytest.mark.parametrize("setup", ["fresh", "existing", "deleted"])
def test_workspace_and_session_are_treated_as_create_treats_them(client, setup):
    results = []
    for n, write in enumerate([
        lambda base: client.post(f"{base}/messages", json={"messages": [{"content": "hi", "peer_id": "alice"}]}),
        lambda base: client.post(f"{base}/messages/upload", data={"peer_id": "alice"},
                                 files={"file": ("a.txt", b"hi", "text/plain")}),
    ]):
        base = f"/v3/workspaces/ws{n}/sessions/s{n}"
        if setup != "fresh":
            assert client.post(f"{base}/messages", json={"messages": [{"content": "old", "peer_id": "bob"}]}).status_code == 201
        if setup == "deleted":
            assert client.delete(base).status_code == 202
        response = write(base)
        results.append((response.status_code, [m["content"] for m in listed(client, base)],
                        sorted(p["id"] for p in client.get(f"{base}/peers").json()["items"])))
    assert results[0] == results[1]


@pytest.mark.parametrize("path", ["/v3/workspaces/bad%20name/sessions/s/messages/upload",
                                  "/v3/workspaces/w/sessions/bad%20name/messages/upload"])
def test_bad_path_names_are_422_as_on_create(client, path):
    uploaded = upload(client, b"hi", path=path)
    created = client.post(path.removesuffix("/upload"), json={"messages": [{"content": "hi", "peer_id": "alice"}]})
    assert uploaded.status_code == created.status_code == 422
    assert uploaded.json()["detail"][0]["loc"] == created.json()["detail"][0]["loc"]


def test_a_key_bound_to_another_workspace_cannot_upload(db):
    settings = Settings(db=db, api_keys={"k1": "ws1"})
    with TestClient(build_app(settings)) as c:
        denied = c.post(UPLOAD, headers={"Authorization": "Bearer k1"}, data={"peer_id": "alice"},
                        files={"file": ("a.txt", b"hi", "text/plain")})
        assert (denied.status_code, denied.json()) == (401, {"detail": "JWT not permissioned for this resource"})
        allowed = c.post("/v3/workspaces/ws1/sessions/s/messages/upload", headers={"Authorization": "Bearer k1"},
                         data={"peer_id": "alice"}, files={"file": ("a.txt", b"hi", "text/plain")})
        assert allowed.status_code == 201


def test_uploaded_messages_are_seen_through_every_other_dialect(client):
    base = "/v3/workspaces/default/sessions/shared"
    made = upload(client, ("line one. " * 3_000).encode(), path=base + "/messages/upload",
                  metadata=json.dumps({"from": "file"})).json()
    assert len(made) == 2
    for driver in (Zep(), OpenAI()):
        seen = driver.read(client, "shared")
        assert [s.text for s in seen] == [m["content"] for m in made], driver
        assert [s.metadata for s in seen] == [{"from": "file"}] * 2, driver


def test_each_chunk_keeps_honchos_internal_file_metadata(client):
    made = upload(client, b"x" * 60_000, "text/plain; charset=utf-8", filename="big.txt",
                  configuration=json.dumps({"reasoning": {"enabled": False}})).json()
    store = client.app.state.store
    kept = [client.portal.call(store.get_message, "w", from_base62(m["id"])).extras["honcho_v3"] for m in made]
    file_id = kept[0]["internal_metadata"]["file_id"]
    assert len(file_id) == 21
    assert [k["internal_metadata"] for k in kept] == [
        {"file_id": file_id, "filename": "big.txt", "chunk_index": i, "total_chunks": 3, "original_file_size": 60_000,
         "content_type": "text/plain; charset=utf-8", "chunk_character_range": [i * 25_000, min((i + 1) * 25_000, 60_000)]}
        for i in range(3)]
    assert all(k["configuration"] == {"reasoning": {"enabled": False}} for k in kept)
    again = upload(client, b"y").json()
    other = client.portal.call(store.get_message, "w", from_base62(again[0]["id"])).extras["honcho_v3"]
    assert other["internal_metadata"]["file_id"] != file_id and "configuration" not in other
